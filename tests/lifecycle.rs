//! One scenario per behaviour of the core's lifecycle beyond the basic path: fallback, health,
//! lineage limits, resume, track, deletion, todos, queue TTL, retention, access control,
//! shutdown, coalescing. Each runs natively and in wasmtime (`track` natively only: the component
//! does not export it), on the virtual clock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[macro_use]
mod support;

use background_agent::*;
use support::native::NativeDriver;
use support::opencode::idle_event;
use support::sim::{Kind, Outcome, START, Script};
use support::world::{ROOT, World, count, prompts_to, request};

fn model(provider: &str, id: &str) -> ModelRef {
    ModelRef { provider_id: provider.into(), model_id: id.into(), variant: None }
}

scenario!(fallback_moves_to_the_next_model_on_provider_retry, "{}", |w| {
    w.sim.script_for_model("gpt-a", Script::with(2_000, Outcome::Retry("Overloaded: 503".into())));
    w.sim.script_for_model("gpt-b", Script::text(6_000, "done on b"));
    let mut req = request("Fallback", "needs a model", "general");
    req.model = Some(model("openai", "gpt-a"));
    req.fallback = vec![model("openai", "gpt-b")];
    req.system = Some("Answer in one line.".into());
    let t = w.launch(req).unwrap();
    w.advance(2_500);
    let v = w.task(&t.id);
    assert_eq!(v.concurrency_key, "openai/gpt-b", "queued again under the next model's key");
    assert_eq!(v.attempts, 1, "the failed attempt is recorded");
    assert_eq!(count(&w, |r| matches!(r, SdkRequest::AbortSession(s) if s == "ses_child1")), 1, "old child aborted");
    w.advance(20);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Running);
    assert_eq!(v.session_id.as_deref(), Some("ses_child2"), "a fresh child session for the new model");
    let p = prompts_to(&w, "ses_child2");
    assert_eq!(p[0].model.as_ref().map(ModelRef::key).as_deref(), Some("openai/gpt-b"));
    for child in ["ses_child1", "ses_child2"] {
        let first = &prompts_to(&w, child)[0];
        assert_eq!(first.system.as_deref(), Some("Answer in one line."), "the system text of {child}'s first prompt");
    }
    w.advance(10_000);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Completed);
    assert_eq!(v.result.as_deref(), Some("done on b"));
    w.advance(300);
    assert_eq!(w.sim.notices(ROOT).len(), 1);
});

// A finished task lets go of its launch prompt only when no model is left to fall back to: here
// one is, and a resumed run that falls back starts its new session with it (restored in between).
scenario!(a_resumed_run_that_falls_back_starts_its_new_session_with_the_launch_prompt, "{}", |w| {
    // gpt-a answers the launch prompt, then is overloaded for the resumed run.
    w.sim.script_for_model("gpt-b", Script::text(3_000, "done on b"));
    w.sim.script("one more thing", Script::with(2_000, Outcome::Retry("Overloaded: 503".into())));
    w.sim.script("the launch prompt", Script::text(3_000, "done on a"));
    let mut req = request("Resumable", "the launch prompt", "general");
    req.model = Some(model("openai", "gpt-a"));
    req.fallback = vec![model("openai", "gpt-b")];
    req.system = Some("Answer in one line.".into());
    let t = w.launch(req).unwrap();
    w.advance(10_000);
    assert_eq!(w.task(&t.id).result.as_deref(), Some("done on a"), "{:?}", w.task(&t.id));
    w.shutdown_and_restore("{}");
    let now = w.now();
    w.drv.resume(now, ROOT, &t.id, "and one more thing").unwrap();
    w.pump();
    w.advance(2_600);
    assert_eq!(prompts_to(&w, "ses_child1").len(), 2, "the resumed run prompted its session");
    assert_eq!(w.task(&t.id).attempts, 1, "fell back");
    w.advance(20);
    let second = w.task(&t.id).session_id.unwrap();
    assert_ne!(second, "ses_child1", "a fresh child session for the new model");
    let first = &prompts_to(&w, &second)[0];
    assert_eq!(first.parts.join(""), "the launch prompt");
    assert_eq!(first.system.as_deref(), Some("Answer in one line."));
    w.advance(10_000);
    assert_eq!(w.task(&t.id).result.as_deref(), Some("done on b"), "{:?}", w.task(&t.id));
});

scenario!(a_fallback_while_an_interrupt_waits_for_its_abort_drops_the_message, "{}", |w| {
    w.sim.script_for_model("gpt-b", Script::text(3_000, "done on b"));
    w.sim.script("the launch prompt", Script::with(2_000, Outcome::Retry("Overloaded: 503".into())));
    let mut req = request("Interrupted", "the launch prompt", "general");
    req.model = Some(model("openai", "gpt-a"));
    req.fallback = vec![model("openai", "gpt-b")];
    let t = w.launch(req).unwrap();
    w.advance(1_000);
    // The abort hangs; meanwhile the provider fails and the task moves to the next model.
    w.sim.hang(Kind::Abort, 1);
    let now = w.now();
    let (view, _) = w.drv.message(now, ROOT, &t.id, "stop and summarise", SteerMode::Interrupt).unwrap();
    assert_eq!(view.progress.steered, 1);
    w.pump();
    w.advance(3_000);
    assert_eq!(w.task(&t.id).attempts, 1, "fell back: {:?}", w.task(&t.id));
    let second = w.task(&t.id).session_id.unwrap();
    assert_ne!(second, "ses_child1");
    // The new session starts from the launch prompt; the message was for the run that failed.
    let prompts: Vec<String> = prompts_to(&w, &second).iter().map(|p| p.parts.join("")).collect();
    assert_eq!(prompts, vec!["the launch prompt".to_string()]);
    w.advance(70_000);
    assert_eq!(w.task(&t.id).result.as_deref(), Some("done on b"), "{:?}", w.task(&t.id));
    assert_eq!(prompts_to(&w, &second).len(), 1, "a late abort reply sends nothing");
});

/// A launch from the root whose runs may use `tokens`.
fn with_tokens(description: &str, prompt: &str, tokens: u64) -> LaunchRequest {
    LaunchRequest {
        budget: Budget { tokens: Some(tokens), ..Budget::default() },
        ..request(description, prompt, "general")
    }
}

