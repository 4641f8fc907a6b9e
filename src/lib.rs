//! The core of opencode-background-agent: a deterministic, sans-IO state machine that runs
//! OpenCode sub-agents in the background and tells their parent session, exactly once, when
//! they are done.
//!
//! Every input ([`Manager::launch`], [`Manager::handle_event`], [`Manager::complete`],
//! [`Manager::on_timer`], …) takes the current time and only mutates state and queues
//! [`Effect`]s; the caller drains them with [`Manager::poll_effect`] and performs them (an SDK
//! call, a timer, a snapshot write). The WebAssembly component (`component` module) and the
//! native tests drive the very same API.

#![warn(missing_docs, unreachable_pub)]

mod activity;
mod agents;
pub mod api;
mod archive;
mod budget;
mod calls;
mod completion;
pub mod config;
pub mod effects;
mod events;
mod fallback;
mod format;
mod hash;
mod health;
mod idlist;
mod ids;
mod launch;
mod lineage;
mod manager;
mod messages;
mod notify;
mod panel;
mod prerequisites;
mod queue;
mod snapshot;
mod task;
mod tasks;
mod throttle;
mod timers;
mod transcript;

// The generated bindings are FFI: the one place the core needs `unsafe`.
// Also built for the native clippy run over the unit tests (no wasm32 clippy exists here), so
// the glue is linted like the rest; it is never linked into a native binary.
#[cfg(any(target_arch = "wasm32", all(clippy, test)))]
#[allow(unsafe_code)]
mod component;

/// A hash map with a fixed, cheap hasher ([`hash::IdHasher`]): the same inputs give the same
/// iteration order, so the core stays deterministic (and no randomness source is needed inside
/// the component).
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, hash::BuildIdHasher>;

pub use api::*;
pub use config::{Config, ConfigError, CreateError};
pub use effects::Effect;
pub use ids::entropy;
pub use manager::Manager;
