//! System Settings' password policy on a User's `new_password`
//! (`frappe/core/doctype/user/user.py` `User.password_strength_test` → `test_password_strength`,
//! scored by zxcvbn in `frappe/utils/password_strength.py`).
//!
//! Frappe accepts a password when zxcvbn's score is above 0 and at least
//! `minimum_password_score`; otherwise `handle_password_test_fail` throws the feedback's warning
//! and suggestions joined by spaces, titled "Invalid Password" (417 ValidationError).
//!
//! zxcvbn itself is not emulated. The emulator decides only passwords whose zxcvbn result is
//! known: a run of 3 to 10 consecutive lower-case letters, up or down (`abc`, `xyz`, `cba`,
//! `hgfedcba`). zxcvbn's sequence matcher takes the whole password; its guesses are the base
//! (4 when it starts with `a` or `z`, else 26) times 2 when descending times the length —
//! at most 520, below the 1,005 of score 1 — so the score is 0 and every policy refuses it.
//! The only feedback is the sequence suggestion after an empty warning (hence the leading
//! space). v15.55.1 answered so for `abc`, `abcd`, `abcdef`, `abcdefghij`, `bcd`, `jkl`,
//! `mnop`, `defgh`, `qrstuv`, `klmnopqrst`, `xyz`, `cba`, `onm`, `zyxw` and `hgfedcba`; runs
//! of digits are not decided (`4321` is a common password there, not a sequence).
//! Any other password, or one containing the user's own name or e-mail (zxcvbn matches
//! those as words), is not emulated.

use serde_json::Value;

use super::errors::{not_emulated, Failure, FrappeError, VALIDATION_ERROR};

/// The longest run the reference site was asked about.
const LONGEST_CHECKED_RUN: usize = 10;

/// The policy's verdict on `password` for a user whose own data is `user_inputs`
/// (first, middle and last name, e-mail).
pub(crate) fn check(password: &str, user_inputs: &[&Value]) -> Result<(), Failure> {
    let lower = password.to_lowercase();
    let mentions_user = user_inputs
        .iter()
        .filter_map(|value| value.as_str())
        .map(str::to_lowercase)
        .any(|input| !input.is_empty() && lower.contains(&input));
    if is_letter_run(password) && !mentions_user {
        return Err(FrappeError::throw_with_title(
            VALIDATION_ERROR,
            " Avoid sequences like abc or 6543 as they are easy to guess",
            Some("Invalid Password"),
        )
        .into());
    }
    Err(not_emulated(
        "a new password while the password policy is on (Frappe scores it with zxcvbn)",
    ))
}

/// 3 to 10 lower-case ASCII letters, each one after (or before) the previous.
fn is_letter_run(password: &str) -> bool {
    let bytes = password.as_bytes();
    if !(3..=LONGEST_CHECKED_RUN).contains(&bytes.len()) || !bytes.iter().all(u8::is_ascii_lowercase) {
        return false;
    }
    let step = i16::from(bytes[1]) - i16::from(bytes[0]);
    (step == 1 || step == -1)
        && bytes
            .windows(2)
            .all(|pair| i16::from(pair[1]) - i16::from(pair[0]) == step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_runs_of_lower_case_letters_are_decided() {
        for run in ["abc", "xyz", "cba", "hgfedcba", "abcdefghij"] {
            assert!(is_letter_run(run), "{run}");
        }
        for other in ["ab", "abd", "ABC", "123", "abcdefghijk", "aceg", "abcb"] {
            assert!(!is_letter_run(other), "{other}");
        }
    }
}
