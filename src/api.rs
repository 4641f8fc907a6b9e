//! The values that cross the core's public API. They mirror the records, variants and flags of
//! `wit/background-agent.wit` one to one, so the component glue is a plain field-by-field copy.

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch.
pub type Timestamp = u64;

/// A length of time in milliseconds (config durations, deadlines measured from now).
pub type DurationMs = u64;

/// The id of an SDK call the core asked the host to make.
pub type CallId = u64;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
/// A model: provider, model and variant.
pub struct ModelRef {
    /// The provider id, e.g. `anthropic`.
    pub provider_id: String,
    /// The model id within the provider (may contain `/`).
    pub model_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The model's variant (e.g. a reasoning effort), if the parent used one.
    pub variant: Option<String>,
}

impl ModelRef {
    /// `provider/model`, the form users write and the concurrency key uses.
    pub fn key(&self) -> String {
        format!("{}/{}", self.provider_id, self.model_id)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
/// Where a task stands; the last four are terminal.
pub enum TaskStatus {
    /// Waiting for a slot of its concurrency key, or for its lineage to be known.
    Pending,
    /// Its child session works on it (or is being created).
    Running,
    /// The child answered; the answer is the result.
    Completed,
    /// The child, its provider or a limit failed it; `error` says how.
    Error,
    /// Stopped on purpose: by a caller, a limit, a deletion, an abort.
    Cancelled,
    /// Cut off from outside: an unknown agent, a prompt that did not reach the child.
    Interrupted,
}

impl TaskStatus {
    /// Whether the task has ended.
    pub fn is_terminal(self) -> bool {
        !matches!(self, TaskStatus::Pending | TaskStatus::Running)
    }
    /// The lower-case name, as the tools and the WIT contract spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Pending => "pending",
            TaskStatus::Running => "running",
            TaskStatus::Completed => "completed",
            TaskStatus::Error => "error",
            TaskStatus::Cancelled => "cancelled",
            TaskStatus::Interrupted => "interrupted",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
/// What a task's child has done so far.
pub struct TaskProgress {
    /// Tool calls counted so far (each tool part once).
    #[serde(default, skip_serializing_if = "crate::snapshot::is_default")]
    pub tool_calls: u32,
    /// The tool of the latest call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_tool: Option<String>,
    /// The latest sign of life of the child.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_activity_at: Option<Timestamp>,
    /// The end of the child's latest text, clipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_message: Option<String>,
    /// Input tokens over all assistant messages of the child.
    #[serde(default, skip_serializing_if = "crate::snapshot::is_default")]
    pub tokens_in: u64,
    /// Output tokens over all assistant messages of the child.
    #[serde(default, skip_serializing_if = "crate::snapshot::is_default")]
    pub tokens_out: u64,
    /// Reasoning tokens over all assistant messages of the child.
    #[serde(default, skip_serializing_if = "crate::snapshot::is_default")]
    pub tokens_reasoning: u64,
    /// Tokens read from the provider's cache over all assistant messages (not in `tokens`).
    #[serde(default, skip_serializing_if = "crate::snapshot::is_default")]
    pub tokens_cache_read: u64,
    /// Cost over all assistant messages of the child, as OpenCode reports it.
    #[serde(default, skip_serializing_if = "crate::snapshot::is_default")]
    pub cost: f64,
    /// How many messages its parent sent it while it ran (`background_message`).
    #[serde(default, skip_serializing_if = "crate::snapshot::is_default")]
    pub steered: u32,
}

impl TaskProgress {
    /// Input, output and reasoning tokens together, as budgets count them (cache reads apart).
    pub fn tokens(&self) -> u64 {
        self.tokens_in.saturating_add(self.tokens_out).saturating_add(self.tokens_reasoning)
    }
}

#[derive(Clone, Debug, PartialEq)]
/// A task as callers see it (a copy: changing it changes nothing).
pub struct TaskView {
    /// The task id (`bg_…`).
    pub id: String,
    /// The short description the launcher gave.
    pub description: String,
    /// The agent the child runs as.
    pub agent: String,
    /// The model the child runs on, when one was named (else the agent's).
    pub model: Option<ModelRef>,
    /// Where the task stands.
    pub status: TaskStatus,
    /// The session that is told when the task ends.
    pub parent_session_id: String,
    /// The child session, once it exists.
    pub session_id: Option<String>,
    /// When it was launched.
    pub queued_at: Timestamp,
    /// When its current run started.
    pub started_at: Option<Timestamp>,
    /// When it ended.
    pub completed_at: Option<Timestamp>,
    /// Why it did not complete.
    pub error: Option<String>,
    /// The child's final answer.
    pub result: Option<String>,
    /// What the child has done so far.
    pub progress: TaskProgress,
    /// The key whose slots it takes: `provider/model`, else the agent.
    pub concurrency_key: String,
    /// Attempts so far (a fallback to another model is a new attempt).
    pub attempts: u32,
    /// How deep below its root session it runs (1 = launched by a root).
    pub depth: u32,
    /// What each run may spend.
    pub budget: Budget,
    /// The tasks it was launched to run after, in the order given.
    pub after: Vec<String>,
    /// Those of them that have not ended yet (it is not queued while any is left).
    pub waiting_for: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
/// `launch`: start a background task.
pub struct LaunchRequest {
    /// The launching session: told when the task ends.
    pub parent_session_id: String,
    /// The message of the launching turn.
    pub parent_message_id: Option<String>,
    /// The agent of the launching session, for its notices.
    pub parent_agent: Option<String>,
    /// The model of the launching session, for its notices.
    pub parent_model: Option<ModelRef>,
    /// A short description (1 KiB at most).
    pub description: String,
    /// The complete instructions for the child (`maxPromptBytes` at most).
    pub prompt: String,
    /// The agent to run.
    pub agent: String,
    /// The model to run on (default: the agent's).
    pub model: Option<ModelRef>,
    /// Extra system text for the child's first prompt.
    pub system: Option<String>,
    /// Models to move to on a retryable provider error (default: config `fallbackModels`).
    pub fallback: Vec<ModelRef>,
    /// What each run may spend; a limit not given is config `taskBudget`'s.
    pub budget: Budget,
    /// Tasks that must end before this one queues (ids or child session ids of the caller's
    /// tasks or of tasks below it, at most [`MAX_PREREQUISITES`]).
    pub after: Vec<String>,
    /// What a prerequisite that did not complete does to this task.
    pub on_failure: PrerequisiteFailure,
}

/// How many prerequisites one launch may name.
pub const MAX_PREREQUISITES: usize = 16;

/// What a prerequisite that failed, was cancelled or was interrupted does to a task that runs
/// after it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrerequisiteFailure {
    /// The task is cancelled too, and so are the tasks that run after it.
    #[default]
    Skip,
    /// The task runs anyway; its digest says how each prerequisite ended.
    Run,
}

/// What one run of a task may spend; each limit is off when absent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Budget {
    /// Tokens (input, output and reasoning, as OpenCode reports them; not cache reads) the run may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<u64>,
    /// Dollars the run may cost, as OpenCode reports cost (0 for a model without pricing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_usd: Option<f64>,
    /// Minutes the run may take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
}

impl Budget {
    /// Each limit of `self`, else `default`'s.
    pub fn or(self, default: Budget) -> Budget {
        Budget {
            tokens: self.tokens.or(default.tokens),
            cost_usd: self.cost_usd.or(default.cost_usd),
            minutes: self.minutes.or(default.minutes),
        }
    }

    /// No limit at all.
    pub fn is_unlimited(&self) -> bool {
        self.tokens.is_none() && self.cost_usd.is_none() && self.minutes.is_none()
    }

    /// Why these limits cannot apply (a zero, a cost that is not a positive amount).
    pub(crate) fn problem(&self) -> Option<String> {
        if self.tokens == Some(0) {
            return Some("a token budget must be at least 1".into());
        }
        if self.cost_usd.is_some_and(|c| !c.is_finite() || c <= 0.0) {
            return Some("a cost budget must be a positive number of dollars".into());
        }
        if self.minutes == Some(0) {
            return Some("a time budget must be at least 1 minute".into());
        }
        None
    }
}

/// `track`: adopt a session started elsewhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrackRequest {
    /// The id the tracked session is known by.
    pub task_id: String,
    /// The session to track.
    pub session_id: String,
    /// The session to tell when it ends.
    pub parent_session_id: String,
    /// A short description.
    pub description: String,
    /// The agent the session runs as.
    pub agent: String,
    /// Defaults to the agent.
    pub concurrency_key: Option<String>,
}

/// Why a request was refused; the text says what to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    /// The request is malformed (an empty or too long field).
    Invalid(String),
    /// No such task, or one the caller may not see (the same words for both: a session learns
    /// nothing of the tasks of sessions outside its tree).
    NotFound(String),
    /// A limit refuses it; the text names the config key.
    Limit(String),
    /// The task is not in a state that allows it.
    Conflict(String),
    /// The caller may not launch this: the agent is not meant to be launched, or the caller's
    /// own restrictions cannot be read (the launch fails closed).
    Denied(String),
    /// The manager has shut down.
    ShuttingDown,
}

