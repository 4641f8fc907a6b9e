//! Decoding of the OpenCode bus events the core acts on. Unknown event types and unknown
//! fields are ignored; a malformed event of a known type is an error value (counted and
//! logged by the manager), never a panic.

use serde::Deserialize;
use serde_json::value::RawValue;

/// A decoded event of a session the core tracks.
#[derive(Debug, PartialEq)]
pub(crate) enum SessionEvent {
    Status(StatusKind),
    Idle,
    Error(Option<ErrorInfo>),
    Deleted,
    MessageUpdated(MessageInfo),
    PartUpdated(PartInfo),
    Todos(Vec<TodoInfo>),
    PermissionAsked {
        request: String,
        permission: String,
        patterns: Vec<String>,
    },
    QuestionAsked {
        request: String,
        questions: Vec<String>,
    },
    /// A permission was answered, or a question answered or rejected.
    Answered,
    /// A type the core does not act on.
    Ignored,
}

#[derive(Debug, PartialEq)]
pub(crate) enum StatusKind {
    Idle,
    Busy,
    Retry { attempt: u32, message: String },
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct ErrorInfo {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub data: Option<ErrorData>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct ErrorData {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default, rename = "statusCode")]
    pub status_code: Option<u16>,
    #[serde(default, rename = "isRetryable")]
    pub is_retryable: Option<bool>,
}

impl ErrorInfo {
    /// What a person should read: the message, else the error's name.
    pub(crate) fn text(&self) -> String {
        match self.data.as_ref().and_then(|d| d.message.as_deref()) {
            Some(m) if !m.is_empty() => m.to_string(),
            _ if !self.name.is_empty() => self.name.clone(),
            _ => "unknown error".to_string(),
        }
    }
    pub(crate) fn is_abort(&self) -> bool {
        self.name == "MessageAbortedError"
    }
}

#[derive(Debug, Default, PartialEq, Deserialize)]
pub(crate) struct Tokens {
    #[serde(default)]
    pub input: u64,
    #[serde(default)]
    pub output: u64,
}

#[derive(Debug, PartialEq, Deserialize)]
pub(crate) struct MessageInfo {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub error: Option<ErrorInfo>,
    #[serde(default)]
    pub tokens: Option<Tokens>,
    #[serde(default)]
    pub cost: Option<f64>,
}

#[derive(Debug, PartialEq, Deserialize)]
pub(crate) struct PartInfo {
    #[serde(default)]
    pub id: String,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub synthetic: Option<bool>,
    #[serde(default)]
    pub tool: Option<String>,
    #[serde(default)]
    pub state: Option<ToolState>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ToolState {
    #[serde(default)]
    pub status: String,
    /// Kept raw: only used to recognise identical consecutive calls.
    #[serde(default)]
    pub input: Option<Box<RawValue>>,
}

// RawValue has no PartialEq: compare the raw JSON text.
impl PartialEq for ToolState {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status && self.input.as_ref().map(|r| r.get()) == other.input.as_ref().map(|r| r.get())
    }
}

#[derive(Debug, PartialEq, Deserialize)]
pub(crate) struct TodoInfo {
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub status: String,
}

#[derive(Deserialize)]
struct StatusProps {
    status: StatusBody,
}
#[derive(Deserialize)]
struct StatusBody {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    attempt: Option<u32>,
    #[serde(default)]
    message: Option<String>,
}
#[derive(Deserialize)]
struct ErrorProps {
    #[serde(default)]
    error: Option<ErrorInfo>,
}
#[derive(Deserialize)]
struct MessageProps {
    info: MessageInfo,
}
#[derive(Deserialize)]
struct PartProps {
    part: PartInfo,
}
#[derive(Deserialize)]
struct TodoProps {
    #[serde(default)]
    todos: Vec<TodoInfo>,
}
#[derive(Deserialize)]
struct PermissionProps {
    #[serde(default)]
    id: String,
    #[serde(default)]
    permission: String,
    #[serde(default)]
    patterns: Vec<String>,
}
#[derive(Deserialize)]
struct QuestionProps {
    #[serde(default)]
    id: String,
    #[serde(default)]
    questions: Vec<QuestionInfo>,
}
#[derive(Deserialize)]
struct QuestionInfo {
    #[serde(default)]
    question: String,
}

