//! Calendar arithmetic for timestamps, without a date-time dependency: the
//! proleptic Gregorian calendar in UTC, as Howard Hinnant's days ↔ civil
//! algorithms compute it. The plugin's log timestamps, the Frappe emulator's
//! `creation`/`modified` and the provider's date checks all use this one
//! implementation.

pub const SECONDS_PER_DAY: i64 = 86_400;

/// The `(year, month, day)` of a day counted from 1970-01-01 (day 0).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day number (1970-01-01 = 0) of a civil date. The date is not checked;
/// see [`is_valid_date`].
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month_index = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * month_index + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `year-month-day` exists in the calendar (no 2023-02-29).
pub fn is_valid_date(year: i64, month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

/// Splits seconds since the Unix epoch into UTC `(year, month, day)` and
/// `(hour, minute, second)`.
pub fn civil_utc(epoch_seconds: i64) -> ((i64, u32, u32), (u32, u32, u32)) {
    let days = epoch_seconds.div_euclid(SECONDS_PER_DAY);
    let rem = epoch_seconds.rem_euclid(SECONDS_PER_DAY);
    let time = ((rem / 3600) as u32, ((rem % 3600) / 60) as u32, (rem % 60) as u32);
    (civil_from_days(days), time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(civil_utc(0), ((1970, 1, 1), (0, 0, 0)));
        assert_eq!(civil_utc(951_782_400), ((2000, 2, 29), (0, 0, 0)));
        assert_eq!(civil_utc(1_764_354_600), ((2025, 11, 28), (18, 30, 0)));
        assert_eq!(civil_utc(-1), ((1969, 12, 31), (23, 59, 59)));
    }

    #[test]
    fn days_and_dates_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert!(is_valid_date(y, m, d));
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert!(!is_valid_date(2023, 2, 29));
        assert!(is_valid_date(2024, 2, 29));
        assert!(!is_valid_date(2024, 13, 1));
    }
}
