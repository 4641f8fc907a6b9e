//! The manager: owns all state, takes inputs (each with the current time), queues effects.
//! This file holds the state and its plumbing (calls, interest, the one timer shown to the
//! host), `finish` (the one path into a terminal state), cancelling, shutdown, the snapshot and
//! the end of retention, and the test hooks. Its inputs are in the `dispatch` module (one file
//! per kind: launches, resume and track, queries, a child's events, notices, deletion,
//! restore and adoption); the decisions are made by sub-machines that own their state (`Notifier`,
//! `Lineage`, `Archive`, `Slots`, `Timers`, `Calls`, `Ledger`, `Prerequisites`, `Throttle`, `Panel`)
//! and by each `Task` (`completion.rs`, `activity.rs`, `health.rs`, `fallback.rs`), and the
//! manager turns them into effects.

use crate::FastMap;
use crate::api::*;
use crate::archive::{Archive, Archived};
use crate::calls::Calls;
use crate::config::{Config, CreateError};
use crate::effects::{Effect, Outbox};
use crate::format;
use crate::notify::Notifier;
use crate::queue::Slots;
use crate::snapshot::{SNAPSHOT_VERSION, SnapshotRef};
use crate::task::{Announce, Ending, Task};
use crate::tasks::Tasks;
use crate::timers::{TimerKey, Timers};

mod dispatch;

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
    /// `app.agents`: which agents may be launched, and what each may not do.
    Agents,
    /// An answer to a child's pending request (`background_reply`, or a cancel dismissing a
    /// question).
    Reply {
        task: String,
        request: String,
    },
    /// The abort of a child's turn for a message that starts the next one.
    Interrupt {
        task: String,
        generation: u64,
    },
    /// The view of a parent's tasks written into its metadata (or removed).
    Publish {
        parent: String,
        shows: crate::panel::Shown,
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
/// // Drain the effects: the manager reads OpenCode's agents (once), and the launch asks where
/// // the parent session sits (its lineage, and its restrictions, which the child inherits).
/// let mut timer = None;
/// let mut calls = Vec::new();
/// while let Some(effect) = m.poll_effect() {
///     match effect {
///         Effect::Call { id, request } => calls.push((id, request)),
///         Effect::SetTimer(at) => timer = at,
///         _ => {} // interest, persist, toast, log: the host performs them
///     }
/// }
/// let requests: Vec<&SdkRequest> = calls.iter().map(|(_, r)| r).collect();
/// assert_eq!(requests, [&SdkRequest::ListAgents, &SdkRequest::GetSession("ses_parent".into())]);
///
/// // OpenCode answers: `general` is a sub-agent, the parent a root session. The task is
/// // admitted and its child session created.
/// m.complete(t0 + 5, calls[0].0, Ok(r#"[{"name": "general", "mode": "subagent"}]"#.into()));
/// m.complete(t0 + 5, calls[1].0, Ok(r#"{"id": "ses_parent"}"#.into()));
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
    config: Config,
    /// Live tasks, indexed by id, by child session, and running or not.
    tasks: Tasks,
    /// Per-parent notice bookkeeping and delivery.
    notifier: Notifier,
    slots: Slots,
    /// What is left of tasks after their retention (bounded).
    archive: Archive,
    timers: Timers,
    calls: Calls<Purpose>,
    interests: FastMap<String, Interest>,
    out: Outbox,
    timer_shown: Option<Timestamp>,
    poll_in_flight: bool,
    shutting_down: bool,
    dirty: bool,
    malformed: u64,
    lineage: crate::lineage::Lineage,
    /// What each parent session's tasks spent in all (config `sessionBudget`).
    ledger: crate::budget::Ledger,
    /// OpenCode's agents (read once per instance, not saved).
    agents: crate::agents::Agents,
    /// Which tasks wait for which (derived from the tasks, not saved).
    prerequisites: crate::prerequisites::Prerequisites,
    /// Concurrency keys lowered after rate limits (`adaptiveConcurrency`).
    throttle: crate::throttle::Throttle,
    /// Publishing each parent's view of its tasks into its metadata (not saved).
    panel: crate::panel::Panel,
}

impl Manager {
    /// A manager from JSON config and, optionally, a snapshot of an earlier instance.
    pub fn new(config: &str, snapshot: Option<&str>, now: Timestamp) -> Result<Manager, CreateError> {
        let config = Config::from_json(config).map_err(CreateError::Config)?;
        let mut m = Manager::with_config(config);
        if let Some(text) = snapshot {
            m.restore(text, now).map_err(CreateError::Snapshot)?;
        }
        // Launches are checked against OpenCode's agents: read them before the first one comes.
        m.ask_for_agents();
        m.after_input(now);
        Ok(m)
    }

