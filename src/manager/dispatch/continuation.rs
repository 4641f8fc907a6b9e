//! Continuing work: `message` gives a running task's child a new user message (steering it) and
//! resumes a finished one, `resume` sends a new prompt to a finished task's child session, and
//! `track` adopts a session started elsewhere so that its end is announced like a task's.

use crate::api::*;
use crate::manager::{Manager, Purpose};
use crate::notify::Batch;
use crate::task::{Origin, ParentRef, Reservation, Task};
use crate::timers::TimerKey;

impl Manager {
    /// `task` is a task id or a child session id. Resuming a running or queued task changes
    /// nothing and returns it as it is. An ended task's new run is announced to `caller`, which
    /// becomes its parent when it is an ancestor of the launcher.
    pub fn resume(&mut self, now: Timestamp, caller: &str, task: &str, prompt: &str) -> Result<TaskView, RequestError> {
        self.resume_with_budget(now, caller, task, prompt, Budget::default())
    }

    /// [`Manager::resume`] with a new budget: each limit given replaces the task's (the others
    /// stay), for the new run and those after it.
    pub fn resume_with_budget(
        &mut self,
        now: Timestamp,
        caller: &str,
        task: &str,
        prompt: &str,
        budget: Budget,
    ) -> Result<TaskView, RequestError> {
        self.input(now, |m| m.resume_task(now, caller, task, prompt, budget))
    }

