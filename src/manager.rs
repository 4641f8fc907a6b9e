//! The manager: owns all state, takes inputs (each with the current time), queues effects.
//! This file holds the state and its plumbing (calls, interest, the one timer shown to the
//! host), `finish` (the one path into a terminal state), cancelling and shutdown. Inputs are
//! routed in `dispatch.rs`, launches are in `launch.rs`, completion detection in
//! `completion.rs`, parent notices in `notify.rs`, persistence in `snapshot.rs`, queries in
//! `queries.rs`.

use crate::FastMap;
use crate::api::*;
use crate::archive::Archive;
use crate::calls::Calls;
use crate::config::{Config, CreateError};
use crate::effects::{Effect, Outbox};
use crate::format;
use crate::notify::{Announced, Batch, ContextStep, Draft, EndStep, FIRST_PAGE, Notifier, ParentState, SentStep};
use crate::queue::Slots;
use crate::task::{Announce, Ending, Task};
use crate::timers::{TimerKey, Timers};
use std::collections::BTreeSet;

/// Why an SDK call was made, so its reply can be routed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    CreateSession {
        task: String,
        generation: u64,
    },
    Prompt {
        task: String,
        generation: u64,
    },
    Abort,
    Verify {
        task: String,
        generation: u64,
        epoch: u64,
    },
    Poll,
    /// A read of the parent's newest messages (`limit` of them, or all) before a notice.
    ParentContext {
        parent: String,
        limit: Option<u32>,
    },
    Notice {
        parent: String,
        notice: u64,
    },
    /// A `session.get` of the lineage walk; the chain ends with the session asked for.
    Lineage {
        chain: Vec<String>,
    },
}

/// The background-task manager: all state and every decision, no I/O and no clock.
///
/// A host drives it in a loop: it hands in an input with the current time (a tool call such as
/// [`Manager::launch`], a bus event through [`Manager::handle_event`], the reply to an SDK call
/// through [`Manager::complete`], its one timer through [`Manager::on_timer`]), then drains
/// [`Manager::poll_effect`] and performs each [`Effect`] in order: an SDK call whose reply comes
/// back through `complete`, the one deadline to wake it at, which sessions' events to relay, a
/// snapshot to store, a toast, a log line.
///
/// ```
/// use background_agent::{Effect, LaunchRequest, Manager, SdkRequest};
///
/// let t0 = 1_700_000_000_000;
/// let mut m = Manager::new("{}", None, t0).expect("the default config");
/// let launch = LaunchRequest {
///     parent_session_id: "ses_parent".into(),
///     description: "Survey the docs".into(),
///     prompt: "Read docs/ and summarise it.".into(),
///     agent: "general".into(),
///     ..LaunchRequest::default()
/// };
/// let task = m.launch(t0, [7; 16], launch).expect("launched");
///
/// // Drain the effects: the launch asks OpenCode where the parent session sits (its lineage).
/// let mut timer = None;
/// let mut calls = Vec::new();
/// while let Some(effect) = m.poll_effect() {
///     match effect {
///         Effect::Call { id, request } => calls.push((id, request)),
///         Effect::SetTimer(at) => timer = at,
///         _ => {} // interest, persist, toast, log: the host performs them
///     }
/// }
/// let (id, request) = calls.remove(0);
/// assert_eq!(request, SdkRequest::GetSession("ses_parent".into()));
///
/// // OpenCode answers: a root session. The task is admitted and its child session created.
/// m.complete(t0 + 5, id, Ok(r#"{"id":"ses_parent"}"#.into()));
/// let creates = std::iter::from_fn(|| m.poll_effect())
///     .filter(|e| matches!(e, Effect::Call { request: SdkRequest::CreateSession { .. }, .. }))
///     .count();
/// assert_eq!(creates, 1);
///
/// // Nothing happens until an input arrives; the one timer wakes the manager when it is due.
/// if let Some(at) = timer {
///     m.on_timer(at);
/// }
/// assert_eq!(m.get("ses_parent", &task.id).map(|t| t.status.as_str()), Ok("running"));
/// ```
pub struct Manager {
    pub(crate) config: Config,
    pub(crate) tasks: FastMap<String, Task>,
    /// Child session id -> task id.
    pub(crate) by_session: FastMap<String, String>,
    /// Per-parent notice bookkeeping and delivery.
    pub(crate) notifier: Notifier,
    /// Ids of running tasks: the poll and health checks visit these, never all tasks.
    pub(crate) running_ids: BTreeSet<String>,
    pub(crate) slots: Slots,
    /// What is left of tasks after their retention (bounded).
    pub(crate) archive: Archive,
    pub(crate) timers: Timers,
    pub(crate) calls: Calls<Purpose>,
    interests: FastMap<String, Interest>,
    pub(crate) out: Outbox,
    timer_shown: Option<Timestamp>,
    pub(crate) poll_in_flight: bool,
    pub(crate) shutting_down: bool,
    pub(crate) dirty: bool,
    pub(crate) malformed: u64,
    pub(crate) lineage: crate::lineage::Lineage,
}

