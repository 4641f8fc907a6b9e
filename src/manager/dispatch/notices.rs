//! Notices, from the manager's side: the notifier (`notify.rs`) decides, and this file turns its
//! steps into effects: the coalescing deadline when a task ends, the read of the parent's
//! messages and the prompt that carries a notice, the backoff deadline after a failure, the
//! retention of the tasks a delivered (or abandoned) notice announced, and injection into the
//! parent's next message.

use crate::api::*;
use crate::format;
use crate::manager::{Manager, Purpose};
use crate::notify::{Announced, Batch, ContextStep, Draft, EndStep, FIRST_PAGE, ParentState, SentStep};
use crate::task::{Announce, Task};
use crate::timers::TimerKey;

impl Manager {
    /// A task of `parent` ended: a notice will carry it (the coalescing window opens), or its
    /// retention starts now, or it would never leave the live table.
    pub(crate) fn task_terminal(&mut self, parent: &str, id: &str, announce: Announce, now: Timestamp) {
        let retention_until = now.saturating_add(self.config.retention_ms);
        match self.notifier.task_ended(parent, id, announce) {
            EndStep::Untracked => {
                self.timers.set(TimerKey::Retention(id.to_string()), retention_until);
                return;
            }
            EndStep::Coalesce => self
                .timers
                .set_if_absent(TimerKey::Coalesce(parent.to_string()), now.saturating_add(self.config.coalesce_ms)),
            EndStep::Quiet(batch) => {
                self.timers.set(TimerKey::Retention(id.to_string()), retention_until);
                if batch == Batch::Closed {
                    self.flush_fresh(parent, now);
                }
            }
        }
        self.refresh_parent_interest(parent);
    }

    fn views(&self, ids: &[String]) -> Vec<TaskView> {
        ids.iter().filter_map(|id| self.known_view(id)).collect()
    }

    /// The coalescing window closed: the tasks that ended in it become one notice.
    pub(crate) fn flush_fresh(&mut self, parent: &str, now: Timestamp) {
        self.timers.clear(&TimerKey::Coalesce(parent.to_string()));
        let Some(draft) = self.notifier.draft(parent) else { return };
        let (fresh, text, wake) = match draft {
            Draft::Final { fresh, batch } => (fresh, format::final_notice(&self.views(&batch), now), true),
            Draft::Progress { fresh, still_running } => {
                let views = self.views(&fresh);
                let failed = views.iter().any(|t| t.status != TaskStatus::Completed);
                let text = format::progress_notice(&views, still_running, now);
                (fresh, text, failed && self.config.wake_on_failure)
            }
        };
        let tasks = fresh
            .into_iter()
            .map(|task| {
                let generation = self.tasks.get(&task).map_or(0, |t| t.generation);
                Announced { task, generation }
            })
            .collect();
        self.notifier.queue(parent, tasks, text, wake);
        self.mark_dirty();
        self.pump(parent);
    }

    /// A notice that announces no task (a warning, a child waiting for input). It goes through
    /// the same outbox: ordered, retried, injectable.
    pub(crate) fn notify_info(&mut self, parent: &str, text: String, wake: bool) {
        self.notifier.queue(parent, Vec::new(), text, wake);
        self.mark_dirty();
        self.pump(parent);
        self.refresh_parent_interest(parent);
    }

    /// Starts delivering the oldest notice when nothing is in flight for this parent.
    pub(crate) fn pump(&mut self, parent: &str) {
        if !self.shutting_down && self.config.notify_parent && self.notifier.ready(parent) {
            self.read_parent(parent, FIRST_PAGE);
        }
    }

    fn read_parent(&mut self, parent: &str, limit: Option<u32>) {
        let request = SdkRequest::SessionMessages { session_id: parent.to_string(), limit };
        let call = self.call(Purpose::ParentContext { parent: parent.to_string(), limit }, request);
        self.notifier.reading(parent, call);
    }

    /// The parent's messages came back: the notice is found there already, or sent with the
    /// parent's current agent and model.
    pub(crate) fn on_parent_context(
        &mut self,
        parent: &str,
        limit: Option<u32>,
        reply: Result<String, SdkError>,
        now: Timestamp,
    ) {
        match self.notifier.on_context(parent, limit, reply.as_deref().ok()) {
            ContextStep::Stale => {}
            ContextStep::AlreadyArrived { notice } => {
                self.out
                    .log(LogLevel::Info, format!("notice {notice} to {parent} had already arrived; not sent again"));
                self.notice_arrived(parent, notice, now);
            }
            ContextStep::ReadFurther { limit } => self.read_parent(parent, limit),
            ContextStep::Prompt { notice, prompt } => {
                let purpose = Purpose::Notice { parent: parent.to_string(), notice };
                let call = self.call(purpose, SdkRequest::PromptSession(prompt));
                self.notifier.sending(parent, notice, call, now);
            }
            ContextStep::Done => self.refresh_parent_interest(parent),
        }
    }

