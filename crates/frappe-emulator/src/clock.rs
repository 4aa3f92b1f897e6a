//! Timestamps the way Frappe writes and reads them.
//!
//! Frappe sets `creation`/`modified` from `frappe.utils.now()`, which always prints six
//! fractional digits ("2024-05-01 10:00:00.000000"). The same value read back from MariaDB is
//! a Python `datetime` whose `str()` drops the fraction when the microseconds are exactly zero.
//! Clients that echo `modified` for the optimistic-lock check compare these strings, so both
//! spellings are modelled. Site-local time is UTC here.

use std::time::{SystemTime, UNIX_EPOCH};

use civil_calendar::{civil_from_days, days_from_civil, is_valid_date, SECONDS_PER_DAY};

const MICROS_PER_SECOND: i64 = 1_000_000;

/// A point in time with microsecond resolution, like a MariaDB `datetime(6)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Timestamp {
    micros_since_epoch: i64,
}

impl Timestamp {
    fn from_system_time(time: SystemTime) -> Timestamp {
        let micros = match time.duration_since(UNIX_EPOCH) {
            Ok(elapsed) => i64::try_from(elapsed.as_micros()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_micros()).unwrap_or(i64::MAX),
        };
        Timestamp {
            micros_since_epoch: micros,
        }
    }

    /// This moment minus some seconds.
    pub(crate) fn minus_seconds(&self, seconds: i64) -> Timestamp {
        Timestamp {
            micros_since_epoch: self.micros_since_epoch - seconds * MICROS_PER_SECOND,
        }
    }

    /// `frappe.utils.now()`: always six fractional digits.
    pub(crate) fn fresh(&self) -> String {
        let (date_time, micros) = self.split();
        format!("{date_time}.{micros:06}")
    }

    /// `str(datetime)` of the value read back from the database.
    pub(crate) fn read_back(&self) -> String {
        let (date_time, micros) = self.split();
        if micros == 0 {
            date_time
        } else {
            format!("{date_time}.{micros:06}")
        }
    }

    fn split(&self) -> (String, i64) {
        let seconds = self.micros_since_epoch.div_euclid(MICROS_PER_SECOND);
        let micros = self.micros_since_epoch.rem_euclid(MICROS_PER_SECOND);
        let days = seconds.div_euclid(SECONDS_PER_DAY);
        let second_of_day = seconds.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let text = format!(
            "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
            second_of_day / 3600,
            (second_of_day % 3600) / 60,
            second_of_day % 60
        );
        (text, micros)
    }

    /// Parses "YYYY-MM-DD HH:MM:SS" with an optional 1–6 digit fraction, the spellings
    /// MariaDB accepts for a `datetime(6)` column that this emulator models.
    pub(crate) fn parse(text: &str) -> Option<Timestamp> {
        let bytes = text.as_bytes();
        if bytes.len() < 19 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[10] != b' ' {
            return None;
        }
        if bytes[13] != b':' || bytes[16] != b':' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = text.get(range)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = number(0..4)?;
        let month = number(5..7)?;
        let day = number(8..10)?;
        let hour = number(11..13)?;
        let minute = number(14..16)?;
        let second = number(17..19)?;
        let (Ok(month), Ok(day)) = (u32::try_from(month), u32::try_from(day)) else {
            return None;
        };
        if !is_valid_date(year, month, day) {
            return None;
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let micros = match text.get(19..) {
            Some("") => 0,
            Some(rest) => {
                let digits = rest.strip_prefix('.')?;
                if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let padded = format!("{digits:0<6}");
                padded.parse::<i64>().ok()?
            }
            None => return None,
        };
        let days = days_from_civil(year, month, day);
        let seconds = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
        Some(Timestamp {
            micros_since_epoch: seconds * MICROS_PER_SECOND + micros,
        })
    }
}

/// `frappe.utils.nowdate()`: today's date in site-local time (UTC here).
pub(crate) fn today() -> String {
    let now = Timestamp::from_system_time(SystemTime::now()).fresh();
    now.get(..10).unwrap_or_default().to_string()
}

/// Rewrites a stored "fresh" timestamp string into its read-back spelling.
pub(crate) fn read_back(stored: &str) -> String {
    match Timestamp::parse(stored) {
        Some(timestamp) => timestamp.read_back(),
        None => stored.to_string(),
    }
}

/// The site clock. Every save gets a strictly later `modified`, so two saves within the same
/// microsecond never produce equal timestamps (which would defeat `check_if_latest`).
#[derive(Debug, Default)]
pub(crate) struct Clock {
    last: Option<Timestamp>,
}

impl Clock {
    pub(crate) fn now(&mut self) -> Timestamp {
        let mut now = Timestamp::from_system_time(SystemTime::now());
        if let Some(last) = self.last {
            if now <= last {
                now = Timestamp {
                    micros_since_epoch: last.micros_since_epoch + 1,
                };
            }
        }
        self.last = Some(now);
        now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_round_trip() {
        let parsed = Timestamp::parse("2024-02-29 23:59:58.000120").unwrap();
        assert_eq!(parsed.fresh(), "2024-02-29 23:59:58.000120");
        let whole = Timestamp::parse("1999-12-31 00:00:00").unwrap();
        assert_eq!(whole.fresh(), "1999-12-31 00:00:00.000000");
        assert_eq!(whole.read_back(), "1999-12-31 00:00:00");
        assert_eq!(Timestamp::parse("2023-02-29 00:00:00"), None);
        assert_eq!(Timestamp::parse("2023-01-01T00:00:00"), None);
        assert_eq!(
            Timestamp::parse("2023-01-01 00:00:00.5").unwrap().fresh(),
            "2023-01-01 00:00:00.500000"
        );
    }

    #[test]
    fn clock_is_strictly_increasing() {
        let mut clock = Clock::default();
        let a = clock.now();
        let b = clock.now();
        assert!(b > a);
    }
}
