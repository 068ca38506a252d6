//! How often and how long to retry an order that got no answer. The random part
//! (jitter) is passed in, so the rule is tested without a random source.

/// How often and how long to retry an order that got no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The first wait.
    pub base_ms: u64,
    /// The longest wait.
    pub cap_ms: u64,
    /// Automatic attempts before the buyer is asked to try again.
    pub max_auto_attempts: u32,
    /// The longest Retry-After honoured.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base_ms: 1_000,
            cap_ms: 60_000,
            max_auto_attempts: 6,
            max_retry_after_ms: 10 * 60_000,
        }
    }
}

impl RetryPolicy {
    /// The wait before automatic attempt `attempt + 1` (1-based `attempt` just failed):
    /// exponential, capped, with jitter in `[50%, 100%]` from `jitter_permille` (0-1000,
    /// from the caller's random source) so that many phones do not retry in step.
    /// A server's Retry-After wins.
    pub fn delay_ms(
        &self,
        attempt: u32,
        jitter_permille: u32,
        retry_after_secs: Option<u32>,
    ) -> u64 {
        if let Some(secs) = retry_after_secs {
            return (u64::from(secs) * 1_000).min(self.max_retry_after_ms);
        }
        let exp = self
            .base_ms
            .saturating_mul(1u64 << attempt.saturating_sub(1).min(20))
            .min(self.cap_ms);
        exp / 2 + exp / 2 * u64::from(jitter_permille.min(1_000)) / 1_000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backs_off_exponentially_with_jitter_and_honours_retry_after() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay_ms(1, 1_000, None), 1_000);
        assert_eq!(p.delay_ms(1, 0, None), 500);
        assert_eq!(p.delay_ms(3, 1_000, None), 4_000);
        assert_eq!(p.delay_ms(30, 1_000, None), 60_000, "capped");
        assert_eq!(p.delay_ms(2, 500, Some(7)), 7_000);
        assert_eq!(
            p.delay_ms(2, 500, Some(86_400)),
            600_000,
            "a huge Retry-After is capped"
        );
    }
}