    pub(crate) fn on_notice_sent(
        &mut self,
        parent: &str,
        notice: u64,
        reply: Result<String, SdkError>,
        now: Timestamp,
    ) {
        let backoff = (self.config.retry_initial_ms, self.config.retry_max_ms);
        let reply = reply.as_ref().map(|_| ());
        match self.notifier.on_sent(parent, notice, reply, backoff) {
            SentStep::Stale => {}
            SentStep::Arrived => self.notice_arrived(parent, notice, now),
            SentStep::ParentGone { dropped } => {
                // Deleted while its event was lost, or never existed: drop its notices instead
                // of retrying forever.
                self.drop_parent(parent, now);
                let reason = reply.err().map(|e| e.message.as_str()).unwrap_or_default();
                self.out.log(
                    LogLevel::Warn,
                    format!("parent {parent} no longer exists ({reason}); dropped {dropped} notice(s)"),
                );
                self.mark_dirty();
            }
            SentStep::RetryIn { delay_ms } => {
                self.timers.set(TimerKey::Deliver(parent.to_string()), now.saturating_add(delay_ms));
                let reason = reply.err().map(|e| e.message.as_str()).unwrap_or_default();
                self.out
                    .log(LogLevel::Warn, format!("notice to {parent} failed ({reason}); retrying in {delay_ms} ms"));
            }
        }
    }

    /// The notice reached the parent: its tasks count as announced, and the next notice goes out.
    fn notice_arrived(&mut self, parent: &str, notice: u64, now: Timestamp) {
        let Some(announced) = self.notifier.arrived(parent, notice) else { return };
        self.delivered(&announced, now);
        self.mark_dirty();
        self.pump(parent);
        self.refresh_parent_interest(parent);
    }

    /// The parent session is gone: its bookkeeping, pending notices, deadlines and interest go
    /// with it (the tasks those notices were owed start their retention). Returns what it held.
    pub(crate) fn drop_parent(&mut self, parent: &str, now: Timestamp) -> Option<ParentState> {
        self.ledger.forget(parent);
        self.unpublish(parent);
        let state = self.notifier.remove(parent)?;
        self.abandon_notices(&state, now);
        self.timers.clear(&TimerKey::Coalesce(parent.to_string()));
        self.timers.clear(&TimerKey::Deliver(parent.to_string()));
        self.set_interest(parent, Interest::NONE);
        self.mark_dirty();
        Some(state)
    }

    /// The backoff of a failed delivery is over.
    pub(crate) fn retry_delivery(&mut self, parent: &str) {
        if self.notifier.end_backoff(parent) {
            self.pump(parent);
        }
    }

    /// An idle parent is a good moment to retry a failed delivery without waiting out the backoff.
    pub(crate) fn on_parent_idle(&mut self, parent: &str) {
        if self.notifier.backing_off(parent) {
            self.timers.clear(&TimerKey::Deliver(parent.to_string()));
            self.retry_delivery(parent);
        }
    }

    /// Tasks whose notice reached the parent stay fully queryable for the retention time. A
    /// notice about a run that was resumed since announces nothing of the new run.
    pub(crate) fn delivered(&mut self, tasks: &[Announced], now: Timestamp) {
        for a in tasks {
            if let Some(task) = self.tasks.get_mut(&a.task).filter(|t| t.generation == a.generation) {
                task.announced = task.announced.saturating_add(1);
                self.timers.set(TimerKey::Retention(a.task.clone()), now.saturating_add(self.config.retention_ms));
            }
        }
    }

    /// The parent is gone with notices still owed: the tasks they were for will never be
    /// announced, so their retention starts now (or they would never leave the live table).
    fn abandon_notices(&mut self, state: &ParentState, now: Timestamp) {
        let until = now.saturating_add(self.config.retention_ms);
        for (id, generation) in state.owed() {
            // A notice about an earlier run says nothing of the current one (owed elsewhere, maybe).
            let current = |t: &Task| generation.is_none_or(|g| g == t.generation);
            if self.tasks.get(id).is_some_and(|t| t.status.is_terminal() && current(t)) {
                self.timers.set(TimerKey::Retention(id.clone()), until);
            }
        }
    }

    /// Notices still queued for `parent`, as text to prepend to its next user message. Taking
    /// them counts as delivery. Nothing is taken while a notice prompt to this parent is in
    /// flight: that prompt's own user message would otherwise carry them, and be lost with it.
    pub fn take_injection(&mut self, now: Timestamp, parent: &str) -> Option<String> {
        self.input(now, |m| m.take_queued_notices(parent, now))
    }

    fn take_queued_notices(&mut self, parent: &str, now: Timestamp) -> Option<String> {
        if self.shutting_down || self.notifier.parent(parent).is_none() || self.notifier.prompting(parent) {
            return None;
        }
        if self.notifier.has_fresh(parent) {
            self.flush_fresh(parent, now);
        }
        let taken = self.notifier.take_for_injection(parent);
        if taken.is_empty() {
            return None;
        }
        let announced: Vec<Announced> = taken.iter().flat_map(|n| n.tasks.iter().cloned()).collect();
        self.delivered(&announced, now);
        self.mark_dirty();
        self.refresh_parent_interest(parent);
        Some(taken.into_iter().map(|n| n.text).collect::<Vec<_>>().join("\n\n"))
    }
}