fn usage_event(session: &str, message: u32, tokens_in: u64, tokens_out: u64, cost: f64) -> Event {
    let info = serde_json::json!({ "id": format!("msg_{session}_{message}"), "sessionID": session, "role": "assistant",
        "tokens": { "input": tokens_in, "output": tokens_out }, "cost": cost });
    support::opencode::message_updated_event(session, &info)
}

scenario!(a_run_over_its_token_budget_is_stopped_after_one_quiet_warning, r#"{"taskBudget": {"minutes": 60}}"#, |w| {
    w.sim.script("spend", Script::text(600_000, "never"));
    let t = w.launch(with_tokens("Spender", "spend tokens", 10_000)).unwrap();
    assert_eq!(t.budget, Budget { tokens: Some(10_000), cost_usd: None, minutes: Some(60) }, "the config fills in");
    w.advance(2_000);
    let child = w.task(&t.id).session_id.unwrap();
    w.event(usage_event(&child, 1, 5_000, 1_000, 0.0));
    w.advance(500);
    assert!(w.sim.notices(ROOT).is_empty(), "60 %: nothing yet");
    // 85 %: one quiet warning, not repeated.
    w.event(usage_event(&child, 1, 7_000, 1_500, 0.0));
    w.event(usage_event(&child, 1, 7_500, 1_500, 0.0));
    w.advance(500);
    let notices = w.sim.notices(ROOT);
    assert_eq!(notices.len(), 1, "{notices:?}");
    let (warning, no_reply) = &notices[0];
    assert!(*no_reply, "quiet");
    assert!(warning.starts_with("[BACKGROUND TASK BUDGET]"), "{warning}");
    assert!(warning.contains("It has used 8,500 of 10,000 tokens (85% of `max_tokens`)"), "{warning}");
    // A second message takes it over: stopped, its child aborted, the parent told why.
    w.event(usage_event(&child, 2, 1_200, 300, 0.0));
    w.advance(500);
    let done = w.task(&t.id);
    assert_eq!(done.status, TaskStatus::Cancelled);
    let error = done.error.unwrap();
    assert!(error.starts_with("Budget exceeded: this run used 10,500 of 10,000 tokens (`max_tokens`)."), "{error}");
    assert!(error.contains("background_resume continues it with a fresh budget"), "{error}");
    assert_eq!(count(&w, |r| matches!(r, SdkRequest::AbortSession(s) if *s == child)), 1);
    w.advance(1_000);
    let (last, _) = w.sim.notices(ROOT).pop().unwrap();
    assert!(last.contains("Budget exceeded"), "{last}");

    // Resumed: a fresh budget of the same size, counted from the totals so far.
    w.sim.script("go on", Script::text(2_000, "went on"));
    let now = w.now();
    w.drv.resume(now, ROOT, &t.id, "go on").unwrap();
    w.pump();
    w.event(usage_event(&child, 3, 8_000, 0, 0.0));
    w.advance(10_000);
    let resumed = w.task(&t.id);
    assert_eq!((resumed.status, resumed.result.as_deref()), (TaskStatus::Completed, Some("went on")), "{resumed:?}");
});

scenario!(a_run_over_its_time_or_cost_budget_is_stopped, "{}", |w| {
    w.sim.script("slow", Script::text(600_000, "never"));
    let mut req = request("Slow", "slow work", "general");
    req.budget = Budget { minutes: Some(2), ..Budget::default() };
    let slow = w.launch(req).unwrap();
    let mut req = request("Costly", "costly work slow", "general");
    req.budget = Budget { cost_usd: Some(0.05), ..Budget::default() };
    let costly = w.launch(req).unwrap();
    w.advance(1_000);
    let child = w.task(&costly.id).session_id.unwrap();
    w.event(usage_event(&child, 1, 100, 100, 0.06));
    w.advance(500);
    let error = w.task(&costly.id).error.unwrap();
    assert!(error.starts_with("Budget exceeded: this run used $0.0600 of $0.05 (`max_cost_usd`)."), "{error}");
    // The time budget is checked on every poll: warned at 80 %, stopped at the limit.
    w.advance(100_000);
    assert_eq!(w.status(&slow.id), TaskStatus::Running);
    assert!(
        w.sim
            .notices(ROOT)
            .iter()
            .any(|(n, _)| n.contains("(80% of `max_minutes`)") || n.contains("% of `max_minutes`)"))
    );
    w.advance(30_000);
    let error = w.task(&slow.id).error.unwrap();
    assert!(error.starts_with("Budget exceeded: this run used 2m "), "{error}");
    assert!(error.contains("of 2 minute(s) (`max_minutes`)"), "{error}");
    // A launch with a budget that cannot apply is refused.
    let mut bad = request("Bad", "x", "general");
    bad.budget = Budget { cost_usd: Some(-1.0), ..Budget::default() };
    assert_eq!(
        w.launch(bad).map(|_| ()),
        Err(RequestError::Invalid("budget: a cost budget must be a positive number of dollars".into()))
    );
});

scenario!(
    a_spent_session_budget_refuses_new_launches_and_survives_a_restart,
    r#"{"sessionBudget": {"tokens": 10000}}"#,
    |w| {
        w.sim.script("spend", Script::text(600_000, "never"));
        let a = w.launch(request("A", "spend a", "general")).unwrap();
        let b = w.launch(request("B", "spend b", "general")).unwrap();
        w.advance(2_000);
        let (ca, cb) = (w.task(&a.id).session_id.unwrap(), w.task(&b.id).session_id.unwrap());
        w.event(usage_event(&ca, 1, 4_000, 500, 0.0));
        w.event(usage_event(&cb, 1, 4_000, 500, 0.0));
        w.advance(500);
        let notices = w.sim.notices(ROOT);
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].1, "quiet");
        assert!(
            notices[0].0.contains(
                "This session's background tasks have used 9,000 of 10,000 tokens (90% of config `sessionBudget`)"
            ),
            "{:?}",
            notices[0]
        );
        w.event(usage_event(&cb, 2, 1_000, 500, 0.0));
        w.advance(500);
        let refused = w.launch(request("C", "spend c", "general"));
        let Err(RequestError::Limit(why)) = refused else { panic!("spent: {refused:?}") };
        assert!(why.starts_with("This session's background tasks have used 10,500 of 10,000 tokens"), "{why}");
        assert_eq!(w.status(&a.id), TaskStatus::Running, "running tasks go on");
        // Another session is not affected; a restart keeps what was spent.
        let mut other = request("D", "spend d", "general");
        other.parent_session_id = "ses_root_2".into();
        w.sim.add_root("ses_root_2");
        assert!(w.launch(other).is_ok());
        w.shutdown_and_restore(r#"{"sessionBudget": {"tokens": 10000}}"#);
        assert!(matches!(w.launch(request("E", "spend e", "general")), Err(RequestError::Limit(_))));
        assert!(w.launch(request("F", "raised", "general")).is_err());
        w.shutdown_and_restore(r#"{"sessionBudget": {"tokens": 20000}}"#);
        assert!(w.launch(request("G", "raised", "general")).is_ok(), "a raised budget lets it launch again");
    }
);

