//! Calendar arithmetic for timestamps, without a date-time dependency.

/// Splits seconds since the Unix epoch into UTC `(year, month, day)` and
/// `(hour, minute, second)` (Howard Hinnant's days-to-civil algorithm).
pub fn civil_utc(epoch_seconds: u64) -> ((i64, u32, u32), (u32, u32, u32)) {
    let days = (epoch_seconds / 86_400) as i64;
    let rem = epoch_seconds % 86_400;
    let time = ((rem / 3600) as u32, ((rem % 3600) / 60) as u32, (rem % 60) as u32);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    ((year, month, day), time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(civil_utc(0), ((1970, 1, 1), (0, 0, 0)));
        assert_eq!(civil_utc(951_782_400), ((2000, 2, 29), (0, 0, 0)));
        assert_eq!(civil_utc(1_764_354_600), ((2025, 11, 28), (18, 30, 0)));
    }
}
