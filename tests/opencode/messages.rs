//! Session messages as `session.messages` returns them: `{ "info": …, "parts": […] }`, with
//! the parts and the error values inside them.

use background_agent::ModelRef;
use serde_json::{Value, json};

/// The id of the `n`-th message of a session.
pub fn message_id(session: &str, n: usize) -> String {
    format!("msg_{session}_{n}")
}

/// A message: its info and its parts (a JSON array).
pub fn message(info: Value, parts: Value) -> Value {
    json!({ "info": info, "parts": parts })
}

/// A text part.
pub fn text_part(id: &str, text: &str) -> Value {
    json!({ "id": id, "type": "text", "text": text })
}

/// The error of a failed turn or of a `session.error` event; `status` is the HTTP status
/// code of a provider's error.
pub fn api_error(name: &str, message: &str, status: Option<u16>) -> Value {
    let mut data = json!({ "message": message, "isRetryable": false });
    if let Some(code) = status {
        data["statusCode"] = json!(code);
    }
    json!({ "name": name, "data": data })
}

/// What an assistant turn cost in tokens.
pub fn turn_tokens() -> Value {
    json!({ "input": 1200, "output": 300, "reasoning": 0, "cache": { "read": 0, "write": 0 } })
}

/// A user message, the `n`-th of `session`, written at `created`, naming the agent and model
/// it asks for when it does.
pub fn user_message(
    session: &str,
    n: usize,
    text: &str,
    agent: Option<&str>,
    model: Option<&ModelRef>,
    created: u64,
) -> Value {
    let mut info = json!({ "id": message_id(session, n), "sessionID": session, "role": "user",
        "time": { "created": created } });
    if let Some(agent) = agent {
        info["agent"] = json!(agent);
    }
    if let Some(m) = model {
        info["model"] = json!({ "providerID": m.provider_id, "modelID": m.model_id });
    }
    message(info, json!([text_part(&format!("prt_{session}_{n}"), text)]))
}
