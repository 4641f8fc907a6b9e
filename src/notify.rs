//! The notifier: per-parent notice bookkeeping and delivery, a sub-machine that owns its state.
//! Exactly once means: every terminal task of a parent lands in `fresh` once, leaves it in
//! exactly one [`Notice`], and that notice leaves the outbox once, either because its prompt
//! succeeded or because it was injected into the parent's next user message. One prompt at most
//! is in flight per parent.
//!
//! It makes no calls and sets no deadlines: each method takes the facts it needs and returns
//! what should happen next (a [`EndStep`], a [`Draft`] to compose, a [`ContextStep`] or a
//! [`SentStep`] of delivery); the manager turns that into SDK calls, timers and interest.

use crate::FastMap;
use crate::api::*;
use crate::idlist::IdList;
use crate::messages::{self, Sought};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// How many of the parent's newest messages are read to find its current agent and model.
const PARENT_CONTEXT_LIMIT: u32 = 10;
/// How much earlier than our clock OpenCode may stamp a message (both normally read the same
/// clock: the plugin runs inside the server).
const CLOCK_SLACK_MS: u64 = 1_000;

/// How many of the parent's newest messages the first read of a delivery asks for.
pub(crate) const FIRST_PAGE: Option<u32> = Some(PARENT_CONTEXT_LIMIT);

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
    #[serde(default, skip_serializing_if = "IdList::is_empty")]
    tasks: IdList,
    /// Tasks of the current batch that are not terminal yet.
    #[serde(default, skip_serializing_if = "IdList::is_empty")]
    unfinished: IdList,
    /// Tasks of the current batch that are terminal (for the final summary).
    #[serde(default, skip_serializing_if = "IdList::is_empty")]
    batch: IdList,
    /// Those of `batch` that ended without a notice of their own (the parent cancelled them).
    #[serde(default, skip_serializing_if = "IdList::is_empty")]
    quiet: IdList,
    /// Terminal tasks not yet in any notice (coalescing window).
    #[serde(default, skip_serializing_if = "IdList::is_empty")]
    fresh: IdList,
    #[serde(default, skip_serializing_if = "VecDeque::is_empty")]
    outbox: VecDeque<Notice>,
    #[serde(default, skip_serializing_if = "crate::snapshot::is_default")]
    delivery: Delivery,
    /// Consecutive failed prompts, for the backoff.
    #[serde(default, skip_serializing_if = "crate::snapshot::is_default")]
    failures: u32,
    /// Agent and model recorded at the latest launch, used when the parent's messages say nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    agent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<ModelRef>,
}

impl ParentState {
    /// Every task this session launched and that is not forgotten yet, oldest first.
    pub(crate) fn tasks(&self) -> &IdList {
        &self.tasks
    }

    /// The tasks of the current batch that have not ended.
    pub(crate) fn unfinished(&self) -> &IdList {
        &self.unfinished
    }

    /// Tasks owed an announcement: those ending in the coalescing window (no run named, it is
    /// the current one) and those of queued notices (with the run they announce).
    pub(crate) fn owed(&self) -> impl Iterator<Item = (&String, Option<u64>)> {
        let queued = self.outbox.iter().flat_map(|n| n.tasks.iter().map(|a| (&a.task, Some(a.generation))));
        queued.chain(self.fresh.iter().map(|id| (id, None)))
    }

    fn in_flight_notice(&self) -> Option<u64> {
        match self.delivery {
            Delivery::Prompting { notice, .. } => Some(notice),
            _ => None,
        }
    }

    /// Still has work: tasks to wait for or notices to deliver.
    fn is_active(&self) -> bool {
        !self.unfinished.is_empty() || !self.fresh.is_empty() || !self.outbox.is_empty()
    }

    /// Removes and returns the queued notices that are not in flight (injection).
    fn take_queued(&mut self) -> Vec<Notice> {
        let in_flight = self.in_flight_notice();
        let (keep, take): (VecDeque<Notice>, VecDeque<Notice>) =
            self.outbox.drain(..).partition(|n| Some(n.id) == in_flight);
        self.outbox = keep;
        take.into()
    }

    fn remove_notice(&mut self, id: u64) -> Option<Notice> {
        let pos = self.outbox.iter().position(|n| n.id == id)?;
        self.outbox.remove(pos)
    }

