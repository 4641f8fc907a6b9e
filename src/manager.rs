//! The manager: owns all state, takes inputs (each with the current time), queues effects.
//! This file holds the state, launching, starting, finishing and cancelling tasks, and the
//! queries. Completion detection is in `completion.rs`, parent notices in `notify.rs`,
//! persistence in `snapshot.rs`.

use crate::api::*;
use crate::config::{Config, ConfigError};
use crate::effects::{Effect, Outbox};
use crate::format;
use crate::ids;
use crate::notify::ParentState;
use crate::queue::Slots;
use crate::task::{ParentRef, Phase, Reservation, Task};
use crate::timers::{TimerKey, Timers};
use serde::{Deserialize, Serialize};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::hash::BuildHasherDefault;

/// A hash map with a fixed hasher: the same inputs give the same iteration order, so the core
/// stays deterministic (and no randomness source is needed inside the component).
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<DefaultHasher>>;

/// Why an SDK call was made, so its reply can be routed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    CreateSession {
        task: String,
    },
    Prompt {
        task: String,
    },
    Abort,
    Verify {
        task: String,
        epoch: u64,
    },
    Poll,
    ParentContext {
        parent: String,
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
    pub fn view(&self) -> TaskView {
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

pub struct Manager {
    pub(crate) config: Config,
    pub(crate) tasks: FastMap<String, Task>,
    /// Child session id -> task id.
    pub(crate) by_session: FastMap<String, String>,
    pub(crate) parents: FastMap<String, ParentState>,
    /// Ids of running tasks: the poll and health checks visit these, never all tasks.
    pub(crate) running: BTreeSet<String>,
    pub(crate) slots: Slots,
    /// Expired tasks by id, and their ids oldest first (the archive is bounded).
    pub(crate) archive: FastMap<String, Archived>,
    pub(crate) archive_order: VecDeque<String>,
    pub(crate) timers: Timers,
    pub(crate) calls: FastMap<CallId, Purpose>,
    /// Call ids are `epoch << 32 | counter`; a restored instance takes a new epoch so replies
    /// meant for an earlier instance are recognised as unknown.
    pub(crate) call_epoch: u64,
    pub(crate) next_call: u64,
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
    pub fn new(config: &str, snapshot: Option<&str>, now: Timestamp) -> Result<Manager, ConfigError> {
        let config = Config::from_json(config)?;
        let mut m = Manager::with_config(config);
        if let Some(text) = snapshot {
            m.restore(text, now).map_err(ConfigError)?;
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
            running: BTreeSet::new(),
            slots: Slots::default(),
            archive: FastMap::default(),
            archive_order: VecDeque::new(),
            timers: Timers::default(),
            calls: FastMap::default(),
            call_epoch: 1,
            next_call: 1,
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

    pub(crate) fn call(&mut self, purpose: Purpose, request: SdkRequest) -> CallId {
        let id = (self.call_epoch << 32) | (self.next_call & 0xffff_ffff);
        self.next_call = self.next_call.wrapping_add(1);
        self.calls.insert(id, purpose);
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

    /// Runs after every input: keeps the poll going while tasks run, schedules a coalesced
    /// snapshot write, and shows the host the earliest deadline when it moved.
    pub(crate) fn after_input(&mut self, now: Timestamp) {
        if !self.shutting_down {
            if self.running.is_empty() {
                self.timers.clear(&TimerKey::Poll);
            } else {
                self.timers.set_if_absent(TimerKey::Poll, now.saturating_add(self.config.poll_interval_ms));
            }
            if self.dirty {
                self.timers.set_if_absent(TimerKey::Persist, now.saturating_add(self.config.persist_debounce_ms));
            }
        }
        let earliest = self.timers.earliest();
        if earliest != self.timer_shown {
            self.timer_shown = earliest;
            self.out.push(Effect::SetTimer(earliest));
        }
    }

    // ------------------------------------------------------------------ launch / start

    pub fn launch(&mut self, now: Timestamp, entropy: [u8; 16], req: LaunchRequest) -> Result<TaskView, RequestError> {
        let view = self.launch_inner(now, entropy, req);
        self.after_input(now);
        view
    }

    fn launch_inner(
        &mut self,
        now: Timestamp,
        entropy: [u8; 16],
        req: LaunchRequest,
    ) -> Result<TaskView, RequestError> {
        if self.shutting_down {
            return Err(RequestError::ShuttingDown);
        }
        for (name, value) in [
            ("description", &req.description),
            ("prompt", &req.prompt),
            ("agent", &req.agent),
            ("parent session id", &req.parent_session_id),
        ] {
            if value.trim().is_empty() {
                return Err(RequestError::Invalid(format!("`{name}` must not be empty")));
            }
        }
        let max = self.config.max_prompt_bytes as usize;
        if req.prompt.len() > max {
            return Err(RequestError::Invalid(format!(
                "the prompt is {} bytes; the limit is {max} (config `maxPromptBytes`)",
                req.prompt.len()
            )));
        }
        if req.description.len() > 1024 || req.agent.len() > 256 {
            return Err(RequestError::Invalid("`description` (1 KiB) or `agent` (256 B) is too long".into()));
        }
        if let Some(m) = &req.model
            && (m.provider_id.is_empty() || m.model_id.is_empty())
        {
            return Err(RequestError::Invalid("`model` must be of the form provider/model".into()));
        }

        // Where the parent sits, if known now; otherwise the launch waits for `session.get`.
        let admitted = match self.place_of(&req.parent_session_id) {
            Some(place) => Some(self.admit(&place).map_err(RequestError::Limit)?),
            None => None,
        };
        let mut id = ids::task_id(entropy);
        // A collision is astronomically unlikely, but a duplicate id must never replace a task.
        let mut salt = 0u8;
        while self.tasks.contains_key(&id) || self.archive.contains_key(&id) {
            salt = salt.wrapping_add(1);
            let mut e = entropy;
            e[0] ^= salt;
            e[15] = e[15].wrapping_add(salt);
            id = ids::task_id(e);
        }
        let key = req.model.as_ref().map_or_else(|| req.agent.clone(), ModelRef::key);
        let fallback = if req.fallback.is_empty() {
            self.config.fallback_for(req.model.as_ref(), &req.agent)
        } else {
            req.fallback
        };
        let parent = ParentRef {
            session_id: req.parent_session_id.clone(),
            message_id: req.parent_message_id,
            agent: req.parent_agent.clone(),
            model: req.parent_model.clone(),
        };
        let mut task = Task::new(id.clone(), req.description, req.agent, parent, key.clone(), now);
        task.prompt = req.prompt;
        task.model = req.model;
        task.system = req.system;
        task.fallback = fallback;
        if let Some((depth, root)) = admitted.clone() {
            task.depth = depth;
            task.root_session_id = root;
            task.reservation = Reservation::Held;
        }
        self.tasks.insert(id.clone(), task);
        let parent = self.parents.entry(req.parent_session_id.clone()).or_default();
        parent.tasks.push(id.clone());
        parent.unfinished.push(id.clone());
        if req.parent_agent.is_some() {
            parent.agent = req.parent_agent;
        }
        if req.parent_model.is_some() {
            parent.model = req.parent_model;
        }
        self.refresh_parent_interest(&req.parent_session_id);
        self.mark_dirty();

        if admitted.is_some() {
            self.enqueue_or_start(&id, now);
        } else {
            self.await_lineage(&id, &req.parent_session_id);
        }
        let view = self.tasks.get(&id).map(Task::view).ok_or_else(|| RequestError::NotFound(id.clone()))?;
        let (running, queued) = self.parent_counts(&view.parent_session_id);
        self.out.push(Effect::Toast(Toast {
            title: "Background task launched".into(),
            message: format!("{}: running {running}, queued {queued}", view.description),
            variant: ToastVariant::Info,
            duration_ms: 3_000,
        }));
        Ok(view)
    }

    /// Takes a slot and starts the task, or queues it behind its key's waiters.
    pub(crate) fn enqueue_or_start(&mut self, id: &str, now: Timestamp) {
        let Some(key) = self.tasks.get(id).map(|t| t.concurrency_key.clone()) else { return };
        let limit = self.config.limit_for(&key);
        if self.slots.try_acquire(&key, limit) {
            self.start(id, now);
        } else {
            self.slots.enqueue(&key, id);
            self.timers.set(TimerKey::QueueTtl(id.to_string()), now.saturating_add(self.config.queue_ttl_ms));
            self.out.log(LogLevel::Info, format!("{id} queued behind concurrency key `{key}` (limit {limit})"));
        }
    }

    /// Running and queued tasks of one parent.
    pub(crate) fn parent_counts(&self, parent: &str) -> (usize, usize) {
        let Some(p) = self.parents.get(parent) else {
            return (0, 0);
        };
        p.unfinished.iter().filter_map(|id| self.tasks.get(id)).fold((0, 0), |(r, q), t| match t.status {
            TaskStatus::Running => (r + 1, q),
            TaskStatus::Pending => (r, q + 1),
            _ => (r, q),
        })
    }

    /// The permission rules of a child session: nothing that would stall an unattended
    /// child, no further background tasks unless the agent may delegate.
    fn child_permissions(&self, agent: &str) -> Vec<PermissionRule> {
        let deny =
            |p: &str| PermissionRule { permission: p.to_string(), pattern: "*".into(), action: PermissionAction::Deny };
        let mut rules = vec![deny("question")];
        if !self.config.delegating_agents.iter().any(|a| a == agent) {
            for tool in
                ["background_task", "background_output", "background_cancel", "background_list", "background_resume"]
            {
                rules.push(deny(tool));
            }
        }
        if let Some(extra) = self.config.agent_denies.get(agent) {
            rules.extend(extra.iter().map(|t| deny(t)));
        }
        rules
    }

    /// A task got its slot: create its child session.
    pub(crate) fn start(&mut self, id: &str, now: Timestamp) {
        let permission = match self.tasks.get(id) {
            Some(t) => self.child_permissions(&t.agent),
            None => return,
        };
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        if task.transition(TaskStatus::Running, now).is_err() {
            return;
        }
        task.holds_slot = true;
        task.abort_on_create = false;
        let resume = (task.resume_prompt.take(), task.session_id.clone());
        self.timers.clear(&TimerKey::QueueTtl(id.to_string()));
        self.running.insert(id.to_string());
        self.dirty = true;
        let Some(task) = self.tasks.get_mut(id) else { return };
        if let (Some(prompt), Some(session)) = resume {
            // Resuming: the child session exists, continue it.
            task.phase = Phase::Working;
            let request = PromptSession {
                session_id: session.clone(),
                agent: Some(task.agent.clone()),
                model: task.model.clone(),
                system: None,
                parts: vec![prompt],
                no_reply: false,
            };
            self.by_session.insert(session.clone(), id.to_string());
            self.set_interest(&session, Interest::CHILD);
            self.call(Purpose::Prompt { task: id.to_string() }, SdkRequest::PromptSession(request));
            return;
        }
        task.phase = Phase::CreatingSession;
        let request = SdkRequest::CreateSession {
            parent_id: task.parent.session_id.clone(),
            title: format!("{} (@{} background)", task.description, task.agent),
            permission,
        };
        self.call(Purpose::CreateSession { task: id.to_string() }, request);
    }

    pub(crate) fn on_session_created(&mut self, id: &str, reply: Result<String, SdkError>, now: Timestamp) {
        let Some(task) = self.tasks.get(id) else {
            return;
        };
        let session_id = reply.as_ref().ok().and_then(|json| {
            serde_json::from_str::<serde_json::Value>(json).ok()?.get("id")?.as_str().map(str::to_string)
        });
        match (task.status, task.phase.clone(), session_id) {
            // Cancelled (or finished) while the session was being created: abort it, never prompt.
            (status, _, Some(session)) if status != TaskStatus::Running || task.abort_on_create => {
                self.call(Purpose::Abort, SdkRequest::AbortSession(session.clone()));
                if let Some(t) = self.tasks.get_mut(id) {
                    t.session_id.get_or_insert(session.clone());
                }
                self.by_session.insert(session, id.to_string());
            }
            (TaskStatus::Running, Phase::CreatingSession, Some(session)) => {
                let Some(task) = self.tasks.get_mut(id) else {
                    return;
                };
                task.session_id = Some(session.clone());
                task.phase = Phase::Working;
                let prompt = PromptSession {
                    session_id: session.clone(),
                    agent: Some(task.agent.clone()),
                    model: task.model.clone(),
                    system: task.system.clone(),
                    parts: vec![task.prompt.clone()],
                    no_reply: false,
                };
                self.by_session.insert(session.clone(), id.to_string());
                self.set_interest(&session, Interest::CHILD);
                self.call(Purpose::Prompt { task: id.to_string() }, SdkRequest::PromptSession(prompt));
                self.mark_dirty();
            }
            (TaskStatus::Running, Phase::CreatingSession, None) => {
                let reason = match reply {
                    Err(e) => e.message,
                    Ok(_) => "the reply carried no session id".to_string(),
                };
                self.finish(
                    id,
                    TaskStatus::Error,
                    Some(format!("Could not create the child session: {reason}")),
                    None,
                    now,
                    true,
                );
            }
            _ => {}
        }
    }

    pub(crate) fn on_prompt_sent(&mut self, id: &str, reply: Result<String, SdkError>, now: Timestamp) {
        let Err(err) = reply else { return };
        let Some(task) = self.tasks.get(id) else {
            return;
        };
        if task.status != TaskStatus::Running {
            return;
        }
        let lower = err.message.to_lowercase();
        let agent_unknown = lower.contains("agent") && lower.contains("not found");
        if !agent_unknown
            && !task.fallback.is_empty()
            && crate::fallback::is_retryable(&err.name, &err.message, err.status)
        {
            return self.fail_or_fall_back(id, &err.name, &err.message, err.status, now);
        }
        let message = if agent_unknown {
            format!(
                "Agent \"{}\" not found. Make sure the agent is registered in your opencode.json or provided by a plugin.",
                task.agent
            )
        } else {
            format!("Could not prompt the child session: {}", err.message)
        };
        if let Some(session) = task.session_id.clone() {
            self.call(Purpose::Abort, SdkRequest::AbortSession(session));
        }
        self.finish(id, TaskStatus::Interrupted, Some(message), None, now, true);
    }

    // ------------------------------------------------------------------ finish / cancel

    /// The one path into a terminal state: releases the slot at once (the next waiter starts),
    /// clears the task's timers, stops watching its session, and queues its notice.
    pub(crate) fn finish(
        &mut self,
        id: &str,
        to: TaskStatus,
        error: Option<String>,
        result: Option<String>,
        now: Timestamp,
        notify: bool,
    ) {
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        let was = task.status;
        if task.transition(to, now).is_err() {
            return;
        }
        if error.is_some() {
            task.error = error;
        }
        if result.is_some() {
            task.result = result;
        }
        let key = task.concurrency_key.clone();
        let held = std::mem::replace(&mut task.holds_slot, true);
        task.blocked_on = None;
        let parent = task.parent.session_id.clone();
        let session = task.session_id.clone();
        let description = task.description.clone();
        let error_text = task.error.clone();
        for timer in [TimerKey::Recheck(id.into()), TimerKey::TodoGrace(id.into()), TimerKey::QueueTtl(id.into())] {
            self.timers.clear(&timer);
        }
        self.running.remove(id);
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
        self.task_terminal(&parent, id, notify, now);
        self.mark_dirty();
    }

    pub(crate) fn release_slot(&mut self, key: &str, now: Timestamp) {
        let limit = self.config.limit_for(key);
        for next in self.slots.release(key, limit) {
            self.start(&next, now);
        }
    }

    pub fn cancel(
        &mut self,
        now: Timestamp,
        caller: &str,
        task_id: &str,
        options: CancelOptions,
    ) -> Result<TaskView, RequestError> {
        let result = self
            .authorize(caller, task_id)
            .and_then(|()| self.cancel_inner(task_id, options, "Cancelled on request", now));
        self.after_input(now);
        result
    }

    pub(crate) fn cancel_inner(
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
        if task.phase == Phase::CreatingSession {
            task.abort_on_create = true;
        }
        if options.abort_session
            && task.status == TaskStatus::Running
            && let Some(session) = task.session_id.clone()
        {
            self.call(Purpose::Abort, SdkRequest::AbortSession(session));
        }
        self.finish(id, TaskStatus::Cancelled, Some(reason.to_string()), None, now, options.notify_parent);
        self.tasks.get(id).map(Task::view).ok_or_else(|| RequestError::NotFound(id.to_string()))
    }

    pub fn cancel_all(&mut self, now: Timestamp, parent: &str, options: CancelOptions) -> Vec<TaskView> {
        let ids: Vec<String> = self.parents.get(parent).map(|p| p.unfinished.clone()).unwrap_or_default();
        let cancelled =
            ids.iter().filter_map(|id| self.cancel_inner(id, options, "Cancelled on request", now).ok()).collect();
        self.after_input(now);
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
        let running: Vec<String> = self.running.iter().cloned().collect();
        for id in running {
            let Some(task) = self.tasks.get_mut(&id) else { continue };
            if let Some(session) = task.session_id.clone() {
                task.phase = Phase::Suspended;
                self.call(Purpose::Abort, SdkRequest::AbortSession(session));
            }
        }
        self.shutting_down = true;
        self.slots.clear();
        self.timers.clear_all();
        let snapshot = self.snapshot();
        self.out.push(Effect::Persist(snapshot));
        self.dirty = false;
        self.after_input(now);
    }
}
