//! authentik's relative durations (`timedelta_from_string`): `key=value`
//! pairs joined by `;`, e.g. `hours=1;minutes=30`. Keys are matched
//! case-insensitively against the `datetime.timedelta` keywords; unknown keys
//! are skipped, a pair without exactly one `=` or a value that is not a number
//! is an error, and so is an expression with no known key at all.

/// Seconds per unit for every key authentik accepts.
const UNITS: [(&str, f64); 7] = [
    ("microseconds", 1e-6),
    ("milliseconds", 1e-3),
    ("seconds", 1.0),
    ("minutes", 60.0),
    ("hours", 3600.0),
    ("days", 86_400.0),
    ("weeks", 604_800.0),
];

/// Why an expression is not a duration (the server answers 400 for it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DurationError {
    #[error("{0:?} is not a key=value pair")]
    NotAPair(String),
    #[error("{0:?} is not a number")]
    NotANumber(String),
    #[error("no valid keys to pass to timedelta")]
    NoValidKeys,
}

/// The length of `expression` in seconds.
pub(crate) fn seconds(expression: &str) -> Result<f64, DurationError> {
    // Python keeps the last value of a repeated key.
    let mut values: [Option<f64>; UNITS.len()] = [None; UNITS.len()];
    for pair in expression.split(';') {
        let mut parts = pair.split('=');
        let (Some(key), Some(value), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(DurationError::NotAPair(pair.to_string()));
        };
        let Some(index) = UNITS.iter().position(|(name, _)| key.to_lowercase() == *name) else {
            continue;
        };
        let number: f64 = value
            .trim()
            .parse()
            .ok()
            .filter(|n: &f64| n.is_finite())
            .ok_or_else(|| DurationError::NotANumber(value.to_string()))?;
        values[index] = Some(number);
    }
    if values.iter().all(Option::is_none) {
        return Err(DurationError::NoValidKeys);
    }
    Ok(values
        .iter()
        .zip(UNITS)
        .map(|(value, (_, unit))| value.unwrap_or(0.0) * unit)
        .sum())
}

/// Whole seconds, truncated like `int(timedelta.total_seconds())`.
pub(crate) fn whole_seconds(expression: &str) -> Result<i64, DurationError> {
    seconds(expression).map(|s| s.trunc() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authentiks_syntax() {
        assert_eq!(whole_seconds("minutes=10"), Ok(600));
        assert_eq!(whole_seconds("minutes=10;hours=1"), Ok(4200));
        assert_eq!(whole_seconds("Hours=1"), Ok(3600));
        assert_eq!(whole_seconds("days=30"), Ok(2_592_000));
        assert_eq!(whole_seconds("seconds=0"), Ok(0));
        assert_eq!(whole_seconds("seconds=1.9"), Ok(1));
        assert_eq!(whole_seconds("hours= 2 "), Ok(7200));
        // Unknown keys are skipped, a repeated key keeps its last value.
        assert_eq!(whole_seconds("fortnights=1;minutes=1"), Ok(60));
        assert_eq!(whole_seconds("minutes=1;minutes=2"), Ok(120));
    }

    #[test]
    fn what_authentik_refuses() {
        assert_eq!(seconds("fortnights=1"), Err(DurationError::NoValidKeys));
        assert!(matches!(seconds("minutes"), Err(DurationError::NotAPair(_))));
        assert!(matches!(seconds("minutes=1=2"), Err(DurationError::NotAPair(_))));
        assert!(matches!(seconds("minutes=ten"), Err(DurationError::NotANumber(_))));
        assert!(matches!(seconds("minutes=1;"), Err(DurationError::NotAPair(_))));
        assert!(matches!(seconds(""), Err(DurationError::NotAPair(_))));
    }
}
