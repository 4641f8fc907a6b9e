//! Scenarios of the whole lifecycle, each run twice: against the native core and against the
//! component in wasmtime (`<scenario>::native`, `<scenario>::wasm`), so a failure in only one
//! of them points at the binding. Time is virtual: tests advance it, nothing sleeps.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[macro_use]
mod support;

use background_agent::*;
use support::native::NativeDriver;
use support::sim::{Kind, Outcome, Script};
use support::wasm::WasmDriver;
use support::world::{ROOT, World, count, request};

fn prompts_to(w: &World, session: &str) -> Vec<PromptSession> {
    w.sim
        .calls_of(|r| matches!(r, SdkRequest::PromptSession(p) if p.session_id == session))
        .into_iter()
        .filter_map(|r| match r {
            SdkRequest::PromptSession(p) => Some(p),
            _ => None,
        })
        .collect()
}

fn creates(w: &World) -> Vec<SdkRequest> {
    w.sim.calls_of(|r| matches!(r, SdkRequest::CreateSession { .. }))
}

fn denies(rules: &[PermissionRule], permission: &str) -> bool {
    rules.iter().any(|r| r.permission == permission && r.pattern == "*" && r.action == PermissionAction::Deny)
}

scenario!(launch_to_parent_notice, "{}", |w| {
    w.sim.script("investigate", Script::text(8_000, "Found 3 issues."));
    let t = w.launch(request("Investigate", "investigate the bug", "explore")).unwrap();
    assert!(t.id.starts_with("bg_") && t.id.len() == 11);
    assert_eq!(t.concurrency_key, "explore");
    // The launching session is new to the core: its lineage and rules are looked up first (fail
    // closed), while OpenCode's agent list (read once, when the manager starts) is on its way.
    assert_eq!(t.status, TaskStatus::Pending);
    assert_eq!(w.sim.calls_of(|_| true), vec![SdkRequest::ListAgents, SdkRequest::GetSession(ROOT.into())]);
    w.advance(3);
    assert_eq!(w.status(&t.id), TaskStatus::Running, "a free slot starts the task once admitted");
    assert_eq!(w.task(&t.id).depth, 1);

    // The child session: parent, title, permissions that keep an unattended child from stalling.
    let created = creates(&w);
    assert_eq!(created.len(), 1);
    let SdkRequest::CreateSession { parent_id, title, permission } = &created[0] else { unreachable!() };
    assert_eq!(parent_id, ROOT);
    assert_eq!(title, "Investigate (@explore background)");
    assert!(denies(permission, "question"));
    assert!(denies(permission, "background_task"), "a non-delegating agent cannot launch more");
    assert!(denies(permission, "task"), "nor start OpenCode sub-agents, which would escape the lineage limits");

    // Prompted asynchronously with the agent and the prompt, no model (none was given).
    w.advance(10);
    let child = w.task(&t.id).session_id.expect("child session recorded");
    let prompts = prompts_to(&w, &child);
    assert_eq!(prompts.len(), 1);
    assert_eq!(prompts[0].agent.as_deref(), Some("explore"));
    assert_eq!(prompts[0].model, None);
    assert_eq!(prompts[0].parts, vec!["investigate the bug".to_string()]);
    assert!(!prompts[0].no_reply);
    assert_eq!(w.sim.relay.interest_in(&child), Some(Interest::CHILD));
    assert_eq!(w.drv.get_by_session(&child).map(|v| v.id), Some(t.id.clone()));

    // Progress from the child's events.
    w.advance(7_000);
    let mid = w.task(&t.id);
    assert_eq!(mid.status, TaskStatus::Running);
    assert_eq!(mid.progress.tool_calls, 2, "each tool part counts once");
    assert_eq!(mid.progress.last_tool.as_deref(), Some("grep"));
    assert!(mid.progress.last_activity_at.is_some());

    // Idle, verified against the messages, completed with the final text.
    w.advance(2_000);
    let done = w.task(&t.id);
    assert_eq!(done.status, TaskStatus::Completed);
    assert_eq!(done.result.as_deref(), Some("Found 3 issues."));
    assert!(
        w.sim
            .calls_of(
                |r| matches!(r, SdkRequest::SessionMessages { session_id, limit: Some(20) } if *session_id == child)
            )
            .len()
            == 1
    );
    assert!(w.drv.effects().is_empty());
    assert!(w.sim.settled.contains(&t.id));

    // One notice, that wakes the parent, with the parent's current agent and model.
    w.advance(500);
    let notices = prompts_to(&w, ROOT);
    assert_eq!(notices.len(), 1, "exactly one notice");
    let n = &notices[0];
    assert!(!n.no_reply, "the last task of a batch wakes the parent");
    assert_eq!(n.agent.as_deref(), Some("build"));
    assert_eq!(n.model.as_ref().map(ModelRef::key).as_deref(), Some("anthropic/claude-test"));
    let text = &n.parts[0];
    assert!(text.starts_with("[ALL BACKGROUND TASKS COMPLETE]"), "{text}");
    assert!(text.contains(&format!("- {} \"Investigate\": completed in", t.id)), "{text}");
    assert!(text.contains(&format!("background_output(task_id=\"{}\")", t.id)), "{text}");

    let out = w.drv.output_text(w.now(), ROOT, &t.id, OutputPage::default()).unwrap();
    assert!(out.output.contains("Result (the sub-agent's answer):\n```\nFound 3 issues.\n```"), "{}", out.output);
    assert_eq!(w.sim.relay.interest_in(&child), None, "a finished child's events no longer cross");

    w.advance(60_000);
    assert_eq!(prompts_to(&w, ROOT).len(), 1, "never a second notice");
    let timer = w.sim.timer.expect("the retention deadline is set");
    assert!(timer > w.now() + 500_000, "no polling once nothing runs; only retention is left");
});

