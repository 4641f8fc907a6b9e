//! OpenCode as the core sees it on the wire, written once for both simulated OpenCodes: the
//! scenario world (`tests/support/sim.rs`) and the randomized environment
//! (`tests/model_support/`). Each includes this module with `#[path]`, so that a message,
//! part, event or reply shape, or a rule of the host's event relay, has one definition.

mod events;
mod messages;
mod relay;
mod replies;

pub use events::*;
pub use messages::*;
pub use relay::*;
pub use replies::*;

/// Where both simulators' virtual clocks start (any fixed epoch time, in ms).
pub const START: u64 = 1_700_000_000_000;
