//! One background task and its lifecycle. Every status change goes through
//! [`Task::transition`], which refuses illegal moves, so the legal graph lives in one place;
//! its `phase` (private) changes through `transition` and named methods (`work`, `defer_check`,
//! `start_verifying`, …), one per way into a phase:
//!
//! ```text
//! pending ──▶ running ──▶ completed | error | cancelled | interrupted
//!    │  ▲        │                     │
//!    │  └────────┘                     └──▶ running | pending (resume)
//!    │   (fallback retry; a restart queues a run again)
//!    └──▶ error | cancelled (queue TTL, cancel, refused lineage, a prerequisite that failed)
//! ```
//!
//! A pending task is resolving (admission looks something up), awaiting its prerequisites (the
//! tasks it runs after), or queued for a slot, in that order.

use crate::api::{
    Budget, ModelRef, PermissionRule, PrerequisiteFailure, TaskProgress, TaskStatus, TaskView, Timestamp,
};
use crate::budget::Spent;
use crate::config::Config;
use crate::idlist::IdList;
use crate::launch::Reads;
use crate::snapshot::{SavedJson, is_default, is_true};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who launched a task, and with what, for notices.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ParentRef {
    pub session_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelRef>,
}

/// Where a running task is in finding out whether it is done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Phase {
    /// Not running (queued, or ended). Snapshots before the rename say `Idle`.
    #[default]
    #[serde(alias = "Idle")]
    NotRunning,
    /// Pending while what admission needs is looked up (not queued yet): the launching
    /// session's lineage and restrictions, and OpenCode's agent list.
    Resolving,
    /// `session.create` is in flight.
    CreatingSession,
    /// The child was prompted; waiting for an idle candidate.
    Working,
    /// An idle came too early; re-checked at the deadline.
    Deferred,
    /// `session.messages` is in flight to classify an idle candidate.
    Verifying,
    /// The manager shut down and aborted the child; a restored manager continues it.
    Suspended,
    /// Finished with output, but todos are open; completes at the grace deadline.
    HeldByTodos,
    /// Confirmed idle with no answer to its newest prompt: at the `NoAnswer` deadline it is
    /// asked for its final answer (once), or fails if it was asked already. Activity ends this.
    Unanswered,
    /// Its turn is being aborted for a message (`interrupt_message`) that starts the next one:
    /// the abort's idle and aborted message are not its end. The abort's reply sends the message.
    Interrupting,
    /// Pending, admitted, and not queued yet: some of the tasks it runs after (`waiting_for`)
    /// have not ended.
    AwaitingPrerequisites,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Attempt {
    pub model: Option<ModelRef>,
    pub session_id: Option<String>,
    pub outcome: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Todo {
    pub content: String,
    pub status: String,
}

impl Todo {
    pub(crate) fn is_open(&self) -> bool {
        !matches!(self.status.as_str(), "completed" | "cancelled")
    }
}

/// How many of the newest tool part ids a running task remembers as counted: more than the
/// parallel tool calls of one step (a part that comes again after this many newer ones would be
/// counted again).
pub(crate) const COUNTED_PARTS_WINDOW: usize = 64;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Task {
    pub id: String,
    pub description: String,
    /// What the child is asked at launch (kept while a fallback may still need it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prompt: String,
    pub agent: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallback: Vec<ModelRef>,
    pub parent: ParentRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    pub status: TaskStatus,
    /// Changed only by `transition` and the named phase methods below.
    #[serde(default, skip_serializing_if = "is_default")]
    phase: Phase,
    pub queued_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    pub progress: TaskProgress,
    pub concurrency_key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attempts: Vec<Attempt>,
    pub root_session_id: String,
    pub depth: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub todos: Vec<Todo>,
    /// Bumped by every sign of life after a check started, so a stale verdict is ignored.
    #[serde(default, skip_serializing_if = "is_default")]
    pub activity_epoch: u64,
    /// Restored from a snapshot and not heard from since: if its child turns out idle with no
    /// answer, the run died with the previous process and is continued.
    #[serde(default, skip_serializing_if = "is_default")]
    pub restored: bool,
    /// `activity_epoch` when the last verification found no output: until something new
    /// happens, polls do not read the messages again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_quiet: Option<u64>,
    /// The newest tool part ids already counted (a part is updated several times while it
    /// runs, and once more when it ends; only parts still in flight need remembering, so the
    /// window is bounded: [`COUNTED_PARTS_WINDOW`]).
    #[serde(default, skip_serializing_if = "IdList::is_empty")]
    pub counted_tool_parts: IdList,
    /// How many delivered notices announced this task (must end at exactly 1, or 0 when the
    /// parent cancelled it itself or was deleted).
    #[serde(default, skip_serializing_if = "is_default")]
    pub announced: u32,
    /// What each run may spend.
    #[serde(default, skip_serializing_if = "is_default")]
    pub budget: Budget,
    /// The totals when the current run started (a resumed run spends from there).
    #[serde(default, skip_serializing_if = "is_default")]
    pub budget_base: Spent,
    /// The parent was warned that this run nears its budget.
    #[serde(default, skip_serializing_if = "is_default")]
    pub budget_warned: bool,
    /// The message an interrupt sends once the child's turn is aborted (while `Interrupting`, and
    /// through a shutdown that came first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interrupt_message: Option<String>,
    /// Set by `resume` (and kept while queued): prompt the existing child instead of creating one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_prompt: Option<String>,
    /// Whether this task holds a concurrency slot while running (a tracked session that found
    /// its key full runs without one).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub holds_slot: bool,
    /// What the child is waiting for (a permission or a question); such a wait is not staleness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Blocked>,
    /// The parent was warned that this task is about to be stopped as stale.
    #[serde(default, skip_serializing_if = "is_default")]
    pub stale_warned: bool,
    /// Identical consecutive tool calls: the last call's signature and how often it repeated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_tool_signature: Option<u64>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub repeated_tool_calls: u32,
    /// This task's claim on its root session's `maxDescendants` budget.
    #[serde(default, skip_serializing_if = "is_default")]
    pub reservation: Reservation,
    /// Tokens and cost per assistant message (message.updated carries a message's running totals).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub usage: BTreeMap<String, Usage>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub origin: Origin,
    /// This run's child was asked for its final answer after it went idle without one; going
    /// idle without an answer again fails the task.
    #[serde(default, skip_serializing_if = "is_default")]
    pub asked_for_answer: bool,
    /// Moves on whenever an attempt or a run is given up or begins (start, fallback, resume).
    /// SDK calls and notices carry the generation they were made for: a late reply to an
    /// earlier attempt, or a notice about an earlier run, is recognised as such.
    #[serde(default, skip_serializing_if = "is_default")]
    pub generation: u64,
    /// What its child session inherits, decided when the launch was admitted: what its caller
    /// may not do (the calling agent's denies, then the launching session's restrictions). The
    /// child's full rules add the plugin's own, from the config ([`Task::session_rules`]); only
    /// the inherited part is saved. (Older snapshots saved the full rules under `session_rules`:
    /// read as inherited, the plugin's own come again and are kept once. Absent: none are
    /// inherited, and a launch from its session looks them up.)
    #[serde(default, alias = "session_rules", skip_serializing_if = "Option::is_none")]
    pub inherited_rules: Option<Vec<PermissionRule>>,
    /// The tasks it runs after (launched with `after`), in the order given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// What a prerequisite that did not complete does to it.
    #[serde(default, skip_serializing_if = "is_default")]
    pub on_failure: PrerequisiteFailure,
    /// Those of `after` that have not ended yet, as last looked at (empty once it queued).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiting_for: Vec<String>,
    /// Its JSON as the last snapshot wrote it (not saved; see `SavedJson`).
    #[serde(skip)]
    pub saved: SavedJson,
}

/// A child waiting for someone to answer it: a permission it asked for, or a question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Blocked {
    /// The request's id and what it asks, as the parent was told (one notice per request).
    pub request: String,
    /// What it waits for, in words ("is waiting for permission `bash` on …").
    pub what: String,
    pub since: Timestamp,
    /// The parent was reminded that the task will be stopped (`blockedTimeoutMs`).
    pub reminded: bool,
    /// The request itself, as `background_reply` answers it (absent in snapshots of versions
    /// that did not keep it: such a request is answered in the session).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked: Option<Asked>,
}