impl Manager {
    /// A manager from JSON config and, optionally, a snapshot of an earlier instance.
    pub fn new(config: &str, snapshot: Option<&str>, now: Timestamp) -> Result<Manager, CreateError> {
        let config = Config::from_json(config).map_err(CreateError::Config)?;
        let mut m = Manager::with_config(config);
        if let Some(text) = snapshot {
            m.restore(text, now).map_err(CreateError::Snapshot)?;
        }
        m.after_input(now);
        Ok(m)
    }

    pub(crate) fn with_config(config: Config) -> Manager {
        let mut out = Outbox::default();
        out.set_min_level(config.log_level);
        Manager {
            config,
            tasks: FastMap::default(),
            by_session: FastMap::default(),
            notifier: Notifier::default(),
            running_ids: BTreeSet::new(),
            slots: Slots::default(),
            archive: Archive::default(),
            timers: Timers::default(),
            calls: Calls::default(),
            interests: FastMap::default(),
            out,
            timer_shown: None,
            poll_in_flight: false,
            shutting_down: false,
            dirty: false,
            malformed: 0,
            lineage: Default::default(),
        }
    }

    /// The next effect to perform, in order.
    pub fn poll_effect(&mut self) -> Option<Effect> {
        self.out.pop()
    }

    // ------------------------------------------------------------------ plumbing

    /// Starts an SDK call. Its deadline is set when the current input ends (`after_input`).
    pub(crate) fn call(&mut self, purpose: Purpose, request: SdkRequest) -> CallId {
        let id = self.calls.start(purpose);
        self.out.push(Effect::Call { id, request });
        id
    }

    pub(crate) fn set_interest(&mut self, session_id: &str, interest: Interest) {
        let current = self.interests.get(session_id).copied().unwrap_or(Interest::NONE);
        if current == interest {
            return;
        }
        if interest == Interest::NONE {
            self.interests.remove(session_id);
        } else {
            self.interests.insert(session_id.to_string(), interest);
        }
        self.out.push(Effect::SetInterest { session_id: session_id.to_string(), interest });
    }

    /// Parents are watched (for deletion, and for idle as a delivery hint) while they have
    /// work; child sessions while their task runs.
    pub(crate) fn refresh_parent_interest(&mut self, parent: &str) {
        let active = self.notifier.is_active(parent);
        let child = self
            .by_session
            .get(parent)
            .and_then(|id| self.tasks.get(id))
            .is_some_and(|t| t.status == TaskStatus::Running);
        let mut interest = if active { Interest::PARENT } else { Interest::NONE };
        if child {
            interest = interest.union(Interest::CHILD);
        }
        self.set_interest(parent, interest);
    }