scenario!(queued_task_starts_when_slot_frees, r#"{"defaultConcurrency": 1}"#, |w| {
    let a = w.launch(request("First", "first job", "general")).unwrap();
    let b = w.launch(request("Second", "second job", "general")).unwrap();
    w.advance(3);
    assert_eq!(w.sim.calls_of(|r| matches!(r, SdkRequest::GetSession(_))).len(), 1, "one lookup serves both");
    assert_eq!(w.status(&a.id), TaskStatus::Running);
    assert_eq!(w.status(&b.id), TaskStatus::Pending, "one slot for the key `general`");
    assert_eq!(creates(&w).len(), 1);

    w.advance(9_000);
    assert_eq!(w.status(&b.id), TaskStatus::Pending);
    assert_eq!(creates(&w).len(), 1);

    w.advance(2_000);
    assert_eq!(w.status(&a.id), TaskStatus::Completed);
    assert_eq!(w.status(&b.id), TaskStatus::Running, "the freed slot went to the waiter");
    assert_eq!(creates(&w).len(), 2);

    // While b runs, a's notice is silent and says one task is still running.
    w.advance(500);
    let notices = prompts_to(&w, ROOT);
    assert_eq!(notices.len(), 1);
    assert!(notices[0].no_reply, "a sibling still runs: do not wake the parent");
    let text = &notices[0].parts[0];
    assert!(text.starts_with("[BACKGROUND TASK COMPLETED]"), "{text}");
    assert!(text.contains("1 background task is still running. Do not poll"), "{text}");

    w.advance(12_000);
    assert_eq!(w.status(&b.id), TaskStatus::Completed);
    let notices = prompts_to(&w, ROOT);
    assert_eq!(notices.len(), 2);
    assert!(!notices[1].no_reply);
    let last = &notices[1].parts[0];
    assert!(last.starts_with("[ALL BACKGROUND TASKS COMPLETE]"));
    assert!(last.contains(&a.id) && last.contains(&b.id), "the final notice lists the whole batch");
    assert_eq!(w.sim.max_busy_children, 1, "never more children than the limit");
});

scenario!(early_idle_is_deferred_not_dropped, "{}", |w| {
    w.sim.script("quick", Script::text(1_000, "quick answer"));
    let t = w.launch(request("Quick", "quick one", "general")).unwrap();
    w.advance(3_000);
    assert_eq!(w.status(&t.id), TaskStatus::Running, "an idle before minRuntimeMs is not trusted yet");
    w.advance(2_500);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Completed, "but the fast task completes at the deferred check");
    assert_eq!(v.result.as_deref(), Some("quick answer"));
    // Re-checked at exactly minRuntimeMs, completed when that check's reply (2 ms) arrives.
    let took = v.completed_at.unwrap() - v.started_at.unwrap();
    assert!((5_000..5_010).contains(&took), "completed {took} ms after start");
});

scenario!(silent_idle_is_not_completion, "{}", |w| {
    w.sim.script("nothing", Script::with(6_000, Outcome::Silent));
    let t = w.launch(request("Nothing", "nothing happens", "general")).unwrap();
    w.advance(30_000);
    assert_eq!(w.status(&t.id), TaskStatus::Running, "an idle child without output is not done");
    assert!(prompts_to(&w, ROOT).is_empty(), "no false 'completed' notice");
});

scenario!(child_error_fails_task_and_wakes_parent, "{}", |w| {
    let script = Script::with(6_000, Outcome::ApiError { message: "Bad Request: model refused".into(), status: 400 });
    w.sim.script("broken", script);
    let t = w.launch(request("Broken", "broken job", "general")).unwrap();
    w.advance(8_000);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Error);
    assert_eq!(v.error.as_deref(), Some("Bad Request: model refused"));
    let notices = prompts_to(&w, ROOT);
    assert_eq!(notices.len(), 1);
    assert!(!notices[0].no_reply);
    assert!(notices[0].parts[0].contains("1 of 1 did not complete"));
    let text = &notices[0].parts[0];
    assert!(text.contains("\": error in 6s (0 tokens, no cost reported): \"Bad Request: model refused\"\n"), "{text}");
    assert!(text.contains("\n1 task(s) · 0 tokens · no cost reported · 6s\n"), "the batch total: {text}");
});

scenario!(cancel_during_session_creation, r#"{"defaultConcurrency": 1}"#, |w| {
    let a = w.launch(request("Doomed", "doomed job", "general")).unwrap();
    let b = w.launch(request("Next", "next job", "general")).unwrap();
    w.advance(3); // lineage known, `a`'s session.create in flight
    assert_eq!(creates(&w).len(), 1);
    let quiet = CancelOptions { abort_session: true, notify_parent: false };
    let c = w.cancel(ROOT, &a.id, quiet).unwrap();
    assert_eq!(c.status, TaskStatus::Cancelled);
    assert_eq!(w.status(&b.id), TaskStatus::Running, "the next queued task starts at once");

    w.advance(10);
    let aborted = w.sim.calls_of(|r| matches!(r, SdkRequest::AbortSession(s) if s == "ses_child1"));
    assert_eq!(aborted.len(), 1, "the session that arrived after the cancel is aborted");
    assert!(prompts_to(&w, "ses_child1").is_empty(), "and never prompted");
    assert_eq!(w.status(&a.id), TaskStatus::Cancelled);

    w.advance(12_000);
    assert_eq!(w.status(&b.id), TaskStatus::Completed);
    let notices = prompts_to(&w, ROOT);
    assert_eq!(notices.len(), 1, "the cancelled task had no notice of its own");
    assert!(notices[0].parts[0].contains(&a.id) && notices[0].parts[0].contains("cancelled"));
    assert_eq!(
        w.drv.cancel(w.now(), ROOT, &a.id, quiet).err().map(|e| matches!(e, RequestError::Conflict(_))),
        Some(true)
    );
});

scenario!(failed_delivery_is_retried_with_backoff, "{}", |w| {
    w.sim.fail(Kind::PromptParent, 2, "UnknownError", "parent busy");
    let t = w.launch(request("Retry", "retry job", "general")).unwrap();
    w.advance(10_500);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    assert_eq!(prompts_to(&w, ROOT).len(), 1, "first attempt failed");
    w.advance(1_000);
    assert_eq!(prompts_to(&w, ROOT).len(), 2, "retried after 1 s");
    w.advance(1_500);
    assert_eq!(prompts_to(&w, ROOT).len(), 2, "the second delay doubles to 2 s");
    w.advance(600);
    assert_eq!(prompts_to(&w, ROOT).len(), 3);
    w.advance(120_000);
    let notices = w.sim.notices(ROOT);
    assert_eq!(notices.len(), 1, "delivered exactly once");
    assert!(notices[0].0.contains(&t.id));
});

