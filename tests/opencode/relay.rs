//! The host's event relay: the core declares, per session, which events it wants
//! (`Effect::SetInterest`); the host passes on only those, the two hot ones typed with the fields
//! the core reads (as `js-glue/src/pick.ts` picks them).

use super::session_of;
use background_agent::{Event, Interest, Message, MessageUsage, Part, Role, ToolPart, ToolStatus};
use serde_json::Value;
use std::collections::BTreeMap;

/// The interest the core declared in each session (sessions with none are left out).
#[derive(Clone, Debug, Default)]
pub struct Relay {
    interests: BTreeMap<String, Interest>,
}

impl Relay {
    /// Applies `Effect::SetInterest`.
    pub fn set(&mut self, session: String, interest: Interest) {
        if interest == Interest::NONE {
            self.interests.remove(&session);
        } else {
            self.interests.insert(session, interest);
        }
    }

    pub fn interest_in(&self, session: &str) -> Option<Interest> {
        self.interests.get(session).copied()
    }

    /// Forgets every interest (a new core instance declares its own).
    pub fn clear(&mut self) {
        self.interests.clear();
    }

    /// Would the host pass this event to the core? Lifecycle events (status, idle, error,
    /// deletion) need lifecycle interest; everything else is activity.
    pub fn lets_through(&self, event: &Event) -> bool {
        let interest = self.interest_in(session_of(event)).unwrap_or_default();
        if is_lifecycle(event) { interest.lifecycle } else { interest.activity }
    }
}

/// A session's lifecycle event, as opposed to its activity.
pub fn is_lifecycle(event: &Event) -> bool {
    matches!(
        event,
        Event::Session { event_type, .. }
            if matches!(event_type.as_str(), "session.status" | "session.idle" | "session.error" | "session.deleted")
    )
}

/// How much of a text part's tail the host passes (in UTF-16 units, as JS counts).
const TEXT_TAIL: usize = 400;

/// A `message.part.updated` part as the host passes it.
pub fn typed_part(part: &Value) -> Part {
    let str_of = |v: &Value| v.as_str().map(str::to_string);
    match part["type"].as_str() {
        Some("text") => Part::Text {
            text: tail_utf16(part["text"].as_str().unwrap_or(""), TEXT_TAIL),
            synthetic: part["synthetic"] == Value::Bool(true),
        },
        Some("tool") => Part::Tool(ToolPart {
            id: part["id"].as_str().unwrap_or("").to_string(),
            tool: str_of(&part["tool"]),
            status: match part["state"]["status"].as_str() {
                Some("pending") => ToolStatus::Pending,
                Some("running") => ToolStatus::Running,
                Some("completed") => ToolStatus::Completed,
                Some("error") => ToolStatus::Error,
                _ => ToolStatus::Other,
            },
            input: part["state"].get("input").map(Value::to_string),
        }),
        _ => Part::Other,
    }
}

/// A `message.updated` message as the host passes it.
pub fn typed_message(info: &Value) -> Message {
    let count = |v: &Value| v.as_f64().map_or(0, |n| n as u64);
    let (tokens, cost) = (&info["tokens"], &info["cost"]);
    let usage = (tokens.is_object() || cost.is_number()).then(|| MessageUsage {
        tokens_in: count(&tokens["input"]),
        tokens_out: count(&tokens["output"]),
        tokens_reasoning: count(&tokens["reasoning"]),
        tokens_cache_read: count(&tokens["cache"]["read"]),
        cost: cost.as_f64().unwrap_or(0.0),
    });
    Message {
        id: info["id"].as_str().unwrap_or("").to_string(),
        role: match info["role"].as_str() {
            Some("user") => Role::User,
            Some("assistant") => Role::Assistant,
            _ => Role::Other,
        },
        error: info["error"].is_object().then(|| info["error"].to_string()),
        usage,
    }
}

/// The end of `text`, at most `units` UTF-16 units long (a JS `slice(-units)`, without
/// splitting a character).
fn tail_utf16(text: &str, units: usize) -> String {
    let mut used = 0;
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| {
            used += c.len_utf16();
            used <= units
        })
        .last()
        .map_or(text.len(), |(i, _)| i);
    text.get(start..).unwrap_or("").to_string()
}