    /// The host's timer fired: whatever deadline it held is gone.
    pub(crate) fn forget_shown_timer(&mut self) {
        self.timer_shown = None;
    }

    pub(crate) fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    /// The debounced snapshot write is due: one snapshot of everything that changed since.
    pub(crate) fn persist_if_dirty(&mut self) {
        if self.dirty {
            self.dirty = false;
            let snapshot = self.snapshot();
            self.out.push(Effect::Persist(snapshot));
        }
    }

    /// Handles one input: `handle`, then what every input ends with (`after_input`).
    pub(crate) fn input<R>(&mut self, now: Timestamp, handle: impl FnOnce(&mut Manager) -> R) -> R {
        let result = handle(self);
        self.after_input(now);
        result
    }

    /// Runs after every input: keeps the poll going while tasks run, schedules a coalesced
    /// snapshot write, and shows the host the earliest deadline when it moved.
    pub(crate) fn after_input(&mut self, now: Timestamp) {
        if !self.shutting_down {
            if self.running_ids.is_empty() {
                self.timers.clear(&TimerKey::Poll);
            } else {
                self.timers.set_if_absent(TimerKey::Poll, now.saturating_add(self.config.poll_interval_ms));
            }
            if self.dirty {
                self.timers.set_if_absent(TimerKey::Persist, now.saturating_add(self.config.persist_debounce_ms));
            }
            self.calls.stamp(now, self.config.call_timeout_ms);
            match self.calls.next_deadline() {
                Some(at) => self.timers.set(TimerKey::CallDeadline, at),
                None => self.timers.clear(&TimerKey::CallDeadline),
            }
        }
        let earliest = self.timers.earliest();
        if earliest != self.timer_shown {
            self.timer_shown = earliest;
            self.out.push(Effect::SetTimer(earliest));
        }
    }

    // ------------------------------------------------------------------ finish / cancel

    /// The one path into a terminal state: releases the slot at once (the next waiter starts),
    /// clears the task's timers, stops watching its session, and queues its notice.
    pub(crate) fn finish(&mut self, id: &str, ending: Ending, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        let was = task.status;
        let to = ending.status();
        if task.transition(to, now).is_err() {
            return;
        }
        let announce = match ending {
            Ending::Completed { result } => {
                task.result = Some(result);
                Announce::ToParent
            }
            Ending::Failed { error } | Ending::Interrupted { error } => {
                task.error = Some(error);
                Announce::ToParent
            }
            Ending::Cancelled { reason, announce } => {
                task.error = Some(reason);
                announce
            }
        };
        let key = task.concurrency_key.clone();
        let held = std::mem::replace(&mut task.holds_slot, true);
        task.blocked = None;
        let parent = task.parent.session_id.clone();
        let session = task.session_id.clone();
        let description = task.description.clone();
        let error_text = task.error.clone();
        for timer in [
            TimerKey::Recheck(id.into()),
            TimerKey::TodoGrace(id.into()),
            TimerKey::NoAnswer(id.into()),
            TimerKey::QueueTtl(id.into()),
        ] {
            self.timers.clear(&timer);
        }
        self.running_ids.remove(id);
        match was {
            TaskStatus::Running if held => self.release_slot(&key, now),
            TaskStatus::Pending => {
                self.slots.remove_waiter(&key, id);
            }
            _ => {}
        }
        if let Some(session) = &session {
            self.refresh_parent_interest(session);
        }
        self.release_reservation(id);
        self.out.push(Effect::TaskSettled(id.to_string()));
        let (title, variant) = match to {
            TaskStatus::Completed => ("Background task completed", ToastVariant::Success),
            TaskStatus::Cancelled => ("Background task cancelled", ToastVariant::Warning),
            _ => ("Background task failed", ToastVariant::Error),
        };
        let message = match &error_text {
            Some(e) if to != TaskStatus::Completed => {
                format!("{description}: {}", format::clip(e, 200))
            }
            _ => description,
        };
        self.out.push(Effect::Toast(Toast { title: title.into(), message, variant, duration_ms: 5_000 }));
        self.out.log(LogLevel::Info, format!("{id} {} ({})", to.as_str(), error_text.as_deref().unwrap_or("ok")));
        self.task_terminal(&parent, id, announce, now);
        self.mark_dirty();
    }

