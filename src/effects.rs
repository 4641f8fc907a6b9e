//! What the core asks its host to do. The manager queues effects while it handles an input;
//! the host drains them with `Manager::poll_effect` and performs them in order.

use crate::api::{CallId, Interest, LogLevel, SdkRequest, Timestamp, Toast};
use std::collections::VecDeque;

/// One thing the host is asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Start an SDK call; answer with `Manager::complete(id, …)`.
    Call {
        /// The id its reply comes back with.
        id: CallId,
        /// The call.
        request: SdkRequest,
    },
    /// Keep one timer at this deadline (or none), then call `Manager::on_timer`.
    SetTimer(Option<Timestamp>),
    /// Relay only these events of this session (empty interest: none).
    SetInterest {
        /// The session.
        session_id: String,
        /// Which of its events to relay.
        interest: Interest,
    },
    /// A task reached a terminal state.
    TaskSettled(String),
    /// Store this snapshot; the latest wins.
    Persist(String),
    /// Show the person a toast.
    Toast(Toast),
    /// Write a line to the log.
    Log {
        /// How severe.
        level: LogLevel,
        /// What happened.
        message: String,
    },
}

/// The effects queued while an input is handled, in order.
#[derive(Debug, Default)]
pub(crate) struct Outbox {
    queue: VecDeque<Effect>,
    min_level: Option<LogLevel>,
}

fn rank(level: LogLevel) -> u8 {
    match level {
        LogLevel::Debug => 0,
        LogLevel::Info => 1,
        LogLevel::Warn => 2,
        LogLevel::Error => 3,
    }
}

impl Outbox {
    pub(crate) fn set_min_level(&mut self, level: LogLevel) {
        self.min_level = Some(level);
    }
    pub(crate) fn push(&mut self, effect: Effect) {
        self.queue.push_back(effect);
    }
    pub(crate) fn pop(&mut self) -> Option<Effect> {
        self.queue.pop_front()
    }
    pub(crate) fn log(&mut self, level: LogLevel, message: impl Into<String>) {
        if rank(level) >= rank(self.min_level.unwrap_or(LogLevel::Info)) {
            self.queue.push_back(Effect::Log { level, message: message.into() });
        }
    }
}