    /// The parent read the result of `task`'s run `generation` in a tool reply. Owed to it in
    /// the coalescing window, it ends there like a quiet end (no notice of its own; a batch it
    /// closes is over, with no summary: the parent, reading, is awake); owed by queued notices,
    /// it leaves them, and a notice left announcing nothing goes. A notice in flight cannot be
    /// called back: it still announces the run. Returns whether the read delivered the run.
    fn read(&mut self, task: &str, generation: u64) -> bool {
        if self.fresh.remove(task) {
            self.quiet.push(task);
            if self.unfinished.is_empty() && self.fresh.is_empty() {
                self.batch.clear();
                self.quiet.clear();
            }
            return true;
        }
        let in_flight = self.in_flight_notice();
        let mut owed = false;
        self.outbox.retain_mut(|n| {
            let before = n.tasks.len();
            if Some(n.id) == in_flight || before == 0 {
                return true;
            }
            n.tasks.retain(|a| a.task != task || a.generation != generation);
            owed |= n.tasks.len() < before;
            !n.tasks.is_empty()
        });
        owed
    }

    /// Saved by an instance whose calls died with it: a read in flight starts over, a prompt in
    /// flight leaves it backing off. Returns whether a prompt was in flight.
    fn settle(&mut self) -> bool {
        let prompting = self.in_flight_notice().is_some();
        self.delivery = if prompting { Delivery::Backoff } else { Delivery::Idle };
        prompting
    }

    /// Leaves out the tasks `known` names, from the lists and from the notices that announce
    /// them; a notice left announcing nothing goes (one that never announced a task stays).
    fn forget(&mut self, known: &impl Fn(&str) -> bool) {
        for list in [&mut self.tasks, &mut self.unfinished, &mut self.batch, &mut self.quiet, &mut self.fresh] {
            list.retain(|t| !known(t));
        }
        self.outbox.retain_mut(|n| {
            let announced = !n.tasks.is_empty();
            n.tasks.retain(|a| !known(&a.task));
            !announced || !n.tasks.is_empty()
        });
    }

    /// Takes in another instance's bookkeeping of the same parent (settled, its known tasks
    /// left out, its notices numbered anew): its tasks join each list after ours, and one
    /// batch holds both; its notices queue after ours, except one that announces no task and
    /// whose text is queued here already. Ours are kept where both say something (delivery,
    /// agent, model), except an idle delivery, which takes on the backoff of a prompt of theirs
    /// that was in flight (`prompting`). Returns whether that prompt's parent now backs off.
    fn absorb(&mut self, theirs: ParentState, prompting: bool) -> bool {
        let lists = [
            (&mut self.tasks, theirs.tasks),
            (&mut self.unfinished, theirs.unfinished),
            (&mut self.batch, theirs.batch),
            (&mut self.quiet, theirs.quiet),
            (&mut self.fresh, theirs.fresh),
        ];
        for (ours, more) in lists {
            for id in more.iter() {
                ours.push(id);
            }
        }
        for notice in theirs.outbox {
            if notice.tasks.is_empty() && self.outbox.iter().any(|n| n.text == notice.text) {
                continue;
            }
            self.outbox.push_back(notice);
        }
        self.agent = self.agent.take().or(theirs.agent);
        self.model = self.model.take().or(theirs.model);
        if !prompting {
            return false;
        }
        match self.delivery {
            Delivery::Idle => {
                self.delivery = Delivery::Backoff;
                self.failures = theirs.failures;
                true
            }
            Delivery::Backoff => true,
            Delivery::ReadingParent { .. } | Delivery::Prompting { .. } => false,
        }
    }

    /// Backoff delay after `failures` consecutive failures: initial, doubling, capped.
    fn backoff_ms(&self, initial: u64, max: u64) -> u64 {
        let shift = self.failures.saturating_sub(1).min(20);
        initial.saturating_mul(1u64 << shift).min(max)
    }
}

/// What a task's end means for its parent's notices.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum EndStep {
    /// The parent has no bookkeeping here: no notice will carry the task.
    Untracked,
    /// It will be announced: the coalescing window should be open (from now, if it is not).
    Coalesce,
    /// It ended quietly (the parent cancelled it): no notice of its own. When it closed the
    /// batch, a final summary may be owed: compose one now.
    Quiet(Batch),
}

/// Whether the batch of a parent is still open.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Batch {
    Open,
    Closed,
}

/// A notice to compose from the tasks that ended in the coalescing window.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Draft {
    /// Some tasks of the batch still run: news of these, and how many still run.
    Progress { fresh: Vec<String>, still_running: usize },
    /// The batch is over: a final summary of all of it (`fresh` are the tasks it announces
    /// for the first time).
    Final { fresh: Vec<String>, batch: Vec<String> },
}

