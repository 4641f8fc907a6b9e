//! The component and the native core are the same state machine: for the same inputs (same
//! clock, same entropy) they must make the same SDK calls, in the same order, with the same
//! bodies, and send the same notices. Also: slots are all given back once everything ended.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod support;

use background_agent::*;
use support::native::NativeDriver;
use support::sim::{Kind, START, Script};
use support::wasm::WasmDriver;
use support::world::{ROOT, World, request};

const CONFIG: &str = r#"{"defaultConcurrency": 2, "modelConcurrency": {"openai/gpt-test": 1}}"#;

/// A busy afternoon: several keys, a cancel, a failing delivery, a model-keyed queue.
fn workload(w: &mut World) -> Vec<String> {
    w.sim.script("fast", Script::text(1_500, "fast result"));
    w.sim.fail(Kind::PromptParent, 1, "UnknownError", "parent busy");
    let mut ids = Vec::new();
    for i in 0..4 {
        ids.push(w.launch(request(&format!("job {i}"), &format!("job number {i}"), "general")).unwrap().id);
    }
    let mut keyed = request("keyed", "fast keyed", "general");
    keyed.model = Some(ModelRef { provider_id: "openai".into(), model_id: "gpt-test".into(), variant: None });
    ids.push(w.launch(keyed.clone()).unwrap().id);
    ids.push(w.launch(keyed).unwrap().id);
    w.advance(3_000);
    let quiet = CancelOptions { abort_session: true, notify_parent: true };
    w.cancel(ROOT, &ids[3], quiet).unwrap();
    w.advance(60_000);
    ids
}

fn trace(w: &World) -> (Vec<String>, Vec<(String, bool)>) {
    let calls = w.sim.calls.iter().map(|(t, r)| format!("{} {r:?}", t - START)).collect();
    (calls, w.sim.notices(ROOT))
}

#[test]
fn native_and_component_make_identical_calls() {
    let mut native = World::new(Box::new(NativeDriver::new(CONFIG, None, START)));
    let mut wasm = World::new(Box::new(WasmDriver::new(CONFIG, None, START)));
    let ids_native = workload(&mut native);
    let ids_wasm = workload(&mut wasm);
    assert_eq!(ids_native, ids_wasm, "same entropy, same ids");
    let (calls_n, notices_n) = trace(&native);
    let (calls_w, notices_w) = trace(&wasm);
    assert!(calls_n.len() > 20, "the workload exercises the core ({} calls)", calls_n.len());
    for (i, (n, w)) in calls_n.iter().zip(&calls_w).enumerate() {
        assert_eq!(n, w, "call #{i} differs");
    }
    assert_eq!(calls_n.len(), calls_w.len());
    assert_eq!(notices_n, notices_w);
    for id in &ids_native {
        assert_eq!(native.status(id), wasm.status(id), "{id}");
    }
}

#[test]
fn every_slot_is_released_when_all_tasks_end() {
    let mut w = World::new(Box::new(NativeDriver::new(CONFIG, None, START)));
    let ids = workload(&mut w);
    for id in &ids {
        assert!(w.status(id).is_terminal(), "{id} ended");
    }
    assert!(w.sim.max_busy_children <= 3, "two `general` + one `openai/gpt-test` at most");
    let manager_usage = w.drv.snapshot();
    let snapshot: serde_json::Value = serde_json::from_str(&manager_usage).unwrap();
    assert_eq!(snapshot["slots"]["keys"], serde_json::json!({}), "no slot held, no waiter left");
}
