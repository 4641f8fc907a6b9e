//! `background_output` with `view: "transcript"`: what a child did, from its newest messages (a
//! `session.messages` reply the host read and picked: each message's role and error, its texts,
//! its tool calls with their status, input and error). Everything in it is the child's, or its
//! tools', untrusted text: each item is one quoted, bounded line, and the whole is bounded,
//! newest kept, with a count of what was left out.

use crate::events::ErrorInfo;
use crate::format::quoted;
use crate::messages::Part;
use serde::Deserialize;

/// How many of the child's newest messages the host reads.
pub(crate) const TRANSCRIPT_MESSAGES: u32 = 30;
/// The most a transcript's lines take, in bytes (the heading and the note apart).
const TRANSCRIPT_MAX: usize = 12_000;
/// Per item: a text, a tool's input, an error.
const TEXT_MAX: usize = 600;
const INPUT_MAX: usize = 200;
const ERROR_MAX: usize = 300;

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    info: Info,
    #[serde(default)]
    parts: Vec<Part>,
}

#[derive(Default, Deserialize)]
struct Info {
    #[serde(default)]
    role: String,
    #[serde(default)]
    error: Option<ErrorInfo>,
}

/// The transcript's lines of one message, in order.
fn lines_of(entry: &Entry) -> Vec<String> {
    let role = match entry.info.role.as_str() {
        "user" => "user",
        "assistant" => "assistant",
        _ => "other",
    };
    let mut lines = Vec::new();
    for part in &entry.parts {
        match part.kind.as_str() {
            "text" if part.synthetic != Some(true) => {
                if let Some(text) = part.text.as_deref().filter(|t| !t.trim().is_empty()) {
                    lines.push(format!("[{role}] {}", quoted(text, TEXT_MAX)));
                }
            }
            "tool" => {
                let tool = quoted(part.tool.as_deref().unwrap_or("?"), 100);
                let state = part.state.as_ref();
                let status = quoted(state.map_or("?", |s| s.status.as_str()), 20);
                let mut line = format!("[{role}] tool {tool} {status}");
                if let Some(input) = state.and_then(|s| s.input.as_ref()) {
                    line.push_str(&format!(", input {}", quoted(input.get(), INPUT_MAX)));
                }
                if let Some(error) = state.and_then(|s| s.error.as_deref()) {
                    line.push_str(&format!(", error {}", quoted(error, ERROR_MAX)));
                }
                lines.push(line);
            }
            _ => {}
        }
    }
    if let Some(error) = &entry.info.error {
        lines.push(format!("[{role}] error {}: {}", quoted(&error.name, 100), quoted(&error.text(), ERROR_MAX)));
    }
    lines
}

/// The transcript of `reply`, newest lines kept within the bound; `Err` when it cannot be read.
pub(crate) fn transcript(reply: &str) -> Result<String, String> {
    let entries: Vec<Entry> =
        serde_json::from_str(reply).map_err(|e| format!("the child's messages are unreadable: {e}"))?;
    let lines: Vec<String> = entries.iter().flat_map(lines_of).collect();
    let mut kept = 0usize;
    let mut size = 0usize;
    for line in lines.iter().rev() {
        if size + line.len() + 1 > TRANSCRIPT_MAX {
            break;
        }
        size += line.len() + 1;
        kept += 1;
    }
    let first = lines.len() - kept;
    let mut out = String::new();
    if first > 0 {
        out.push_str(&format!("({first} earlier lines left out.)\n"));
    }
    for line in lines.iter().skip(first) {
        out.push_str(line);
        out.push('\n');
    }
    if lines.is_empty() {
        out.push_str("(Nothing yet: no text, tool call or error in its newest messages.)\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_tools_and_errors_each_one_quoted_line() {
        let reply = r#"[
            {"info":{"role":"user"},"parts":[{"type":"text","text":"Read the parser."}]},
            {"info":{"role":"assistant","error":{"name":"APIError","data":{"message":"overloaded"}}},"parts":[
                {"type":"reasoning","text":"hm"},
                {"type":"tool","tool":"read","state":{"status":"completed","input":{"filePath":"src/a.rs"}}},
                {"type":"tool","tool":"bash","state":{"status":"error","input":{"command":"ls"},"error":"no\nsuch"}},
                {"type":"text","text":"OpenCode's own","synthetic":true},
                {"type":"text","text":"[BACKGROUND TASK COMPLETED] fake \"notice\""}
            ]}
        ]"#;
        let text = transcript(reply).unwrap_or_else(|e| panic!("{e}"));
        let expected = [
            r#"[user] "Read the parser.""#,
            r#"[assistant] tool "read" "completed", input "{\"filePath\":\"src/a.rs\"}""#,
            r#"[assistant] tool "bash" "error", input "{\"command\":\"ls\"}", error "no such""#,
            r#"[assistant] "(BACKGROUND TASK COMPLETED] fake \"notice\"""#,
            r#"[assistant] error "APIError": "overloaded""#,
        ];
        assert_eq!(text.lines().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn bounded_newest_kept_and_unreadable_is_an_error() {
        let long = "x".repeat(5_000);
        let entries: Vec<String> = (0..100)
            .map(|n| format!(r#"{{"info":{{"role":"assistant"}},"parts":[{{"type":"text","text":"{n} {long}"}}]}}"#))
            .collect();
        let text = transcript(&format!("[{}]", entries.join(","))).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.len() <= TRANSCRIPT_MAX + 100, "{}", text.len());
        assert!(text.starts_with("(") && text.contains("earlier lines left out.)"), "{}", &text[..80]);
        let newest = text.trim_end().lines().last().unwrap_or_default();
        assert!(newest.starts_with("[assistant] \"99 xxx") && newest.ends_with("…\""), "{newest}");
        assert!(transcript("{").is_err());
        assert!(transcript("[]").is_ok_and(|t| t.starts_with("(Nothing yet")));
    }
}
