//! The server's notion of "now". Tests move it forward to expire codes and
//! tokens without sleeping; nothing else ever changes it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Debug, Default)]
pub(crate) struct Clock {
    /// Milliseconds added to the system time.
    offset_ms: AtomicI64,
}

impl Clock {
    /// Seconds since the Unix epoch, with sub-second precision.
    pub(crate) fn now(&self) -> f64 {
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .as_secs_f64();
        system + self.offset_ms.load(Ordering::SeqCst) as f64 / 1000.0
    }

    pub(crate) fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(ms, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now() - before >= 3600.0);
    }
}
