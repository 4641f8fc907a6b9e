//! Session messages as `session.messages` returns them: `{ "info": …, "parts": […] }`, with
//! the parts and the error values inside them.

use background_agent::ModelRef;
use serde_json::{Value, json};

/// The id of the `n`-th message of a session.
pub fn message_id(session: &str, n: usize) -> String {
    format!("msg_{session}_{n}")
}

fn message(info: Value, parts: Value) -> Value {
    json!({ "info": info, "parts": parts })
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
    let text_part = json!({ "id": format!("prt_{session}_{n}"), "type": "text", "text": text });
    message(info, json!([text_part]))
}

/// The message a top-level session starts with: the person's request, written at `created`
/// with agent `build` and model `anthropic/claude-test`.
pub fn first_prompt(session: &str, created: u64) -> Value {
    let model = ModelRef { provider_id: "anthropic".into(), model_id: "claude-test".into(), variant: None };
    user_message(session, 0, "please do things", Some("build"), Some(&model), created)
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

/// The error of a turn that was aborted (`session.abort`).
pub fn aborted_error() -> Value {
    json!({ "name": "MessageAbortedError", "data": { "message": "The operation was aborted." } })
}

/// An assistant message, built up from its info and its parts (each part gets the id
/// `prt_<message id>_<index>`).
pub struct AssistantMessage {
    id: String,
    info: Value,
    parts: Vec<Value>,
}

impl AssistantMessage {
    /// The `n`-th message of `session`, by the assistant, with nothing in it yet.
    pub fn new(session: &str, n: usize) -> AssistantMessage {
        let id = message_id(session, n);
        let info = json!({ "id": id, "sessionID": session, "role": "assistant" });
        AssistantMessage { id, info, parts: Vec::new() }
    }

    /// Written by `agent` (which OpenCode records as the mode too) with `provider`/`model`.
    pub fn by(mut self, agent: &str, provider: &str, model: &str) -> AssistantMessage {
        for (key, value) in [("agent", agent), ("mode", agent), ("providerID", provider), ("modelID", model)] {
            self.info[key] = json!(value);
        }
        self
    }

    /// What the turn cost: 1,500 tokens and a cent.
    pub fn with_usage(mut self) -> AssistantMessage {
        self.info["tokens"] =
            json!({ "input": 1200, "output": 300, "reasoning": 0, "cache": { "read": 0, "write": 0 } });
        self.info["cost"] = json!(0.01);
        self
    }

    /// Created and completed at `at`.
    pub fn completed(mut self, at: u64) -> AssistantMessage {
        self.info["time"] = json!({ "created": at, "completed": at });
        self
    }

    /// Created at `at` and never completed: the server stopped while it streamed.
    pub fn unfinished(mut self, at: u64) -> AssistantMessage {
        self.info["time"] = json!({ "created": at });
        self
    }

    /// Why its last step ended: `stop`, or `tool-calls` when another step was due.
    pub fn finished(mut self, reason: &str) -> AssistantMessage {
        self.info["finish"] = json!(reason);
        self
    }

    /// The turn failed with `error` (see [`api_error`], [`aborted_error`]).
    pub fn failed(mut self, error: Value) -> AssistantMessage {
        self.info["error"] = error;
        self
    }

    pub fn text(self, text: &str) -> AssistantMessage {
        self.part(json!({ "type": "text", "text": text }))
    }

    /// Text OpenCode added itself (not the model's words).
    pub fn synthetic_text(self, text: &str) -> AssistantMessage {
        self.part(json!({ "type": "text", "text": text, "synthetic": true }))
    }

    pub fn reasoning(self, text: &str) -> AssistantMessage {
        self.part(json!({ "type": "reasoning", "text": text }))
    }

    /// A tool call `call` of `tool` with `input`, in `status` (`running`, `completed`, …).
    pub fn tool(self, tool: &str, call: &str, status: &str, input: Value) -> AssistantMessage {
        self.part(
            json!({ "type": "tool", "tool": tool, "callID": call, "state": { "status": status, "input": input } }),
        )
    }

    pub fn step_start(self) -> AssistantMessage {
        self.part(json!({ "type": "step-start" }))
    }

    pub fn step_finish(self) -> AssistantMessage {
        self.part(json!({ "type": "step-finish" }))
    }

    fn part(mut self, mut part: Value) -> AssistantMessage {
        part["id"] = json!(format!("prt_{}_{}", self.id, self.parts.len()));
        self.parts.push(part);
        self
    }

    /// The message as `session.messages` returns it.
    pub fn build(self) -> Value {
        message(self.info, Value::Array(self.parts))
    }
}
