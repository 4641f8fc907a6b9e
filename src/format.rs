//! Every text the core produces for a model or a person: tool replies, parent notices, the
//! compaction summary. One place, so every host shows the same words.

use crate::api::{TaskStatus, TaskView, Timestamp};

pub(crate) fn duration(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m {}s", s / 60, s % 60),
        _ => format!("{}h {}m", s / 3600, (s % 3600) / 60),
    }
}

fn task_duration(t: &TaskView, now: Timestamp) -> String {
    let start = t.started_at.unwrap_or(t.queued_at);
    duration(t.completed_at.unwrap_or(now).saturating_sub(start))
}

/// Cuts text to at most `max` bytes on a char boundary, marking the cut.
pub(crate) fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", text.get(..end).unwrap_or(""))
}

/// The last `max` bytes of text (for "last message" excerpts).
pub(crate) fn tail(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.len() <= max {
        return text.to_string();
    }
    let mut start = text.len() - max;
    while start < text.len() && !text.is_char_boundary(start) {
        start += 1;
    }
    format!("…{}", text.get(start..).unwrap_or(""))
}

fn outcome_word(status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::Completed => "COMPLETED",
        TaskStatus::Error => "FAILED",
        TaskStatus::Cancelled => "CANCELLED",
        TaskStatus::Interrupted => "INTERRUPTED",
        TaskStatus::Pending | TaskStatus::Running => "UPDATE",
    }
}

pub(crate) fn launch_receipt(t: &TaskView, running: usize, queued: usize) -> String {
    let state = match t.status {
        TaskStatus::Pending => "pending (starts as soon as a slot is free)".to_string(),
        s => s.as_str().to_string(),
    };
    format!(
        "Background task launched.\n\
         Task ID: {id}\nDescription: {desc}\nAgent: {agent}\nStatus: {state}\n\
         Background tasks of this session: {running} running, {queued} queued.\n\n\
         You will be notified when it finishes: do not poll. Keep working on something else; \
         read the result later with background_output(task_id=\"{id}\").",
        id = t.id,
        desc = t.description,
        agent = t.agent,
    )
}

pub(crate) fn resume_receipt(t: &TaskView) -> String {
    let state = match t.status {
        TaskStatus::Pending => "queued (waiting for a free slot)",
        TaskStatus::Running => "running",
        _ => t.status.as_str(),
    };
    format!(
        "Background task resumed in its session.\nTask ID: {id}\nDescription: {desc}\nStatus: {state}\n\n\
         You will be notified when it finishes: do not poll.",
        id = t.id,
        desc = t.description,
    )
}

/// One task's block inside a notice.
fn notice_entry(t: &TaskView, now: Timestamp) -> String {
    let mut s = format!("Task: {} \"{}\"\nDuration: {}", t.id, t.description, task_duration(t, now));
    if let Some(err) = &t.error {
        s.push_str(&format!("\nError: {err}"));
    }
    s
}

/// A notice for tasks that finished while siblings still run.
pub(crate) fn progress_notice(tasks: &[TaskView], still_running: usize, now: Timestamp) -> String {
    let mut s = String::new();
    for (i, t) in tasks.iter().enumerate() {
        if i > 0 {
            s.push_str("\n\n");
        }
        s.push_str(&format!("[BACKGROUND TASK {}]\n{}", outcome_word(t.status), notice_entry(t, now)));
    }
    let noun = if still_running == 1 { "task is" } else { "tasks are" };
    s.push_str(&format!(
        "\n\n{still_running} background {noun} still running. Do not poll: you will be notified when all are done.\n"
    ));
    s.push_str(&read_hint(tasks));
    s
}

/// The header of the notice that closes a batch. A parent model reads the first line first, so
/// it never says COMPLETE for a batch in which a task did not complete: a batch of one names
/// that task's outcome, and the batch line counts every outcome that was not a completion
/// (`[ALL BACKGROUND TASKS FINISHED - 1 FAILED, 1 CANCELLED]`).
fn batch_header(batch: &[TaskView]) -> String {
    let count = |status: TaskStatus| batch.iter().filter(|t| t.status == status).count();
    let not_completed: Vec<String> = [TaskStatus::Error, TaskStatus::Interrupted, TaskStatus::Cancelled]
        .into_iter()
        .map(|status| (count(status), outcome_word(status)))
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {word}"))
        .collect();
    if not_completed.is_empty() {
        return "[ALL BACKGROUND TASKS COMPLETE]".to_string();
    }
    let all = format!("[ALL BACKGROUND TASKS FINISHED - {}]", not_completed.join(", "));
    match batch {
        [only] => format!("[BACKGROUND TASK {}]\n{all}", outcome_word(only.status)),
        _ => all,
    }
}

/// The notice that closes a batch: every task of the batch with its outcome.
pub(crate) fn final_notice(batch: &[TaskView], now: Timestamp) -> String {
    let failed = batch.iter().filter(|t| t.status != TaskStatus::Completed).count();
    let mut s = batch_header(batch);
    s.push('\n');
    if failed > 0 {
        s.push_str(&format!("{} of {} did not complete.\n", failed, batch.len()));
    }
    for t in batch {
        // The duration before the error: an error is a sentence of its own, often with its stop.
        let outcome = format!("{} in {}", t.status.as_str(), task_duration(t, now));
        match (t.status, &t.error) {
            (TaskStatus::Completed, _) | (_, None) => {
                s.push_str(&format!("- {} \"{}\": {outcome}\n", t.id, t.description))
            }
            (_, Some(err)) => s.push_str(&format!("- {} \"{}\": {outcome}: {}\n", t.id, t.description, clip(err, 300))),
        }
    }
    s.push_str(&read_hint(batch));
    s
}

