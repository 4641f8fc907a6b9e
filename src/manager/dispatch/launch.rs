//! Launching a task and starting it: validation, the task id, admission, the concurrency
//! queue, creating the child session with its permission rules, and prompting it. Admission
//! needs three things: the agent may be launched (OpenCode's agent list, read once), the
//! launching session's place (the lineage limits) and its restrictions (the child inherits
//! them); what is not known yet is looked up (`app.agents`, `session.get`) while the launch
//! waits, and anything that cannot be read refuses it. Replies to session and prompt calls
//! carry the task's generation: a reply meant for an attempt that was given up (cancelled,
//! fallen back, resumed) is recognised and its session, if any, aborted.

use crate::agents::Clearance;
use crate::api::*;
use crate::effects::Effect;
use crate::ids;
use crate::lineage::{Limits, Place, Step as LineageStep};
use crate::manager::{Manager, Purpose};
use crate::task::{Ending, ParentRef, Phase, Reservation, Task};
use crate::tasks::Tasks;
use crate::timers::TimerKey;

impl Manager {
    /// Launches a background task for `req.parent_session_id`: checks it, takes an id (from
    /// `entropy`), admits it against the lineage limits (at once, or after `session.get` calls),
    /// and starts it or queues it behind its concurrency key. The view is the task as launched.
    pub fn launch(&mut self, now: Timestamp, entropy: [u8; 16], req: LaunchRequest) -> Result<TaskView, RequestError> {
        self.input(now, |m| m.launch_task(now, entropy, req))
    }

