//! Reading a session's messages (`session.messages` replies): what the last assistant turn
//! says about a task, and which agent and model a parent is using now.

use crate::api::ModelRef;
use crate::events::ErrorInfo;
use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Deserialize)]
struct Entry {
    info: Info,
    #[serde(default)]
    parts: Vec<Box<RawValue>>,
}

#[derive(Deserialize)]
struct Info {
    #[serde(default)]
    role: String,
    #[serde(default)]
    error: Option<ErrorInfo>,
    /// True on compaction summaries.
    #[serde(default)]
    summary: Option<serde_json::Value>,
    #[serde(default)]
    agent: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    model: Option<UserModel>,
    #[serde(default, rename = "providerID")]
    provider_id: Option<String>,
    #[serde(default, rename = "modelID")]
    model_id: Option<String>,
    /// Why the step ended (`stop`, `length`, `tool-calls`, …), set when it ends.
    #[serde(default)]
    finish: Option<String>,
    #[serde(default)]
    time: Option<MessageTime>,
}

#[derive(Deserialize)]
struct MessageTime {
    #[serde(default)]
    created: Option<serde_json::Value>,
    #[serde(default)]
    completed: Option<serde_json::Value>,
}

impl Info {
    /// The turn stopped before its end: its last step asked for tool calls (OpenCode would
    /// have run another step), or the message never completed (it stopped mid-stream). Only a
    /// message that says so counts: without `finish` and `time`, nothing is assumed.
    fn cut_short(&self) -> bool {
        match (self.finish.as_deref(), &self.time) {
            (Some(finish), _) => matches!(finish, "tool-calls" | "unknown"),
            (None, Some(time)) => time.completed.as_ref().is_none_or(serde_json::Value::is_null),
            (None, None) => false,
        }
    }
}

#[derive(Deserialize)]
struct UserModel {
    #[serde(rename = "providerID")]
    provider_id: String,
    #[serde(rename = "modelID")]
    model_id: String,
    #[serde(default)]
    variant: Option<String>,
}

/// A part of a message, as the verdict and the transcript (`transcript.rs`) read it.
#[derive(Deserialize)]
pub(crate) struct Part {
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub synthetic: Option<bool>,
    #[serde(default)]
    pub ignored: Option<bool>,
    /// A tool part's tool and state (the transcript's; the verdict's reply leaves them out).
    #[serde(default)]
    pub tool: Option<String>,
    #[serde(default)]
    pub state: Option<ToolState>,
}

/// A tool call's state, as a transcript shows it.
#[derive(Deserialize)]
pub(crate) struct ToolState {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub input: Option<Box<RawValue>>,
    #[serde(default)]
    pub error: Option<String>,
}

/// What the last assistant turn says.
#[derive(Debug, PartialEq)]
pub(crate) enum Verdict {
    /// No assistant turn with output yet: the child has not really started or produced anything.
    NotDone,
    /// Real output; the text is the final assistant text (may be empty when only tools ran).
    Output(String),
    /// The turn ended with an error.
    Failed(ErrorInfo),
    /// The turn was aborted.
    Aborted(String),
    /// The turn stopped before its end without an error (see `Info::cut_short`), with the
    /// final text so far if it had output. Idle in a live server, that is how it ended (e.g. a
    /// rejected permission stops the loop); found after a restart, the run died with the server.
    CutShort(Option<String>),
}

/// Decodes entries one by one so that one odd message does not hide the rest.
fn entries(reply: &str) -> Result<Vec<Entry>, String> {
    page(reply).map(|(list, _)| list)
}

/// The entries of a page, and how many messages the page held (odd ones included).
fn page(reply: &str) -> Result<(Vec<Entry>, usize), String> {
    let raw: Vec<Box<RawValue>> =
        serde_json::from_str(reply).map_err(|e| format!("messages reply is not a JSON array: {e}"))?;
    Ok((raw.iter().filter_map(|r| serde_json::from_str::<Entry>(r.get()).ok()).collect(), raw.len()))
}

fn is_compaction(info: &Info) -> bool {
    matches!(info.summary, Some(serde_json::Value::Bool(true))) || info.mode.as_deref() == Some("compaction")
}