    pub(crate) fn release_slot(&mut self, key: &str, now: Timestamp) {
        let limit = self.config.limit_for(key);
        for next in self.slots.release(key, limit) {
            self.start(&next, now);
        }
    }

    /// Ends a running or queued task as cancelled on behalf of `caller` (who must be its parent
    /// or above it, with `restrictToLineage`).
    pub fn cancel(
        &mut self,
        now: Timestamp,
        caller: &str,
        task_id: &str,
        options: CancelOptions,
    ) -> Result<TaskView, RequestError> {
        self.input(now, |m| {
            m.authorize(caller, task_id).and_then(|()| m.cancel_task(task_id, options, "Cancelled on request", now))
        })
    }

    pub(crate) fn cancel_task(
        &mut self,
        id: &str,
        options: CancelOptions,
        reason: &str,
        now: Timestamp,
    ) -> Result<TaskView, RequestError> {
        let Some(task) = self.tasks.get_mut(id) else {
            return Err(RequestError::NotFound(format!("No background task with id `{id}`.")));
        };
        if task.status.is_terminal() {
            return Err(RequestError::Conflict(format!("Task `{id}` already ended as {}.", task.status.as_str())));
        }
        if options.abort_session
            && task.status == TaskStatus::Running
            && let Some(session) = task.session_id.clone()
        {
            self.call(Purpose::Abort, SdkRequest::AbortSession(session));
        }
        let announce = if options.notify_parent { Announce::ToParent } else { Announce::Quietly };
        self.finish(id, Ending::Cancelled { reason: reason.to_string(), announce }, now);
        self.tasks.get(id).map(Task::view).ok_or_else(|| RequestError::NotFound(id.to_string()))
    }

    /// Cancels every unfinished task of `parent`'s current batch; returns those it cancelled.
    pub fn cancel_all(&mut self, now: Timestamp, parent: &str, options: CancelOptions) -> Vec<TaskView> {
        let ids: Vec<String> = self.notifier.unfinished(parent).to_vec();
        self.input(now, |m| {
            ids.iter().filter_map(|id| m.cancel_task(id, options, "Cancelled on request", now).ok()).collect()
        })
    }

    /// Aborts every running child, releases every slot, drops timers, persists once. The tasks
    /// that were running stay `running` in the final snapshot, marked suspended: a manager
    /// restored from it prompts their sessions to continue. After this the instance is finished
    /// and ignores further input.
    pub fn shutdown(&mut self, now: Timestamp) {
        if self.shutting_down {
            return;
        }
        let running: Vec<String> = self.running_ids.iter().cloned().collect();
        for id in running {
            let Some(task) = self.tasks.get_mut(&id) else { continue };
            if let Some(session) = task.session_id.clone() {
                task.suspend();
                self.call(Purpose::Abort, SdkRequest::AbortSession(session));
            }
        }
        self.shutting_down = true;
        // The final snapshot keeps every deadline (retention, queue TTL, …) and the queues: a
        // restored manager takes its deadlines from it. Only then is this instance emptied.
        let snapshot = self.snapshot();
        self.slots.clear();
        self.timers.clear_all();
        self.out.push(Effect::Persist(snapshot));
        self.dirty = false;
        self.after_input(now);
    }
    // ------------------------------------------------------------------ notices

    /// A task of `parent` ended: a notice will carry it (the coalescing window opens), or its
    /// retention starts now, or it would never leave the live table.
    fn task_terminal(&mut self, parent: &str, id: &str, announce: Announce, now: Timestamp) {
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
