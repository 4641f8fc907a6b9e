//! The simulated OpenCode's wire, written once for both simulators: the scenario world
//! (`tests/support/sim.rs`) and the randomized environment (`tests/model_support/`). Message,
//! part, event and reply shapes, the host's event relay (which events a session's interest
//! lets through) and the order in which OpenCode deletes a session tree are defined here and
//! nowhere else. Every `tests/*.rs` is its own crate, so `tests/support/mod.rs` and
//! `tests/model_support/mod.rs` each include this directory with `#[path]`.

mod events;
mod messages;
mod relay;
mod replies;
mod tree;

pub use events::*;
pub use messages::*;
pub use relay::*;
pub use replies::*;
pub use tree::*;

/// Where both simulators' virtual clocks start (any fixed epoch time, in ms).
pub const START: u64 = 1_700_000_000_000;