scenario!(notices_queue_for_injection_when_prompts_are_off, r#"{"notifyParent": false}"#, |w| {
    let t = w.launch(request("Quiet", "quiet job", "general")).unwrap();
    w.advance(20_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    assert!(prompts_to(&w, ROOT).is_empty());
    let injected = w.take_injection(ROOT).expect("the notice waits for the next user message");
    assert!(injected.starts_with("[ALL BACKGROUND TASKS COMPLETE]") && injected.contains(&t.id));
    assert_eq!(w.take_injection(ROOT), None, "taken once");
});

scenario!(restore_from_snapshot_reconciles_running_tasks, "{}", |w| {
    let t = w.launch(request("Survivor", "long job", "general")).unwrap();
    w.advance(3_000);
    assert_eq!(w.status(&t.id), TaskStatus::Running);
    let snapshot = w.drv.snapshot();
    // A new instance (plugin restart, or a trap) takes over from the snapshot.
    let fresh: Box<dyn support::Driver> = if w.drv.name() == "native" {
        Box::new(NativeDriver::new("{}", Some(&snapshot), w.now()))
    } else {
        Box::new(WasmDriver::new("{}", Some(&snapshot), w.now()))
    };
    w.drv = fresh;
    w.pump();
    assert_eq!(w.status(&t.id), TaskStatus::Running);
    let child = w.task(&t.id).session_id.unwrap();
    assert_eq!(w.sim.relay.interest_in(&child), Some(Interest::CHILD), "the restored core watches its child again");
    w.advance(10_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    assert!(w.drv.snapshot().contains("\"version\":2"));
    w.advance(500);
    assert_eq!(prompts_to(&w, ROOT).len(), 1);
});

/// `background_message` as the world's driver sends it, then the simulated OpenCode's replies.
fn message(w: &mut World, caller: &str, task: &str, text: &str) -> Result<(TaskView, ToolReply), RequestError> {
    steer(w, caller, task, text, SteerMode::Queue)
}

/// `background_message` in `mode`, then the simulated OpenCode's replies.
fn steer(
    w: &mut World,
    caller: &str,
    task: &str,
    text: &str,
    mode: SteerMode,
) -> Result<(TaskView, ToolReply), RequestError> {
    let now = w.now();
    let r = w.drv.message(now, caller, task, text, mode);
    w.advance(0);
    r
}

scenario!(a_running_child_is_steered_and_answers_the_new_instruction, r#"{"defaultConcurrency": 1}"#, |w| {
    w.sim.script("first plan", Script::text(10_000, "the first answer"));
    w.sim.script("new plan", Script::text(2_000, "the steered answer"));
    let t = w.launch(request("Steer", "first plan", "explore")).unwrap();
    let queued = w.launch(request("Later", "first plan too", "explore")).unwrap();
    w.advance(3_000);
    let child = w.task(&t.id).session_id.unwrap();
    assert_eq!(w.status(&t.id), TaskStatus::Running);

    // Queued into the running turn, by the child's session id; the stale clock starts again.
    let before = w.task(&t.id).progress.last_activity_at;
    let (view, reply) = message(&mut w, ROOT, &child, "new plan: look at the tests instead").unwrap();
    assert_eq!((view.id.as_str(), view.progress.steered), (t.id.as_str(), 1));
    assert!(view.progress.last_activity_at > before, "a message is a sign of life");
    assert!(
        reply.output.starts_with(&format!("Message queued for background task {} \"Steer\"", t.id)),
        "{}",
        reply.output
    );
    assert!(reply.output.contains("Messages sent while it runs: 1."), "{}", reply.output);
    let sent = prompts_to(&w, &child);
    let last = sent.last().unwrap();
    assert_eq!(last.parts, vec!["new plan: look at the tests instead".to_string()]);
    assert_eq!(last.agent.as_deref(), Some("explore"), "the child's own agent, not the caller's");

    // Refusals: a queued task (it has no session yet), an empty message, another session, an
    // unknown id, a cancelled task.
    let refused = message(&mut w, ROOT, &queued.id, "x").unwrap_err();
    assert!(
        matches!(&refused, RequestError::Conflict(m) if m.contains("has not started") && m.contains("`explore` (1 running there, limit 1)")),
        "{refused:?}"
    );
    assert!(
        matches!(message(&mut w, ROOT, &t.id, "  "), Err(RequestError::Invalid(m)) if m == "`message` must not be empty")
    );
    assert_eq!(
        message(&mut w, "ses_other", &t.id, "x").map(|_| ()),
        Err(RequestError::NotFound(format!("No background task with id `{}`.", t.id)))
    );
    assert!(matches!(message(&mut w, ROOT, "bg_nope", "x"), Err(RequestError::NotFound(_))));
    w.cancel(ROOT, &queued.id, CancelOptions { abort_session: true, notify_parent: false }).unwrap();
    let cancelled = message(&mut w, ROOT, &queued.id, "x").unwrap_err();
    assert!(
        matches!(&cancelled, RequestError::Conflict(m) if m.contains("was cancelled") && m.contains("background_resume")),
        "{cancelled:?}"
    );

    // It answers the new instruction: the answer to the newest user message is the result.
    w.advance(15_000);
    let done = w.task(&t.id);
    assert_eq!((done.status, done.result.as_deref()), (TaskStatus::Completed, Some("the steered answer")));
    let out = w.drv.output_text(w.now(), ROOT, &t.id, OutputPage::default()).unwrap().output;
    assert!(out.contains("Steered 1× (background_message)."), "{out}");

    // A finished task is resumed by a message.
    let (resumed, receipt) = message(&mut w, ROOT, &t.id, "new plan: and the docs").unwrap();
    assert_eq!(resumed.status, TaskStatus::Running);
    assert!(receipt.output.starts_with("Background task resumed in its session."), "{}", receipt.output);
});