/// The next step of a delivery once the parent's messages were read.
#[derive(Debug, PartialEq)]
pub(crate) enum ContextStep {
    /// No read was awaited (the reply is stale).
    Stale,
    /// An earlier prompt of the oldest notice got through: it is delivered.
    AlreadyArrived { notice: u64 },
    /// The parent wrote more since the first attempt than the page held: read this many.
    ReadFurther { limit: Option<u32> },
    /// Send this prompt, carrying this notice.
    Prompt { notice: u64, prompt: PromptSession },
    /// Nothing is left to send.
    Done,
}

/// What the reply to a notice prompt means.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SentStep {
    /// Not the prompt in flight (a stale reply).
    Stale,
    /// The notice arrived.
    Arrived,
    /// The parent session does not exist: nobody is left to tell.
    ParentGone { dropped: usize },
    /// It failed: retry after this long.
    RetryIn { delay_ms: u64 },
}

#[cfg(any(test, feature = "test-hooks"))]
/// What the manager knows of a task, for the notifier's checks.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Known {
    /// Live and not ended.
    Unfinished,
    /// Live and ended.
    Ended,
    /// Only its archived record is left.
    Archived,
}

/// Per-parent bookkeeping, and the numbering of notices.
#[derive(Debug)]
pub(crate) struct Notifier {
    parents: FastMap<String, ParentState>,
    next_notice: u64,
}

impl Default for Notifier {
    fn default() -> Self {
        Notifier { parents: FastMap::default(), next_notice: 1 }
    }
}

impl Notifier {
    // ------------------------------------------------------------------ bookkeeping

    /// The bookkeeping of a parent, if it has any.
    pub(crate) fn parent(&self, parent: &str) -> Option<&ParentState> {
        self.parents.get(parent)
    }

    /// Still has work: tasks to wait for or notices to deliver.
    pub(crate) fn is_active(&self, parent: &str) -> bool {
        self.parents.get(parent).is_some_and(ParentState::is_active)
    }

    /// The tasks of the current batch of `parent` that have not ended, oldest first.
    pub(crate) fn unfinished(&self, parent: &str) -> Vec<String> {
        self.parents.get(parent).map_or_else(Vec::new, |p| p.unfinished.iter().cloned().collect())
    }

    /// What a wait of `parent` is for by default: the tasks of its batch that have not ended,
    /// then the ended ones it has not been told of (each once), oldest first.
    pub(crate) fn waitable(&self, parent: &str) -> Vec<String> {
        let Some(p) = self.parents.get(parent) else { return Vec::new() };
        let mut seen = std::collections::BTreeSet::new();
        let owed = p.owed().map(|(id, _)| id);
        p.unfinished.iter().chain(owed).filter(|id| seen.insert(id.as_str())).cloned().collect()
    }

    /// How many tasks of the current batch of `parent` have not ended.
    pub(crate) fn unfinished_count(&self, parent: &str) -> usize {
        self.parents.get(parent).map_or(0, |p| p.unfinished.len())
    }

    /// Whether `parent` launched `task` and still keeps it (it is deleted with its parent).
    pub(crate) fn keeps(&self, parent: &str, task: &str) -> bool {
        self.parents.get(parent).is_some_and(|p| p.tasks.contains(task))
    }

    /// Whether a notice still owes news of the current run of `task` to `parent`.
    pub(crate) fn owes(&self, parent: &str, task: &str) -> bool {
        self.parents.get(parent).is_some_and(|p| p.owed().any(|(id, _)| id == task))
    }

    /// The newest run of `task` a queued notice of any parent still announces. (A scan of every
    /// parent: only for a task id that is taken anew, which is rare.)
    pub(crate) fn newest_owed_run(&self, task: &str) -> Option<u64> {
        self.parents
            .values()
            .flat_map(|p| p.outbox.iter())
            .flat_map(|n| n.tasks.iter())
            .filter(|a| a.task == task)
            .map(|a| a.generation)
            .max()
    }

    /// The agent and model `parent` had at its latest launch.
    pub(crate) fn context(&self, parent: &str) -> (Option<String>, Option<ModelRef>) {
        self.parents.get(parent).map_or((None, None), |p| (p.agent.clone(), p.model.clone()))
    }

    /// Every parent with bookkeeping, in the map's order (deterministic: a fixed hasher).
    pub(crate) fn parent_ids(&self) -> Vec<String> {
        self.parents.keys().cloned().collect()
    }

