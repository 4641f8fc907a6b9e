//! The values that cross the core's public API. They mirror `wit/types.wit` and the records of
//! `wit/background-agent.wit` one to one, so the component glue is a plain field-by-field copy.

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch.
pub type Timestamp = u64;

/// The id of an SDK call the core asked the host to make.
pub type CallId = u64;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelRef {
    pub provider_id: String,
    pub model_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

impl ModelRef {
    /// `provider/model`, the form users write and the concurrency key uses.
    pub fn key(&self) -> String {
        format!("{}/{}", self.provider_id, self.model_id)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskStatus {
    Pending,
    Running,
    Completed,
    Error,
    Cancelled,
    Interrupted,
}

impl TaskStatus {
    pub fn is_terminal(self) -> bool {
        !matches!(self, TaskStatus::Pending | TaskStatus::Running)
    }
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
pub struct TaskProgress {
    pub tool_calls: u32,
    pub last_tool: Option<String>,
    pub last_activity_at: Option<Timestamp>,
    pub last_message: Option<String>,
    pub tokens_in: u64,
    pub tokens_out: u64,
    pub cost: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaskView {
    pub id: String,
    pub description: String,
    pub agent: String,
    pub model: Option<ModelRef>,
    pub status: TaskStatus,
    pub parent_session_id: String,
    pub session_id: Option<String>,
    pub queued_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub error: Option<String>,
    pub result: Option<String>,
    pub progress: TaskProgress,
    pub concurrency_key: String,
    pub attempts: u32,
    pub depth: u32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LaunchRequest {
    pub parent_session_id: String,
    pub parent_message_id: Option<String>,
    pub parent_agent: Option<String>,
    pub parent_model: Option<ModelRef>,
    pub description: String,
    pub prompt: String,
    pub agent: String,
    pub model: Option<ModelRef>,
    pub system: Option<String>,
    pub fallback: Vec<ModelRef>,
}

/// `track`: adopt a session started elsewhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrackRequest {
    pub task_id: String,
    pub session_id: String,
    pub parent_session_id: String,
    pub description: String,
    pub agent: String,
    /// Defaults to the agent.
    pub concurrency_key: Option<String>,
}

/// Why a request was refused; the text says what to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    Invalid(String),
    NotFound(String),
    Forbidden(String),
    Limit(String),
    Conflict(String),
    ShuttingDown,
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::Invalid(m)
            | RequestError::NotFound(m)
            | RequestError::Forbidden(m)
            | RequestError::Limit(m)
            | RequestError::Conflict(m) => f.write_str(m),
            RequestError::ShuttingDown => f.write_str("the background-task manager is shutting down"),
        }
    }
}

/// An error an SDK call ended with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdkError {
    pub status: Option<u16>,
    pub name: String,
    pub message: String,
}

impl SdkError {
    /// OpenCode answered that the session asked about does not exist.
    pub fn is_not_found(&self) -> bool {
        self.status == Some(404) || self.name == "NotFoundError"
    }
}

/// An OpenCode bus event, as the host relays it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// `message.part.delta`: only its session id crosses, the streamed text stays in the host.
    PartDelta { session_id: String },
    /// Any other event of an interesting session; `properties` is JSON text.
    Session { event_type: String, session_id: String, properties: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CancelOptions {
    pub abort_session: bool,
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
    pub title: String,
    pub output: String,
    pub task_id: Option<String>,
    pub session_id: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Debug,
    Info,
    Warn,
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PermissionAction {
    Allow,
    Deny,
    Ask,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PermissionRule {
    pub permission: String,
    pub pattern: String,
    pub action: PermissionAction,
}

/// The OpenCode SDK calls the core makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SdkRequest {
    CreateSession { parent_id: String, title: String, permission: Vec<PermissionRule> },
    PromptSession(PromptSession),
    AbortSession(String),
    GetSession(String),
    SessionMessages { session_id: String, limit: Option<u32> },
    SessionStatus,
    SessionTodo(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromptSession {
    pub session_id: String,
    pub agent: Option<String>,
    pub model: Option<ModelRef>,
    pub system: Option<String>,
    pub parts: Vec<String>,
    pub no_reply: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastVariant {
    Info,
    Success,
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub title: String,
    pub message: String,
    pub variant: ToastVariant,
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
    pub const NONE: Interest = Interest { lifecycle: false, activity: false };
    pub const PARENT: Interest = Interest { lifecycle: true, activity: false };
    pub const CHILD: Interest = Interest { lifecycle: true, activity: true };
    pub fn union(self, other: Interest) -> Interest {
        Interest { lifecycle: self.lifecycle || other.lifecycle, activity: self.activity || other.activity }
    }
}