scenario!(a_running_child_is_interrupted_and_its_next_turn_answers_the_message, "{}", |w| {
    w.sim.script("long plan", Script::text(30_000, "the first answer"));
    w.sim.script("new plan", Script::text(2_000, "the interrupted answer"));
    let t = w.launch(request("Interrupt", "long plan", "explore")).unwrap();
    w.advance(3_000);
    let child = w.task(&t.id).session_id.unwrap();
    let prompts_before = prompts_to(&w, &child).len();

    // The running turn is aborted first; the message goes once the abort is done.
    let (view, reply) = steer(&mut w, ROOT, &t.id, "new plan: stop and summarise", SteerMode::Interrupt).unwrap();
    assert_eq!((view.status, view.progress.steered), (TaskStatus::Running, 1));
    assert!(
        reply.output.starts_with(&format!(
            "Interrupted background task {} \"Interrupt\": its current turn is being stopped",
            t.id
        )),
        "{}",
        reply.output
    );
    assert_eq!(count(&w, |r| matches!(r, SdkRequest::AbortSession(s) if *s == child)), 1);
    w.advance(500);
    let sent = prompts_to(&w, &child);
    assert_eq!(sent.len(), prompts_before + 1, "the message follows the abort");
    assert_eq!(sent.last().map(|p| p.parts.clone()), Some(vec!["new plan: stop and summarise".to_string()]));
    // The abort's idle and aborted message did not end the task: it answers the message.
    assert_eq!(w.status(&t.id), TaskStatus::Running);
    w.advance(10_000);
    let done = w.task(&t.id);
    assert_eq!((done.status, done.result.as_deref()), (TaskStatus::Completed, Some("the interrupted answer")));
    w.advance(1_000);
    assert_eq!(w.sim.notices(ROOT).len(), 1, "told once");
    assert_eq!(w.drv.announcements(&t.id), Some(1));
});

scenario!(an_interrupt_cut_short_by_a_restart_sends_its_message_after_it, "{}", |w| {
    w.sim.script("long plan", Script::text(30_000, "the first answer"));
    w.sim.script("new plan", Script::text(2_000, "the answer after the restart"));
    let t = w.launch(request("Interrupt", "long plan", "explore")).unwrap();
    w.advance(3_000);
    let child = w.task(&t.id).session_id.unwrap();
    // The abort is never answered: the plugin stops while the interrupt waits for it.
    w.sim.hang(Kind::Abort, 1);
    steer(&mut w, ROOT, &t.id, "new plan: after all", SteerMode::Interrupt).unwrap();
    w.shutdown_and_restore("{}");
    w.advance(15_000);
    let sent = prompts_to(&w, &child);
    assert_eq!(
        sent.last().map(|p| p.parts.clone()),
        Some(vec!["new plan: after all".to_string()]),
        "not the restart's generic prompt"
    );
    let done = w.task(&t.id);
    assert_eq!((done.status, done.result.as_deref()), (TaskStatus::Completed, Some("the answer after the restart")));
});

scenario!(a_transcript_shows_what_the_child_did, r#"{"defaultConcurrency": 1}"#, |w| {
    w.sim.script("survey", Script::text(4_000, "Found two parsers."));
    let t = w.launch(request("Survey", "survey the parsers", "explore")).unwrap();
    let queued = w.launch(request("Queued", "survey again", "explore")).unwrap();
    let refused = w.drv.transcript_source(ROOT, &queued.id).unwrap_err();
    assert!(
        matches!(&refused, RequestError::Conflict(m) if m.contains("has no child session yet (pending)")),
        "{refused:?}"
    );
    w.advance(15_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);

    // The host reads what the core names, by task id or child session id.
    let child = w.task(&t.id).session_id.unwrap();
    assert_eq!(w.drv.transcript_source(ROOT, &child), Ok((child.clone(), 30)));
    let messages = support::opencode::messages_page(&w.sim.sessions[&child].messages, Some(30));
    let now = w.now();
    let out = w.drv.transcript_text(now, ROOT, &t.id, Ok(messages)).unwrap().output;
    assert!(out.contains(&format!("Transcript of the child session {child}")), "{out}");
    assert!(out.contains("[user] \"survey the parsers\""), "{out}");
    assert!(out.contains("[assistant] tool \"read\" \"completed\", input \"{\\\"n\\\":0}\""), "{out}");
    assert!(out.contains("[assistant] \"Found two parsers.\""), "{out}");

    // A failed read, a foreign caller.
    let failed = SdkError { status: Some(500), name: "APIError".into(), message: "boom".into() };
    let err = w.drv.transcript_text(now, ROOT, &t.id, Err(failed)).unwrap_err();
    assert_eq!(err, RequestError::Conflict("Could not read the child's messages: boom".into()));
    let foreign = w.drv.transcript_source("ses_other", &t.id);
    assert_eq!(foreign, Err(RequestError::NotFound(format!("No background task with id `{}`.", t.id))));
});