    fn launch_task(&mut self, now: Timestamp, entropy: [u8; 16], req: LaunchRequest) -> Result<TaskView, RequestError> {
        if self.shutting_down {
            return Err(RequestError::ShuttingDown);
        }
        crate::launch::validate(&req, &self.config)?;
        if let Some(refusal) = self.ledger.refusal(&req.parent_session_id, &self.config.session_budget) {
            return Err(RequestError::Limit(refusal));
        }
        let (_, waiting) = self.parent_counts(&req.parent_session_id);
        crate::launch::within_queue_cap(&req.parent_session_id, waiting, self.config.max_queued_per_session)?;
        let (after, open) = self.launch_prerequisites(&req.parent_session_id, &req.after, req.on_failure)?;

        // A duplicate id must never replace or shadow a task, live or archived. Probing visits
        // every id once, so even a broken random source that repeats itself finds a free one.
        let id = (0..=u32::MAX)
            .map(|probe| ids::task_id(entropy, probe))
            .find(|id| !self.tasks.contains(id) && !self.archive.contains(id))
            .ok_or_else(|| RequestError::Invalid("no task id is left".into()))?;
        // Refused at once when what is known says so; admitted at once when everything admission
        // needs is known; otherwise the launch waits for the lookups.
        let admission = self.admission(&req.agent, req.parent_agent.as_deref(), &req.parent_session_id);
        let lookup = match admission {
            Admission::Denied(reason) => return Err(RequestError::Denied(reason)),
            Admission::OverLimit(reason) => return Err(RequestError::Limit(reason)),
            Admission::Waits { lookup } => Some(lookup),
            Admission::Admitted { .. } => None,
        };
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
        task.budget = req.budget.or(self.config.task_budget);
        task.after = after;
        task.on_failure = req.on_failure;
        task.waiting_for = open.clone();
        if let Admission::Admitted { depth, root, inherited } = admission {
            task.admit(depth, root, inherited);
        }
        self.tasks.insert(task);
        self.show(&req.parent_session_id, crate::panel::Change::Status, now);
        self.prerequisites.watch(&id, &open);
        self.notifier.launched(&req.parent_session_id, &id, req.parent_agent, req.parent_model);
        self.refresh_parent_interest(&req.parent_session_id);
        self.mark_dirty();

        match lookup {
            None => self.queue_when_ready(&id, now),
            Some(lookup) => self.await_admission(&id, lookup),
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
        let limit = self.limit_for(&key);
        if self.slots.try_acquire(&key, limit) {
            self.start(id, now);
        } else {
            self.slots.enqueue(&key, id);
            self.timers.set(TimerKey::QueueTtl(id.to_string()), now.saturating_add(self.config.queue_ttl_ms));
            self.out.log(LogLevel::Info, format!("{id} queued behind concurrency key `{key}` (limit {limit})"));
        }
    }

    /// A task waited in the queue for `queueTtlMs`: it fails.
    pub(crate) fn on_queue_ttl(&mut self, id: &str, now: Timestamp) {
        if self.tasks.get(id).is_some_and(|t| t.status == TaskStatus::Pending) {
            let message = format!("Timed out while queued after {}", crate::format::duration(self.config.queue_ttl_ms));
            self.finish(id, Ending::failed(message), now);
        }
    }

    /// Running and queued tasks of one parent (its unfinished ones are exactly these), without
    /// visiting them.
    pub(crate) fn parent_counts(&self, parent: &str) -> (usize, usize) {
        let running = self.tasks.running_under(parent);
        (running, self.notifier.unfinished_count(parent).saturating_sub(running))
    }

    /// A task got its slot: create its child session.
    pub(crate) fn start(&mut self, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        // Decided at admission; a task saved by an older version inherits nothing.
        task.inherited_rules.get_or_insert_with(Vec::new);
        let permission = task.session_rules(&self.config).unwrap_or_default();
        if task.transition(TaskStatus::Running, now).is_err() {
            return;
        }
        task.holds_slot = true;
        let generation = task.next_generation();
        let resume = (task.resume_prompt.take(), task.session_id.clone());
        self.timers.clear(&TimerKey::QueueTtl(id.to_string()));
        self.tasks.mark_running(id);
        self.dirty = true;
        self.show_task(id, crate::panel::Change::Status, now);
        let Some(task) = self.tasks.get_mut(id) else { return };
        if let (Some(prompt), Some(session)) = resume {
            // Resuming: the child session exists, continue it.
            task.work();
            self.tasks.bind_session(&session, id);
            self.set_interest(&session, Interest::CHILD);
            self.prompt_child(id, &session, prompt, None);
            return;
        }
        task.start_creating_session();
        let request = SdkRequest::CreateSession {
            parent_id: task.parent.session_id.clone(),
            title: task.session_title(),
            permission,
        };
        self.call(Purpose::CreateSession { task: id.to_string(), generation }, request);
    }

    pub(crate) fn on_session_created(
        &mut self,
        id: &str,
        generation: u64,
        reply: Result<String, SdkError>,
        now: Timestamp,
    ) {
        let session_id = reply.as_ref().ok().and_then(|json| {
            serde_json::from_str::<serde_json::Value>(json).ok()?.get("id")?.as_str().map(str::to_string)
        });
        let owner = session_id.as_ref().and_then(|s| self.tasks.owner_of(s)).map(str::to_string);
        let Some(task) = self.tasks.get(id).filter(|t| t.generation == generation) else {
            // Made for an attempt that was given up: nobody will use this session.
            if let Some(session) = session_id.filter(|_| owner.is_none()) {
                self.out.log(LogLevel::Debug, format!("{id}: aborting {session}, created for an earlier attempt"));
                self.call(Purpose::Abort, SdkRequest::AbortSession(session));
            }
            return;
        };
        if let (Some(session), Some(owner)) = (&session_id, &owner)
            && owner != id
        {
            // Never take over (or abort) another task's session.
            let reason = format!("the reply named session {session}, which belongs to task `{owner}`");
            if task.status == TaskStatus::Running && task.phase() == Phase::CreatingSession {
                let error = format!("Could not create the child session: {reason}");
                self.finish(id, Ending::failed(error), now);
            } else {
                self.out.log(LogLevel::Warn, format!("{id}: {reason}"));
            }
            return;
        }
        match (task.status, task.phase(), session_id) {
            // Cancelled (or finished) while the session was being created: abort it, never prompt.
            (status, _, Some(session)) if status != TaskStatus::Running => {
                self.call(Purpose::Abort, SdkRequest::AbortSession(session.clone()));
                if let Some(t) = self.tasks.get_mut(id)
                    && t.session_id.is_none()
                {
                    // The session exists (and may have run): it counts against the budget.
                    t.spend_reservation();
                    t.session_id = Some(session.clone());
                    self.tasks.bind_session(&session, id);
                }
            }
            (TaskStatus::Running, Phase::CreatingSession, Some(session)) => {
                let Some(task) = self.tasks.get_mut(id) else {
                    return;
                };
                task.session_id = Some(session.clone());
                task.work();
                task.spend_reservation();
                let (prompt, system) = (task.prompt.clone(), task.system.clone());
                self.tasks.bind_session(&session, id);
                self.set_interest(&session, Interest::CHILD);
                self.prompt_child(id, &session, prompt, system);
                self.mark_dirty();
            }
            (TaskStatus::Running, Phase::CreatingSession, None) => {
                let reason = match reply {
                    Err(e) => e.message,
                    Ok(_) => "the reply carried no session id".to_string(),
                };
                self.finish(id, Ending::failed(format!("Could not create the child session: {reason}")), now);
            }
            _ => {}
        }
    }

    /// Prompts a task's child session with `text`, as the task's agent and model (`system` only
    /// on a session's first prompt). The call carries the task's current generation.
    pub(crate) fn prompt_child(&mut self, id: &str, session: &str, text: String, system: Option<String>) {
        let Some(task) = self.tasks.get(id) else { return };
        let request = PromptSession {
            session_id: session.to_string(),
            agent: Some(task.agent.clone()),
            model: task.model.clone(),
            system,
            parts: vec![text],
            no_reply: false,
        };
        let generation = task.generation;
        self.call(Purpose::Prompt { task: id.to_string(), generation }, SdkRequest::PromptSession(request));
    }

    pub(crate) fn on_prompt_sent(
        &mut self,
        id: &str,
        generation: u64,
        reply: Result<String, SdkError>,
        now: Timestamp,
    ) {
        let Err(err) = reply else { return };
        let Some(task) = self.tasks.get(id) else {
            return;
        };
        if task.status != TaskStatus::Running || task.generation != generation {
            return;
        }
        if crate::fallback::is_unknown_agent(&err.name, &err.message) {
            return self.interrupt_unknown_agent(id, now);
        }
        if !task.fallback.is_empty() && crate::fallback::is_retryable(&err.name, &err.message, err.status) {
            // (A rate limit there slows its key down too.)
            return self.fail_or_fall_back(id, &err.name, &err.message, err.status, now);
        }
        let session = task.session_id.clone();
        if crate::fallback::is_rate_limit(&err.name, &err.message, err.status) {
            self.rate_limited(id, now);
        }
        let message = format!("Could not prompt the child session: {}", err.message);
        if let Some(session) = session {
            self.call(Purpose::Abort, SdkRequest::AbortSession(session));
        }
        self.finish(id, Ending::Interrupted { error: message }, now);
    }

    // ------------------------------------------------------------------ lineage

    /// The place of a session known without asking OpenCode: a child session of a task, or one
    /// the lineage looked up.
    pub(crate) fn place_of(&self, session: &str) -> Option<Place> {
        task_place(&self.tasks, session).or_else(|| self.lineage.known(session))
    }

    fn limits(&self) -> Limits {
        Limits { max_depth: self.config.max_depth, max_descendants: self.config.max_descendants }
    }

    /// Gives a reservation back (the task ended before its child session existed).
    pub(crate) fn release_reservation(&mut self, id: &str) {
        let Some(task) = self.tasks.get_mut(id) else { return };
        if task.reservation == Reservation::Held {
            task.reservation = Reservation::Released;
            self.lineage.release(&task.root_session_id);
        }
    }

    /// The launching session's place and its restrictions, when both are known without asking
    /// OpenCode: a child session of a task (the rules it was given), or a session looked up.
    pub(crate) fn parent_facts(&self, session: &str) -> Option<(Place, Vec<PermissionRule>)> {
        if let Some(task) = self.tasks.of_session(session)
            && let Some(rules) = task.session_rules(&self.config)
        {
            let place = Place { depth: task.depth, root: task.root_session_id.clone() };
            return Some((place, crate::lineage::restrictions(&rules)));
        }
        let place = self.place_of(session)?;
        let restrictions = self.lineage.restrictions_of(session)?;
        Some((place, restrictions.to_vec()))
    }

    /// Reads OpenCode's agent list, unless it is known or being read.
    pub(crate) fn ask_for_agents(&mut self) {
        if self.agents.ask() {
            self.call(Purpose::Agents, SdkRequest::ListAgents);
        }
    }

    /// Parks a launch until admission can decide: it waits for the agent list if that is not
    /// known, and for its parent session's lineage if `lookup` (its facts are not known).
    pub(crate) fn await_admission(&mut self, id: &str, lookup: bool) {
        let Some(task) = self.tasks.get_mut(id) else { return };
        task.wait_for_admission();
        let parent = task.parent.session_id.clone();
        if !self.agents.known() {
            self.agents.park(id);
            self.ask_for_agents();
        }
        if lookup && let Some(chain) = self.lineage.park(id, &parent) {
            self.call(Purpose::Lineage { chain }, SdkRequest::GetSession(parent));
        }
    }

    /// A step of a lineage walk came back: look further up, or go on with the launches that
    /// waited for it (or refuse them).
    pub(crate) fn on_lineage_step(&mut self, chain: Vec<String>, reply: Result<String, SdkError>, now: Timestamp) {
        let tasks = &self.tasks;
        let known = |session: &str| task_place(tasks, session);
        match self.lineage.on_step(chain, reply, known, self.config.max_depth) {
            LineageStep::Stale => {}
            LineageStep::Ask { chain, session } => {
                self.call(Purpose::Lineage { chain }, SdkRequest::GetSession(session));
            }
            LineageStep::Resolved { waiting } => {
                for id in waiting {
                    self.try_admit(&id, now);
                }
            }
            LineageStep::Refused { waiting, reason } => {
                for id in waiting {
                    if self.tasks.get(&id).is_some_and(Task::awaits_admission) {
                        self.finish(&id, Ending::failed(reason.clone()), now);
                    }
                }
            }
        }
    }

    /// OpenCode's agent list came back: the launches that waited for it go on, or, if it could
    /// not be read, are refused.
    pub(crate) fn on_agents_listed(&mut self, reply: Result<String, SdkError>, now: Timestamp) {
        let listed = self.agents.on_list(reply);
        for id in listed.waiting {
            match &listed.failure {
                Some(reason) if self.tasks.get(&id).is_some_and(Task::awaits_admission) => {
                    self.finish(&id, Ending::failed(reason.clone()), now);
                }
                Some(_) => {}
                None => self.try_admit(&id, now),
            }
        }
    }

    /// A launch that waited: admitted and queued once everything admission needs is known, or
    /// refused; while something is still missing it keeps waiting for it.
    pub(crate) fn try_admit(&mut self, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get(id).filter(|t| t.awaits_admission()) else { return };
        let (agent, caller, parent) = (task.agent.clone(), task.parent.agent.clone(), task.parent.session_id.clone());
        match self.admission(&agent, caller.as_deref(), &parent) {
            Admission::Admitted { depth, root, inherited } => {
                if let Some(task) = self.tasks.get_mut(id) {
                    task.admit(depth, root, inherited);
                }
                self.queue_when_ready(id, now);
            }
            Admission::Denied(reason) | Admission::OverLimit(reason) => self.finish(id, Ending::failed(reason), now),
            Admission::Waits { lookup } => self.await_admission(id, lookup),
        }
    }

    /// What admission decides for a launch of `agent` by `caller` from session `parent`, from
    /// what is known now. Admitting reserves a descendant of the parent's root.
    fn admission(&mut self, agent: &str, caller: Option<&str>, parent: &str) -> Admission {
        let denies = match self.agents.clearance(agent, caller, &self.config.launchable_agents) {
            Clearance::Refused(reason) => return Admission::Denied(reason),
            Clearance::Unknown => None,
            Clearance::Granted(denies) => Some(denies),
        };
        let facts = self.parent_facts(parent);
        let lookup = facts.is_none();
        let (Some(denies), Some((place, restrictions))) = (denies, facts) else {
            return Admission::Waits { lookup };
        };
        match self.lineage.admit(&place, self.limits()) {
            Ok((depth, root)) => {
                let inherited = [denies, restrictions].concat();
                Admission::Admitted { depth, root, inherited }
            }
            Err(reason) => Admission::OverLimit(reason),
        }
    }
}

/// What admission decides for a launch.
enum Admission {
    /// Within every limit: its depth, its root (a descendant of which is reserved for it) and
    /// the rules its child session inherits (the plugin's own are added when it is created).
    Admitted { depth: u32, root: String, inherited: Vec<PermissionRule> },
    /// The agent may not be launched, or the caller's restrictions cannot be read.
    Denied(String),
    /// A lineage limit (`maxDepth`, `maxDescendants`) refuses it.
    OverLimit(String),
    /// Something is not known yet: the agent list, and the parent's place and restrictions when
    /// `lookup`.
    Waits { lookup: bool },
}

/// The place of a task's child session, from the task.
fn task_place(tasks: &Tasks, session: &str) -> Option<Place> {
    let task = tasks.of_session(session)?;
    Some(Place { depth: task.depth, root: task.root_session_id.clone() })
}