/// The request a blocked child waits on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Asked {
    /// A permission (`per_…`): allowed once, or refused.
    Permission { id: String },
    /// Questions (`que_…`): answered, one answer each, or dismissed.
    Question { id: String, count: u32 },
}

impl Asked {
    pub(crate) fn id(&self) -> &str {
        match self {
            Asked::Permission { id } | Asked::Question { id, .. } => id,
        }
    }
}

/// How a task ends: the one argument of the manager's `finish`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Ending {
    /// Done, with the child's final text (may be empty when only tools ran).
    Completed { result: String },
    /// The child, its provider or the plugin failed; `error` says how.
    Failed { error: String },
    /// The run was cut off from outside the task (an agent that does not exist, a prompt that
    /// did not reach the child).
    Interrupted { error: String },
    /// Stopped on purpose: by a caller, a limit, a deletion, an abort.
    Cancelled { reason: String, announce: Announce },
}

/// Whether a task's end is announced to its parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Announce {
    ToParent,
    /// The parent asked for it quietly, or is gone.
    Quietly,
}

impl Ending {
    /// The status the task ends in.
    pub(crate) fn status(&self) -> TaskStatus {
        match self {
            Ending::Completed { .. } => TaskStatus::Completed,
            Ending::Failed { .. } => TaskStatus::Error,
            Ending::Interrupted { .. } => TaskStatus::Interrupted,
            Ending::Cancelled { .. } => TaskStatus::Cancelled,
        }
    }

