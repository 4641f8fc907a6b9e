//! Continuing work: `resume` sends a new prompt to a finished task's child session, and
//! `track` adopts a session started elsewhere so that its end is announced like a task's.

use crate::api::*;
use crate::manager::Manager;
use crate::task::{ParentRef, Phase, Reservation, Task};
use crate::timers::TimerKey;

impl Manager {
    /// `task` is a task id or a child session id. Resuming a running or queued task changes
    /// nothing and returns it as it is.
    pub fn resume(&mut self, now: Timestamp, caller: &str, task: &str, prompt: &str) -> Result<TaskView, RequestError> {
        let result = self.resume_inner(now, caller, task, prompt);
        self.after_input(now);
        result
    }

    fn resume_inner(
        &mut self,
        now: Timestamp,
        caller: &str,
        task: &str,
        prompt: &str,
    ) -> Result<TaskView, RequestError> {
        if self.shutting_down {
            return Err(RequestError::ShuttingDown);
        }
        let id = match self.by_session.get(task) {
            Some(id) => id.clone(),
            None => task.to_string(),
        };
        self.authorize(caller, &id)?;
        if prompt.trim().is_empty() {
            return Err(RequestError::Invalid("`prompt` must not be empty".into()));
        }
        if prompt.len() > self.config.max_prompt_bytes as usize {
            return Err(RequestError::Invalid(format!(
                "the prompt is {} bytes; the limit is {} (config `maxPromptBytes`)",
                prompt.len(),
                self.config.max_prompt_bytes
            )));
        }
        let Some(t) = self.tasks.get_mut(&id) else {
            return Err(RequestError::Conflict(format!(
                "Task `{id}` finished too long ago to be resumed (only its result is kept); launch a new task."
            )));
        };
        if !t.status.is_terminal() {
            return Ok(t.view());
        }
        if t.session_id.is_none() {
            return Err(RequestError::Conflict(format!(
                "Task `{id}` never started a session; launch a new task instead."
            )));
        }
        t.resume_prompt = Some(prompt.to_string());
        t.error = None;
        t.result = None;
        t.announced = 0;
        t.stale_warned = false;
        t.blocked_on = None;
        t.phase = Phase::Idle;
        let parent = t.parent.session_id.clone();
        self.timers.clear(&TimerKey::Retention(id.clone()));
        let p = self.parents.entry(parent.clone()).or_default();
        if !p.unfinished.contains(&id) {
            p.unfinished.push(id.clone());
        }
        p.batch.retain(|b| b != &id);
        p.quiet.retain(|b| b != &id);
        self.refresh_parent_interest(&parent);
        let key = self.tasks.get(&id).map(|t| t.concurrency_key.clone()).unwrap_or_default();
        let limit = self.config.limit_for(&key);
        if self.slots.try_acquire(&key, limit) {
            self.start(&id, now);
        } else if let Some(t) = self.tasks.get_mut(&id) {
            let _ = t.transition(TaskStatus::Pending, now);
            self.slots.enqueue(&key, &id);
            self.timers.set(TimerKey::QueueTtl(id.clone()), now.saturating_add(self.config.queue_ttl_ms));
        }
        self.mark_dirty();
        self.tasks.get(&id).map(Task::view).ok_or_else(|| RequestError::NotFound(id.clone()))
    }

    /// Adopts a running session started elsewhere (e.g. by another tool) for notices. Tracking
    /// the same session twice never takes a second slot; a new parent takes over the task's
    /// place in the parent's batch.
    pub fn track(&mut self, now: Timestamp, req: TrackRequest) -> Result<TaskView, RequestError> {
        let result = self.track_inner(now, req);
        self.after_input(now);
        result
    }

    fn track_inner(&mut self, now: Timestamp, req: TrackRequest) -> Result<TaskView, RequestError> {
        if self.shutting_down {
            return Err(RequestError::ShuttingDown);
        }
        let TrackRequest { task_id, session_id, parent_session_id: parent, description, agent, concurrency_key } = req;
        for (name, value) in
            [("task id", &task_id), ("session id", &session_id), ("parent session id", &parent), ("agent", &agent)]
        {
            if value.trim().is_empty() {
                return Err(RequestError::Invalid(format!("`{name}` must not be empty")));
            }
        }
        if let Some(owner) = self.by_session.get(&session_id)
            && *owner != task_id
        {
            return Err(RequestError::Conflict(format!("Session {session_id} is already tracked as task `{owner}`.")));
        }
        if let Some(existing) = self.tasks.get_mut(&task_id) {
            if existing.session_id.as_deref() != Some(session_id.as_str()) {
                return Err(RequestError::Conflict(format!(
                    "Task id `{task_id}` is already used for another session."
                )));
            }
            let old = std::mem::replace(&mut existing.parent.session_id, parent.clone());
            let moves = old != parent && !existing.status.is_terminal();
            let view = existing.view();
            if moves {
                if let Some(p) = self.parents.get_mut(&old) {
                    p.unfinished.retain(|t| *t != task_id);
                }
                let p = self.parents.entry(parent.clone()).or_default();
                p.tasks.push(task_id.clone());
                p.unfinished.push(task_id.clone());
                self.refresh_parent_interest(&old);
                self.refresh_parent_interest(&parent);
                self.mark_dirty();
            }
            return Ok(view);
        }
        let key = concurrency_key.filter(|k| !k.is_empty()).unwrap_or_else(|| agent.clone());
        let limit = self.config.limit_for(&key);
        let holds_slot = self.slots.try_acquire(&key, limit);
        let place = self.place_of(&parent);
        let parent_ref = ParentRef { session_id: parent.clone(), ..ParentRef::default() };
        let mut task = Task::new(task_id.clone(), description, agent, parent_ref, key, now);
        task.session_id = Some(session_id.clone());
        task.holds_slot = holds_slot;
        task.reservation = Reservation::Spent;
        if let Some(place) = place {
            task.root_session_id = place.root;
            task.depth = place.depth.saturating_add(1);
        }
        let _ = task.transition(TaskStatus::Running, now);
        task.phase = Phase::Working;
        self.tasks.insert(task_id.clone(), task);
        self.running.insert(task_id.clone());
        self.by_session.insert(session_id.clone(), task_id.clone());
        self.set_interest(&session_id, Interest::CHILD);
        let p = self.parents.entry(parent.clone()).or_default();
        p.tasks.push(task_id.clone());
        p.unfinished.push(task_id.clone());
        self.refresh_parent_interest(&parent);
        self.mark_dirty();
        self.tasks.get(&task_id).map(Task::view).ok_or_else(|| RequestError::NotFound(task_id.clone()))
    }
}