impl std::error::Error for RequestError {}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::Invalid(m)
            | RequestError::NotFound(m)
            | RequestError::Limit(m)
            | RequestError::Conflict(m)
            | RequestError::Denied(m) => f.write_str(m),
            RequestError::ShuttingDown => f.write_str("the background-task manager is shutting down"),
        }
    }
}

/// An error an SDK call ended with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdkError {
    /// The HTTP status, if there was a response.
    pub status: Option<u16>,
    /// The error's name (`NotFoundError`, `APIError`, `TimeoutError`, …).
    pub name: String,
    /// What went wrong, in words.
    pub message: String,
}

impl SdkError {
    /// OpenCode answered that the session asked about does not exist.
    pub fn is_not_found(&self) -> bool {
        self.status == Some(404) || self.name == "NotFoundError"
    }
}

/// An OpenCode bus event, as the host relays it: the hot ones typed, the rest as JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// `message.part.delta`: only its session id crosses, the streamed text stays in the host.
    PartDelta {
        /// The streaming session.
        session_id: String,
    },
    /// `message.part.updated`: the fields of the part the core reads.
    PartUpdated {
        /// The session whose message it is.
        session_id: String,
        /// The part.
        part: Part,
    },
    /// `message.updated`: the fields of the message the core reads.
    MessageUpdated {
        /// The session whose message it is.
        session_id: String,
        /// The message.
        message: Message,
    },
    /// Any other event of an interesting session; `properties` is JSON text. The two typed
    /// events above are refused here (a host bug: counted as malformed).
    Session {
        /// The bus event type, e.g. `session.idle`.
        event_type: String,
        /// The session it is about.
        session_id: String,
        /// Its `properties`, as JSON text.
        properties: String,
    },
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
/// Which part of a long list to show: `limit` items (a default when none) from `offset`.
pub struct Page {
    /// How many to skip.
    pub offset: u32,
    /// How many to show (the core's default when none; it caps what it is given).
    pub limit: Option<u32>,
}

