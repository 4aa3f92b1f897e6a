//! MariaDB string semantics that leak through Frappe's API.
//!
//! Frappe sites run on MariaDB with `utf8mb4_unicode_ci`: comparisons ignore letter case and
//! trailing spaces (PAD SPACE), so `GET .../GitHub` finds `github` and two provider names that
//! scrub to different cases collide. Accent folding is not modelled.

use std::cmp::Ordering;

fn fold(text: &str) -> String {
    text.trim_end_matches(' ').to_lowercase()
}

/// `a = b` under the site collation.
pub(crate) fn text_eq(a: &str, b: &str) -> bool {
    fold(a) == fold(b)
}

/// Ordering under the site collation (used by `ORDER BY` and `<`/`>` filters).
pub(crate) fn text_cmp(a: &str, b: &str) -> Ordering {
    fold(a).cmp(&fold(b))
}

/// `value LIKE pattern` where Frappe has already escaped backslashes: `%` matches any run of
/// characters, `_` one character, everything else itself (case-insensitively).
pub(crate) fn like(value: &str, pattern: &str) -> bool {
    let value: Vec<char> = value.to_lowercase().chars().collect();
    let pattern: Vec<char> = pattern.to_lowercase().chars().collect();
    like_from(&value, &pattern)
}

fn like_from(value: &[char], pattern: &[char]) -> bool {
    // Iterative wildcard matching with backtracking on the last '%'.
    let (mut v, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while v < value.len() {
        match pattern.get(p) {
            Some('%') => {
                star = Some((p, v));
                p += 1;
            }
            Some('_') => {
                v += 1;
                p += 1;
            }
            Some(ch) if *ch == value[v] => {
                v += 1;
                p += 1;
            }
            _ => match star {
                Some((star_p, star_v)) => {
                    p = star_p + 1;
                    v = star_v + 1;
                    star = Some((star_p, star_v + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|ch| *ch == '%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collation_ignores_case_and_trailing_spaces() {
        assert!(text_eq("GitHub", "github  "));
        assert!(!text_eq("github", " github"));
        assert_eq!(text_cmp("B", "a"), Ordering::Greater);
    }

    #[test]
    fn like_supports_wildcards() {
        assert!(like("GitHub", "%git%"));
        assert!(like("github", "g_thub"));
        assert!(!like("github", "git"));
        assert!(like("", "%"));
        assert!(like("a%b", "a%b"));
    }
}
