//! The test world: one driver (native or wasm) wired to the simulated OpenCode, on a virtual
//! clock. Nothing sleeps: time moves only when a test advances it.

use super::Driver;
use super::sim::{Delivery, Sim};
use background_agent::*;

pub struct World {
    pub sim: Sim,
    pub drv: Box<dyn Driver>,
}

pub const ROOT: &str = "ses_root";

impl World {
    pub fn new(drv: Box<dyn Driver>) -> World {
        let mut sim = Sim::new();
        sim.add_root(ROOT);
        let mut w = World { sim, drv };
        w.pump();
        w
    }

    pub fn now(&self) -> u64 {
        self.sim.now
    }

    /// Performs the core's effects until it has none left, then checks the core's invariants.
    pub fn pump(&mut self) {
        self.perform();
        if let Err(broken) = self.drv.check_invariants() {
            panic!("[{}] invariant broken at t+{} ms: {broken}", self.drv.name(), self.sim.now - super::sim::START);
        }
    }

    fn perform(&mut self) {
        loop {
            let effects = self.drv.effects();
            if effects.is_empty() {
                break;
            }
            for e in effects {
                self.sim.apply(e);
            }
        }
    }

    /// Runs the world until `until`: replies, events and timer fires, in time order.
    pub fn run_until(&mut self, until: u64) {
        loop {
            self.pump();
            let action = self.sim.next_time();
            let timer = self.sim.timer;
            let next = match (action, timer) {
                (Some(a), Some(t)) => a.min(t),
                (Some(a), None) => a,
                (None, Some(t)) => t,
                (None, None) => break,
            };
            if next > until {
                break;
            }
            self.sim.now = self.sim.now.max(next);
            if let Some(delivery) = self.sim.pop_due(self.sim.now) {
                let now = self.sim.now;
                match delivery {
                    Delivery::Reply(id, reply) => self.drv.complete(now, id, reply),
                    Delivery::Event(event) => self.drv.handle_event(now, event),
                }
                continue;
            }
            if self.sim.timer.is_some_and(|t| t <= self.sim.now) {
                self.sim.timer = None;
                let now = self.sim.now;
                self.drv.on_timer(now);
            }
        }
        self.sim.now = self.sim.now.max(until);
    }

    pub fn advance(&mut self, ms: u64) {
        let until = self.sim.now + ms;
        self.run_until(until);
    }

    /// The plugin stops (`shutdown`, its final snapshot) and a new instance of the same kind
    /// starts from that snapshot with `config`.
    pub fn shutdown_and_restore(&mut self, config: &str) {
        let now = self.sim.now;
        self.drv.shutdown(now);
        self.pump();
        let snapshot = self.sim.persisted.clone().expect("a final snapshot");
        self.drv = self.new_driver(config, Some(&snapshot), 42);
        self.pump();
    }

    /// A driver of this world's kind (native or wasm) created now, its task ids drawn from `seed`.
    pub fn new_driver(&self, config: &str, snapshot: Option<&str>, seed: u64) -> Box<dyn Driver> {
        let now = self.sim.now;
        match self.drv.name() {
            "native" => Box::new(super::native::NativeDriver::with_seed(config, snapshot, now, seed)),
            _ => Box::new(super::wasm::WasmDriver::with_seed(config, snapshot, now, seed)),
        }
    }

    /// This plugin instance is gone (it shut down, or crashed) and another one, of the same kind,
    /// starts in the same OpenCode with `config` and, optionally, a snapshot, its task ids drawn
    /// from `seed`. Replies to the calls of the instance that is gone reach nobody; its timer and
    /// the interests it declared go with it.
    pub fn start_instance(&mut self, config: &str, snapshot: Option<&str>, seed: u64) {
        self.sim.drop_replies();
        self.sim.timer = None;
        self.sim.relay.clear();
        self.drv = self.new_driver(config, snapshot, seed);
        self.pump();
    }

    /// The core adopts the snapshot of another instance.
    pub fn adopt(&mut self, snapshot: &str) -> Result<u32, String> {
        let now = self.sim.now;
        let r = self.drv.adopt(now, snapshot);
        self.pump();
        r
    }

    pub fn launch(&mut self, req: LaunchRequest) -> Result<TaskView, RequestError> {
        let now = self.sim.now;
        let r = self.drv.launch(now, req);
        self.pump();
        r
    }

    pub fn cancel(&mut self, caller: &str, id: &str, options: CancelOptions) -> Result<TaskView, RequestError> {
        let now = self.sim.now;
        let r = self.drv.cancel(now, caller, id, options);
        self.pump();
        r
    }

    pub fn event(&mut self, event: Event) {
        let now = self.sim.now;
        self.drv.handle_event(now, event);
        self.pump();
    }

    pub fn task(&mut self, id: &str) -> TaskView {
        self.drv.get(ROOT, id).unwrap_or_else(|e| panic!("[{}] task {id}: {e}", self.drv.name()))
    }

    pub fn status(&mut self, id: &str) -> TaskStatus {
        self.task(id).status
    }

    pub fn take_injection(&mut self, parent: &str) -> Option<String> {
        let now = self.sim.now;
        let r = self.drv.take_injection(now, parent);
        self.pump();
        r
    }
}

/// A launch request from the root session.
pub fn request(description: &str, prompt: &str, agent: &str) -> LaunchRequest {
    LaunchRequest {
        parent_session_id: ROOT.into(),
        parent_agent: Some("build".into()),
        parent_model: Some(ModelRef {
            provider_id: "anthropic".into(),
            model_id: "claude-launch".into(),
            variant: None,
        }),
        description: description.into(),
        prompt: prompt.into(),
        agent: agent.into(),
        ..LaunchRequest::default()
    }
}

/// How many SDK calls the core made that match `pred`.
pub fn count(w: &World, pred: impl Fn(&SdkRequest) -> bool) -> usize {
    w.sim.calls_of(pred).len()
}

/// The prompts the core sent to `session`, in order.
pub fn prompts_to(w: &World, session: &str) -> Vec<PromptSession> {
    w.sim
        .calls_of(|r| matches!(r, SdkRequest::PromptSession(p) if p.session_id == session))
        .into_iter()
        .filter_map(|r| if let SdkRequest::PromptSession(p) = r { Some(p) } else { None })
        .collect()
}
