//! Decoding of the OpenCode bus events the core acts on that cross as JSON (the two hot ones,
//! `message.part.updated` and `message.updated`, cross typed: `Event::PartUpdated`,
//! `Event::MessageUpdated`). Unknown event types and unknown fields are ignored; a malformed
//! event of a known type is an error value (counted and logged by the manager), never a panic.

use crate::api::{Message, Part};
use serde::Deserialize;

/// A decoded event of a session the core tracks.
#[derive(Debug, PartialEq)]
pub(crate) enum SessionEvent {
    Status(StatusKind),
    Idle,
    Error(Option<ErrorInfo>),
    Deleted,
    /// A message, with its error decoded.
    MessageUpdated(Message, Option<ErrorInfo>),
    PartUpdated(Part),
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

/// Decodes the error a `message.updated` carries (JSON, like `session.error`'s).
pub(crate) fn decode_message_error(text: &str) -> Result<ErrorInfo, String> {
    parse("message.updated", text)
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
        "message.updated" | "message.part.updated" => {
            return Err(format!("`{event_type}` crossed as JSON: the host must pass it typed"));
        }
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
        assert!(decode("todo.updated", r#"{"todos":7}"#).is_err());
        assert_eq!(decode("some.future.event", "not json"), Ok(SessionEvent::Ignored));
    }

    #[test]
    fn the_typed_events_are_refused_as_json() {
        for ty in ["message.updated", "message.part.updated"] {
            let e = decode(ty, r#"{"part":{"id":"p1","type":"tool"}}"#);
            assert!(e.as_ref().is_err_and(|m| m.contains("typed")), "{ty}: {e:?}");
        }
    }

    #[test]
    fn a_message_error_is_decoded_defensively() {
        let e = decode_message_error(r#"{"name":"APIError","data":{"message":"overloaded","statusCode":529}}"#);
        assert_eq!(e.as_ref().map(ErrorInfo::text), Ok("overloaded".to_string()));
        assert_eq!(e.map(|e| e.data.and_then(|d| d.status_code)), Ok(Some(529)));
        assert!(decode_message_error(r#"{"name":"MessageAbortedError"}"#).is_ok_and(|e| e.is_abort()));
        assert!(decode_message_error("[").is_err());
    }
}
