//! A narrated run of the component (dist/background_agent.wasm) inside wasmtime, against the
//! simulated OpenCode of the test suite: a parent session fans out three background agents
//! (two share a concurrency key with a limit of 1), and is told when they are done.
//! `scripts/demo` builds the component and runs this.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "../tests/support/mod.rs"]
mod support;

use background_agent::*;
use support::sim::{START, Script};
use support::wasm::WasmDriver;
use support::world::{ROOT, World, request};

fn secs(ms: u64) -> String {
    format!("{:>5.1}s", ms as f64 / 1000.0)
}

fn table(w: &mut World, ids: &[String]) {
    println!("  {:<11} {:<26} {:<10} {:>8} {:>6}", "task", "description", "status", "elapsed", "tools");
    for id in ids {
        let t = w.task(id);
        let end = t.completed_at.unwrap_or(w.now());
        let elapsed = t.started_at.map_or("-".to_string(), |s| secs(end - s));
        println!(
            "  {:<11} {:<26} {:<10} {:>8} {:>6}",
            t.id,
            t.description,
            t.status.as_str(),
            elapsed,
            t.progress.tool_calls
        );
    }
}

fn main() {
    let config = r#"{"defaultConcurrency": 3, "modelConcurrency": {"openai/gpt-mini": 1}}"#;
    println!("opencode-background-agent demo: the component in wasmtime, OpenCode simulated, virtual clock");
    println!("config: {config}\n");
    let mut w = World::new(Box::new(WasmDriver::new(config, None, START)));
    w.sim.script("survey", Script::text(7_000, "The repository has 3 crates and 41 modules."));
    w.sim.script("flaky", Script::text(2_500, "Found the flaky test: timers::tests::earliest (clock skew)."));
    w.sim.script("docs", Script::text(4_000, "Docs are current except docs/boundary.md (figures from last week)."));

    let mini = Some(ModelRef { provider_id: "openai".into(), model_id: "gpt-mini".into(), variant: None });
    let mut ids = Vec::new();
    for (desc, prompt, agent, model) in [
        ("Survey the codebase", "survey the repository layout", "explore", None),
        ("Find the flaky test", "find the flaky test", "general", mini.clone()),
        ("Check the docs", "check the docs are current", "general", mini),
    ] {
        let mut req = request(desc, prompt, agent);
        req.model = model;
        let view = w.launch(req).expect("launch");
        let receipt = w.drv.launch_text(&view.id).expect("own task").output;
        println!("parent calls background_task(\"{desc}\") -> {}", receipt.lines().next().unwrap_or(""));
        ids.push(view.id);
    }
    println!();
    let mut seen = 0;
    for _ in 0..12 {
        w.advance(1_000);
        println!("t = {}", secs(w.now() - START));
        table(&mut w, &ids);
        let notices = w.sim.notices(ROOT);
        for (text, no_reply) in &notices[seen..] {
            let how = if *no_reply { "silent notice (noReply)" } else { "notice that wakes the parent" };
            println!("\n  >>> parent receives a {how}:");
            for line in text.lines() {
                println!("      {line}");
            }
        }
        seen = notices.len();
        println!();
        if ids.iter().all(|id| w.status(id).is_terminal()) && seen > 0 {
            break;
        }
    }
    println!("results, as background_output returns them:");
    for id in &ids {
        let out = w.drv.output_text(w.now(), ROOT, id, OutputPage::default()).expect("own task");
        let result = out.output.split("Result:\n").nth(1).unwrap_or("(none)");
        println!("  {id}: {result}");
    }
    let calls = w.sim.calls.len();
    println!("\n{calls} SDK calls in all; events relayed to the core: {}", w.sim.delivered_events);
}
