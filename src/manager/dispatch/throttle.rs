//! Concurrency that backs off under rate limits, from the manager's side: a child's provider
//! retry or rate-limit error may lower its key's limit, a completion under a lowered key may
//! raise it again and start the waiters it lets through. The decisions are `throttle.rs`'s.

use crate::api::*;
use crate::manager::Manager;
use crate::throttle::Change;

impl Manager {
    /// Task `id`'s child hit the provider's rate limit (OpenCode retries it, or its error says
    /// so): with `adaptiveConcurrency`, its key's limit may halve.
    pub(crate) fn rate_limited(&mut self, id: &str, now: Timestamp) {
        let Some(tuning) = self.config.tuning() else { return };
        let Some(key) = self.tasks.get(id).map(|t| t.concurrency_key.clone()) else { return };
        let configured = self.config.limit_for(&key);
        let running = self.slots.in_use(&key);
        if let Change::Lowered { from, to } = self.throttle.rate_limited(&key, configured, running, tuning, now) {
            self.out.log(
                LogLevel::Info,
                format!(
                    "`{key}` hit a rate limit: at most {to} of its tasks run at once now (was {from}); one more \
                     after every {} that complete",
                    tuning.recover_after
                ),
            );
            self.mark_dirty();
        }
    }

    /// A task under `key` completed: a lowered key may get a slot back, and a waiter start.
    pub(crate) fn completed_under(&mut self, key: &str, now: Timestamp) {
        let Some(tuning) = self.config.tuning() else { return };
        let configured = self.config.limit_for(key);
        if let Change::Raised { to, restored } = self.throttle.completed(key, configured, tuning) {
            let how = if restored { "back at its configured limit" } else { "still lowered" };
            self.out.log(LogLevel::Info, format!("`{key}`: {to} of its tasks may run at once again ({how})"));
            self.mark_dirty();
            self.start_what_fits_under(key, now);
        }
    }
}
