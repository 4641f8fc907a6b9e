//! The manager: owns all state, takes inputs (each with the current time), queues effects.
//! This file holds the state and its plumbing (calls, interest, the one timer shown to the
//! host), `finish` (the one path into a terminal state), cancelling and shutdown. Inputs are
//! routed in `dispatch.rs`, launches are in `launch.rs`, completion detection in
//! `completion.rs`, parent notices in `notify.rs`, persistence in `snapshot.rs`, queries in
//! `queries.rs`.

use crate::FastMap;
use crate::api::*;
use crate::calls::Calls;
use crate::config::{Config, CreateError};
use crate::effects::{Effect, Outbox};
use crate::format;
use crate::notify::ParentState;
use crate::queue::Slots;
use crate::task::{Announce, Ending, Phase, Task};
use crate::timers::{TimerKey, Timers};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, VecDeque};

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

/// What is left of a task after retention: enough to answer a late `background_output`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Archived {
    pub id: String,
    pub description: String,
    pub agent: String,
    pub status: TaskStatus,
    pub parent_session_id: String,
    pub session_id: Option<String>,
    pub queued_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub result: Option<String>,
    pub error: Option<String>,
}

impl Archived {
    pub(crate) fn view(&self) -> TaskView {
        TaskView {
            id: self.id.clone(),
            description: self.description.clone(),
            agent: self.agent.clone(),
            model: None,
            status: self.status,
            parent_session_id: self.parent_session_id.clone(),
            session_id: self.session_id.clone(),
            queued_at: self.queued_at,
            started_at: self.started_at,
            completed_at: self.completed_at,
            error: self.error.clone(),
            result: self.result.clone(),
            progress: TaskProgress::default(),
            concurrency_key: String::new(),
            attempts: 1,
            depth: 0,
        }
    }
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
    pub(crate) parents: FastMap<String, ParentState>,
    /// Ids of running tasks: the poll and health checks visit these, never all tasks.
    pub(crate) running_ids: BTreeSet<String>,
    pub(crate) slots: Slots,
    /// Expired tasks by id, and their ids oldest first (the archive is bounded).
    pub(crate) archive: FastMap<String, Archived>,
    pub(crate) archive_order: VecDeque<String>,
    pub(crate) timers: Timers,
    pub(crate) calls: Calls<Purpose>,
    pub(crate) next_notice: u64,
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
            parents: FastMap::default(),
            running_ids: BTreeSet::new(),
            slots: Slots::default(),
            archive: FastMap::default(),
            archive_order: VecDeque::new(),
            timers: Timers::default(),
            calls: Calls::default(),
            next_notice: 1,
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

    /// The settings in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The next effect to perform, in order.
    pub fn poll_effect(&mut self) -> Option<Effect> {
        self.out.pop()
    }

    /// The earliest deadline; `on_timer` should run then.
    pub fn poll_timeout(&self) -> Option<Timestamp> {
        self.timers.earliest()
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
        let active = self.parents.get(parent).is_some_and(|p| p.is_active());
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
        let ids: Vec<String> = self.parents.get(parent).map(|p| p.unfinished.clone()).unwrap_or_default();
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
                task.phase = Phase::Suspended;
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
}