    /// A task of `parent` joins its batch; the agent and model it was launched from, if known,
    /// become the parent's fallback for notices.
    pub(crate) fn launched(&mut self, parent: &str, task: &str, agent: Option<String>, model: Option<ModelRef>) {
        let p = self.parents.entry(parent.to_string()).or_default();
        p.tasks.push(task);
        p.unfinished.push(task);
        if agent.is_some() {
            p.agent = agent;
        }
        if model.is_some() {
            p.model = model;
        }
    }

    /// An adopted task that the saved lists of its parent missed (a damaged snapshot, or one
    /// saved by an older version), for a parent this manager keeps bookkeeping for: listed again,
    /// and as unfinished while it has not ended, so that its end still reaches the parent.
    pub(crate) fn relist(&mut self, parent: &str, task: &str, status: TaskStatus) {
        let Some(p) = self.parents.get_mut(parent) else { return };
        p.tasks.push(task);
        if !status.is_terminal() {
            p.unfinished.push(task);
        }
    }

    /// A task of `parent` runs again: it rejoins the batch. The end that is not in a notice yet
    /// is superseded by the new run's end; a notice already composed still goes out, as news of
    /// the run before. False when `parent` has no bookkeeping.
    pub(crate) fn runs_again(&mut self, parent: &str, task: &str) -> bool {
        let Some(p) = self.parents.get_mut(parent) else { return false };
        p.unfinished.push(task);
        for list in [&mut p.fresh, &mut p.batch, &mut p.quiet] {
            list.remove(task);
        }
        true
    }

    /// A task moves from `from` to `to` (joining `to`'s batch unless its `status` is terminal). Returns
    /// whether this closed `from`'s batch (the task was its last unfinished one).
    pub(crate) fn move_task(&mut self, task: &str, from: &str, to: &str, status: TaskStatus) -> Batch {
        let mut closed = Batch::Open;
        if let Some(p) = self.parents.get_mut(from) {
            let was_unfinished = p.unfinished.contains(task);
            for list in [&mut p.tasks, &mut p.unfinished, &mut p.batch, &mut p.quiet, &mut p.fresh] {
                list.remove(task);
            }
            if was_unfinished && p.unfinished.is_empty() {
                closed = Batch::Closed;
            }
        }
        let p = self.parents.entry(to.to_string()).or_default();
        p.tasks.push(task);
        if !status.is_terminal() {
            p.unfinished.push(task);
        }
        closed
    }

    /// A task of `parent` ended; `announce` says whether a notice should carry it.
    pub(crate) fn task_ended(&mut self, parent: &str, task: &str, announce: crate::task::Announce) -> EndStep {
        let Some(p) = self.parents.get_mut(parent) else { return EndStep::Untracked };
        p.unfinished.remove(task);
        p.batch.push(task);
        if announce == crate::task::Announce::ToParent {
            p.fresh.push(task);
            return EndStep::Coalesce;
        }
        p.quiet.push(task);
        // The batch closed with a task the parent cancelled itself: a final summary is owed only
        // when other tasks of the batch were announced (`draft` decides).
        let closed = p.unfinished.is_empty() && p.fresh.is_empty();
        EndStep::Quiet(if closed { Batch::Closed } else { Batch::Open })
    }

    /// The parent read the result of `task`'s run `generation` in a tool reply (its own
    /// `background_output` or `background_wait`): that counts as delivery. Returns whether a
    /// notice still owed it, and so whether this read delivered it (see [`ParentState::read`]).
    pub(crate) fn read(&mut self, parent: &str, task: &str, generation: u64) -> bool {
        self.parents.get_mut(parent).is_some_and(|p| p.read(task, generation))
    }

    /// An archived task is forgotten: it leaves its parent's lists, and a parent left with
    /// nothing to do or remember goes too.
    pub(crate) fn forget_task(&mut self, parent: &str, task: &str) {
        let Some(p) = self.parents.get_mut(parent) else { return };
        for list in [&mut p.tasks, &mut p.batch, &mut p.quiet] {
            list.remove(task);
        }
        if p.tasks.is_empty() && !p.is_active() && p.delivery == Delivery::Idle {
            self.parents.remove(parent);
        }
    }

    /// The parent session is gone: its bookkeeping goes, and is returned (what it still owed,
    /// which tasks it had).
    pub(crate) fn remove(&mut self, parent: &str) -> Option<ParentState> {
        self.parents.remove(parent)
    }

    // ------------------------------------------------------------------ composing notices

