//! OpenCode's bus events, as the host hands them to the core: a type, the session it is
//! about, and its properties as JSON text; `message.part.delta` has only a session, and
//! `message.part.updated` and `message.updated` cross typed (`relay.rs` picks them). Since
//! OpenCode 1.4 every session event names its session in `properties.sessionID`.

use super::{START, session_info, typed_message, typed_part};
use background_agent::Event;
use serde_json::{Value, json};

/// An event of `event_type` about `session`.
pub fn event(session: &str, event_type: &str, properties: &Value) -> Event {
    Event::Session { event_type: event_type.into(), session_id: session.into(), properties: properties.to_string() }
}

/// The session an event is about.
pub fn session_of(event: &Event) -> &str {
    match event {
        Event::Session { session_id, .. }
        | Event::PartDelta { session_id }
        | Event::PartUpdated { session_id, .. }
        | Event::MessageUpdated { session_id, .. } => session_id,
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

/// `session.deleted` (OpenCode sends one for each session of a deleted tree).
pub fn deleted_event(session: &str) -> Event {
    let info = session_info(session, None, "gone", START, START);
    event(session, "session.deleted", &json!({ "sessionID": session, "info": info }))
}

/// `message.updated` with a message's info.
pub fn message_updated_event(session: &str, info: &Value) -> Event {
    Event::MessageUpdated { session_id: session.into(), message: typed_message(info) }
}

/// A tool call of the message being streamed, as `message.part.updated` carries it: calls
/// with the same `input` number have the same input.
pub fn tool_part(session: &str, id: &str, call: &str, tool: &str, status: &str, input: u64) -> Value {
    json!({
        "id": id, "sessionID": session, "messageID": "msg_a", "type": "tool", "tool": tool, "callID": call,
        "state": { "status": status, "input": { "n": input } },
    })
}

/// `message.part.updated`: `part` as it stood (the event's time does not cross).
pub fn part_updated_event(session: &str, part: &Value) -> Event {
    Event::PartUpdated { session_id: session.into(), part: typed_part(part) }
}

/// `message.part.updated` for the tool call numbered `part`.
pub fn tool_part_event(session: &str, part: u32, tool: &str, status: &str) -> Event {
    let id = format!("prt_tool_{part}");
    let call = format!("call_{part}");
    part_updated_event(session, &tool_part(session, &id, &call, tool, status, part.into()))
}

/// `message.part.updated` for a text part as it streams.
pub fn text_part_event(session: &str, part: u32, text: &str, synthetic: bool) -> Event {
    let mut p = json!({ "id": format!("prt_text_{part}"), "sessionID": session, "messageID": "msg_a",
        "type": "text", "text": text });
    if synthetic {
        p["synthetic"] = json!(true);
    }
    part_updated_event(session, &p)
}

/// `message.part.delta`: the host passes on only whose it is.
pub fn delta_event(session: &str) -> Event {
    Event::PartDelta { session_id: session.into() }
}

/// One item of a session's todo list; `status` is `pending`, `in_progress`, `completed` or
/// `cancelled`.
pub fn todo(id: &str, content: &str, status: &str, priority: &str) -> Value {
    json!({ "id": id, "content": content, "status": status, "priority": priority })
}

/// A todo list of `open` unfinished items (pending, in progress) and `done` finished ones
/// (completed, cancelled).
pub fn todos_value(open: u8, done: u8) -> Value {
    let mut todos = Vec::new();
    for i in 0..open {
        let status = if i % 2 == 0 { "pending" } else { "in_progress" };
        todos.push(todo(&format!("t{i}"), &format!("open {i}"), status, "high"));
    }
    for i in 0..done {
        let status = if i % 2 == 0 { "completed" } else { "cancelled" };
        todos.push(todo(&format!("d{i}"), &format!("done {i}"), status, "low"));
    }
    Value::Array(todos)
}

/// `todo.updated` with the session's whole list.
pub fn todo_event(session: &str, todos: &Value) -> Event {
    event(session, "todo.updated", &json!({ "sessionID": session, "todos": todos }))
}

/// `permission.asked`: a tool call waits for a person to allow `permission` for `pattern`.
pub fn permission_event(session: &str, permission: &str, pattern: &str) -> Event {
    let props = json!({ "id": "per_1", "sessionID": session, "permission": permission, "patterns": [pattern],
        "metadata": {}, "always": [], "tool": { "messageID": "msg_a", "callID": "call_1" } });
    event(session, "permission.asked", &props)
}

/// `question.asked`: the child asks a person something and waits.
pub fn question_event(session: &str) -> Event {
    let props = json!({ "id": "que_1", "sessionID": session,
        "questions": [{ "question": "Which file?", "header": "File", "options": [{ "label": "a", "description": "" }] }] });
    event(session, "question.asked", &props)
}