/// What `message` did with a task.
#[derive(Clone, Debug, PartialEq)]
pub struct Steered {
    /// The task as it now is.
    pub task: TaskView,
    /// How the message reached it.
    pub how: SteerOutcome,
}

/// How `background_message` should reach a running task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SteerMode {
    /// The message joins the running turn at its next step.
    #[default]
    Queue,
    /// The running turn is aborted, and the message starts the next one.
    Interrupt,
}

/// How a message reached a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SteerOutcome {
    /// It runs: the message joins its running turn at the next step.
    Queued,
    /// It ran: its turn is being aborted, and the message starts the next one.
    Interrupted,
    /// It had finished: the message started a new run in its session.
    Resumed,
}

/// How `background_reply` answers a child's pending request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Allow the permission asked for, this once. (Never "always": OpenCode would approve its
    /// patterns for every session of the instance until it restarts.)
    Once,
    /// Refuse the permission, or dismiss the question. A permission's refusal carries feedback
    /// the child reads and goes on with (a default one when none is given); without it, OpenCode
    /// would stop the child's run.
    Reject {
        /// What the child is told.
        message: Option<String>,
    },
    /// Answer the question: one answer per question it asked, in order.
    Answers(Vec<String>),
}

/// How OpenCode's `permission.reply` answers a permission request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PermissionVerdict {
    /// Allowed, this once.
    Once,
    /// Refused.
    Reject,
}