fn parse<'a, T: Deserialize<'a>>(event_type: &str, text: &'a str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("malformed `{event_type}` event: {e}"))
}

/// Decodes the `properties` of one event.
pub(crate) fn decode(event_type: &str, properties: &str) -> Result<SessionEvent, String> {
    Ok(match event_type {
        "session.status" => {
            let p: StatusProps = parse(event_type, properties)?;
            SessionEvent::Status(match p.status.kind.as_str() {
                "idle" => StatusKind::Idle,
                "retry" => StatusKind::Retry {
                    attempt: p.status.attempt.unwrap_or(0),
                    message: p.status.message.unwrap_or_default(),
                },
                // busy, and any newer non-idle kind, means work is going on.
                _ => StatusKind::Busy,
            })
        }
        "session.idle" => SessionEvent::Idle,
        "session.error" => SessionEvent::Error(parse::<ErrorProps>(event_type, properties)?.error),
        "session.deleted" => SessionEvent::Deleted,
        "message.updated" => SessionEvent::MessageUpdated(parse::<MessageProps>(event_type, properties)?.info),
        "message.part.updated" => SessionEvent::PartUpdated(parse::<PartProps>(event_type, properties)?.part),
        "todo.updated" => SessionEvent::Todos(parse::<TodoProps>(event_type, properties)?.todos),
        "permission.asked" => {
            let p: PermissionProps = parse(event_type, properties)?;
            SessionEvent::PermissionAsked { request: p.id, permission: p.permission, patterns: p.patterns }
        }
        "question.asked" => {
            let p: QuestionProps = parse(event_type, properties)?;
            SessionEvent::QuestionAsked {
                request: p.id,
                questions: p.questions.into_iter().map(|q| q.question).collect(),
            }
        }
        "permission.replied" | "question.replied" | "question.rejected" => SessionEvent::Answered,
        _ => SessionEvent::Ignored,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_status_kinds_and_tolerates_new_ones() {
        assert_eq!(
            decode("session.status", r#"{"sessionID":"s","status":{"type":"idle"}}"#),
            Ok(SessionEvent::Status(StatusKind::Idle))
        );
        assert_eq!(
            decode("session.status", r#"{"status":{"type":"image_processing"}}"#),
            Ok(SessionEvent::Status(StatusKind::Busy))
        );
        assert_eq!(
            decode("session.status", r#"{"status":{"type":"retry","attempt":2,"message":"overloaded","next":5}}"#),
            Ok(SessionEvent::Status(StatusKind::Retry { attempt: 2, message: "overloaded".into() }))
        );
    }

    #[test]
    fn malformed_known_events_are_errors_not_panics() {
        assert!(decode("session.status", "{").is_err());
        assert!(decode("session.status", r#"{"status":7}"#).is_err());
        assert!(decode("message.part.updated", "[]").is_err());
        assert_eq!(decode("some.future.event", "not json"), Ok(SessionEvent::Ignored));
    }

    #[test]
    fn tool_parts_keep_their_raw_input() {
        let e = decode(
            "message.part.updated",
            r#"{"part":{"id":"p1","type":"tool","tool":"grep","state":{"status":"running","input":{"pattern":"x"}}}}"#,
        );
        let Ok(SessionEvent::PartUpdated(part)) = e else { panic!("expected a part") };
        assert_eq!(part.tool.as_deref(), Some("grep"));
        let input = part.state.and_then(|s| s.input).map(|r| r.get().to_string());
        assert_eq!(input.as_deref(), Some(r#"{"pattern":"x"}"#));
    }
}
