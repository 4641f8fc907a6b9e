//! OpenCode's replies to the calls the core makes, where both simulators answer alike.

use background_agent::{PermissionRule, SdkError};
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

/// A session's permission rules, as `session.get` shows them (left out when there are none).
pub fn with_permission(mut info: Value, rules: &[PermissionRule]) -> Value {
    if !rules.is_empty() {
        info["permission"] = json!(rules);
    }
    info
}

/// OpenCode's agents as `app.agents` lists them: the primary `build` and `plan` (plan may not
/// edit), a hidden primary, and the sub-agents the suites launch (`ghost` is listed but vanishes
/// before it can run).
pub fn agent_list() -> String {
    let allow_all = json!({ "permission": "*", "pattern": "*", "action": "allow" });
    let deny = |p: &str| json!({ "permission": p, "pattern": "*", "action": "deny" });
    json!([
        { "name": "build", "mode": "primary", "permission": [allow_all, deny("question")] },
        { "name": "plan", "mode": "primary", "permission": [allow_all, deny("edit"), deny("bash")] },
        { "name": "title", "mode": "primary", "hidden": true, "permission": [] },
        { "name": "general", "mode": "subagent", "permission": [allow_all, deny("todowrite")] },
        { "name": "explore", "mode": "subagent", "permission": [allow_all] },
        { "name": "oracle", "mode": "all", "permission": [allow_all] },
        { "name": "ghost", "mode": "subagent", "permission": [allow_all] },
    ])
    .to_string()
}
