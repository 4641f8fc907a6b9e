//! Per-parent notice bookkeeping. Exactly once means: every terminal task of a parent lands in
//! `fresh` once, leaves it in exactly one [`Notice`], and that notice leaves the outbox once,
//! either because its prompt succeeded or because it was injected into the parent's next
//! user message. One prompt at most is in flight per parent.

use crate::api::*;
use crate::format;
use crate::manager::{Manager, Purpose};
use crate::messages::{self, Sought};
use crate::task::{Announce, Task};
use crate::timers::TimerKey;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// How many of the parent's newest messages are read to find its current agent and model.
const PARENT_CONTEXT_LIMIT: u32 = 10;
/// How much earlier than our clock OpenCode may stamp a message (both normally read the same
/// clock: the plugin runs inside the server).
const CLOCK_SLACK_MS: u64 = 1_000;

/// The largest page asked for before a retry reads the parent's whole session.
const LARGEST_PAGE: u32 = 1_000;

/// The next page size when looking further back for a notice: four times larger, then all.
fn larger_page(limit: Option<u32>) -> Option<u32> {
    let next = limit?.saturating_mul(4);
    (next <= LARGEST_PAGE).then_some(next)
}

/// A task a notice announces, and the run of it that ended (its generation then). A resumed
/// task is a new run: a notice about the run before does not announce the new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Announced {
    pub task: String,
    pub generation: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Notice {
    pub id: u64,
    /// The tasks this notice announces.
    pub tasks: Vec<Announced>,
    pub text: String,
    /// Start a parent turn (final notice of a batch, or a failure); otherwise `noReply`.
    pub wake: bool,
    /// When it was first prompted: a later attempt first looks for it among the parent's
    /// messages created since then.
    #[serde(default)]
    pub sent_at: Option<Timestamp>,
}

/// Where delivery to one parent stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Delivery {
    #[default]
    Idle,
    /// Reading the parent's messages for its current agent and model.
    ReadingParent { call: CallId },
    /// A prompt carrying this notice is in flight.
    Prompting { call: CallId, notice: u64 },
    /// The last prompt failed; retried at the `Deliver` deadline.
    Backoff,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ParentState {
    /// Every task this session launched, oldest first.
    pub tasks: Vec<String>,
    /// Tasks of the current batch that are not terminal yet.
    pub unfinished: Vec<String>,
    /// Tasks of the current batch that are terminal (for the final summary).
    pub batch: Vec<String>,
    /// Those of `batch` that ended without a notice of their own (the parent cancelled them).
    pub quiet: Vec<String>,
    /// Terminal tasks not yet in any notice (coalescing window).
    pub fresh: Vec<String>,
    pub outbox: VecDeque<Notice>,
    pub delivery: Delivery,
    /// Consecutive failed prompts, for the backoff.
    pub failures: u32,
    /// Agent and model recorded at the latest launch, used when the parent's messages say nothing.
    pub agent: Option<String>,
    pub model: Option<ModelRef>,
}

impl ParentState {
    pub(crate) fn in_flight_notice(&self) -> Option<u64> {
        match self.delivery {
            Delivery::Prompting { notice, .. } => Some(notice),
            _ => None,
        }
    }

    /// Still has work: tasks to wait for or notices to deliver.
    pub(crate) fn is_active(&self) -> bool {
        !self.unfinished.is_empty() || !self.fresh.is_empty() || !self.outbox.is_empty()
    }

    /// Removes and returns the queued notices that are not in flight (injection).
    pub(crate) fn take_queued(&mut self) -> Vec<Notice> {
        let in_flight = self.in_flight_notice();
        let (keep, take): (VecDeque<Notice>, VecDeque<Notice>) =
            self.outbox.drain(..).partition(|n| Some(n.id) == in_flight);
        self.outbox = keep;
        take.into()
    }

    pub(crate) fn remove_notice(&mut self, id: u64) -> Option<Notice> {
        let pos = self.outbox.iter().position(|n| n.id == id)?;
        self.outbox.remove(pos)
    }