    pub(crate) fn with_config(config: Config) -> Manager {
        let mut out = Outbox::default();
        out.set_min_level(config.log_level);
        Manager {
            config,
            tasks: Tasks::default(),
            notifier: Notifier::default(),
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
            ledger: crate::budget::Ledger::default(),
            agents: Default::default(),
            prerequisites: Default::default(),
            throttle: Default::default(),
            panel: Default::default(),
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
        let child = self.tasks.of_session(parent).is_some_and(|t| t.status == TaskStatus::Running);
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
            if !self.tasks.any_running() {
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
        let waited_for = std::mem::take(&mut task.waiting_for);
        task.blocked = None;
        task.shed_run_state();
        let parent = task.parent.session_id.clone();
        let session = task.session_id.clone();
        let description = format!("{} ({})", task.description, format::usage_of(&task.progress));
        let error_text = task.error.clone();
        for timer in [
            TimerKey::Recheck(id.into()),
            TimerKey::TodoGrace(id.into()),
            TimerKey::NoAnswer(id.into()),
            TimerKey::QueueTtl(id.into()),
        ] {
            self.timers.clear(&timer);
        }
        self.tasks.mark_stopped(id);
        self.prerequisites.unwatch(id, &waited_for);
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
        self.show(&parent, crate::panel::Change::Status, now);
        if to == TaskStatus::Completed {
            self.completed_under(&key, now);
        }
        // Last: the tasks that ran after this one are decided (and may end in turn).
        self.prerequisite_ended(id, now);
    }

    pub(crate) fn release_slot(&mut self, key: &str, now: Timestamp) {
        let limit = self.limit_for(key);
        for next in self.slots.release(key, limit) {
            self.start(&next, now);
        }
    }

    /// The effective concurrency limit of `key`: the configured one, or lower while the key
    /// backs off after rate limits.
    pub(crate) fn limit_for(&self, key: &str) -> u32 {
        self.throttle.limit(key, self.config.limit_for(key))
    }

    /// Starts the waiters of `key` that its limit lets through now (it was raised, or the queues
    /// were just rebuilt).
    pub(crate) fn start_what_fits_under(&mut self, key: &str, now: Timestamp) {
        if self.slots.try_acquire(key, self.limit_for(key)) {
            self.release_slot(key, now);
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
            let id = m.authorized(caller, task_id)?.to_string();
            m.cancel_task(&id, options, "Cancelled on request", now)
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
            return Err(dispatch::not_found(id));
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
        self.dismiss_question(id);
        let announce = if options.notify_parent { Announce::ToParent } else { Announce::Quietly };
        self.finish(id, Ending::Cancelled { reason: reason.to_string(), announce }, now);
        self.tasks.get(id).map(Task::view).ok_or_else(|| RequestError::NotFound(id.to_string()))
    }

    /// Cancels every unfinished task of `parent`'s current batch; returns those it cancelled.
    /// The newest go first: a task that runs after another was launched after it, so it is
    /// cancelled as asked, not by the cascade from its prerequisite.
    pub fn cancel_all(&mut self, now: Timestamp, parent: &str, options: CancelOptions) -> Vec<TaskView> {
        let ids: Vec<String> = self.notifier.unfinished(parent);
        let mut cancelled: Vec<TaskView> = self.input(now, |m| {
            ids.iter().rev().filter_map(|id| m.cancel_task(id, options, "Cancelled on request", now).ok()).collect()
        });
        cancelled.reverse();
        cancelled
    }

    /// Aborts every running child, releases every slot, drops timers, persists once. The tasks
    /// that were running stay `running` in the final snapshot, marked suspended: a manager
    /// restored from it prompts their sessions to continue. After this the instance is finished
    /// and ignores further input.
    pub fn shutdown(&mut self, now: Timestamp) {
        if self.shutting_down {
            return;
        }
        let running: Vec<String> = self.tasks.running().cloned().collect();
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
    // ------------------------------------------------------------------ persistence and retention

    /// The whole state as versioned JSON (deterministic order).
    pub fn snapshot(&self) -> String {
        let (parents, next_notice) = self.notifier.saved();
        let snapshot = SnapshotRef {
            version: SNAPSHOT_VERSION,
            tasks: self.tasks.values().collect(),
            parents,
            slots: &self.slots,
            archive: self.archive.entries().collect(),
            timers: self.timers.entries(),
            call_epoch: self.calls.epoch(),
            next_notice,
            lineage: &self.lineage,
            ledger: &self.ledger,
            throttle: &self.throttle,
        };
        snapshot.into_json()
    }

    /// Retention is over: keep only what a late `background_output` needs.
    pub(crate) fn expire(&mut self, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get(id) else {
            return;
        };
        if !task.status.is_terminal() {
            return;
        }
        let Some(task) = self.tasks.remove(id) else {
            return;
        };
        // It leaves the person's view too.
        self.show(&task.parent.session_id, crate::panel::Change::Status, now);
        let evicted = self.archive.insert(Archived::of(task), self.config.archive_size as usize);
        for old in evicted {
            self.notifier.forget_task(&old.parent_session_id, &old.id);
        }
        self.mark_dirty();
    }

    /// Drops an id from the archive and from its parent's lists: from now on nothing refers to
    /// it, and it may name a new, unrelated task.
    pub(crate) fn forget_archived(&mut self, id: &str) {
        if let Some(archived) = self.archive.remove(id) {
            self.notifier.forget_task(&archived.parent_session_id, id);
        }
    }

    // ------------------------------------------------------------------ test hooks

    #[cfg(any(test, feature = "test-hooks"))]
    /// Checks the invariants that every input must preserve; the error names the first broken one.
    pub fn check_invariants(&self) -> Result<(), String> {
        if self.shutting_down {
            // A shut-down instance holds no slots; its tasks live on in the final snapshot.
            return Ok(());
        }
        self.tasks.check()?;
        if let Some(id) = crate::snapshot::take_stale() {
            return Err(format!("{id} changed without its JSON kept for snapshots being forgotten"));
        }
        let mut running_per_key: std::collections::BTreeMap<&str, u32> = Default::default();
        for task in self.tasks.values() {
            let id = &task.id;
            if task.status == TaskStatus::Running && task.holds_slot {
                *running_per_key.entry(task.concurrency_key.as_str()).or_default() += 1;
            }
            if task.status == TaskStatus::Running
                && task.phase() == crate::task::Phase::Unanswered
                && !self.timers.is_set(&crate::timers::TimerKey::NoAnswer(id.clone()))
            {
                return Err(format!("{id} waits to be asked for its answer without a deadline"));
            }
            let interrupting = task.status == TaskStatus::Running && task.phase() == crate::task::Phase::Interrupting;
            if interrupting != task.interrupt_message.is_some() && task.phase() != crate::task::Phase::Suspended {
                return Err(format!(
                    "{id} is interrupting ({interrupting}) without its message, or the other way round"
                ));
            }
            if task.announced > 1 {
                return Err(format!("{id} was announced {} times", task.announced));
            }
            // (Totals that overflowed saturate: only a sum that fits is compared.)
            let tokens = task.usage.values().try_fold((0u64, 0u64, 0u64, 0u64), |(i, o, r, c), u| {
                Some((
                    i.checked_add(u.input)?,
                    o.checked_add(u.output)?,
                    r.checked_add(u.reasoning)?,
                    c.checked_add(u.cache_read)?,
                ))
            });
            let p = &task.progress;
            if let Some(tokens) = tokens
                && tokens != (p.tokens_in, p.tokens_out, p.tokens_reasoning, p.tokens_cache_read)
            {
                return Err(format!(
                    "{id}'s token totals {:?} are not the sum over its messages {tokens:?}",
                    task.progress
                ));
            }
            if let Some(parent) = self.notifier.parent(&task.parent.session_id) {
                let listed = usize::from(parent.unfinished().contains(id));
                let expected = usize::from(!task.status.is_terminal());
                if listed != expected {
                    return Err(format!("{id} ({}) is listed {listed} times as unfinished", task.status.as_str()));
                }
            }
        }
        for (key, in_use, _) in self.slots.usage() {
            let running = running_per_key.get(key).copied().unwrap_or(0);
            if in_use != running {
                return Err(format!("key `{key}` holds {in_use} slots for {running} running tasks"));
            }
            let limit = self.config.limit_for(key);
            if limit != 0 && in_use > limit {
                return Err(format!("key `{key}` holds {in_use} slots, over its limit {limit}"));
            }
        }
        for (key, in_use, waiting) in self.slots.usage() {
            let limit = self.limit_for(key);
            if waiting > 0 && (limit == 0 || in_use < limit) {
                return Err(format!("{waiting} task(s) wait under `{key}` with {in_use} of {limit} slots held"));
            }
        }
        if !self.config.adaptive_concurrency && !self.throttle.is_empty() {
            return Err("keys are lowered with adaptiveConcurrency off".into());
        }
        if let Some((key, l)) = self.throttle.lowered().find(|(_, l)| l.limit == 0) {
            return Err(format!("`{key}` is lowered to {l:?}"));
        }
        for (key, running) in &running_per_key {
            if self.slots.usage().all(|(k, _, _)| k != *key) {
                return Err(format!("{running} tasks run under `{key}` without holding slots"));
            }
        }
        let mut waiting = 0usize;
        for (key, id) in self.slots.waiters() {
            waiting += 1;
            match self.tasks.get(&id) {
                Some(t) if t.status == TaskStatus::Pending && t.concurrency_key == key => {}
                _ => return Err(format!("{id} waits under `{key}` but is not a pending task of that key")),
            }
        }
        let pending = self.tasks.values().filter(|t| t.is_queued()).count();
        if waiting != pending {
            return Err(format!("{pending} pending tasks but {waiting} queue entries"));
        }
        self.notifier.check(|id| match self.tasks.get(id) {
            Some(t) if t.status.is_terminal() => Some((t.parent.session_id.clone(), crate::notify::Known::Ended)),
            Some(t) => Some((t.parent.session_id.clone(), crate::notify::Known::Unfinished)),
            None => self.archive.get(id).map(|a| (a.parent_session_id.clone(), crate::notify::Known::Archived)),
        })?;
        self.archive.check()?;
        if let Some(parent) = self.panel.armed().find(|p| !self.timers.is_set(&TimerKey::Publish(p.to_string()))) {
            return Err(format!("{parent}'s view is due to be published without a deadline"));
        }
        let publishing = self.calls.purposes().filter(|p| matches!(p, Purpose::Publish { .. })).count();
        if publishing != self.panel.in_flight() {
            return Err(format!("{publishing} publish calls in flight, the panel counts {}", self.panel.in_flight()));
        }
        self.check_prerequisites()
    }

    #[cfg(any(test, feature = "test-hooks"))]
    /// A task waits for prerequisites only while pending and not queued, for some of its own
    /// `after` that have not ended, each indexed; the index names nothing else; no cascade is
    /// left half done.
    fn check_prerequisites(&self) -> Result<(), String> {
        use crate::prerequisites::Standing;
        for task in self.tasks.values() {
            let id = &task.id;
            if task.awaits_prerequisites() && task.waiting_for.is_empty() {
                return Err(format!("{id} awaits prerequisites without naming any"));
            }
            let unqueued = task.awaits_prerequisites() || task.awaits_admission();
            if !task.waiting_for.is_empty() && !unqueued {
                return Err(format!("{id} ({}) waits for {:?}", task.status.as_str(), task.waiting_for));
            }
            for p in &task.waiting_for {
                if !task.after.contains(p) || !self.prerequisites.is_watched(p, id) {
                    return Err(format!("{id} waits for {p}, which it does not run after or is not indexed"));
                }
                if self.standing(p) != Standing::Unfinished {
                    return Err(format!("{id} waits for {p}, which has ended"));
                }
            }
        }
        for (p, d) in self.prerequisites.pairs() {
            if !self.tasks.get(d).is_some_and(|t| t.waiting_for.iter().any(|w| w == p)) {
                return Err(format!("the index says {d} waits for {p}; it does not"));
            }
        }
        if self.prerequisites.is_cascading() {
            return Err("a cascade of prerequisites was left half done".into());
        }
        Ok(())
    }

    #[cfg(any(test, feature = "test-hooks"))]
    /// How many delivered notices announced this task (None once it left the live table).
    pub fn announcements(&self, task_id: &str) -> Option<u32> {
        self.tasks.get(task_id).map(|t| t.announced)
    }

    #[cfg(any(test, feature = "test-hooks"))]
    /// The keys lowered after rate limits: each with its effective and its configured limit.
    pub fn lowered_limits(&self) -> Vec<(String, u32, u32)> {
        self.throttle.lowered().map(|(k, _)| (k.to_string(), self.limit_for(k), self.config.limit_for(k))).collect()
    }

    #[cfg(any(test, feature = "test-hooks"))]
    /// Slots held and tasks waiting, per concurrency key.
    pub fn slot_usage(&self) -> Vec<(String, u32, usize)> {
        self.slots.usage().map(|(k, u, w)| (k.to_string(), u, w)).collect()
    }
}