scenario!(non_retryable_errors_fail_despite_a_fallback, "{}", |w| {
    w.sim.script_for_model(
        "gpt-a",
        Script::with(6_000, Outcome::ApiError { message: "invalid schema".into(), status: 400 }),
    );
    let mut req = request("Bad", "bad request", "general");
    req.model = Some(model("openai", "gpt-a"));
    req.fallback = vec![model("openai", "gpt-b")];
    let t = w.launch(req).unwrap();
    w.advance(8_000);
    assert_eq!(w.status(&t.id), TaskStatus::Error);
    assert_eq!(w.task(&t.id).error.as_deref(), Some("invalid schema"));
    assert_eq!(count(&w, |r| matches!(r, SdkRequest::CreateSession { .. })), 1, "no second attempt");
});

scenario!(provider_retries_without_fallback_are_left_to_opencode, "{}", |w| {
    w.sim.script("flaky", Script::with(2_000, Outcome::Retry("Rate limited".into())));
    let t = w.launch(request("Flaky", "flaky provider", "general")).unwrap();
    w.advance(20_000);
    assert_eq!(w.status(&t.id), TaskStatus::Running, "OpenCode keeps retrying; the task waits");
});

scenario!(stale_task_is_warned_then_stopped, r#"{"staleTimeoutMs": 60000, "idleNoAnswerMs": 3600000}"#, |w| {
    w.sim.script("quiet", Script::with(6_000, Outcome::Silent));
    let t = w.launch(request("Quiet", "quiet child", "general")).unwrap();
    // Polls every 3 s: quiet since ~6 s, 80% of 60 s is reached at the 57 s poll.
    w.advance(56_000);
    assert!(w.sim.notices(ROOT).is_empty());
    w.advance(2_000);
    assert_eq!(w.status(&t.id), TaskStatus::Running);
    let notices = w.sim.notices(ROOT);
    assert_eq!(notices.len(), 1, "one warning before the stop");
    assert!(notices[0].0.starts_with("[BACKGROUND TASK STALLED]") && notices[0].1, "{notices:?}");
    w.advance(15_000);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Cancelled);
    assert!(v.error.as_deref().unwrap_or("").starts_with("Stale timeout: no activity for 1 minutes"), "{:?}", v.error);
    let verifications =
        count(&w, |r| matches!(r, SdkRequest::SessionMessages { session_id, .. } if session_id == "ses_child1"));
    assert!(verifications <= 2, "a quiet child is not re-read on every poll ({verifications} reads)");
    w.advance(500);
    assert_eq!(w.sim.notices(ROOT).len(), 2);
    assert!(w.sim.notices(ROOT)[1].0.contains("Stale timeout"));
});

scenario!(busy_child_is_never_stopped_as_stale, r#"{"staleTimeoutMs": 60000, "noActivityTimeoutMs": 60000}"#, |w| {
    w.sim.script("long", Script::with(1_000, Outcome::Hang));
    let t = w.launch(request("Long", "long busy child", "general")).unwrap();
    w.advance(10 * 60_000);
    assert_eq!(w.status(&t.id), TaskStatus::Running, "busy means working, however long");
});

scenario!(repeated_identical_tool_calls_trip_the_breaker, r#"{"maxRepeatedToolCalls": 3}"#, |w| {
    let script = Script { tools: vec!["grep"; 5], same_input: true, ..Script::text(10_000, "never") };
    w.sim.script("loop", script);
    let t = w.launch(request("Loop", "loop forever", "general")).unwrap();
    w.advance(12_000);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Cancelled);
    assert_eq!(v.progress.tool_calls, 3);
    assert!(v.error.unwrap().contains("`grep` was called 3 times in a row with the same input"));
});

scenario!(blocked_child_wakes_the_parent_once_and_is_not_stale, r#"{"staleTimeoutMs": 60000}"#, |w| {
    w.sim.script("ask", Script::with(3_000, Outcome::Ask("bash".into())));
    let t = w.launch(request("Asker", "ask for bash", "general")).unwrap();
    w.advance(5 * 60_000);
    assert_eq!(w.status(&t.id), TaskStatus::Running);
    let notices = w.sim.notices(ROOT);
    assert_eq!(notices.len(), 1, "{notices:?}");
    let (text, no_reply) = &notices[0];
    assert!(!no_reply, "a child waiting for input wakes the parent");
    assert!(text.starts_with("[BACKGROUND TASK NEEDS INPUT]"));
    assert!(text.contains("waiting for permission \"bash\" on \"rm -rf build\""));
    assert!(text.contains(&format!("background_cancel(task_id=\"{}\")", t.id)));
});

scenario!(depth_limit_refuses_nested_launches, r#"{"maxDepth": 1}"#, |w| {
    let t = w.launch(request("Outer", "outer job", "general")).unwrap();
    w.advance(10);
    w.advance(100);
    let child = w.task(&t.id).session_id.expect("its child session exists");
    let mut nested = request("Inner", "inner job", "general");
    nested.parent_session_id = child;
    let err = w.launch(nested).unwrap_err();
    assert!(matches!(&err, RequestError::Limit(m) if m.contains("`maxDepth`") && m.contains("depth 2")), "{err:?}");
});