/// Which part of a task's result `background_output` shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutputPage {
    /// Where the page starts.
    pub start: PageStart,
    /// How many characters at most (the core's default when none; it caps what it is given).
    pub max_chars: Option<u32>,
}

/// Where a page of a result starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStart {
    /// This many characters into the result (0: its start).
    Offset(u32),
    /// Its last page: the end of the result, `max_chars` long.
    Tail,
}

impl Default for PageStart {
    fn default() -> Self {
        PageStart::Offset(0)
    }
}

/// A part of a child's message, as much of it as the core reads.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Text: the model's own words unless `synthetic` (written by OpenCode).
    Text {
        /// The text's tail (the host passes at least 400 UTF-16 units; the core keeps 200
        /// characters).
        text: String,
        /// Written by OpenCode rather than the model.
        synthetic: bool,
    },
    /// A tool call.
    Tool(ToolPart),
    /// Any other kind: a sign of activity only.
    Other,
}

/// A tool part of a child's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolPart {
    /// The part's id: a call is counted once however often its part changes.
    pub id: String,
    /// The tool's name.
    pub tool: Option<String>,
    /// Where the call is.
    pub status: ToolStatus,
    /// The call's input as JSON text (clipped by the host), compared with the previous call's.
    pub input: Option<String>,
}

/// A tool call's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToolStatus {
    /// Its input is still being written: not a call yet.
    Pending,
    /// Running.
    Running,
    /// Done.
    Completed,
    /// Failed.
    Error,
    /// A status this version does not know: counted like `Running`.
    Other,
}

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The person, or a prompt standing in for one.
    User,
    /// The model.
    Assistant,
    /// A role this version does not know.
    Other,
}

/// A message of a child, as much of it as the core reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// The message's id: its usage replaces what the same message reported before.
    pub id: String,
    /// Who wrote it.
    pub role: Role,
    /// The error it ended with, as JSON (`{name, data: {message, statusCode, isRetryable}}`).
    pub error: Option<String>,
    /// Its tokens and cost so far, when it reports any.
    pub usage: Option<MessageUsage>,
}

/// A message's tokens and cost so far.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MessageUsage {
    /// Tokens read.
    pub tokens_in: u64,
    /// Tokens written.
    pub tokens_out: u64,
    /// Reasoning tokens.
    pub tokens_reasoning: u64,
    /// Tokens read from the provider's cache.
    pub tokens_cache_read: u64,
    /// Its cost (one that is not a finite positive amount counts as none).
    pub cost: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// How `cancel` ends a task.
pub struct CancelOptions {
    /// Abort the child's run (its session is kept).
    pub abort_session: bool,
    /// Announce the end to the parent (a caller cancelling its own task may not want that).
    pub notify_parent: bool,
}

impl Default for CancelOptions {
    fn default() -> Self {
        CancelOptions { abort_session: true, notify_parent: true }
    }
}

/// The text a tool returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolReply {
    /// The title OpenCode shows for the tool call.
    pub title: String,
    /// The text the model reads.
    pub output: String,
    /// The task the reply is about, if one.
    pub task_id: Option<String>,
    /// Its child session, if one.
    pub session_id: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