fn read_hint(tasks: &[TaskView]) -> String {
    let ids: Vec<String> = tasks.iter().map(|t| format!("background_output(task_id=\"{}\")", t.id)).collect();
    format!("Read results with {}.", ids.join(", "))
}

fn status_line(t: &TaskView, now: Timestamp) -> String {
    let mut line = format!("| {} | {} | {} | {} |", t.id, t.description, t.agent, t.status.as_str());
    line.push_str(&format!(" {} | {} |", task_duration(t, now), t.progress.tool_calls));
    line
}

const TABLE_HEAD: &str = "| id | description | agent | status | elapsed | tool calls |\n|---|---|---|---|---|---|";

/// `background_output`: the result when finished, else where the task stands.
pub(crate) fn output(t: &TaskView, now: Timestamp) -> String {
    let mut s = format!("{TABLE_HEAD}\n{}\n", status_line(t, now));
    match t.status {
        TaskStatus::Completed => {
            s.push_str("\nResult:\n");
            s.push_str(
                t.result.as_deref().filter(|r| !r.is_empty()).unwrap_or("(the task finished without a text answer)"),
            );
        }
        TaskStatus::Pending => s.push_str("\nStill queued. You will be notified when it finishes: do not poll."),
        TaskStatus::Running => {
            if let Some(last) = &t.progress.last_message {
                s.push_str(&format!("\nLatest output: {last}\n"));
            }
            s.push_str("\nStill running. You will be notified when it finishes: do not poll.");
        }
        status => {
            s.push_str(&format!("\nThe task ended as {}", status.as_str()));
            if let Some(err) = &t.error {
                s.push_str(&format!(": {err}"));
            }
            if !s.ends_with(['.', '!', '?']) {
                s.push('.');
            }
            if let Some(result) = t.result.as_deref().filter(|r| !r.is_empty()) {
                s.push_str(&format!("\nPartial result:\n{result}"));
            }
        }
    }
    s
}

/// `background_list`: this session's tasks with "N/M done".
pub(crate) fn list(tasks: &[TaskView], now: Timestamp) -> String {
    if tasks.is_empty() {
        return "No background tasks for this session.".to_string();
    }
    let done = tasks.iter().filter(|t| t.status.is_terminal()).count();
    let mut s = format!("{TABLE_HEAD}\n");
    for t in tasks {
        s.push_str(&status_line(t, now));
        s.push('\n');
    }
    s.push_str(&format!("\n{done}/{} done", tasks.len()));
    if done == tasks.len() {
        s.push_str(" (all complete)");
    }
    s
}

pub(crate) fn cancel_summary(tasks: &[TaskView]) -> String {
    if tasks.is_empty() {
        return "No unfinished background tasks to cancel.".to_string();
    }
    let mut s = format!("Cancelled {} background task(s):\n", tasks.len());
    for t in tasks {
        s.push_str(&format!("- {} \"{}\"\n", t.id, t.description));
    }
    s.push_str("Their sessions are kept: background_resume can continue a cancelled task.");
    s
}

/// Added to the compaction prompt so the agent still knows its task ids afterwards.
pub(crate) fn compaction_context(tasks: &[TaskView]) -> String {
    let mut s = String::from("Background tasks launched by this session (keep these ids):\n");
    for t in tasks {
        s.push_str(&format!("- {} \"{}\" (@{}): {}\n", t.id, t.description, t.agent, t.status.as_str()));
    }
    s.push_str("Finished results are read with background_output(task_id=...). Do not poll running tasks: a notice arrives when they finish.");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_and_tail_respect_char_boundaries() {
        assert_eq!(clip("héllo", 2), "h…");
        assert_eq!(tail("abcé", 2), "…é");
        assert_eq!(tail("  ab ", 5), "ab");
    }

    fn ended(status: TaskStatus, error: Option<&str>) -> TaskView {
        TaskView {
            id: "bg_1".into(),
            description: "Job".into(),
            agent: "general".into(),
            model: None,
            status,
            parent_session_id: "ses_p".into(),
            session_id: None,
            queued_at: 0,
            started_at: Some(0),
            completed_at: Some(5_000),
            error: error.map(str::to_string),
            result: None,
            progress: crate::api::TaskProgress::default(),
            concurrency_key: "general".into(),
            attempts: 1,
            depth: 1,
        }
    }

    #[test]
    fn an_error_is_its_own_sentence() {
        let stale = ended(TaskStatus::Cancelled, Some("Stale timeout. Its session is kept."));
        let notice = final_notice(std::slice::from_ref(&stale), 9_000);
        assert!(notice.contains("- bg_1 \"Job\": cancelled in 5s: Stale timeout. Its session is kept.\n"), "{notice}");
        assert!(output(&stale, 9_000).ends_with("The task ended as cancelled: Stale timeout. Its session is kept."));
        let plain = ended(TaskStatus::Error, Some("bad request"));
        assert!(output(&plain, 9_000).ends_with("The task ended as error: bad request."));
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(duration(999), "0s");
        assert_eq!(duration(61_000), "1m 1s");
        assert_eq!(duration(3_723_000), "1h 2m");
    }
}