scenario!(lineage_of_foreign_sessions_is_looked_up_and_cached, r#"{"maxDepth": 2}"#, |w| {
    w.sim.add_session("ses_a", None);
    w.sim.add_session("ses_b", Some("ses_a"));
    w.sim.add_session("ses_c", Some("ses_b"));
    let mut deep = request("Deep", "deep job", "general");
    deep.parent_session_id = "ses_c".into();
    let t = w.launch(deep).unwrap();
    assert_eq!(t.status, TaskStatus::Pending);
    w.advance(50);
    let v = w.drv.get("ses_c", &t.id).unwrap();
    assert_eq!(v.status, TaskStatus::Error);
    assert!(v.error.unwrap().contains("`maxDepth`"));
    assert_eq!(count(&w, |r| matches!(r, SdkRequest::GetSession(_))), 3, "c, b, a");
    let mut ok = request("Fits", "fits", "general");
    ok.parent_session_id = "ses_b".into();
    let t2 = w.launch(ok).unwrap();
    assert_eq!(t2.status, TaskStatus::Running, "ses_b's place is cached: admitted at once");
    assert_eq!(t2.depth, 2);
    assert_eq!(count(&w, |r| matches!(r, SdkRequest::GetSession(_))), 3);
});

scenario!(unresolvable_lineage_fails_closed, "{}", |w| {
    w.sim.fail(Kind::Get, 1, "NotFoundError", "Session not found");
    let t = w.launch(request("Orphan", "orphan job", "general")).unwrap();
    w.advance(500);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Error);
    assert!(v.error.unwrap().contains("cannot be enforced safely"));
    assert_eq!(count(&w, |r| matches!(r, SdkRequest::CreateSession { .. })), 0);
    assert_eq!(w.sim.notices(ROOT).len(), 1, "the parent is told");
});

scenario!(descendant_budget_is_reserved_and_given_back, r#"{"maxDescendants": 2, "defaultConcurrency": 1}"#, |w| {
    let a = w.launch(request("A", "job a", "general")).unwrap();
    w.advance(3);
    let b = w.launch(request("B", "job b", "general")).unwrap();
    assert_eq!(b.status, TaskStatus::Pending);
    let err = w.launch(request("C", "job c", "general")).unwrap_err();
    assert!(matches!(&err, RequestError::Limit(m) if m.contains("`maxDescendants`")), "{err:?}");
    let quiet = CancelOptions { abort_session: true, notify_parent: false };
    w.cancel(ROOT, &b.id, quiet).unwrap();
    let c = w.launch(request("C", "job c", "general")).unwrap();
    assert_eq!(c.status, TaskStatus::Pending, "b never ran: its reservation came back");
    let _ = a;
});

scenario!(resume_continues_the_same_child_session, "{}", |w| {
    w.sim.script("first", Script::text(6_000, "first answer"));
    w.sim.script("more", Script::text(6_000, "second answer"));
    let t = w.launch(request("Resumable", "first part", "general")).unwrap();
    w.advance(8_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    let calls_before = count(&w, |r| matches!(r, SdkRequest::CreateSession { .. }));
    let r = w.drv.resume(w.now(), ROOT, &t.id, "tell me more").unwrap();
    w.pump();
    assert_eq!(r.status, TaskStatus::Running);
    assert_eq!(
        count(&w, |r| matches!(r, SdkRequest::CreateSession { .. })),
        calls_before,
        "same child, no new session"
    );
    // A late duplicate idle (after the new turn went busy) must not complete it with the
    // previous answer.
    w.advance(100);
    w.event(idle_event("ses_child1"));
    w.advance(5_400);
    assert_eq!(w.status(&t.id), TaskStatus::Running, "the old answer does not count");
    let again = w.drv.resume(w.now(), ROOT, &t.id, "again").unwrap();
    w.pump();
    assert_eq!(again.status, TaskStatus::Running, "resuming a running task changes nothing");
    assert_eq!(prompts_to(&w, "ses_child1").len(), 2);
    w.advance(3_000);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Completed);
    assert_eq!(v.result.as_deref(), Some("second answer"));
    assert_eq!(v.progress.tool_calls, 4, "progress counters carry over");
    w.advance(300);
    assert_eq!(w.sim.notices(ROOT).len(), 2, "one notice per run");
    let by_session = w.drv.resume(w.now(), ROOT, "ses_child1", "by session id").unwrap();
    assert_eq!(by_session.id, t.id);
});

/// Native only: `track` is not on the component's boundary (the plugin never adopts a session).
#[test]
fn track_adopts_a_foreign_session() {
    let mut w = World::new(Box::new(NativeDriver::new("{}", None, START)));
    w.sim.add_session("ses_ext", Some(ROOT));
    let track = TrackRequest {
        task_id: "bg_ext00001".into(),
        session_id: "ses_ext".into(),
        parent_session_id: ROOT.into(),
        description: "External".into(),
        agent: "general".into(),
        concurrency_key: None,
    };
    let v = w.drv.track(w.now(), track.clone()).unwrap();
    w.pump();
    assert_eq!(v.status, TaskStatus::Running);
    let again = w.drv.track(w.now(), track).unwrap();
    assert_eq!(again.id, v.id);
    w.sim.run_external("ses_ext", Script::text(6_000, "external result"));
    w.advance(8_000);
    let v = w.task("bg_ext00001");
    assert_eq!(v.status, TaskStatus::Completed);
    assert_eq!(v.result.as_deref(), Some("external result"));
    w.advance(300);
    assert_eq!(w.sim.notices(ROOT).len(), 1);
}

scenario!(deleting_the_parent_cancels_its_tasks, "{}", |w| {
    w.sim.script("slow", Script::with(1_000, Outcome::Hang));
    let a = w.launch(request("A", "slow a", "general")).unwrap();
    let b = w.launch(request("B", "slow b", "general")).unwrap();
    w.advance(2_000);
    w.sim.delete(ROOT);
    w.advance(100);
    for id in [&a.id, &b.id] {
        let v = w.task(id);
        assert_eq!(v.status, TaskStatus::Cancelled);
        // OpenCode deletes the children first, one event each: either reason is right.
        let reason = v.error.unwrap_or_default();
        assert!(reason == "The parent session was deleted" || reason == "The child session was deleted", "{reason}");
    }
    assert!(w.sim.notices(ROOT).is_empty(), "nobody left to tell");
    // OpenCode keeps a deleted session's run going until it is aborted.
    for child in ["ses_child1", "ses_child2"] {
        assert_eq!(count(&w, |r| matches!(r, SdkRequest::AbortSession(s) if s == child)), 1, "{child} aborted");
    }
    assert_eq!(count(&w, |r| matches!(r, SdkRequest::PromptSession(p) if p.session_id == ROOT)), 0);
});