scenario!(a_long_result_is_read_in_pages, "{}", |w| {
    // 200,000 characters: numbered lines, some of them not ASCII (pages count characters).
    let answer: String = (0..4_000).map(|n| format!("line {n:05} of the report — ok \n")).collect();
    // The answer as kept: its trailing white space trimmed.
    let total = answer.trim_end().chars().count();
    assert_eq!(total, 4_000 * 31 - 2);
    w.sim.script("long", Script::text(1_000, &answer));
    let t = w.launch(request("Long", "long report", "general")).unwrap();
    w.advance(15_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    let page = |w: &mut World, id: &str, start, max_chars| {
        w.drv.output_text(w.now(), ROOT, id, OutputPage { start, max_chars }).map(|r| r.output)
    };

    // The default page: the first 20,000 characters, the size of the whole, the next call.
    let first = page(&mut w, &t.id, PageStart::Offset(0), None).unwrap();
    assert!(first.contains(&format!("characters 1 to 20000 of {total}:")), "{first}");
    assert!(first.contains("line 00000 of the report") && !first.contains("line 00700 "), "{first}");
    let next = format!("Next page: background_output(task_id=\"{}\", offset=20000).", t.id);
    assert!(first.contains(&next), "{first}");
    assert!(first.len() < 25_000 * 3, "the default page is bounded: {} bytes", first.len());

    // Read on, by the child's session id too; the pages join up to the whole answer.
    let child = w.task(&t.id).session_id.unwrap();
    let mut read = String::new();
    let mut offset = 0u32;
    loop {
        let out = page(&mut w, &child, PageStart::Offset(offset), Some(50_000)).unwrap();
        let fenced = out.split_once("```\n").unwrap().1;
        let body = fenced.rsplit_once("\n```").unwrap().0;
        read.push_str(body);
        offset += body.chars().count() as u32;
        if out.contains("That is the end of the result.") {
            break;
        }
        assert!(out.contains(&format!("offset={offset})")), "{out}");
    }
    assert_eq!(read, answer.trim_end(), "the pages are the answer, in order, nothing lost");

    // The tail, a page past the end, and a small answer that fits (no paging words).
    let tail = page(&mut w, &t.id, PageStart::Tail, Some(100)).unwrap();
    assert!(tail.contains(&format!("characters {} to {total} of {total}:", total - 99)), "{tail}");
    let past = page(&mut w, &t.id, PageStart::Offset(10_000_000), None).unwrap();
    assert!(past.contains(&format!("{total} characters in all, so offset 10000000 is past its end")), "{past}");
    assert!(past.contains("tail=true"), "{past}");
    let huge = page(&mut w, &t.id, PageStart::Offset(0), Some(u32::MAX)).unwrap();
    assert!(huge.contains("characters 1 to 100000 of"), "at most 100,000 at once: {}", &huge[..300]);

    // Another session may not read it by either name, and learns nothing of which is which.
    for name in [t.id.as_str(), child.as_str()] {
        let refused = w.drv.output_text(w.now(), "ses_other", name, OutputPage::default());
        assert_eq!(refused, Err(RequestError::NotFound(format!("No background task with id `{name}`."))));
    }
});

/// Runs the world in small steps until `id` has ended (as a blocking wait would see it).
fn until_settled(w: &mut World, id: &str) {
    for _ in 0..10_000 {
        if w.sim.settled.iter().any(|s| s == id) {
            return;
        }
        w.advance(10);
    }
    panic!("{id} never settled");
}

scenario!(a_wait_returns_every_result_and_no_notice_repeats_them, "{}", |w| {
    for (needle, ms, text) in
        [("alpha", 2_000, "Alpha found."), ("beta", 9_000, "Beta found."), ("gamma", 20_000, "Gamma found.")]
    {
        w.sim.script(needle, Script::text(ms, text));
    }
    let ids: Vec<String> = ["alpha", "beta", "gamma"]
        .iter()
        .map(|n| w.launch(request(&format!("Find {n}"), &format!("{n} search"), "explore")).unwrap().id)
        .collect();
    w.advance(50);

    // By default a wait is for every unfinished task of the caller, in launch order.
    let targets = w.drv.wait_targets(ROOT, &[]).unwrap();
    assert_eq!(targets, ids);
    let early = w.drv.wait_text(w.now(), ROOT, &targets).unwrap();
    assert!(early.output.starts_with("Stopped waiting: 3 of 3 task(s) still running."), "{}", early.output);
    assert!(
        early.output.contains("| id | description | status | duration | tokens in/out | cost |"),
        "{}",
        early.output
    );
    assert!(!early.output.contains("Results"), "nothing ended yet: {}", early.output);

    // The first two end while the parent waits: each is announced silently, as always.
    until_settled(&mut w, &ids[1]);
    w.advance(500);
    let silent = w.sim.notices(ROOT);
    assert!(!silent.is_empty(), "the first two are announced");
    assert!(silent.iter().all(|(_, no_reply)| *no_reply), "progress notices do not wake: {silent:?}");
    assert!(silent.iter().all(|(text, _)| !text.contains(&ids[2])), "{silent:?}");

    // The last ends: the wait returns at once with every result, before any notice of it.
    until_settled(&mut w, &ids[2]);
    let done = w.drv.wait_text(w.now(), ROOT, &targets).unwrap();
    assert_eq!(done.title, "Background tasks: 3/3 finished");
    assert!(done.output.starts_with("All 3 task(s) finished."), "{}", done.output);
    for (id, answer) in ids.iter().zip(["Alpha found.", "Beta found.", "Gamma found."]) {
        assert!(done.output.contains(&format!("| {id} | ")), "{}", done.output);
        assert!(done.output.contains(&format!("```\n{answer}\n```")), "{}", done.output);
        assert!(done.output.contains(&format!("| {id} | \"Find ")), "{}", done.output);
    }
    assert!(done.output.contains("| completed | "), "{}", done.output);

    // It was read: no notice announces it, and the batch closes without a summary (the
    // parent, reading, is awake). Each run still counts as delivered exactly once.
    w.advance(60_000);
    assert_eq!(w.sim.notices(ROOT), silent, "no notice after the wait");
    for id in &ids {
        assert_eq!(w.drv.announcements(id), Some(1), "{id}");
    }
    // Nothing is left to wait for; a later wait says so at once.
    assert_eq!(w.drv.wait_targets(ROOT, &[]).unwrap(), Vec::<String>::new());
    let nothing = w.drv.wait_text(w.now(), ROOT, &[]).unwrap();
    assert_eq!(nothing.output, "No unfinished or unread background tasks to wait for.");
});

scenario!(a_result_read_before_its_notice_is_not_announced_again, r#"{"notifyParent": false}"#, |w| {
    // Notices are injected into the parent's next message here: they wait in the outbox.
    w.sim.script("one", Script::text(1_000, "One done."));
    w.sim.script("two", Script::text(30_000, "Two done."));
    let one = w.launch(request("First", "one", "general")).unwrap();
    let two = w.launch(request("Second", "two", "general")).unwrap();
    until_settled(&mut w, &one.id);

    // Its parent reads the first result within the coalescing window: delivered, by the tool.
    let out = w.drv.output_text(w.now(), ROOT, &one.id, OutputPage::default()).unwrap();
    assert!(out.output.contains("One done."), "{}", out.output);
    assert_eq!(w.drv.announcements(&one.id), Some(1));
    // Reading it again changes nothing, and a running task's read delivers nothing.
    let _ = w.drv.output_text(w.now(), ROOT, &one.id, OutputPage::default()).unwrap();
    let _ = w.drv.output_text(w.now(), ROOT, &two.id, OutputPage::default()).unwrap();
    assert_eq!(w.status(&two.id), TaskStatus::Running);
    assert_eq!((w.drv.announcements(&one.id), w.drv.announcements(&two.id)), (Some(1), Some(0)));

    // The second ends; its notice is queued; a wait by child session id reads it from the queue.
    until_settled(&mut w, &two.id);
    w.advance(1_000);
    let child = w.task(&two.id).session_id.unwrap();
    let targets = w.drv.wait_targets(ROOT, &[child.clone(), two.id.clone()]).unwrap();
    assert_eq!(targets, vec![two.id.clone()], "a task named twice is waited for once");
    let read = w.drv.wait_text(w.now(), ROOT, &targets).unwrap();
    assert!(read.output.contains("Two done."), "{}", read.output);
    assert_eq!(w.drv.announcements(&two.id), Some(1));
    assert_eq!(w.take_injection(ROOT), None, "the queued notice went with the read");
    w.advance(60_000);
    assert!(w.sim.notices(ROOT).is_empty());
});

