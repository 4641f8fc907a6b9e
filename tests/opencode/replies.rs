//! OpenCode's replies to the calls the core makes, where both simulators answer alike.

use background_agent::SdkError;
use serde_json::{Value, json};

/// The error of a call about a session that does not exist.
pub fn not_found(what: &str) -> SdkError {
    SdkError { status: Some(404), name: "NotFoundError".into(), message: format!("Session not found: {what}") }
}

/// The reply to `session.status`: every busy session, by id (idle ones are left out).
pub fn status_map<'a>(busy: impl IntoIterator<Item = &'a str>) -> String {
    let map: serde_json::Map<String, Value> =
        busy.into_iter().map(|id| (id.to_string(), json!({ "type": "busy" }))).collect();
    Value::Object(map).to_string()
}

/// The reply to `session.messages`: the newest `limit` messages, or all of them.
pub fn messages_page(messages: &[Value], limit: Option<u32>) -> String {
    let skip = limit.map_or(0, |l| messages.len().saturating_sub(l as usize));
    Value::Array(messages.iter().skip(skip).cloned().collect()).to_string()
}

/// A session as `session.create` and `session.get` return it (`parentID` only on a child).
pub fn session_info(id: &str, parent: Option<&str>, title: &str, created: u64, updated: u64) -> Value {
    let mut info = json!({ "id": id, "title": title, "time": { "created": created, "updated": updated } });
    if let Some(parent) = parent {
        info["parentID"] = json!(parent);
    }
    info
}

/// The reply to `session.prompt`: the assistant message it started (no parts yet).
pub fn prompt_reply(message_id: &str) -> String {
    json!({ "info": { "id": message_id, "role": "assistant" }, "parts": [] }).to_string()
}