scenario!(open_todos_hold_completion_for_the_grace_time, r#"{"todoGraceMs": 30000}"#, |w| {
    let script = Script {
        todos: vec![("write tests", "in_progress"), ("refactor", "completed")],
        ..Script::text(8_000, "mostly done")
    };
    w.sim.script("todo", script);
    let t = w.launch(request("Todos", "todo work", "general")).unwrap();
    w.advance(10_000);
    assert_eq!(w.status(&t.id), TaskStatus::Running, "an open todo holds completion back");
    w.advance(30_000);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Completed);
    let result = v.result.unwrap();
    assert!(result.starts_with("mostly done"));
    assert!(result.contains("1 unfinished todo item(s)"), "{result}");
});

scenario!(queued_tasks_time_out, r#"{"defaultConcurrency": 1, "queueTtlMs": 60000}"#, |w| {
    w.sim.script("hog", Script::with(1_000, Outcome::Hang));
    let _a = w.launch(request("Hog", "hog the slot", "general")).unwrap();
    let b = w.launch(request("Waiter", "wait", "general")).unwrap();
    w.advance(61_000);
    let v = w.task(&b.id);
    assert_eq!(v.status, TaskStatus::Error);
    assert_eq!(v.error.as_deref(), Some("Timed out while queued after 1m 0s"));
});

scenario!(finished_tasks_are_archived_not_forgotten, r#"{"retentionMs": 60000, "archiveSize": 1}"#, |w| {
    let a = w.launch(request("A", "job a", "general")).unwrap();
    w.advance(11_000);
    let child = w.task(&a.id).session_id.unwrap();
    w.advance(61_000);
    let v = w.task(&a.id);
    assert_eq!((v.status, v.result.as_deref()), (TaskStatus::Completed, Some("result for: job a")));
    assert!(w.drv.get_by_session(&child).is_none(), "moved to the archive");
    let b = w.launch(request("B", "job b", "general")).unwrap();
    w.advance(75_000);
    assert_eq!(w.status(&b.id), TaskStatus::Completed);
    assert!(matches!(w.drv.get(ROOT, &a.id), Err(RequestError::NotFound(_))), "the bounded archive dropped the oldest");
});

scenario!(sessions_only_see_their_own_lineage, "{}", |w| {
    w.sim.add_root("ses_other");
    let t = w.launch(request("Private", "private job", "general")).unwrap();
    w.advance(10);
    // A task it may not see is refused in the very words used for one that does not exist.
    let unknown = |id: &str| Err(RequestError::NotFound(format!("No background task with id `{id}`.")));
    assert_eq!(w.drv.get("ses_other", &t.id).map(|_| ()), unknown(&t.id));
    assert_eq!(w.drv.output_text(w.now(), "ses_other", &t.id, OutputPage::default()).map(|_| ()), unknown(&t.id));
    let opts = CancelOptions::default();
    assert_eq!(w.drv.cancel(w.now(), "ses_other", &t.id, opts).map(|_| ()), unknown(&t.id));
    assert_eq!(w.drv.get(ROOT, "bg_00000000").map(|_| ()), unknown("bg_00000000"));
    // Named by its child session, it is not even mapped to its id for a foreign session.
    w.advance(100);
    let child = w.task(&t.id).session_id.expect("its child session exists");
    assert_eq!(w.drv.resume(w.now(), "ses_other", &child, "go on").map(|_| ()), unknown(&child));
    assert_eq!(w.status(&t.id), TaskStatus::Running, "the refused cancel changed nothing");
});

scenario!(shutdown_aborts_children_and_refuses_new_work, "{}", |w| {
    w.sim.script("slow", Script::with(1_000, Outcome::Hang));
    w.launch(request("A", "slow a", "general")).unwrap();
    w.launch(request("B", "slow b", "general")).unwrap();
    w.advance(100);
    let now = w.now();
    w.drv.shutdown(now);
    w.pump();
    assert_eq!(count(&w, |r| matches!(r, SdkRequest::AbortSession(_))), 2);
    assert!(w.sim.persisted.is_some(), "a final snapshot");
    assert_eq!(w.sim.timer, None, "no timer left");
    assert_eq!(w.launch(request("C", "late", "general")).unwrap_err(), RequestError::ShuttingDown);
});

scenario!(completions_close_together_share_one_notice, "{}", |w| {
    w.sim.script("twin", Script::text(7_000, "twin result"));
    let a = w.launch(request("Twin A", "twin a", "general")).unwrap();
    let b = w.launch(request("Twin B", "twin b", "general")).unwrap();
    w.advance(9_000);
    let notices = w.sim.notices(ROOT);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].0.starts_with("[ALL BACKGROUND TASKS COMPLETE]"));
    assert!(notices[0].0.contains(&a.id) && notices[0].0.contains(&b.id));
});

scenario!(configured_fallback_chains_apply_to_launches, r#"{"fallbackModels": {"openai/gpt-a": ["/gpt-b"]}}"#, |w| {
    w.sim.script_for_model(
        "gpt-a",
        Script::with(2_000, Outcome::ApiError { message: "Rate limit reached".into(), status: 429 }),
    );
    w.sim.script_for_model("gpt-b", Script::text(6_000, "done on b"));
    let mut req = request("Configured", "configured chain", "general");
    req.model = Some(model("openai", "gpt-a"));
    let t = w.launch(req).unwrap();
    w.advance(20_000);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Completed);
    assert_eq!(v.result.as_deref(), Some("done on b"));
    assert_eq!(v.model.map(|m| m.key()).as_deref(), Some("openai/gpt-b"), "`/gpt-b` kept the provider");
});

// ------------------------------------------------------------------ dependencies

fn after(description: &str, prompt: &str, ids: &[&str], on_failure: PrerequisiteFailure) -> LaunchRequest {
    let mut req = request(description, prompt, "general");
    req.after = ids.iter().map(|s| s.to_string()).collect();
    req.on_failure = on_failure;
    req
}