    /// A failure, with `error` as the text a person and the parent read.
    pub(crate) fn failed(error: impl Into<String>) -> Ending {
        Ending::Failed { error: error.into() }
    }

    /// A cancellation the parent hears of.
    pub(crate) fn cancelled(reason: impl Into<String>) -> Ending {
        Ending::Cancelled { reason: reason.into(), announce: Announce::ToParent }
    }
}

/// Where a task's child session came from. The core aborts and cascades through only the
/// sessions it created itself: a tracked session was started elsewhere, and need not sit below
/// its parent in OpenCode's session tree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Origin {
    #[default]
    Launched,
    Tracked,
}

/// A task's claim on its root's descendant budget: held from admission, spent once its child
/// session exists (it really ran: the place is never given back, so launch, finish, launch
/// cannot go on forever), given back only if the task ends before that.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Reservation {
    /// Not admitted yet (lineage being resolved) or admitted before limits were tracked.
    #[default]
    None,
    Held,
    Spent,
    Released,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Usage {
    pub input: u64,
    pub output: u64,
    #[serde(default, skip_serializing_if = "crate::snapshot::is_default")]
    pub reasoning: u64,
    #[serde(default, skip_serializing_if = "crate::snapshot::is_default")]
    pub cache_read: u64,
    pub cost: f64,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct IllegalTransition {
    pub from: TaskStatus,
    pub to: TaskStatus,
}

impl Task {
    /// A pending task with nothing recorded yet beyond who launched what.
    pub(crate) fn new(
        id: String,
        description: String,
        agent: String,
        parent: ParentRef,
        key: String,
        now: Timestamp,
    ) -> Task {
        Task {
            id,
            description,
            prompt: String::new(),
            agent,
            model: None,
            system: None,
            fallback: Vec::new(),
            root_session_id: parent.session_id.clone(),
            parent,
            session_id: None,
            status: TaskStatus::Pending,
            phase: Phase::NotRunning,
            queued_at: now,
            started_at: None,
            completed_at: None,
            error: None,
            result: None,
            progress: TaskProgress::default(),
            concurrency_key: key,
            attempts: Vec::new(),
            depth: 1,
            todos: Vec::new(),
            activity_epoch: 0,
            verified_quiet: None,
            restored: false,
            counted_tool_parts: IdList::default(),
            announced: 0,
            budget: Budget::default(),
            budget_base: Spent::default(),
            budget_warned: false,
            interrupt_message: None,
            resume_prompt: None,
            holds_slot: true,
            blocked: None,
            stale_warned: false,
            last_tool_signature: None,
            repeated_tool_calls: 0,
            reservation: Reservation::None,
            usage: BTreeMap::new(),
            origin: Origin::Launched,
            asked_for_answer: false,
            generation: 0,
            inherited_rules: None,
            after: Vec::new(),
            on_failure: PrerequisiteFailure::Skip,
            waiting_for: Vec::new(),
            saved: SavedJson::default(),
        }
    }

    /// The one place that knows which status changes are legal. It stamps the timestamps
    /// that belong to the new status.
    pub(crate) fn transition(&mut self, to: TaskStatus, now: Timestamp) -> Result<(), IllegalTransition> {
        use TaskStatus::*;
        let legal = match (self.status, to) {
            (Pending, Running) => true,
            (Pending, Error | Cancelled) => true,
            // A resumed task whose key is full waits in the queue.
            (from, Pending) if from.is_terminal() => true,
            (Running, Pending) => true,
            (Running, Completed | Error | Cancelled | Interrupted) => true,
            (from, Running) if from.is_terminal() => true,
            _ => false,
        };
        if !legal {
            return Err(IllegalTransition { from: self.status, to });
        }
        self.status = to;
        match to {
            Running => {
                self.started_at = Some(now);
                self.completed_at = None;
            }
            Pending => self.set_phase(Phase::NotRunning),
            _ => {
                self.completed_at = Some(now);
                self.set_phase(Phase::NotRunning);
            }
        }
        Ok(())
    }

    pub(crate) fn view(&self) -> TaskView {
        TaskView {
            id: self.id.clone(),
            description: self.description.clone(),
            agent: self.agent.clone(),
            model: self.model.clone(),
            status: self.status,
            parent_session_id: self.parent.session_id.clone(),
            session_id: self.session_id.clone(),
            queued_at: self.queued_at,
            started_at: self.started_at,
            completed_at: self.completed_at,
            error: self.error.clone(),
            result: self.result.clone(),
            progress: self.progress.clone(),
            concurrency_key: self.concurrency_key.clone(),
            attempts: u32::try_from(self.attempts.len()).unwrap_or(u32::MAX).max(1),
            depth: self.depth,
            budget: self.budget,
            after: self.after.clone(),
            waiting_for: self.waiting_for.clone(),
        }
    }

    /// Where a running (or resolving) task is in finding out whether it is done.
    pub(crate) fn phase(&self) -> Phase {
        self.phase
    }

    /// A launch waits for what admission needs (not queued yet).
    pub(crate) fn wait_for_admission(&mut self) {
        self.set_phase(Phase::Resolving);
    }

    /// Whether it is a launch still waiting for admission.
    pub(crate) fn awaits_admission(&self) -> bool {
        self.status == TaskStatus::Pending && self.phase == Phase::Resolving
    }

    /// Admitted, and some of the tasks it runs after have not ended: not queued yet.
    pub(crate) fn await_prerequisites(&mut self) {
        self.set_phase(Phase::AwaitingPrerequisites);
    }

    /// Whether it is an admitted launch that waits for its prerequisites.
    pub(crate) fn awaits_prerequisites(&self) -> bool {
        self.status == TaskStatus::Pending && self.phase == Phase::AwaitingPrerequisites
    }

    /// Whether it is pending with prerequisites that had not ended when last looked at (while
    /// admission resolves, or after it).
    pub(crate) fn has_open_prerequisites(&self) -> bool {
        self.status == TaskStatus::Pending && !self.waiting_for.is_empty()
    }

    /// Whether it is pending in its key's queue (not resolving, not awaiting prerequisites).
    pub(crate) fn is_queued(&self) -> bool {
        self.status == TaskStatus::Pending && !matches!(self.phase, Phase::Resolving | Phase::AwaitingPrerequisites)
    }

    /// Admitted, or resumed: it waits for a slot (or starts at once) with no phase of its own.
    pub(crate) fn queue_up(&mut self) {
        self.set_phase(Phase::NotRunning);
    }

    /// Admitted at `depth` below `root` (a descendant of `root` is reserved for it), with the
    /// rules its child session inherits: it waits for a slot.
    pub(crate) fn admit(&mut self, depth: u32, root: String, inherited: Vec<PermissionRule>) {
        self.depth = depth;
        self.root_session_id = root;
        self.reservation = Reservation::Held;
        self.inherited_rules = Some(inherited);
        self.queue_up();
    }

    /// Its run ended: what only a running task needs goes (the counters stay: see
    /// `keep_totals_only`), and so do the launch prompt and system prompt once no model is left
    /// to fall back to. Only a fallback starts a new session with them; a resumed run continues
    /// its session with a prompt of its own, and a run restored after a restart continues it too.
    pub(crate) fn shed_run_state(&mut self) {
        self.keep_totals_only();
        if self.fallback.is_empty() {
            self.prompt = String::new();
            self.system = None;
        }
    }

    /// The permission rules of its child session: what it inherits, then the plugin's own (see
    /// [`crate::launch::session_rules`]); unknown until admitted (or when an older snapshot did
    /// not say).
    pub(crate) fn session_rules(&self, config: &Config) -> Option<Vec<PermissionRule>> {
        let inherited = self.inherited_rules.clone()?;
        let reads = if self.after.is_empty() { Reads::Nothing } else { Reads::Prerequisites };
        Some(crate::launch::session_rules(config, &self.agent, self.parent.agent.as_deref(), inherited, reads))
    }

    /// Its child session is being created.
    pub(crate) fn start_creating_session(&mut self) {
        self.set_phase(Phase::CreatingSession);
    }

    /// The child works (prompted, or active again after a check): an idle is a candidate.
    pub(crate) fn work(&mut self) {
        self.set_phase(Phase::Working);
    }

    /// An idle came before `minRuntimeMs`: re-checked at the deadline.
    pub(crate) fn defer_check(&mut self) {
        self.set_phase(Phase::Deferred);
    }

    /// Its messages are being read to classify an idle candidate.
    pub(crate) fn start_verifying(&mut self) {
        self.set_phase(Phase::Verifying);
    }

    /// Idle with no answer to its newest prompt: asked at the `NoAnswer` deadline, or failed.
    pub(crate) fn wait_for_answer(&mut self) {
        self.set_phase(Phase::Unanswered);
    }

    /// It answered with todos still open: completes at the grace deadline.
    pub(crate) fn hold_for_todos(&mut self) {
        self.set_phase(Phase::HeldByTodos);
    }

    /// Moves to `phase`. A message waiting for its turn's abort goes unless the task stays
    /// interrupting or is suspended (a restored manager sends it): the run it was for has
    /// ended or moved on (a failure, a fallback to a new session, a cancel).
    fn set_phase(&mut self, phase: Phase) {
        if !matches!(phase, Phase::Interrupting | Phase::Suspended) {
            self.interrupt_message = None;
        }
        self.phase = phase;
    }

    /// A message interrupts its turn: whatever was in flight for the turn is stale from now on.
    /// Returns the generation the abort is for.
    pub(crate) fn interrupt(&mut self, message: String) -> u64 {
        self.set_phase(Phase::Interrupting);
        self.interrupt_message = Some(message);
        self.next_generation()
    }

    /// The abort for the interrupt of `generation` came back: the message to send now, if that
    /// interrupt is still the current one.
    pub(crate) fn interrupted(&mut self, generation: u64) -> Option<String> {
        if self.status != TaskStatus::Running || self.phase != Phase::Interrupting || self.generation != generation {
            return None;
        }
        let message = self.interrupt_message.take();
        self.work();
        message
    }

    /// The manager shuts down and aborts the child; a restored manager continues it.
    pub(crate) fn suspend(&mut self) {
        self.set_phase(Phase::Suspended);
    }

    /// Starts a new generation: whatever was in flight for the previous one is stale from now on.
    pub(crate) fn next_generation(&mut self) -> u64 {
        self.generation = self.generation.wrapping_add(1);
        self.asked_for_answer = false;
        self.generation
    }

    /// The title of its child session, as the person sees it in OpenCode.
    pub(crate) fn session_title(&self) -> String {
        format!("{} (@{} background)", self.description, self.agent)
    }

    /// The child session exists: the task's place in its root's `maxDescendants` budget is used
    /// for good, whatever happens to the task from now on.
    pub(crate) fn spend_reservation(&mut self) {
        if self.reservation == Reservation::Held {
            self.reservation = Reservation::Spent;
        }
    }

    pub(crate) fn open_todos(&self) -> usize {
        self.todos.iter().filter(|t| t.is_open()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::PermissionAction;

    #[test]
    fn snapshots_written_before_the_rename_still_read() {
        let phase: Result<Phase, _> = serde_json::from_str("\"Idle\"");
        assert_eq!(phase.ok(), Some(Phase::NotRunning));
        assert_eq!(serde_json::to_string(&Phase::NotRunning).ok().as_deref(), Some("\"NotRunning\""));
    }

    /// Older snapshots saved a task's full rules as `session_rules`: read as inherited, the
    /// child's rules come out the same (the plugin's own, given again, are kept once).
    #[test]
    fn full_rules_saved_by_older_snapshots_still_apply() {
        let config = Config::default();
        let parent =
            ParentRef { session_id: "ses_p".into(), message_id: None, agent: Some("plan".into()), model: None };
        let mut task = Task::new("bg_1".into(), "d".into(), "general".into(), parent, "general".into(), 0);
        let edit = PermissionRule { permission: "edit".into(), pattern: "*".into(), action: PermissionAction::Deny };
        task.admit(1, "ses_p".into(), vec![edit]);
        let full = task.session_rules(&config).unwrap_or_default();
        assert!(full.len() > 1 && full.first().is_some_and(|r| r.permission == "edit"), "{full:?}");

        let mut old = serde_json::to_value(&task).unwrap_or_default();
        let saved = old.as_object_mut().and_then(|o| o.remove("inherited_rules"));
        assert!(saved.is_some(), "only the inherited part is saved");
        old["session_rules"] = serde_json::to_value(&full).unwrap_or_default();
        let read: Option<Task> = serde_json::from_value(old).ok();
        assert_eq!(read.and_then(|t| t.session_rules(&config)), Some(full));
    }
}