/// How severe a log line is.
pub enum LogLevel {
    /// Detail for debugging.
    Debug,
    /// What happened.
    Info,
    /// Something failed and is handled.
    Warn,
    /// Something failed and is not handled.
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
/// What OpenCode does when a permission rule matches.
pub enum PermissionAction {
    /// Allowed without asking.
    Allow,
    /// Refused.
    Deny,
    /// Asked of the user.
    Ask,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
/// One rule of a permission set (OpenCode's wire shape: `{permission, pattern, action}`).
pub struct PermissionRule {
    /// The permission (a tool id, or `external_directory`, …).
    pub permission: String,
    /// What it applies to (`*` for everything).
    pub pattern: String,
    /// What OpenCode does.
    pub action: PermissionAction,
}

/// The OpenCode SDK calls the core makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SdkRequest {
    /// Create a child session below `parent_id` with these permission rules.
    CreateSession {
        /// The session it goes below.
        parent_id: String,
        /// Its title.
        title: String,
        /// Its permission rules.
        permission: Vec<PermissionRule>,
    },
    /// Send a prompt (asynchronously: the reply says it was accepted).
    PromptSession(PromptSession),
    /// Abort a session's run.
    AbortSession(String),
    /// Read a session (for its parent).
    GetSession(String),
    /// Read a session's newest messages (`limit` of them, or all).
    SessionMessages {
        /// The session to read.
        session_id: String,
        /// How many of the newest messages (all when none).
        limit: Option<u32>,
    },
    /// Read the status map (busy sessions).
    SessionStatus,
    /// Read OpenCode's agents (`app.agents`): each one's name, mode and permission rules.
    ListAgents,
    /// Answer a child's permission request (`permission.reply`).
    ReplyPermission {
        /// The request (`per_…`).
        request_id: String,
        /// Allowed once, or refused.
        verdict: PermissionVerdict,
        /// Feedback the child reads (with a refusal).
        message: Option<String>,
    },
    /// Answer a child's question (`question.reply`): per question, the labels chosen or typed.
    ReplyQuestion {
        /// The request (`que_…`).
        request_id: String,
        /// One list per question, in order.
        answers: Vec<Vec<String>>,
    },
    /// Dismiss a child's question (`question.reject`).
    RejectQuestion(String),
    /// Set the `backgroundTasks` key of a session's metadata to `view` (JSON), or remove it when
    /// there is none; the session's other metadata stays as it is.
    PublishTasks {
        /// The parent session.
        session_id: String,
        /// The view of its tasks, as JSON.
        view: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
/// A prompt to a session.
pub struct PromptSession {
    /// The session to prompt.
    pub session_id: String,
    /// The agent to answer as.
    pub agent: Option<String>,
    /// The model to answer with.
    pub model: Option<ModelRef>,
    /// Extra system text.
    pub system: Option<String>,
    /// The text parts of the prompt.
    pub parts: Vec<String>,
    /// Add the message without starting a turn.
    pub no_reply: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// How a toast looks.
pub enum ToastVariant {
    /// Neutral.
    Info,
    /// Something completed.
    Success,
    /// Something was stopped or retried.
    Warning,
    /// Something failed.
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
/// A short message for the person, shown by OpenCode.
pub struct Toast {
    /// The headline.
    pub title: String,
    /// One line of detail.
    pub message: String,
    /// How it looks.
    pub variant: ToastVariant,
    /// How long it stays.
    pub duration_ms: u32,
}

/// What the core wants to hear about a session (a bit set, as WIT `flags interest`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Interest {
    /// session.status / idle / error / deleted.
    pub lifecycle: bool,
    /// message.*, todo.updated, permission.asked, question.asked.
    pub activity: bool,
}

impl Interest {
    /// No events.
    pub const NONE: Interest = Interest { lifecycle: false, activity: false };
    /// A parent with work: lifecycle events (deletion, idle as a delivery hint).
    pub const PARENT: Interest = Interest { lifecycle: true, activity: false };
    /// A running task's child: every event.
    pub const CHILD: Interest = Interest { lifecycle: true, activity: true };
    /// Both interests together.
    pub fn union(self, other: Interest) -> Interest {
        Interest { lifecycle: self.lifecycle || other.lifecycle, activity: self.activity || other.activity }
    }
}
