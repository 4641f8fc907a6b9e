//! The host's event relay: the core declares, per session, which events it wants
//! (`Effect::SetInterest`); the host passes on only those.

use super::session_of;
use background_agent::{Event, Interest};
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
