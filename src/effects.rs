//! What the core asks its host to do. The manager queues effects while it handles an input;
//! the host drains them with `Manager::poll_effect` and performs them in order.

use crate::api::{CallId, Interest, LogLevel, SdkRequest, Timestamp, Toast};
use std::collections::VecDeque;

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Start an SDK call; answer with `Manager::complete(id, …)`.
    Call {
        id: CallId,
        request: SdkRequest,
    },
    /// Keep one timer at this deadline (or none), then call `Manager::on_timer`.
    SetTimer(Option<Timestamp>),
    /// Relay only these events of this session (empty interest: none).
    SetInterest {
        session_id: String,
        interest: Interest,
    },
    /// A task reached a terminal state.
    TaskSettled(String),
    /// Store this snapshot; the latest wins.
    Persist(String),
    Toast(Toast),
    Log {
        level: LogLevel,
        message: String,
    },
}

#[derive(Debug, Default)]
pub struct Outbox {
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
    pub fn set_min_level(&mut self, level: LogLevel) {
        self.min_level = Some(level);
    }
    pub fn push(&mut self, effect: Effect) {
        self.queue.push_back(effect);
    }
    pub fn pop(&mut self) -> Option<Effect> {
        self.queue.pop_front()
    }
    pub fn log(&mut self, level: LogLevel, message: impl Into<String>) {
        if rank(level) >= rank(self.min_level.unwrap_or(LogLevel::Info)) {
            self.queue.push_back(Effect::Log { level, message: message.into() });
        }
    }
}