scenario!(a_wait_refuses_what_the_caller_may_not_see_and_reads_nothing_for_others, "{}", |w| {
    w.sim.script("job", Script::text(1_000, "Job done."));
    let t = w.launch(request("Job", "job", "general")).unwrap();
    until_settled(&mut w, &t.id);
    let unknown = w.drv.wait_targets(ROOT, &[t.id.clone(), "bg_nosuch1".to_string()]);
    assert_eq!(unknown, Err(RequestError::NotFound("No background task with id `bg_nosuch1`.".into())));
    let foreign = w.drv.wait_targets("ses_other", std::slice::from_ref(&t.id));
    assert_eq!(foreign, Err(RequestError::NotFound(format!("No background task with id `{}`.", t.id))));
    let many: Vec<String> = (0..51).map(|n| format!("bg_{n:08}")).collect();
    let Err(RequestError::Invalid(why)) = w.drv.wait_targets(ROOT, &many) else { panic!("51 ids are too many") };
    assert!(why.contains("at most 50"), "{why}");
    let refused = w.drv.wait_text(w.now(), "ses_other", std::slice::from_ref(&t.id));
    assert!(matches!(refused, Err(RequestError::NotFound(_))), "{refused:?}");
    // None of this read the result: the notice goes out as usual.
    w.advance(1_000);
    assert_eq!(w.sim.notices(ROOT).len(), 1);
    assert_eq!(w.drv.announcements(&t.id), Some(1));
});

/// `background_reply` from `caller`, its effects performed.
fn reply(w: &mut World, caller: &str, task: &str, answer: Answer) -> Result<ToolReply, RequestError> {
    let reply = w.drv.reply(w.now(), caller, task, answer);
    w.pump();
    reply
}

fn replies_sent(w: &World) -> Vec<SdkRequest> {
    w.sim.calls_of(|r| {
        matches!(
            r,
            SdkRequest::ReplyPermission { .. } | SdkRequest::ReplyQuestion { .. } | SdkRequest::RejectQuestion(_)
        )
    })
}