    /// Takes the tasks that ended in the coalescing window. `None` when no notice is owed (a
    /// batch that closed with only quiet ends announces nothing).
    pub(crate) fn draft(&mut self, parent: &str) -> Option<Draft> {
        let p = self.parents.get_mut(parent)?;
        let fresh = p.fresh.take();
        let closing = p.unfinished.is_empty();
        let announced_before = p.batch.len() > p.quiet.len() + fresh.len();
        if closing {
            p.quiet.clear();
        }
        if fresh.is_empty() && !(closing && announced_before) {
            if closing {
                p.batch.clear();
            }
            return None;
        }
        if closing {
            return Some(Draft::Final { fresh, batch: p.batch.take() });
        }
        Some(Draft::Progress { fresh, still_running: p.unfinished.len() })
    }

    /// Queues a notice for `parent` (its bookkeeping is created if needed); returns its id.
    pub(crate) fn queue(&mut self, parent: &str, tasks: Vec<Announced>, text: String, wake: bool) -> u64 {
        let id = self.next_notice;
        self.next_notice = self.next_notice.wrapping_add(1);
        let p = self.parents.entry(parent.to_string()).or_default();
        p.outbox.push_back(Notice { id, tasks, text, wake, sent_at: None });
        id
    }

    /// Removes the queued notices not in flight, for injection into the parent's next user
    /// message. Empty while a prompt is in flight: its own user message would otherwise carry
    /// them, and be lost with it.
    pub(crate) fn take_for_injection(&mut self, parent: &str) -> Vec<Notice> {
        match self.parents.get_mut(parent) {
            Some(p) if p.in_flight_notice().is_none() => p.take_queued(),
            _ => Vec::new(),
        }
    }

    /// Whether a notice prompt to `parent` is in flight.
    pub(crate) fn prompting(&self, parent: &str) -> bool {
        self.parents.get(parent).is_some_and(|p| p.in_flight_notice().is_some())
    }

    /// Whether tasks of `parent` ended in a coalescing window not closed yet.
    pub(crate) fn has_fresh(&self, parent: &str) -> bool {
        self.parents.get(parent).is_some_and(|p| !p.fresh.is_empty())
    }

    // ------------------------------------------------------------------ delivery

    /// Whether a delivery to `parent` should start: nothing in flight, something to send.
    pub(crate) fn ready(&self, parent: &str) -> bool {
        self.parents.get(parent).is_some_and(|p| p.delivery == Delivery::Idle && !p.outbox.is_empty())
    }

    /// A read of the parent's messages started (`call`).
    pub(crate) fn reading(&mut self, parent: &str, call: CallId) {
        if let Some(p) = self.parents.get_mut(parent) {
            p.delivery = Delivery::ReadingParent { call };
        }
    }

    /// The parent's newest messages (`limit` of them, or all) came back, or could not be read.
    pub(crate) fn on_context(&mut self, parent: &str, limit: Option<u32>, reply: Option<&str>) -> ContextStep {
        let Some(p) = self.parents.get_mut(parent) else { return ContextStep::Stale };
        if !matches!(p.delivery, Delivery::ReadingParent { .. }) {
            return ContextStep::Stale;
        }
        if let (Some(json), Some(notice)) = (reply, p.outbox.front())
            && let Some(sent_at) = notice.sent_at
        {
            match messages::find_user_text_since(json, &notice.text, sent_at.saturating_sub(CLOCK_SLACK_MS), limit) {
                // An earlier prompt of this notice got through (its reply was lost, or the plugin
                // restarted while it was in flight): it is delivered, not sent twice.
                Sought::Found => return ContextStep::AlreadyArrived { notice: notice.id },
                // Read further back (a larger page each time, then the whole session) before
                // sending again.
                Sought::BeyondPage => return ContextStep::ReadFurther { limit: larger_page(limit) },
                Sought::Absent => {}
            }
        }
        let Some(notice) = p.outbox.front() else {
            p.delivery = Delivery::Idle;
            return ContextStep::Done;
        };
        let (agent, model) =
            reply.and_then(|json| messages::current_agent_and_model(json).ok()).unwrap_or((None, None));
        let prompt = PromptSession {
            session_id: parent.to_string(),
            agent: agent.or_else(|| p.agent.clone()),
            model: model.or_else(|| p.model.clone()),
            system: None,
            parts: vec![notice.text.clone()],
            no_reply: !notice.wake,
        };
        ContextStep::Prompt { notice: notice.id, prompt }
    }

