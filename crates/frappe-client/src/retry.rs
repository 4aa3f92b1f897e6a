//! When and how long to wait before trying a request again.

use std::time::Duration;

/// Exponential backoff with full jitter, capped per wait.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `attempt` (1-based). A server's
    /// `Retry-After` wins when it asks for longer than our backoff.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exponential = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.max_delay);
        // Full jitter: spread concurrent retries so they do not arrive together.
        let jittered = exponential.mul_f64(0.5 + fastrand::f64() / 2.0);
        match retry_after {
            Some(after) => after.min(self.max_delay.saturating_mul(4)).max(jittered),
            None => jittered,
        }
    }
}

/// Parses `Retry-After` given in seconds (the form Frappe sends).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_stay_bounded() {
        let policy = RetryPolicy::default();
        for attempt in 1..20 {
            let d = policy.delay(attempt, None);
            assert!(d <= policy.max_delay, "{d:?}");
            assert!(d >= policy.base_delay / 2);
        }
        assert!(policy.delay(5, None) >= Duration::from_secs(2));
    }

    #[test]
    fn retry_after_is_honoured_but_bounded() {
        let policy = RetryPolicy::default();
        assert!(policy.delay(1, Some(Duration::from_secs(3))) >= Duration::from_secs(3));
        assert!(policy.delay(1, Some(Duration::from_secs(3600))) <= Duration::from_secs(32));
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
