//! OpenCode's bus events, as the host hands them to the core: a type, the session it is
//! about, and its properties as JSON text (`message.part.delta` has only a session).

use super::START;
use background_agent::Event;
use serde_json::{Value, json};

/// An event of `event_type` about `session`.
pub fn event(session: &str, event_type: &str, properties: &Value) -> Event {
    Event::Session { event_type: event_type.into(), session_id: session.into(), properties: properties.to_string() }
}

/// The session an event is about.
pub fn session_of(event: &Event) -> &str {
    match event {
        Event::Session { session_id, .. } | Event::PartDelta { session_id } => session_id,
    }
}

/// `session.status` with a plain status: `busy` or `idle`.
pub fn status_event(session: &str, kind: &str) -> Event {
    event(session, "session.status", &json!({ "sessionID": session, "status": { "type": kind } }))
}

/// `session.status` while the provider keeps failing: attempt `attempt` failed with
/// `message`; the next one is due at `next`.
pub fn retry_event(session: &str, attempt: u32, message: &str, next: u64) -> Event {
    let status = json!({ "type": "retry", "attempt": attempt, "message": message, "next": next });
    event(session, "session.status", &json!({ "sessionID": session, "status": status }))
}

pub fn idle_event(session: &str) -> Event {
    event(session, "session.idle", &json!({ "sessionID": session }))
}

/// `session.error`, with the error when there is one (see [`super::api_error`]).
pub fn error_event(session: &str, error: Option<Value>) -> Event {
    let mut props = json!({ "sessionID": session });
    if let Some(e) = error {
        props["error"] = e;
    }
    event(session, "session.error", &props)
}

pub fn deleted_event(session: &str) -> Event {
    let info = json!({ "id": session, "title": "gone", "time": { "created": START, "updated": START } });
    event(session, "session.deleted", &json!({ "info": info }))
}

/// `message.updated` with a message's info.
pub fn message_updated_event(session: &str, info: &Value) -> Event {
    event(session, "message.updated", &json!({ "info": info }))
}

/// `message.part.updated` for the tool call numbered `part`.
pub fn tool_part_event(session: &str, part: u32, tool: &str, status: &str) -> Event {
    let part = json!({
        "id": format!("prt_tool_{part}"), "sessionID": session, "messageID": "msg_a", "type": "tool",
        "tool": tool, "callID": format!("call_{part}"), "state": { "status": status, "input": { "n": part } },
    });
    event(session, "message.part.updated", &json!({ "part": part }))
}

/// `message.part.updated` for a text part as it streams.
pub fn text_part_event(session: &str, part: u32, text: &str, synthetic: bool) -> Event {
    let mut p = json!({ "id": format!("prt_text_{part}"), "sessionID": session, "messageID": "msg_a",
        "type": "text", "text": text });
    if synthetic {
        p["synthetic"] = json!(true);
    }
    event(session, "message.part.updated", &json!({ "part": p, "delta": "x" }))
}

/// `message.part.delta`: the host passes on only whose it is.
pub fn delta_event(session: &str) -> Event {
    Event::PartDelta { session_id: session.into() }
}

/// A todo list of `open` unfinished items (pending, in progress) and `done` finished ones
/// (completed, cancelled).
pub fn todos_value(open: u8, done: u8) -> Value {
    let mut todos = Vec::new();
    for i in 0..open {
        let status = if i % 2 == 0 { "pending" } else { "in_progress" };
        todos.push(
            json!({ "id": format!("t{i}"), "content": format!("open {i}"), "status": status, "priority": "high" }),
        );
    }
    for i in 0..done {
        let status = if i % 2 == 0 { "completed" } else { "cancelled" };
        todos.push(
            json!({ "id": format!("d{i}"), "content": format!("done {i}"), "status": status, "priority": "low" }),
        );
    }
    Value::Array(todos)
}

/// `todo.updated` with the session's whole list.
pub fn todo_event(session: &str, todos: &Value) -> Event {
    event(session, "todo.updated", &json!({ "sessionID": session, "todos": todos }))
}

/// `permission.asked`: a tool call waits for a person to allow it.
pub fn permission_event(session: &str) -> Event {
    let props = json!({ "id": "per_1", "sessionID": session, "permission": "bash", "patterns": ["rm -rf /tmp/x"],
        "metadata": {}, "always": [], "tool": { "messageID": "msg_a", "callID": "call_1" } });
    event(session, "permission.asked", &props)
}

/// `question.asked`: the child asks a person something and waits.
pub fn question_event(session: &str) -> Event {
    let props = json!({ "id": "que_1", "sessionID": session,
        "questions": [{ "question": "Which file?", "header": "File", "options": [{ "label": "a", "description": "" }] }] });
    event(session, "question.asked", &props)
}