    /// The prompt carrying `notice` is in flight (`call`); its first attempt is stamped `now`.
    pub(crate) fn sending(&mut self, parent: &str, notice: u64, call: CallId, now: Timestamp) {
        let Some(p) = self.parents.get_mut(parent) else { return };
        p.delivery = Delivery::Prompting { call, notice };
        if let Some(n) = p.outbox.front_mut().filter(|n| n.id == notice) {
            n.sent_at.get_or_insert(now);
        }
    }

    /// The reply to the prompt carrying `notice`. A failure backs off (`initial_ms` doubling up
    /// to `max_ms`); a missing parent ends its delivery for good.
    pub(crate) fn on_sent(
        &mut self,
        parent: &str,
        notice: u64,
        reply: Result<(), &SdkError>,
        (initial_ms, max_ms): (u64, u64),
    ) -> SentStep {
        let Some(p) = self.parents.get_mut(parent) else { return SentStep::Stale };
        if p.in_flight_notice() != Some(notice) {
            return SentStep::Stale;
        }
        match reply {
            Ok(()) => SentStep::Arrived,
            Err(e) if e.is_not_found() => SentStep::ParentGone { dropped: p.outbox.len() },
            Err(_) => {
                p.failures = p.failures.saturating_add(1);
                p.delivery = Delivery::Backoff;
                SentStep::RetryIn { delay_ms: p.backoff_ms(initial_ms, max_ms) }
            }
        }
    }

    /// `notice` reached the parent: it leaves the outbox; returns the runs it announced (`None`
    /// when the parent has no bookkeeping).
    pub(crate) fn arrived(&mut self, parent: &str, notice: u64) -> Option<Vec<Announced>> {
        let p = self.parents.get_mut(parent)?;
        p.failures = 0;
        p.delivery = Delivery::Idle;
        Some(p.remove_notice(notice).map(|n| n.tasks).unwrap_or_default())
    }

    /// Whether the delivery to `parent` waits out a backoff.
    pub(crate) fn backing_off(&self, parent: &str) -> bool {
        self.parents.get(parent).is_some_and(|p| p.delivery == Delivery::Backoff)
    }

    /// The backoff is over (or cut short): delivery may start again. False if it was not backing off.
    pub(crate) fn end_backoff(&mut self, parent: &str) -> bool {
        match self.parents.get_mut(parent) {
            Some(p) if p.delivery == Delivery::Backoff => {
                p.delivery = Delivery::Idle;
                true
            }
            _ => false,
        }
    }

    // ------------------------------------------------------------------ persistence and checks

    /// The bookkeeping of every parent (in no order), and the next notice id.
    pub(crate) fn saved(&self) -> (Vec<(&String, &ParentState)>, u64) {
        (self.parents.iter().collect(), self.next_notice)
    }

    /// Takes in the bookkeeping another instance saved (a restore, or an adoption), parent by
    /// parent. The calls of that instance died with it: a read in flight starts over; a prompt
    /// in flight may still land (a plugin reload keeps the server running), so its parent backs
    /// off, and the returned parents should retry after a grace period (the retry finds the
    /// notice in the parent if it did land, and sends it if not). Tasks `known` names (this
    /// instance has them already) leave its lists and notices. A parent this one knows too gets
    /// the union of both: see [`ParentState::absorb`]. Notice ids go on from the later of both
    /// numberings.
    pub(crate) fn adopt(
        &mut self,
        parents: Vec<(String, ParentState)>,
        next_notice: u64,
        known: impl Fn(&str) -> bool,
    ) -> Vec<String> {
        self.next_notice = self.next_notice.max(next_notice);
        let mut in_flight = Vec::new();
        for (id, mut theirs) in parents {
            let prompting = theirs.settle();
            theirs.forget(&known);
            let backs_off = match self.parents.get_mut(&id) {
                None => {
                    self.parents.insert(id.clone(), theirs);
                    prompting
                }
                Some(ours) => {
                    // Both numberings may have used the same ids: theirs get new ones.
                    for notice in &mut theirs.outbox {
                        notice.id = self.next_notice;
                        self.next_notice = self.next_notice.wrapping_add(1);
                    }
                    ours.absorb(theirs, prompting)
                }
            };
            if backs_off {
                in_flight.push(id);
            }
        }
        in_flight
    }