scenario!(a_task_runs_after_its_prerequisites_with_a_digest_of_their_results, r#"{"queueTtlMs": 5000}"#, |w| {
    // (The dependent's prompt quotes the others' answers: its script is matched first.)
    w.sim.script("gamma", Script::text(3_000, "combined report"));
    w.sim.script("alpha", Script::text(8_000, "alpha found three modules"));
    w.sim.script("beta", Script::text(16_000, "beta found the bug in parse()"));
    let a = w.launch(request("Alpha", "alpha survey", "general")).unwrap();
    let b = w.launch(request("Beta", "beta survey", "general")).unwrap();
    let c = w.launch(after("Gamma", "gamma: combine them", &[&a.id, &b.id], PrerequisiteFailure::Skip)).unwrap();
    assert_eq!((c.status, c.waiting_for.clone()), (TaskStatus::Pending, vec![a.id.clone(), b.id.clone()]));
    let receipt = w.drv.launch_text(&c.id).unwrap().output;
    assert!(receipt.contains(&format!("Status: pending (waits for {}, {} to end", a.id, b.id)), "{receipt}");
    w.advance(11_000);
    // Waiting for prerequisites is not waiting in the queue: the TTL (5 s) does not run yet.
    assert_eq!(w.status(&a.id), TaskStatus::Completed);
    assert_eq!(w.task(&c.id).waiting_for, vec![b.id.clone()]);
    let list = w.drv.list_text(w.now(), ROOT, Page::default()).output;
    assert!(list.contains(&format!("| pending (after {}) |", b.id)), "{list}");
    assert_eq!(creates(&w), 2, "no child for the dependent yet");
    w.advance(7_000);
    assert_eq!(w.status(&b.id), TaskStatus::Completed);
    assert_eq!(w.status(&c.id), TaskStatus::Running, "it queued when the last prerequisite ended");
    let child = w.task(&c.id).session_id.unwrap();
    let prompt = prompts_to(&w, &child)[0].parts.join("\n");
    assert!(prompt.starts_with("gamma: combine them"), "its own prompt first: {prompt}");
    assert!(prompt.contains("This task was started after other background tasks"), "{prompt}");
    assert!(prompt.contains(&format!("{} \"Alpha\" (completed)", a.id)), "{prompt}");
    assert!(prompt.contains("alpha found three modules") && prompt.contains("beta found the bug in parse()"));
    // Its child may read its prerequisites (the digest says how), and act on none of them.
    assert_eq!(w.drv.get(&child, &a.id).map(|v| v.id), Ok(a.id.clone()));
    let now = w.now();
    assert!(
        matches!(w.drv.output_text(now, &child, &b.id, OutputPage::default()), Ok(r) if r.output.contains("parse()"))
    );
    assert!(matches!(w.drv.cancel(now, &child, &a.id, CancelOptions::default()), Err(RequestError::NotFound(_))));
    w.advance(5_000);
    assert_eq!(w.status(&c.id), TaskStatus::Completed);
    // One batch: the prerequisites' notices are quiet, the chain's end wakes the parent.
    let notices = w.sim.notices(ROOT);
    let woke: Vec<bool> = notices.iter().map(|(_, quiet)| !quiet).collect();
    assert_eq!(woke.last(), Some(&true), "{notices:?}");
    assert!(woke.iter().rev().skip(1).all(|w| !w), "only the last notice wakes: {notices:?}");
    let (last, _) = notices.last().unwrap();
    assert!(last.starts_with("[ALL BACKGROUND TASKS COMPLETE]") && last.contains(&c.id), "{last}");
    for t in [&a, &b, &c] {
        assert_eq!(w.drv.announcements(&t.id), Some(1));
    }
});

fn creates(w: &World) -> usize {
    count(w, |r| matches!(r, SdkRequest::CreateSession { .. }))
}