    /// Backoff delay after `failures` consecutive failures: initial, doubling, capped.
    pub(crate) fn backoff_ms(&self, initial: u64, max: u64) -> u64 {
        let shift = self.failures.saturating_sub(1).min(20);
        initial.saturating_mul(1u64 << shift).min(max)
    }
}

impl Manager {
    /// Bookkeeping when a task of `parent` reaches a terminal state.
    pub(crate) fn task_terminal(&mut self, parent: &str, id: &str, announce: Announce, now: Timestamp) {
        let coalesce = self.config.coalesce_ms;
        let notify = announce == Announce::ToParent;
        if !notify || !self.parents.contains_key(parent) {
            // No notice will carry this task (the parent cancelled it, or is gone): its
            // retention starts now, or it would never leave the live table.
            self.timers.set(TimerKey::Retention(id.to_string()), now.saturating_add(self.config.retention_ms));
        }
        let Some(p) = self.parents.get_mut(parent) else { return };
        p.unfinished.retain(|t| t != id);
        p.batch.push(id.to_string());
        if notify {
            p.fresh.push(id.to_string());
            self.timers.set_if_absent(TimerKey::Coalesce(parent.to_string()), now.saturating_add(coalesce));
        } else {
            p.quiet.push(id.to_string());
            if p.unfinished.is_empty() && p.fresh.is_empty() {
                // The batch closed with a task the parent cancelled itself: a final summary is
                // owed only when other tasks of the batch were announced.
                self.flush_fresh(parent, now);
            }
        }
        self.refresh_parent_interest(parent);
    }

    fn views(&self, ids: &[String]) -> Vec<TaskView> {
        ids.iter().filter_map(|id| self.known_view(id)).collect()
    }

    /// Turns the tasks that finished within the coalescing window into one notice.
    pub(crate) fn flush_fresh(&mut self, parent: &str, now: Timestamp) {
        self.timers.clear(&TimerKey::Coalesce(parent.to_string()));
        let Some(p) = self.parents.get_mut(parent) else {
            return;
        };
        let fresh = std::mem::take(&mut p.fresh);
        let closing = p.unfinished.is_empty();
        let announced_before = p.batch.len() > p.quiet.len() + fresh.len();
        if fresh.is_empty() && !(closing && announced_before) {
            if closing {
                p.batch.clear();
                p.quiet.clear();
            }
            return;
        }
        let still_running = p.unfinished.len();
        let batch = if closing { std::mem::take(&mut p.batch) } else { Vec::new() };
        if closing {
            p.quiet.clear();
        }
        let fresh_views = self.views(&fresh);
        let failed = fresh_views.iter().any(|t| t.status != TaskStatus::Completed);
        let (text, wake) = if closing {
            (format::final_notice(&self.views(&batch), now), true)
        } else {
            (format::progress_notice(&fresh_views, still_running, now), failed && self.config.wake_on_failure)
        };
        let id = self.next_notice;
        self.next_notice = self.next_notice.wrapping_add(1);
        let tasks = fresh
            .into_iter()
            .map(|task| {
                let generation = self.tasks.get(&task).map_or(0, |t| t.generation);
                Announced { task, generation }
            })
            .collect();
        if let Some(p) = self.parents.get_mut(parent) {
            p.outbox.push_back(Notice { id, tasks, text, wake, sent_at: None });
        }
        self.mark_dirty();
        self.pump(parent);
    }

    /// A notice that announces no task (a warning, a child waiting for input). It goes through
    /// the same outbox: ordered, retried, injectable.
    pub(crate) fn notify_info(&mut self, parent: &str, text: String, wake: bool) {
        let id = self.next_notice;
        self.next_notice = self.next_notice.wrapping_add(1);
        let p = self.parents.entry(parent.to_string()).or_default();
        p.outbox.push_back(Notice { id, tasks: Vec::new(), text, wake, sent_at: None });
        self.mark_dirty();
        self.pump(parent);
        self.refresh_parent_interest(parent);
    }