    #[cfg(any(test, feature = "test-hooks"))]
    /// The notifier's invariants, against what `task` says of a task: its parent, and where it
    /// is. Every listed task is the parent's, every tracked one is listed, every fresh one is a
    /// live task that ended.
    pub(crate) fn check(&self, task: impl Fn(&str) -> Option<(String, Known)>) -> Result<(), String> {
        for (parent, p) in &self.parents {
            if let Some(id) = p.tasks.iter().find(|id| task(id).map(|(of, _)| of).as_ref() != Some(parent)) {
                return Err(format!("{parent} lists {id}, which is not its task"));
            }
            for id in p.unfinished.iter().chain(&p.fresh) {
                if !p.tasks.contains(id) {
                    return Err(format!("{parent} tracks {id} without listing it"));
                }
            }
            if let Some(id) = p.fresh.iter().find(|id| !task(id).is_some_and(|(_, known)| known == Known::Ended)) {
                return Err(format!("{id} waits for a notice to {parent} but has not ended"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::Announce;

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

    fn announced(task: &str) -> Vec<Announced> {
        vec![Announced { task: task.into(), generation: 1 }]
    }

    #[test]
    fn a_batch_that_ends_only_quietly_owes_no_summary() {
        let mut n = Notifier::default();
        n.launched("p", "a", None, None);
        assert_eq!(n.task_ended("p", "a", Announce::Quietly), EndStep::Quiet(Batch::Closed));
        assert_eq!(n.draft("p"), None, "the parent cancelled its only task itself");
        assert!(!n.is_active("p"));
    }

    #[test]
    fn the_last_end_of_a_batch_drafts_a_final_summary_of_all_of_it() {
        let mut n = Notifier::default();
        for t in ["a", "b"] {
            n.launched("p", t, None, None);
        }
        assert_eq!(n.task_ended("p", "a", Announce::ToParent), EndStep::Coalesce);
        assert_eq!(n.draft("p"), Some(Draft::Progress { fresh: vec!["a".into()], still_running: 1 }));
        assert_eq!(n.task_ended("p", "b", Announce::ToParent), EndStep::Coalesce);
        let batch = vec!["a".to_string(), "b".to_string()];
        assert_eq!(n.draft("p"), Some(Draft::Final { fresh: vec!["b".into()], batch }));
        assert_eq!(n.task_ended("q", "x", Announce::ToParent), EndStep::Untracked);
    }

    #[test]
    fn an_adopted_parent_known_here_gets_the_union_and_nothing_twice() {
        let mut ours = Notifier::default();
        ours.launched("p", "a", Some("build".into()), None);
        assert_eq!(ours.task_ended("p", "a", Announce::ToParent), EndStep::Coalesce);
        let info = ours.queue("p", Vec::new(), "needs input".into(), false);
        let mut theirs = Notifier::default();
        for t in ["a", "b", "c"] {
            theirs.launched("p", t, Some("plan".into()), None);
        }
        for t in ["a", "b"] {
            assert_eq!(theirs.task_ended("p", t, Announce::ToParent), EndStep::Coalesce);
        }
        let _ = theirs.draft("p");
        let both = theirs.queue("p", [announced("a"), announced("b")].concat(), "a, b".into(), false);
        theirs.queue("p", announced("a"), "a".into(), false);
        theirs.queue("p", Vec::new(), "needs input".into(), false);
        theirs.reading("p", 1);
        let _ = theirs.on_context("p", FIRST_PAGE, None);
        theirs.sending("p", both, 2, 1_000);
        theirs.launched("q", "d", None, None);
        let (parents, next) = theirs.saved();
        let parents = parents.into_iter().map(|(k, v)| (k.clone(), v.clone())).collect();

        let backs_off = ours.adopt(parents, next, |id| id == "a");
        assert_eq!(backs_off, vec!["p".to_string()], "its prompt was in flight: p backs off");
        assert!(ours.backing_off("p") && !ours.backing_off("q"));
        let p = ours.parent("p").expect("p is kept");
        assert_eq!(p.tasks().iter().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(p.unfinished().iter().collect::<Vec<_>>(), ["c"]);
        let outbox: Vec<(u64, &str, usize)> = p.outbox.iter().map(|n| (n.id, n.text.as_str(), n.tasks.len())).collect();
        assert_eq!(outbox, vec![(info, "needs input", 0), (next, "a, b", 1)], "a known task is not announced again");
        assert_eq!(p.outbox.back().map(|n| n.sent_at), Some(Some(1_000)), "a retry looks for it first");
        assert_eq!(ours.context("p").0.as_deref(), Some("build"), "ours stands");
        assert_eq!(ours.unfinished("q"), ["d"]);
        assert!(ours.owes("p", "a") && ours.owes("p", "b") && !ours.owes("p", "c"));
    }

    #[test]
    fn a_read_delivers_what_is_owed_once_and_never_calls_back_a_notice_in_flight() {
        let mut n = Notifier::default();
        for t in ["a", "b", "c"] {
            n.launched("p", t, None, None);
        }
        // In the coalescing window: the read takes it out, it ends like a quiet end.
        assert_eq!(n.task_ended("p", "a", Announce::ToParent), EndStep::Coalesce);
        assert!(n.read("p", "a", 1));
        assert!(!n.read("p", "a", 1), "once");
        assert_eq!(n.draft("p"), None, "nothing is left to announce");
        // In a queued notice: it leaves it; a notice left announcing nothing goes.
        assert_eq!(n.task_ended("p", "b", Announce::ToParent), EndStep::Coalesce);
        let _ = n.draft("p");
        let b = n.queue("p", announced("b"), "b".into(), false);
        assert!(!n.read("p", "b", 2), "another run of b is not owed");
        assert!(n.read("p", "b", 1));
        assert!(!n.ready("p"), "the notice went with it");
        // In flight: the notice still announces it; the read delivers nothing.
        assert_eq!(n.task_ended("p", "c", Announce::ToParent), EndStep::Coalesce);
        let Some(Draft::Final { fresh, batch }) = n.draft("p") else { panic!("c closes the batch") };
        assert_eq!((fresh.len(), batch.len()), (1, 3));
        let c = n.queue("p", announced("c"), "all".into(), true);
        assert_ne!(b, c);
        n.reading("p", 1);
        let _ = n.on_context("p", FIRST_PAGE, None);
        n.sending("p", c, 2, 1_000);
        assert!(!n.read("p", "c", 1));
        assert!(n.prompting("p"));
        assert!(!n.read("q", "c", 1), "a parent with no bookkeeping is owed nothing");
    }

    #[test]
    fn a_read_that_closes_the_batch_owes_no_summary() {
        let mut n = Notifier::default();
        for t in ["a", "b"] {
            n.launched("p", t, None, None);
        }
        assert_eq!(n.task_ended("p", "a", Announce::ToParent), EndStep::Coalesce);
        assert!(matches!(n.draft("p"), Some(Draft::Progress { .. })), "a is announced silently");
        assert_eq!(n.task_ended("p", "b", Announce::ToParent), EndStep::Coalesce);
        assert!(n.read("p", "b", 1));
        assert_eq!(n.draft("p"), None, "the parent read the last result: it is awake, nothing wakes it");
        assert!(!n.is_active("p"));
    }

    #[test]
    fn a_delivery_reads_the_parent_sends_backs_off_and_arrives_once() {
        let mut n = Notifier::default();
        n.launched("p", "a", Some("build".into()), None);
        let id = n.queue("p", announced("a"), "done".into(), true);
        assert!(n.ready("p"));
        n.reading("p", 1);
        assert!(!n.ready("p"), "one delivery at a time");
        let ContextStep::Prompt { notice, prompt } = n.on_context("p", FIRST_PAGE, None) else {
            panic!("a prompt is due");
        };
        assert_eq!((notice, prompt.agent.as_deref(), prompt.no_reply), (id, Some("build"), false));
        n.sending("p", id, 2, 1_000);
        let busy = SdkError { name: "UnknownError".into(), message: "busy".into(), status: None };
        assert_eq!(n.on_sent("p", id, Err(&busy), (1_000, 8_000)), SentStep::RetryIn { delay_ms: 1_000 });
        assert!(n.backing_off("p") && n.end_backoff("p"));
        n.reading("p", 3);
        assert!(matches!(n.on_context("p", FIRST_PAGE, None), ContextStep::Prompt { .. }));
        n.sending("p", id, 4, 3_000);
        assert_eq!(n.on_sent("p", id, Err(&busy), (1_000, 8_000)), SentStep::RetryIn { delay_ms: 2_000 });
        assert!(n.end_backoff("p"));
        n.reading("p", 5);
        let _ = n.on_context("p", FIRST_PAGE, None);
        n.sending("p", id, 6, 5_000);
        assert_eq!(n.on_sent("p", id + 1, Ok(()), (1_000, 8_000)), SentStep::Stale, "not the notice in flight");
        assert_eq!(n.on_sent("p", id, Ok(()), (1_000, 8_000)), SentStep::Arrived);
        assert_eq!(n.arrived("p", id), Some(announced("a")));
        assert!(!n.ready("p"), "nothing left to send");
    }
}