    fn resume_task(
        &mut self,
        now: Timestamp,
        caller: &str,
        task: &str,
        prompt: &str,
        budget: Budget,
    ) -> Result<TaskView, RequestError> {
        if self.shutting_down {
            return Err(RequestError::ShuttingDown);
        }
        let id = self.authorized(caller, task)?.to_string();
        self.check_text("prompt", prompt)?;
        if let Some(problem) = budget.problem() {
            return Err(RequestError::Invalid(format!("budget: {problem}")));
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
        // A live task's parent keeps its bookkeeping until the parent session is deleted (or a
        // notice to it found it gone): then the task's session went with it.
        let launcher = t.parent.session_id.clone();
        if !self.notifier.keeps(&launcher, &id) {
            return Err(RequestError::Conflict(format!(
                "The session that launched task `{id}` no longer exists; launch a new task instead."
            )));
        }
        // Whoever resumes a task is told when the new run ends: an ancestor that resumes a nested
        // task takes it over (the launcher was told of the run before). Only an ancestor in
        // OpenCode's tree: deleting a parent ends the tasks whose sessions go with it, and a
        // child session goes with its ancestors only. (Other sessions can resume a task only
        // with `restrictToLineage` off; its launcher keeps it.)
        let parent = if caller != launcher && self.is_created_below(&launcher, caller) {
            self.change_parent(&id, caller, now);
            caller.to_string()
        } else {
            launcher
        };
        let Some(t) = self.tasks.get_mut(&id) else {
            return Err(super::queries::not_found(&id));
        };
        t.resume_prompt = Some(prompt.to_string());
        // A new run: a notice about the run that ended is no longer about this one.
        t.next_generation();
        t.error = None;
        t.result = None;
        t.announced = 0;
        t.stale_warned = false;
        t.blocked = None;
        t.budget = budget.or(t.budget);
        t.start_budget_run();
        t.queue_up();
        self.timers.clear(&TimerKey::Retention(id.clone()));
        if !self.notifier.runs_again(&parent, &id) {
            return Err(super::queries::not_found(&id));
        }
        self.refresh_parent_interest(&parent);
        let key = self.tasks.get(&id).map(|t| t.concurrency_key.clone()).unwrap_or_default();
        let limit = self.limit_for(&key);
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

    /// `background_message`: a running task's child gets `text` as a new user message, which
    /// joins its running turn at the next step (OpenCode queues a prompt to a busy session); its
    /// final answer must then answer it, as completion only accepts an answer to the newest user
    /// message. A finished task is resumed with `text` (as `resume`). `task` is a task id or a
    /// child session id. Refused: a queued task (it has no session yet), one whose session is
    /// being created, a cancelled one, an unknown one.
    pub fn message(
        &mut self,
        now: Timestamp,
        caller: &str,
        task: &str,
        text: &str,
        mode: SteerMode,
    ) -> Result<Steered, RequestError> {
        self.input(now, |m| m.message_task(now, caller, task, text, mode))
    }

    fn message_task(
        &mut self,
        now: Timestamp,
        caller: &str,
        task: &str,
        text: &str,
        mode: SteerMode,
    ) -> Result<Steered, RequestError> {
        if self.shutting_down {
            return Err(RequestError::ShuttingDown);
        }
        let id = self.authorized(caller, task)?.to_string();
        self.check_text("message", text)?;
        let view = self.view_of(&id)?;
        match view.status {
            TaskStatus::Running => {}
            TaskStatus::Pending => {
                return Err(RequestError::Conflict(format!(
                    "Task `{id}` has not started: it waits for a free slot under `{}` ({} running there, limit {}). \
                     Message it once it runs, or cancel it and launch it again with the new instructions.",
                    view.concurrency_key,
                    self.slots.in_use(&view.concurrency_key),
                    self.limit_for(&view.concurrency_key)
                )));
            }
            TaskStatus::Cancelled => {
                return Err(RequestError::Conflict(format!(
                    "Task `{id}` was cancelled. To continue its session anyway, use background_resume; or launch a \
                     new task."
                )));
            }
            _ => {
                return self
                    .resume_task(now, caller, &id, text, Budget::default())
                    .map(|task| Steered { task, how: SteerOutcome::Resumed });
            }
        }
        let Some(session) = view.session_id.clone() else {
            return Err(RequestError::Conflict(format!(
                "Task `{id}` is starting: its child session is being created. Message it in a moment."
            )));
        };
        if let Some(t) = self.tasks.get_mut(&id) {
            t.progress.steered = t.progress.steered.saturating_add(1);
        }
        // A sign of life from our side: the stale clock starts again, a verdict being read is
        // void, and what an idle left pending (a deferred check, a todo hold) no longer applies.
        self.on_child_busy(&id, now);
        let how = match mode {
            SteerMode::Queue => {
                self.prompt_child(&id, &session, text.to_string(), None);
                SteerOutcome::Queued
            }
            SteerMode::Interrupt => {
                self.interrupt(&id, &session, text.to_string());
                SteerOutcome::Interrupted
            }
        };
        self.mark_dirty();
        let task = self.view_of(&id)?;
        Ok(Steered { task, how })
    }

    /// Aborts the child's turn; the abort's reply sends `text` (a second interrupt before that
    /// replaces the first's message: only the newest is sent).
    fn interrupt(&mut self, id: &str, session: &str, text: String) {
        let Some(task) = self.tasks.get_mut(id) else { return };
        let generation = task.interrupt(text);
        self.call(
            Purpose::Interrupt { task: id.to_string(), generation },
            SdkRequest::AbortSession(session.to_string()),
        );
    }

    /// The child's turn was aborted (or the abort failed: then the message joins the turn that
    /// goes on, as a queued one would): the message starts the next turn.
    pub(crate) fn on_interrupted(&mut self, id: &str, generation: u64, reply: Result<String, SdkError>) {
        if let Err(e) = &reply {
            self.out.log(
                LogLevel::Warn,
                format!("{id}: the abort for a message failed ({}); sending it anyway", e.message),
            );
        }
        let Some(task) = self.tasks.get_mut(id) else { return };
        let Some(text) = task.interrupted(generation) else { return };
        let Some(session) = task.session_id.clone() else { return };
        self.prompt_child(id, &session, text, None);
        self.mark_dirty();
    }

    /// A prompt or message a tool was given: not empty, within `maxPromptBytes`.
    fn check_text(&self, what: &str, text: &str) -> Result<(), RequestError> {
        if text.trim().is_empty() {
            return Err(RequestError::Invalid(format!("`{what}` must not be empty")));
        }
        if text.len() > self.config.max_prompt_bytes as usize {
            return Err(RequestError::Invalid(format!(
                "the {what} is {} bytes; the limit is {} (config `maxPromptBytes`)",
                text.len(),
                self.config.max_prompt_bytes
            )));
        }
        Ok(())
    }

    /// Adopts a running session started elsewhere (e.g. by another tool) for notices. Tracking
    /// the same session twice never takes a second slot; a new parent takes over the task's
    /// place in the parent's batch.
    pub fn track(&mut self, now: Timestamp, req: TrackRequest) -> Result<TaskView, RequestError> {
        self.input(now, |m| m.track_session(now, req))
    }

    fn track_session(&mut self, now: Timestamp, req: TrackRequest) -> Result<TaskView, RequestError> {
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
        if let Some(owner) = self.tasks.owner_of(&session_id)
            && owner != task_id
        {
            return Err(RequestError::Conflict(format!("Session {session_id} is already tracked as task `{owner}`.")));
        }
        if let Some(existing) = self.tasks.get(&task_id) {
            if existing.session_id.as_deref() != Some(session_id.as_str()) {
                return Err(RequestError::Conflict(format!(
                    "Task id `{task_id}` is already used for another session."
                )));
            }
            // An ended task stays ended and keeps its parent (a notice may still be owed to it):
            // `resume` is what continues a task.
            if existing.parent.session_id != parent && !existing.status.is_terminal() {
                self.change_parent(&task_id, &parent, now);
            }
            return self.tasks.get(&task_id).map(Task::view).ok_or_else(|| RequestError::NotFound(task_id.clone()));
        }
        // An id the archive still remembers names a new task from now on.
        self.forget_archived(&task_id);
        let key = concurrency_key.filter(|k| !k.is_empty()).unwrap_or_else(|| agent.clone());
        let limit = self.limit_for(&key);
        let holds_slot = self.slots.try_acquire(&key, limit);
        let place = self.place_of(&parent);
        let parent_ref = ParentRef { session_id: parent.clone(), ..ParentRef::default() };
        let mut task = Task::new(task_id.clone(), description, agent, parent_ref, key, now);
        task.session_id = Some(session_id.clone());
        task.origin = Origin::Tracked;
        task.holds_slot = holds_slot;
        task.reservation = Reservation::Spent;
        // A notice about an earlier task of this id may still be queued: this one's runs are
        // numbered after it, so that notice never counts as news of this task.
        if let Some(owed) = self.notifier.newest_owed_run(&task_id) {
            task.generation = owed;
            task.next_generation();
        }
        if let Some(place) = place {
            task.root_session_id = place.root;
            task.depth = place.depth.saturating_add(1);
        }
        let _ = task.transition(TaskStatus::Running, now);
        task.work();
        self.tasks.insert(task);
        self.set_interest(&session_id, Interest::CHILD);
        self.notifier.launched(&parent, &task_id, None, None);
        self.refresh_parent_interest(&parent);
        self.mark_dirty();
        self.tasks.get(&task_id).map(Task::view).ok_or_else(|| RequestError::NotFound(task_id.clone()))
    }

    /// A task changes parent: its place in the old parent's lists moves to the new one (as
    /// unfinished when it has not ended), and its notices go to the new parent from now on. If it
    /// was the old parent's last unfinished task, that batch closes now. A notice the old parent
    /// is already owed (about a run that ended) still goes to it.
    fn change_parent(&mut self, id: &str, to: &str, now: Timestamp) {
        let (agent, model) = self.notifier.context(to);
        let Some(task) = self.tasks.get_mut(id) else { return };
        let status = task.status;
        let from = std::mem::replace(
            &mut task.parent,
            ParentRef { session_id: to.to_string(), message_id: None, agent, model },
        )
        .session_id;
        self.tasks.reparent(id);
        if self.notifier.move_task(id, &from, to, status) == Batch::Closed {
            self.flush_fresh(&from, now);
        }
        self.refresh_parent_interest(&from);
        self.refresh_parent_interest(to);
        self.mark_dirty();
    }
}