scenario!(a_child_blocked_on_a_permission_is_answered_by_its_parent, "{}", |w| {
    w.sim.script("deploy", Script::text(20_000, "Deployed."));
    let t = w.launch(request("Deploy", "deploy it", "general")).unwrap();
    w.advance(1_000);
    let child = w.task(&t.id).session_id.unwrap();
    let id = t.id.clone();
    let reply = |w: &mut World, caller: &str, answer: Answer| reply(w, caller, &id, answer);

    // Nothing pending yet: not an error, and nothing is sent.
    let idle = reply(&mut w, ROOT, Answer::Once).unwrap();
    assert!(idle.output.starts_with("Nothing to answer: background task"), "{}", idle.output);
    assert!(replies_sent(&w).is_empty());

    // The child asks; the notice names the request and the exact calls that answer it.
    w.event(support::opencode::permission_event(&child, "bash", "rm -rf build"));
    w.advance(500);
    let (asked, _) = w.sim.notices(ROOT).pop().unwrap();
    assert!(asked.starts_with("[BACKGROUND TASK NEEDS INPUT]"), "{asked}");
    assert!(asked.contains("is waiting for permission \"bash\" on \"rm -rf build\" (request \"per_1\")."), "{asked}");
    assert!(asked.contains(&format!("background_reply(task_id=\"{}\", reply=\"once\")", t.id)), "{asked}");
    assert!(asked.contains(&format!("background_reply(task_id=\"{}\", reply=\"reject\", message=", t.id)), "{asked}");

    // What a waiting child shows too (busy, the asking tool call updated) does not end its wait.
    w.event(support::opencode::status_event(&child, "busy"));
    w.event(support::opencode::tool_part_event(&child, 7, "bash", "running"));
    w.advance(100);

    // Answers of the wrong kind, and another session, are refused; nothing is sent.
    let Err(RequestError::Invalid(why)) = reply(&mut w, ROOT, Answer::Answers(vec!["yes".into()])) else {
        panic!("answers to a permission")
    };
    assert!(why.contains("waits for a permission, not answers"), "{why}");
    let foreign = reply(&mut w, "ses_other", Answer::Once);
    assert_eq!(foreign, Err(RequestError::NotFound(format!("No background task with id `{}`.", t.id))));
    let Err(RequestError::Invalid(why)) = reply(&mut w, ROOT, Answer::Reject { message: Some("  ".into()) }) else {
        panic!("an empty message")
    };
    assert!(why.contains("must not be empty"), "{why}");
    assert!(replies_sent(&w).is_empty());

    // Allowed once (never "always"), by the child's session id too.
    let sent = self::reply(&mut w, ROOT, &child, Answer::Once).unwrap();
    assert!(
        sent.output
            .starts_with(&format!("Replied to background task {} \"Deploy\", which is waiting for permission", t.id)),
        "{}",
        sent.output
    );
    assert!(sent.output.contains(": allowed, this once. It goes on"), "{}", sent.output);
    assert_eq!(
        replies_sent(&w),
        vec![SdkRequest::ReplyPermission {
            request_id: "per_1".into(),
            verdict: PermissionVerdict::Once,
            message: None
        }]
    );

    // OpenCode says it was answered: a second reply finds nothing pending.
    w.event(support::opencode::event(
        &child,
        "permission.replied",
        &serde_json::json!({"sessionID": child, "requestID": "per_1", "reply": "once"}),
    ));
    w.advance(100);
    let late = reply(&mut w, ROOT, Answer::Once).unwrap();
    assert!(late.output.starts_with("Nothing to answer"), "{}", late.output);
    assert_eq!(replies_sent(&w).len(), 1);

    // The next request is refused without a message: the child gets feedback and goes on.
    w.event(support::opencode::permission_event(&child, "edit", "src/main.rs"));
    w.advance(100);
    let refused = reply(&mut w, ROOT, Answer::Reject { message: None }).unwrap();
    assert!(
        refused.output.contains(": refused, with the message \"The agent that launched you declined"),
        "{}",
        refused.output
    );
    let Some(SdkRequest::ReplyPermission { verdict: PermissionVerdict::Reject, message: Some(m), .. }) =
        replies_sent(&w).pop()
    else {
        panic!("a refusal with a message")
    };
    assert!(m.starts_with("The agent that launched you declined this request."), "{m}");

    // The task runs on and completes; the parent is told once.
    w.advance(30_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    assert_eq!(w.drv.announcements(&t.id), Some(1));
});

scenario!(a_question_is_answered_dismissed_or_dismissed_by_a_cancel, "{}", |w| {
    w.sim.script("ask", Script::text(60_000, "Asked."));
    let t = w.launch(request("Ask", "ask me", "general")).unwrap();
    w.advance(1_000);
    let child = w.task(&t.id).session_id.unwrap();
    w.event(support::opencode::question_event(&child));
    w.advance(100);
    let (asked, _) = w.sim.notices(ROOT).pop().unwrap();
    assert!(asked.contains("is asking: \"Which file?\" (request \"que_1\")."), "{asked}");
    assert!(asked.contains(&format!("background_reply(task_id=\"{}\", answers=[<1 answer(s)", t.id)), "{asked}");

    let id = t.id.clone();
    let answer = |w: &mut World, a: Answer| reply(w, ROOT, &id, a);
    let Err(RequestError::Invalid(why)) = answer(&mut w, Answer::Once) else { panic!("once to a question") };
    assert!(why.contains("asks a question: give `answers`"), "{why}");
    let Err(RequestError::Invalid(why)) = answer(&mut w, Answer::Answers(vec!["a".into(), "b".into()])) else {
        panic!("two answers to one question")
    };
    assert!(why.contains("asked 1 question(s): give exactly one answer for each, in order (2 given)"), "{why}");
    let Err(RequestError::Invalid(why)) = answer(&mut w, Answer::Answers(vec!["x".repeat(5_000)])) else {
        panic!("an answer too long")
    };
    assert!(why.contains("4000 bytes at most"), "{why}");
    answer(&mut w, Answer::Answers(vec!["a".into()])).unwrap();
    assert_eq!(
        replies_sent(&w),
        vec![SdkRequest::ReplyQuestion { request_id: "que_1".into(), answers: vec![vec!["a".into()]] }]
    );
    w.event(support::opencode::event(
        &child,
        "question.replied",
        &serde_json::json!({"sessionID": child, "requestID": "que_1"}),
    ));
    w.advance(100);

    // Asked again, then cancelled: the pending question is dismissed along with the abort.
    w.event(support::opencode::question_event(&child));
    w.advance(100);
    w.cancel(ROOT, &t.id, CancelOptions { abort_session: true, notify_parent: false }).unwrap();
    assert_eq!(replies_sent(&w).pop(), Some(SdkRequest::RejectQuestion("que_1".into())));
    assert_eq!(count(&w, |r| matches!(r, SdkRequest::AbortSession(s) if *s == child)), 1);
});

scenario!(a_reply_that_fails_tells_the_parent_and_one_already_resolved_does_not, "{}", |w| {
    w.sim.script("ask", Script::text(60_000, "Asked."));
    let t = w.launch(request("Ask", "ask me", "general")).unwrap();
    w.advance(1_000);
    let child = w.task(&t.id).session_id.unwrap();
    w.event(support::opencode::permission_event(&child, "bash", "ls"));
    w.advance(500);
    let before = w.sim.notices(ROOT).len();

    // Answered meanwhile (by the user in the TUI): OpenCode no longer knows the request.
    w.sim.fail(Kind::Reply, 1, "NotFoundError", "Permission request not found");
    reply(&mut w, ROOT, &t.id, Answer::Once).unwrap();
    w.advance(500);
    assert_eq!(w.sim.notices(ROOT).len(), before, "nothing to tell");

    // Any other failure: the child still waits, and its parent is told to try again.
    w.sim.fail(Kind::Reply, 1, "UnknownError", "boom");
    reply(&mut w, ROOT, &t.id, Answer::Once).unwrap();
    w.advance(500);
    let (told, wakes) = w.sim.notices(ROOT).pop().unwrap();
    assert!(!wakes, "it wakes the parent");
    assert!(told.contains("the answer to its request \"per_1\" did not reach it (\"boom\")"), "{told}");
    assert!(told.contains("try background_reply again"), "{told}");
});

scenario!(
    an_auto_reply_rule_refuses_a_request_without_waking_anyone,
    r#"{"autoReply": [{"permission": "external_directory", "pattern": "/etc/*", "reply": "reject", "message": "Stay inside the project."}]}"#,
    |w| {
        w.sim.script("look", Script::text(20_000, "Looked."));
        let t = w.launch(request("Look", "look around", "general")).unwrap();
        w.advance(1_000);
        let child = w.task(&t.id).session_id.unwrap();
        w.event(support::opencode::permission_event(&child, "external_directory", "/etc/passwd"));
        w.advance(500);
        assert_eq!(
            replies_sent(&w),
            vec![SdkRequest::ReplyPermission {
                request_id: "per_1".into(),
                verdict: PermissionVerdict::Reject,
                message: Some("Stay inside the project.".into())
            }]
        );
        assert!(w.sim.notices(ROOT).is_empty(), "nobody is woken");
        let nothing = reply(&mut w, ROOT, &t.id, Answer::Once).unwrap();
        assert!(nothing.output.starts_with("Nothing to answer"), "it never waited: {}", nothing.output);
        // Requests no rule matches still go to the parent.
        w.event(support::opencode::permission_event(&child, "external_directory", "/home/me/other"));
        w.event(support::opencode::permission_event(&child, "bash", "ls"));
        w.advance(500);
        assert_eq!(replies_sent(&w).len(), 1);
        assert_eq!(w.sim.notices(ROOT).len(), 2, "one notice each: {:?}", w.sim.notices(ROOT));
    }
);

scenario!(typed_events_take_odd_values_as_their_types_allow, "{}", |w| {
    let t = w.launch(request("Typed", "typed job", "general")).unwrap();
    w.advance(10);
    let child = w.task(&t.id).session_id.unwrap();
    let tool = |id: &str, status| {
        Part::Tool(ToolPart {
            id: id.into(),
            tool: Some("grep".into()),
            status,
            input: Some(r#"{"pattern":"x"}"#.into()),
        })
    };
    let part = |part| Event::PartUpdated { session_id: child.clone(), part };
    // Pending is not a call yet; a status this version does not know counts like running, once.
    w.event(part(tool("prt_1", ToolStatus::Pending)));
    assert_eq!(w.task(&t.id).progress.tool_calls, 0);
    w.event(part(tool("prt_1", ToolStatus::Other)));
    w.event(part(tool("prt_1", ToolStatus::Completed)));
    assert_eq!(w.task(&t.id).progress.tool_calls, 1);
    w.event(part(Part::Text { text: "OpenCode's words".into(), synthetic: true }));
    w.event(part(Part::Text { text: "   ".into(), synthetic: false }));
    assert_eq!(w.task(&t.id).progress.last_message, None, "synthetic and blank text are not the child's words");
    w.event(part(Part::Text { text: "the child's words".into(), synthetic: false }));
    assert_eq!(w.task(&t.id).progress.last_message.as_deref(), Some("the child's words"));

    // A cost that is not a finite positive amount counts as none; a message's usage replaces
    // what the same message reported before.
    let message = |id: &str, cost: f64| Event::MessageUpdated {
        session_id: child.clone(),
        message: Message {
            id: id.into(),
            role: Role::Assistant,
            error: None,
            usage: Some(MessageUsage { tokens_in: 10, tokens_out: 5, tokens_reasoning: 0, tokens_cache_read: 0, cost }),
        },
    };
    for cost in [f64::NAN, f64::INFINITY, -3.0] {
        w.event(message("msg_1", cost));
    }
    w.event(message("msg_2", 0.25));
    let p = w.task(&t.id).progress;
    assert_eq!((p.tokens_in, p.tokens_out, p.cost), (20, 10, 0.25));

    // An error that cannot be read is a malformed event: counted, and the task runs on.
    let mut broken = Message { id: "msg_3".into(), role: Role::Assistant, error: Some("{".into()), usage: None };
    w.event(Event::MessageUpdated { session_id: child.clone(), message: broken.clone() });
    assert_eq!(w.drv.malformed_events(), 1);
    assert_eq!(w.status(&t.id), TaskStatus::Running);
    // A user message's error is not the child's failure.
    broken.role = Role::User;
    broken.error = Some(r#"{"name":"APIError","data":{"message":"no"}}"#.into());
    w.event(Event::MessageUpdated { session_id: child.clone(), message: broken });
    assert_eq!(w.status(&t.id), TaskStatus::Running);
    w.advance(15_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
});

scenario!(malformed_events_are_counted_not_fatal, "{}", |w| {
    let t = w.launch(request("Robust", "robust job", "general")).unwrap();
    w.advance(10);
    let child = w.task(&t.id).session_id.unwrap();
    // The typed events crossing as JSON are a host's mistake: malformed too, however valid.
    let typed = r#"{"info":{"id":"msg_1","role":"assistant","cost":1}}"#;
    for (ty, props) in [
        ("session.status", "{"),
        ("message.part.updated", "[]"),
        ("message.updated", typed),
        ("todo.updated", r#"{"todos":7}"#),
        ("x.y", "\u{0}"),
    ] {
        w.event(Event::Session { event_type: ty.into(), session_id: child.clone(), properties: props.into() });
    }
    assert_eq!(w.drv.malformed_events(), 4);
    assert_eq!(w.task(&t.id).progress.cost, 0.0);
    w.advance(15_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
});

// ------------------------------------------------------------------ the person's view

fn panel(w: &World, session: &str) -> Option<serde_json::Value> {
    w.sim.sessions.get(session).and_then(|s| s.metadata.get("backgroundTasks").cloned())
}

scenario!(the_parent_session_metadata_shows_its_tasks_live_and_bounded_in_rate, "{}", |w| {
    if let Some(root) = w.sim.sessions.get_mut(ROOT) {
        root.metadata.insert("someoneElse".into(), serde_json::json!({"kept": true}));
    }
    w.sim.script("alpha", Script::text(6_000, "alpha done"));
    w.sim.script("beta", Script::text(12_000, "beta done"));
    let a = w.launch(request("Alpha", "alpha work", "general")).unwrap();
    let b = w.launch(request("Beta", "beta work", "general")).unwrap();
    w.advance(1_500);
    let view = panel(&w, ROOT).expect("the view is published");
    assert_eq!((view["version"].as_u64(), view["running"].as_u64()), (Some(1), Some(2)), "{view}");
    assert_eq!(view["tasks"][0]["id"], b.id.as_str(), "newest first");
    assert_eq!(view["tasks"][1]["description"], "Alpha");
    assert!(view["tasks"][1]["sessionId"].as_str().is_some_and(|s| s.starts_with("ses_child")), "{view}");
    // The children's tool calls move the counters: published at most once a second.
    let before = w.sim.sessions[ROOT].publishes;
    w.advance(4_000);
    let during = w.sim.sessions[ROOT].publishes - before;
    assert!((1..=4).contains(&during), "{during} publishes in 4 s");
    assert!(panel(&w, ROOT).unwrap()["tasks"][1]["toolCalls"].as_u64() >= Some(1));
    w.advance(3_000);
    let view = panel(&w, ROOT).unwrap();
    assert_eq!((view["running"].as_u64(), view["completed"].as_u64()), (Some(1), Some(1)), "{view}");
    assert_eq!(view["tasks"][1]["status"], "completed");
    assert_eq!(w.status(&a.id), TaskStatus::Completed);
    w.advance(8_000);
    assert_eq!(panel(&w, ROOT).unwrap()["completed"].as_u64(), Some(2));
    // Past retention the tasks leave the live table: the view goes, the other key stays.
    w.advance(700_000);
    assert_eq!(panel(&w, ROOT), None);
    assert_eq!(w.sim.sessions[ROOT].metadata.get("someoneElse"), Some(&serde_json::json!({"kept": true})));
    let publishes = w.sim.sessions[ROOT].publishes;
    w.advance(60_000);
    assert_eq!(w.sim.sessions[ROOT].publishes, publishes, "nothing more to publish");
});

scenario!(no_view_is_published_with_publish_tasks_off, r#"{"publishTasks": false}"#, |w| {
    w.launch(request("Alpha", "alpha work", "general")).unwrap();
    w.advance(15_000);
    assert_eq!(count(&w, |r| matches!(r, SdkRequest::PublishTasks { .. })), 0);
});