scenario!(a_prerequisite_that_fails_cancels_the_chain_unless_a_task_runs_anyway, "{}", |w| {
    w.sim.script("doomed", Script::with(2_000, Outcome::ApiError { message: "quota gone".into(), status: 400 }));
    w.sim.script("slow", Script::text(60_000, "slow answer"));
    let a = w.launch(request("Doomed", "doomed work", "general")).unwrap();
    let slow = w.launch(request("Slow", "slow work", "general")).unwrap();
    let b = w.launch(after("Second", "second step", &[&a.id, &slow.id], PrerequisiteFailure::Skip)).unwrap();
    let c = w.launch(after("Third", "third step", &[&b.id], PrerequisiteFailure::Skip)).unwrap();
    let d = w.launch(after("Anyway", "runs anyway", &[&a.id], PrerequisiteFailure::Run)).unwrap();
    w.advance(3_000);
    assert_eq!(w.status(&a.id), TaskStatus::Error);
    let (b, c) = (w.task(&b.id), w.task(&c.id));
    assert_eq!(b.status, TaskStatus::Cancelled, "it need not wait for the slow one");
    assert_eq!(b.error.as_deref(), Some(&*format!("Not run: prerequisite {} failed (on_failure \"skip\")", a.id)));
    assert_eq!(c.status, TaskStatus::Cancelled, "the cascade goes on down the chain");
    assert_eq!(
        c.error.as_deref(),
        Some(&*format!("Not run: prerequisite {} was cancelled (on_failure \"skip\")", b.id))
    );
    assert_eq!(c.session_id, None, "no child was ever made for them");
    let d_view = w.task(&d.id);
    assert_eq!(d_view.status, TaskStatus::Running, "on_failure run: it runs");
    let child = d_view.session_id.unwrap();
    let prompt = prompts_to(&w, &child)[0].parts.join("\n");
    assert!(prompt.contains(&format!("{} \"Doomed\" (error): \"", a.id)) && prompt.contains("quota gone"), "{prompt}");
    // Too late to wait for it: a launch that could never run is refused, and so is an id the
    // caller does not know.
    let refused = w.launch(after("Late", "late step", &[&a.id], PrerequisiteFailure::Skip));
    assert!(matches!(&refused, Err(RequestError::Conflict(m)) if m.contains("could never run")), "{refused:?}");
    let unknown = w.launch(after("Nowhere", "late step", &["bg_nope"], PrerequisiteFailure::Run));
    assert!(matches!(unknown, Err(RequestError::NotFound(_))));
    let mut foreign = after("Foreign", "late step", &[&slow.id], PrerequisiteFailure::Run);
    foreign.parent_session_id = "ses_other_root".into();
    assert!(matches!(w.launch(foreign), Err(RequestError::NotFound(_))), "another tree's task is not a prerequisite");
    let many: Vec<String> = (0..17).map(|i| format!("bg_{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert!(matches!(w.launch(after("Many", "x", &many, PrerequisiteFailure::Run)), Err(RequestError::Invalid(_))));
    // Cancelling a prerequisite cascades too; cancelling everything cancels each task as asked.
    let e = w.launch(after("Fifth", "fifth step", &[&slow.id], PrerequisiteFailure::Skip)).unwrap();
    let f = w.launch(after("Sixth", "sixth step", &[&e.id], PrerequisiteFailure::Skip)).unwrap();
    w.cancel(ROOT, &e.id, CancelOptions::default()).unwrap();
    assert!(w.task(&f.id).error.unwrap().contains(&format!("prerequisite {} was cancelled", e.id)));
    let g = w.launch(after("Seventh", "seventh step", &[&slow.id], PrerequisiteFailure::Skip)).unwrap();
    let now = w.now();
    let all = w.drv.cancel_all(now, ROOT, CancelOptions::default());
    w.pump();
    let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, [slow.id.as_str(), d.id.as_str(), g.id.as_str()], "in launch order");
    assert_eq!(w.task(&g.id).error.as_deref(), Some("Cancelled on request"));
    w.advance(5_000);
    for t in [&a.id, &slow.id, &b.id, &c.id, &d.id, &e.id, &f.id, &g.id] {
        assert!(w.drv.announcements(t).unwrap_or(0) <= 1, "{t}");
    }
});

scenario!(waits_for_prerequisites_survive_a_restart_and_a_cycle_in_a_snapshot_fails_its_tasks, "{}", |w| {
    w.sim.script("first", Script::text(30_000, "first result"));
    w.sim.script("then", Script::text(3_000, "then result"));
    let a = w.launch(request("First", "first step", "general")).unwrap();
    let b = w.launch(after("Then", "then step", &[&a.id], PrerequisiteFailure::Skip)).unwrap();
    w.advance(2_000);
    w.shutdown_and_restore("{}");
    assert_eq!(w.task(&b.id).waiting_for, vec![a.id.clone()], "still waiting after the restart");
    w.advance(40_000);
    assert_eq!(w.status(&a.id), TaskStatus::Completed);
    assert_eq!(w.status(&b.id), TaskStatus::Completed, "it ran once its prerequisite ended");

    // A snapshot that says two tasks wait for each other (no launch can do that): both fail.
    let c = w.launch(request("Slow", "first step again", "general")).unwrap();
    let d = w.launch(after("Waits", "then step", &[&c.id], PrerequisiteFailure::Run)).unwrap();
    let e = w.launch(after("Waits too", "then step", &[&d.id], PrerequisiteFailure::Run)).unwrap();
    w.advance(100);
    let mut snap: serde_json::Value = serde_json::from_str(&w.drv.snapshot()).unwrap();
    for task in snap["tasks"].as_array_mut().unwrap() {
        if task["id"] == d.id.as_str() {
            task["after"] = serde_json::json!([c.id, e.id]);
            task["waiting_for"] = serde_json::json!([e.id]);
        }
    }
    w.start_instance("{}", Some(&snap.to_string()), 7);
    for id in [&d.id, &e.id] {
        let t = w.task(id);
        assert_eq!(t.status, TaskStatus::Error, "{t:?}");
        assert!(t.error.unwrap().contains("a cycle"));
    }
    assert_eq!(w.status(&c.id), TaskStatus::Running, "the rest goes on");
});

// ------------------------------------------------------------------ adaptive concurrency

const ADAPTIVE: &str = r#"{"defaultConcurrency": 4, "adaptiveConcurrency": true, "recoverConcurrencyAfter": 1}"#;

fn running(w: &mut World, ids: &[String]) -> usize {
    ids.iter().filter(|id| w.status(id) == TaskStatus::Running).count()
}

scenario!(a_key_backs_off_after_a_rate_limit_and_recovers_as_its_tasks_complete, ADAPTIVE, |w| {
    let mut ids = Vec::new();
    for (i, ms) in [6_000u64, 9_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000].iter().enumerate() {
        w.sim.script(&format!("job {i} "), Script::text(*ms, &format!("answer {i}")));
        ids.push(w.launch(request(&format!("Job {i}"), &format!("job {i} please"), "general")).unwrap().id);
    }
    w.advance(1_000);
    assert_eq!(running(&mut w, &ids), 4);
    let first = w.task(&ids[0]).session_id.unwrap();
    // OpenCode retries the provider for one child: the key halves, running children go on.
    w.event(support::opencode::retry_event(&first, 1, "Rate limited: 429", START));
    w.event(support::opencode::retry_event(&first, 2, "Rate limited: 429", START));
    let list = w.drv.list_text(w.now(), ROOT, Page::default()).output;
    assert!(
        list.contains("Concurrency of `general` lowered after rate limits: at most 2 at once (configured: 4)"),
        "one halving per episode: {list}"
    );
    assert_eq!(running(&mut w, &ids), 4, "nothing running is stopped");
    // The first completes: one slot back (3), but 3 still run, so nothing starts.
    w.advance(7_000);
    assert_eq!(w.status(&ids[0]), TaskStatus::Completed);
    assert_eq!(running(&mut w, &ids), 3);
    assert!(w.drv.list_text(w.now(), ROOT, Page::default()).output.contains("at most 3 at once"));
    // The second: back at 4, and two waiters start into the room it made.
    w.advance(3_000);
    assert_eq!(w.status(&ids[1]), TaskStatus::Completed);
    assert_eq!(running(&mut w, &ids), 4);
    assert!(!w.drv.list_text(w.now(), ROOT, Page::default()).output.contains("lowered"));
});

scenario!(without_adaptive_concurrency_a_rate_limit_changes_no_limit, r#"{"defaultConcurrency": 2}"#, |w| {
    let ids: Vec<String> =
        (0..3).map(|i| w.launch(request(&format!("Job {i}"), "a long job", "general")).unwrap().id).collect();
    w.sim.script("a long job", Script::text(60_000, "done"));
    w.advance(1_000);
    let first = w.task(&ids[0]).session_id.unwrap();
    w.event(support::opencode::retry_event(&first, 1, "Rate limited: 429", START));
    assert!(!w.drv.list_text(w.now(), ROOT, Page::default()).output.contains("lowered"));
    assert_eq!(running(&mut w, &ids), 2);
});