/// Classifies a child's state from its messages (chronological, as OpenCode returns them).
pub(crate) fn verdict(reply: &str) -> Result<Verdict, String> {
    let list = entries(reply)?;
    // Only an answer to the newest prompt counts: after a resume, the previous turn's answer
    // is still there and must not complete the task again.
    let Some(last) = list.iter().rev().take_while(|e| e.info.role != "user").find(|e| e.info.role == "assistant")
    else {
        return Ok(Verdict::NotDone);
    };
    if let Some(err) = &last.info.error {
        if err.is_abort() {
            return Ok(Verdict::Aborted(err.text()));
        }
        return Ok(Verdict::Failed(err.clone()));
    }
    let parts: Vec<Part> = last.parts.iter().filter_map(|r| serde_json::from_str(r.get()).ok()).collect();
    let mut has_output = false;
    let mut texts = Vec::new();
    for part in &parts {
        match part.kind.as_str() {
            "text" => {
                let text = part.text.as_deref().unwrap_or("");
                if part.ignored != Some(true) && part.synthetic != Some(true) && !text.trim().is_empty() {
                    has_output = true;
                    texts.push(text.trim());
                }
            }
            "reasoning" if part.text.as_deref().is_some_and(|t| !t.trim().is_empty()) => has_output = true,
            "tool" => has_output = true,
            _ => {}
        }
    }
    let output = has_output.then(|| texts.join("\n\n"));
    if last.info.cut_short() {
        return Ok(Verdict::CutShort(output));
    }
    Ok(output.map_or(Verdict::NotDone, Verdict::Output))
}

/// What a page of a session's newest messages says about a text sent at `since` or later.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Sought {
    /// A user message created at `since` or later carries exactly this text.
    Found,
    /// Not there, and the page reaches back before `since` (or holds the whole session).
    Absent,
    /// Not on this page, and older messages created since then may be missing from it.
    BeyondPage,
}

/// Looks for a user message created at `since` or later that carries exactly `text` (a notice
/// that reached the parent, though its reply was lost or the plugin restarted before it came),
/// in a page of the newest messages read with `limit`. A message without a creation time never
/// matches.
pub(crate) fn find_user_text_since(reply: &str, text: &str, since: u64, limit: Option<u32>) -> Sought {
    let Ok((list, held)) = page(reply) else { return Sought::Absent };
    let created = |e: &Entry| e.info.time.as_ref().and_then(|t| t.created.as_ref()?.as_u64());
    let found = list.iter().filter(|e| e.info.role == "user" && created(e).is_some_and(|c| c >= since)).any(|e| {
        e.parts.iter().filter_map(|r| serde_json::from_str::<Part>(r.get()).ok()).any(|p| {
            p.kind == "text" && p.synthetic != Some(true) && p.text.as_deref().is_some_and(|t| t.trim() == text.trim())
        })
    });
    let whole_session = limit.is_none_or(|l| held < l as usize);
    let reaches_back = list.iter().filter_map(created).min().is_some_and(|oldest| oldest < since);
    match (found, whole_session || reaches_back) {
        (true, _) => Sought::Found,
        (false, true) => Sought::Absent,
        (false, false) => Sought::BeyondPage,
    }
}

