-- 5: buyers' nonces are pruned once older than NONCE_KEEP_DAYS (docs/trust.md
-- "Replays"): the hourly sweep finds them by age, a batch at a time.
CREATE INDEX nonces_at ON nonces (at_ms);