scenario!(a_lowered_limit_holds_across_a_restart, ADAPTIVE, |w| {
    w.sim.script("a long job", Script::text(60_000, "done"));
    let ids: Vec<String> =
        (0..4).map(|i| w.launch(request(&format!("Job {i}"), "a long job", "general")).unwrap().id).collect();
    w.advance(1_000);
    let first = w.task(&ids[0]).session_id.unwrap();
    w.event(support::opencode::retry_event(&first, 1, "overloaded_error", START));
    // The restarted instance continues the suspended children within the lowered limit.
    w.shutdown_and_restore(ADAPTIVE);
    w.advance(1_000);
    let list = w.drv.list_text(w.now(), ROOT, Page::default()).output;
    assert!(list.contains("at most 2 at once (configured: 4)"), "{list}");
    assert_eq!(running(&mut w, &ids), 2);
    // With adaptiveConcurrency off, the next instance starts at the configured limit.
    w.shutdown_and_restore(r#"{"defaultConcurrency": 4}"#);
    w.advance(1_000);
    assert_eq!(running(&mut w, &ids), 4);
});

scenario!(reasoning_tokens_count_against_a_budget_and_cache_reads_are_shown_apart, "{}", |w| {
    w.sim.script("think", Script::text(600_000, "never"));
    let t = w.launch(with_tokens("Thinker", "think hard", 10_000)).unwrap();
    w.advance(2_000);
    let child = w.task(&t.id).session_id.unwrap();
    let info = serde_json::json!({ "id": "msg_think_1", "sessionID": child, "role": "assistant", "cost": 0.02,
        "tokens": { "input": 2_000, "output": 500, "reasoning": 4_000, "cache": { "read": 50_000, "write": 0 } } });
    w.event(support::opencode::message_updated_event(&child, &info));
    let progress = w.task(&t.id).progress;
    assert_eq!((progress.tokens(), progress.tokens_reasoning, progress.tokens_cache_read), (6_500, 4_000, 50_000));
    let now = w.now();
    let out = w.drv.output_text(now, ROOT, &t.id, OutputPage::default()).unwrap().output;
    assert!(out.contains("| 6.5k |"), "reasoning counts, cache reads do not: {out}");
    // Reasoning alone takes it over its budget; cache reads never would.
    let info = serde_json::json!({ "id": "msg_think_2", "sessionID": child, "role": "assistant",
        "tokens": { "input": 100, "output": 100, "reasoning": 3_400, "cache": { "read": 900_000 } } });
    w.event(support::opencode::message_updated_event(&child, &info));
    w.advance(500);
    let done = w.task(&t.id);
    assert_eq!(done.status, TaskStatus::Cancelled);
    assert!(done.error.unwrap().contains("10,100 of 10,000 tokens"));
    w.advance(1_000);
    let (notice, _) = w.sim.notices(ROOT).pop().unwrap();
    assert!(notice.contains("10.1k tokens (+950.0k cached)"), "{notice}");
    // Resumed with a larger budget: the new limit replaces the old one.
    w.sim.script("go on", Script::text(3_000, "done thinking"));
    let now = w.now();
    let bigger = Budget { tokens: Some(50_000), ..Budget::default() };
    let bad = Budget { tokens: Some(0), ..Budget::default() };
    assert!(matches!(w.drv.resume_with_budget(now, ROOT, &t.id, "go on", bad), Err(RequestError::Invalid(_))));
    let resumed = w.drv.resume_with_budget(now, ROOT, &t.id, "go on", bigger).unwrap();
    assert_eq!(resumed.budget.tokens, Some(50_000));
    w.pump();
    let info = serde_json::json!({ "id": "msg_think_3", "sessionID": child, "role": "assistant",
        "tokens": { "input": 20_000, "output": 100 } });
    w.event(support::opencode::message_updated_event(&child, &info));
    w.advance(8_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed, "20k of a fresh 50k budget");
});

scenario!(a_budget_warning_is_given_once_across_a_restart_and_the_limit_still_holds, "{}", |w| {
    w.sim.script("spend", Script::text(600_000, "never"));
    let t = w.launch(with_tokens("Spender", "spend tokens", 10_000)).unwrap();
    w.advance(2_000);
    let child = w.task(&t.id).session_id.unwrap();
    w.event(usage_event(&child, 1, 8_000, 500, 0.0));
    w.advance(500);
    let warnings =
        |w: &World| w.sim.notices(ROOT).iter().filter(|(n, _)| n.contains("[BACKGROUND TASK BUDGET]")).count();
    assert_eq!(warnings(&w), 1);
    w.shutdown_and_restore("{}");
    w.advance(2_000);
    assert_eq!(w.status(&t.id), TaskStatus::Running, "continued after the restart");
    w.event(usage_event(&child, 2, 500, 0, 0.0));
    w.advance(500);
    assert_eq!(warnings(&w), 1, "warned once, not again after the restart");
    w.event(usage_event(&child, 3, 1_500, 0, 0.0));
    w.advance(500);
    let done = w.task(&t.id);
    assert_eq!(done.status, TaskStatus::Cancelled);
    assert!(done.error.unwrap().starts_with("Budget exceeded: this run used 10,500 of 10,000 tokens"));
});

scenario!(
    only_tasks_of_its_own_tree_are_prerequisites_even_when_sessions_see_all,
    r#"{"restrictToLineage": false}"#,
    |w| {
        w.sim.script("long", Script::text(60_000, "done"));
        w.sim.add_root("ses_root_2");
        let mut foreign = request("Foreign", "long job", "general");
        foreign.parent_session_id = "ses_root_2".into();
        let f = w.launch(foreign).unwrap();
        assert!(w.drv.get(ROOT, &f.id).is_ok(), "visible with restrictToLineage off");
        let refused = w.launch(after("After it", "next", &[&f.id], PrerequisiteFailure::Run));
        assert!(
            matches!(&refused, Err(RequestError::Invalid(m)) if m.contains("only those can be prerequisites")),
            "{refused:?}"
        );
    }
);