    /// Starts delivering the oldest notice when nothing is in flight for this parent.
    pub(crate) fn pump(&mut self, parent: &str) {
        if self.shutting_down || !self.config.notify_parent {
            return;
        }
        let Some(p) = self.parents.get(parent) else {
            return;
        };
        if p.delivery != Delivery::Idle || p.outbox.is_empty() {
            return;
        }
        self.read_parent(parent, Some(PARENT_CONTEXT_LIMIT));
    }

    fn read_parent(&mut self, parent: &str, limit: Option<u32>) {
        let request = SdkRequest::SessionMessages { session_id: parent.to_string(), limit };
        let call = self.call(Purpose::ParentContext { parent: parent.to_string(), limit }, request);
        if let Some(p) = self.parents.get_mut(parent) {
            p.delivery = Delivery::ReadingParent { call };
        }
    }

    pub(crate) fn on_parent_context(
        &mut self,
        parent: &str,
        limit: Option<u32>,
        reply: Result<String, SdkError>,
        now: Timestamp,
    ) {
        let Some(p) = self.parents.get(parent) else {
            return;
        };
        if !matches!(p.delivery, Delivery::ReadingParent { .. }) {
            return;
        }
        let reply = reply.ok();
        if let (Some(json), Some(notice)) = (&reply, p.outbox.front())
            && let Some(sent_at) = notice.sent_at
        {
            match messages::find_user_text_since(json, &notice.text, sent_at.saturating_sub(CLOCK_SLACK_MS), limit) {
                Sought::Found => {
                    // An earlier prompt of this notice got through (its reply was lost, or the
                    // plugin restarted while it was in flight): it is delivered, not sent twice.
                    let id = notice.id;
                    self.out
                        .log(LogLevel::Info, format!("notice {id} to {parent} had already arrived; not sent again"));
                    return self.notice_arrived(parent, id, now);
                }
                // The parent wrote more since the first attempt than this page holds: read further
                // back (a larger page each time, then the whole session) before sending again.
                Sought::BeyondPage => return self.read_parent(parent, larger_page(limit)),
                Sought::Absent => {}
            }
        }
        let (agent, model) =
            reply.and_then(|json| messages::current_agent_and_model(&json).ok()).unwrap_or((None, None));
        let agent = agent.or_else(|| p.agent.clone());
        let model = model.or_else(|| p.model.clone());
        let Some(notice) = p.outbox.front() else {
            if let Some(p) = self.parents.get_mut(parent) {
                p.delivery = Delivery::Idle;
            }
            return self.refresh_parent_interest(parent);
        };
        let (notice_id, text, wake) = (notice.id, notice.text.clone(), notice.wake);
        let prompt = PromptSession {
            session_id: parent.to_string(),
            agent,
            model,
            system: None,
            parts: vec![text],
            no_reply: !wake,
        };
        let call = self
            .call(Purpose::Notice { parent: parent.to_string(), notice: notice_id }, SdkRequest::PromptSession(prompt));
        if let Some(p) = self.parents.get_mut(parent) {
            p.delivery = Delivery::Prompting { call, notice: notice_id };
            if let Some(n) = p.outbox.front_mut().filter(|n| n.id == notice_id) {
                n.sent_at.get_or_insert(now);
            }
        }
    }

    pub(crate) fn on_notice_sent(
        &mut self,
        parent: &str,
        notice: u64,
        reply: Result<String, SdkError>,
        now: Timestamp,
    ) {
        let (initial, max) = (self.config.retry_initial_ms, self.config.retry_max_ms);
        let Some(p) = self.parents.get_mut(parent) else {
            return;
        };
        if p.in_flight_notice() != Some(notice) {
            return;
        }
        match reply {
            Ok(_) => self.notice_arrived(parent, notice, now),
            Err(e) if e.is_not_found() => {
                // The parent session is gone (deleted while its event was lost, or never
                // existed): nobody is left to tell. Drop its notices instead of retrying forever.
                let dropped = p.outbox.len();
                self.drop_parent(parent, now);
                self.out.log(
                    LogLevel::Warn,
                    format!("parent {parent} no longer exists ({}); dropped {dropped} notice(s)", e.message),
                );
                self.mark_dirty();
            }
            Err(e) => {
                p.failures = p.failures.saturating_add(1);
                p.delivery = Delivery::Backoff;
                let delay = p.backoff_ms(initial, max);
                self.timers.set(TimerKey::Deliver(parent.to_string()), now.saturating_add(delay));
                self.out
                    .log(LogLevel::Warn, format!("notice to {parent} failed ({}); retrying in {delay} ms", e.message));
            }
        }
    }