/// The agent and model of a session's latest non-compaction message, if it names them.
pub(crate) fn current_agent_and_model(reply: &str) -> Result<(Option<String>, Option<ModelRef>), String> {
    let list = entries(reply)?;
    for entry in list.iter().rev() {
        let info = &entry.info;
        if is_compaction(info) || info.agent.as_deref() == Some("compaction") {
            continue;
        }
        let model = match (&info.model, &info.provider_id, &info.model_id) {
            (Some(m), _, _) => Some(ModelRef {
                provider_id: m.provider_id.clone(),
                model_id: m.model_id.clone(),
                variant: m.variant.clone(),
            }),
            (None, Some(p), Some(m)) => Some(ModelRef { provider_id: p.clone(), model_id: m.clone(), variant: None }),
            _ => None,
        };
        let agent = info.agent.clone().or_else(|| info.mode.clone());
        if agent.is_some() || model.is_some() {
            return Ok((agent, model));
        }
    }
    Ok((None, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = r#"{"info":{"role":"user","agent":"build","model":{"providerID":"p","modelID":"m"}},"parts":[{"type":"text","text":"hi"}]}"#;

    #[test]
    fn no_assistant_turn_is_not_done() {
        assert_eq!(verdict(&format!("[{USER}]")), Ok(Verdict::NotDone));
        assert_eq!(verdict("[]"), Ok(Verdict::NotDone));
    }

    #[test]
    fn an_answer_before_the_newest_prompt_does_not_count() {
        let reply = format!(
            r#"[{USER},{{"info":{{"role":"assistant"}},"parts":[{{"type":"text","text":"old answer"}}]}},{USER}]"#
        );
        assert_eq!(verdict(&reply), Ok(Verdict::NotDone));
    }

    #[test]
    fn final_text_is_the_result() {
        let reply = format!(
            r#"[{USER},{{"info":{{"role":"assistant"}},"parts":[{{"type":"step-start"}},{{"type":"text","text":"  done: 42 "}},{{"type":"step-finish"}}]}}]"#
        );
        assert_eq!(verdict(&reply), Ok(Verdict::Output("done: 42".into())));
    }

    #[test]
    fn a_turn_cut_short_is_told_apart_from_a_finished_one() {
        let with = |info: &str| {
            verdict(&format!(
                r#"[{USER},{{"info":{{"role":"assistant",{info}}},"parts":[{{"type":"text","text":"half an"}}]}}]"#
            ))
        };
        let done = r#""finish":"stop","time":{"created":1,"completed":2}"#;
        assert_eq!(with(done), Ok(Verdict::Output("half an".into())));
        let cut = Ok(Verdict::CutShort(Some("half an".into())));
        assert_eq!(with(r#""time":{"created":1}"#), cut, "stopped mid-stream");
        assert_eq!(with(r#""time":{"created":1,"completed":null}"#), cut);
        assert_eq!(with(r#""finish":"tool-calls","time":{"created":1,"completed":2}"#), cut, "another step was due");
        assert_eq!(with(r#""finish":"unknown""#), cut);
        assert_eq!(with(r#""finish":"length""#), Ok(Verdict::Output("half an".into())), "a step that ended");
        assert_eq!(
            with(r#""mode":"build""#),
            Ok(Verdict::Output("half an".into())),
            "no finish, no time: assumed done"
        );
    }

    #[test]
    fn a_notice_already_there_is_found_only_since_it_was_sent() {
        let user = |text: &str, created: &str| {
            format!(r#"{{"info":{{"role":"user"{created}}},"parts":[{{"type":"text","text":"{text}"}}]}}"#)
        };
        let reply = format!("[{},{}]", user("[NOTICE] a", r#","time":{"created":100}"#), user("[NOTICE] b", ""));
        let find = |text: &str, since: u64| find_user_text_since(&reply, text, since, None);
        assert_eq!(find("[NOTICE] a", 100), Sought::Found);
        assert_eq!(find("[NOTICE] a", 101), Sought::Absent, "older than the attempt");
        assert_eq!(find("[NOTICE] b", 0), Sought::Absent, "no creation time");
        assert_eq!(find("[NOTICE]", 0), Sought::Absent, "the whole text, not a prefix");
        assert_eq!(find_user_text_since("not json", "x", 0, None), Sought::Absent);
    }

    #[test]
    fn a_page_that_may_not_reach_back_to_the_attempt_says_so() {
        let user = |text: &str, created: u64| {
            format!(
                r#"{{"info":{{"role":"user","time":{{"created":{created}}}}},"parts":[{{"type":"text","text":"{text}"}}]}}"#
            )
        };
        let page = format!("[{},{}]", user("later", 200), user("later still", 300));
        let find = |since: u64, limit: Option<u32>| find_user_text_since(&page, "[NOTICE]", since, limit);
        assert_eq!(find(150, Some(2)), Sought::BeyondPage, "a full page, all of it newer than the attempt");
        assert_eq!(find(150, Some(3)), Sought::Absent, "fewer than asked for: the whole session");
        assert_eq!(find(250, Some(2)), Sought::Absent, "the page reaches back before the attempt");
        assert_eq!(find(150, None), Sought::Absent, "no limit: the whole session");
    }

    #[test]
    fn empty_assistant_turn_is_not_output() {
        let reply = r#"[{"info":{"role":"assistant"},"parts":[{"type":"step-start"},{"type":"text","text":"  "}]}]"#;
        assert_eq!(verdict(reply), Ok(Verdict::NotDone));
    }

    #[test]
    fn errors_and_aborts_are_told_apart() {
        let failed = r#"[{"info":{"role":"assistant","error":{"name":"APIError","data":{"message":"bad request","statusCode":400}}},"parts":[]}]"#;
        assert!(matches!(verdict(failed), Ok(Verdict::Failed(e)) if e.text() == "bad request"));
        let aborted = r#"[{"info":{"role":"assistant","error":{"name":"MessageAbortedError","data":{"message":"aborted"}}},"parts":[]}]"#;
        assert_eq!(verdict(aborted), Ok(Verdict::Aborted("aborted".into())));
    }

    #[test]
    fn odd_entries_are_skipped_not_fatal() {
        let reply = r#"[7, {"info":{"role":"assistant"},"parts":[{"type":"tool"}, 3]}]"#;
        assert_eq!(verdict(reply), Ok(Verdict::Output(String::new())));
        assert!(verdict("{}").is_err());
    }

    #[test]
    fn parent_context_skips_compaction() {
        let reply = format!(
            r#"[{USER},{{"info":{{"role":"assistant","agent":"compaction","summary":true,"providerID":"x","modelID":"y"}},"parts":[]}}]"#
        );
        let (agent, model) = current_agent_and_model(&reply).unwrap_or((None, None));
        assert_eq!(agent.as_deref(), Some("build"));
        assert_eq!(model.map(|m| m.key()), Some("p/m".to_string()));
    }
}