    /// The notice reached the parent: it leaves the outbox, its tasks count as announced, and
    /// the next notice goes out.
    fn notice_arrived(&mut self, parent: &str, notice: u64, now: Timestamp) {
        let Some(p) = self.parents.get_mut(parent) else { return };
        p.failures = 0;
        p.delivery = Delivery::Idle;
        if let Some(n) = p.remove_notice(notice) {
            self.delivered(&n.tasks, now);
        }
        self.mark_dirty();
        self.pump(parent);
        self.refresh_parent_interest(parent);
    }

    /// The parent session is gone: its bookkeeping, pending notices, deadlines and interest go
    /// with it (the tasks those notices were owed start their retention). Returns what it held.
    pub(crate) fn drop_parent(&mut self, parent: &str, now: Timestamp) -> Option<ParentState> {
        let state = self.parents.remove(parent)?;
        self.abandon_notices(&state, now);
        self.timers.clear(&TimerKey::Coalesce(parent.to_string()));
        self.timers.clear(&TimerKey::Deliver(parent.to_string()));
        self.set_interest(parent, Interest::NONE);
        self.mark_dirty();
        Some(state)
    }

    pub(crate) fn retry_delivery(&mut self, parent: &str) {
        if let Some(p) = self.parents.get_mut(parent)
            && p.delivery == Delivery::Backoff
        {
            p.delivery = Delivery::Idle;
            self.pump(parent);
        }
    }

    /// An idle parent is a good moment to retry a failed delivery without waiting out the backoff.
    pub(crate) fn on_parent_idle(&mut self, parent: &str) {
        if self.parents.get(parent).is_some_and(|p| p.delivery == Delivery::Backoff) {
            self.timers.clear(&TimerKey::Deliver(parent.to_string()));
            self.retry_delivery(parent);
        }
    }

    /// Tasks whose notice reached the parent stay fully queryable for the retention time. A
    /// notice about a run that was resumed since announces nothing of the new run.
    fn delivered(&mut self, tasks: &[Announced], now: Timestamp) {
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
        let queued = state.outbox.iter().flat_map(|n| n.tasks.iter().map(|a| (&a.task, Some(a.generation))));
        let owed = queued.chain(state.fresh.iter().map(|id| (id, None)));
        let until = now.saturating_add(self.config.retention_ms);
        for (id, generation) in owed {
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
        if self.shutting_down {
            return None;
        }
        let p = self.parents.get(parent)?;
        if p.in_flight_notice().is_some() {
            return None;
        }
        if !p.fresh.is_empty() {
            self.flush_fresh(parent, now);
        }
        let p = self.parents.get_mut(parent)?;
        if p.in_flight_notice().is_some() {
            return None;
        }
        let taken = p.take_queued();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(id: u64) -> Notice {
        Notice {
            id,
            tasks: vec![Announced { task: format!("t{id}"), generation: 1 }],
            text: String::new(),
            wake: false,
            sent_at: None,
        }
    }

    #[test]
    fn injection_never_takes_the_notice_in_flight() {
        let mut p = ParentState::default();
        p.outbox.extend([notice(1), notice(2), notice(3)]);
        p.delivery = Delivery::Prompting { call: 9, notice: 1 };
        let taken: Vec<u64> = p.take_queued().iter().map(|n| n.id).collect();
        assert_eq!(taken, vec![2, 3]);
        assert_eq!(p.outbox.len(), 1);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let mut p = ParentState::default();
        let delays: Vec<u64> = (1..=7)
            .map(|f| {
                p.failures = f;
                p.backoff_ms(1_000, 30_000)
            })
            .collect();
        assert_eq!(delays, vec![1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    }
}
