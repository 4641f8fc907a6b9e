#!/usr/bin/env node
// A scripted OpenAI-compatible mock model for the end-to-end tests (Node >= 20, no dependencies).
//
//   node tests/e2e/mock-model.mjs        listens on 127.0.0.1, prints "MOCK_LISTENING <port>"
//
// Environment:
//   MOCK_PORT       port to listen on (default 0: an ephemeral port)
//   MOCK_PORT_FILE  if set, the port is also written to this file once listening
//   MOCK_LOG        if set, every request is appended to this file as one JSON line
//   MOCK_TITLE      the title answered to title requests (default "Mock session title")
//   MOCK_REPLIES    JSON list of {"match": "<regex>", "script": "<steps>"}: for a last user message
//                   WITHOUT a `mock:` marker, the first rule whose regex matches it supplies the
//                   script, with $1..$9 replaced by the regex's groups (for text that a program
//                   writes, e.g. a notice: {"match": "^\\[ALL BACKGROUND", "script": "text=ok"}).
//                   A rule with "history": "<regex>" applies only when an earlier user message of
//                   the request matches that regex too (the same program text, answered one way
//                   in one session and another way in another, told apart by their first prompts)
//
// Endpoints: GET /v1/models, POST /v1/chat/completions (streaming SSE and non-streaming),
// GET /health. Any model id is accepted. SIGTERM / SIGINT close the server and exit 0.
//
// ---------------------------------------------------------------------------------------------
// Directive syntax
// ---------------------------------------------------------------------------------------------
// Replies are scripted by the LAST user message of the request (all its text parts joined). The
// script is the rest of the line after a `mock:` marker (at the start of the text or after
// whitespace). Without a marker the reply is the default text (below).
//
//   mock: <step> [; <step> ...]
//
// A step is a list of `key=value` tokens (or bare `key` flags). Values are a bare word (up to
// whitespace or `;`), a JSON string ("with spaces"), or a JSON object/array ({"a": "b c"}).
//
// Which step answers: the number of assistant messages that come AFTER the last user message in
// the request (0 for the first model call of a turn, 1 after one tool round trip, ...). Past the
// last step the mock gives the default final answer: after a tool result
// `done: <content of the last tool message>`, otherwise the default text.
//
// Keys of a step:
//   text=<s>         answer with this text (default text: `echo: <user text without the script>`,
//                    or `echo` when that is empty)
//   delay=<ms>       wait this long before answering (keeps the session busy; the wait ends
//                    early if the client disconnects, e.g. on abort)
//   chunk-delay=<ms> streaming only: wait this long between streamed chunks
//   chunks=<n>       streaming only: split the text into about n chunks (default 3)
//   repeat=<n>       the text n times over (a long answer from a short script)
//   status=<code>    answer with this HTTP status and an OpenAI-style JSON error body
//   message=<s>      the error message for `status` (default "mock error <code>")
//   times=<n>        with `status`: fail only the first n times this step is asked (counted per
//                    script text and step), then answer as if `status` were not there (for
//                    retry tests, e.g. `status=503 times=1 text=recovered`)
//   only-model=<id>  with `status`: fail only requests for this model id (the request's `model`);
//                    requests for any other model answer as if `status` were not there (for
//                    fallback tests, e.g. `status=503 only-model=mock-primary text=fallback-done`)
//   tool=<name>      call this tool (only if the request offers a tool of that name; otherwise
//                    the answer is a text saying so). Repeat `tool=` for parallel calls
//   args=<json>      the arguments of the preceding `tool=` (default {}); passed through as-is
//   finish=<reason>  override finish_reason (default "stop", or "tool_calls" with tools)
//
// Examples:
//   mock: text="hello world"
//   mock: delay=1500 text=slow
//   mock: status=400 message="bad request from mock"
//   mock: tool=e2e_echo args={"text":"ping"}            (then "done: <tool output>")
//   mock: tool=a args={"x":1} ; tool=b args={} ; text=finished
//
// Title requests (no tools offered, and a system message that asks for a title) are answered
// with MOCK_TITLE, whatever the user text says.
//
// Log line (MOCK_LOG): {ts, seq, method, path, model, stream, kind: "chat"|"title"|"models"|
// "other", tools: [names], messages: <count>, lastRole, lastUser, script, step, answer: {type:
// "text"|"tool_calls"|"error"|"aborted", ...}, ms}
// ---------------------------------------------------------------------------------------------

import http from "node:http"
import fs from "node:fs"
import { pathToFileURL } from "node:url"

const HOST = "127.0.0.1"
const PORT = Number(process.env.MOCK_PORT || 0)
const LOG = process.env.MOCK_LOG || ""
const PORT_FILE = process.env.MOCK_PORT_FILE || ""
const TITLE = process.env.MOCK_TITLE || "Mock session title"
const REPLIES = parseReplies(process.env.MOCK_REPLIES)

/** MOCK_REPLIES as [{re, script, history}]; a malformed value is a startup error (a test bug). */
export function parseReplies(text) {
  if (!text) return []
  const rules = JSON.parse(text)
  if (!Array.isArray(rules)) throw new Error("MOCK_REPLIES must be a JSON list")
  return rules.map((r) => ({
    re: new RegExp(r.match),
    script: String(r.script),
    history: r.history === undefined ? null : new RegExp(r.history),
  }))
}

/**
 * The script of the first MOCK_REPLIES rule matching `text` (and, for a rule with `history`,
 * one of `earlier`, the texts of the request's earlier user messages), with its groups filled in.
 */
function replyScript(text, rules = REPLIES, earlier = []) {
  for (const { re, script, history } of rules) {
    const m = re.exec(text)
    if (m && (!history || earlier.some((t) => history.test(t))))
      return script.replace(/\$([1-9])/g, (_, n) => m[Number(n)] ?? "")
  }
  return null
}

let seq = 0
const failCounts = new Map() // `${script}#${step}` -> times the status was already answered

// ---- directive parsing ------------------------------------------------------------------------

/** Reads a JSON string/object/array starting at s[i]; returns the index after it. */
function scanJson(s, i) {
  const open = s[i]
  if (open === '"') {
    for (let j = i + 1; j < s.length; j++) {
      if (s[j] === "\\") j++
      else if (s[j] === '"') return j + 1
    }
    return s.length
  }
  let depth = 0
  let inStr = false
  for (let j = i; j < s.length; j++) {
    const c = s[j]
    if (inStr) {
      if (c === "\\") j++
      else if (c === '"') inStr = false
    } else if (c === '"') inStr = true
    else if (c === "{" || c === "[") depth++
    else if (c === "}" || c === "]") {
      depth--
      if (depth === 0) return j + 1
    }
  }
  return s.length
}

/** Splits a script into steps: [[{key, value}]]. */
export function parseScript(script) {
  const steps = [[]]
  let i = 0
  const s = script
  while (i < s.length) {
    const c = s[i]
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === ";") {
      steps.push([])
      i++
      continue
    }
    let j = i
    while (j < s.length && !/[\s;=]/.test(s[j])) j++
    const key = s.slice(i, j).toLowerCase()
    if (s[j] !== "=") {
      steps[steps.length - 1].push({ key, value: true })
      i = j
      continue
    }
    j++ // past '='
    let value
    if (s[j] === '"' || s[j] === "{" || s[j] === "[") {
      const end = scanJson(s, j)
      const raw = s.slice(j, end)
      if (s[j] === '"') {
        try {
          value = JSON.parse(raw)
        } catch {
          value = raw.replace(/^"|"$/g, "")
        }
      } else value = raw // objects/arrays stay raw JSON text (tool arguments are passed as-is)
      i = end
    } else {
      let end = j
      while (end < s.length && !/[\s;]/.test(s[end])) end++
      value = s.slice(j, end)
      i = end
    }
    steps[steps.length - 1].push({ key, value })
  }
  return steps.filter((st, idx) => st.length > 0 || idx === 0)
}

/** Turns a step's tokens into a plan object. */
function planOf(tokens) {
  const plan = { tools: [] }
  for (const { key, value } of tokens) {
    switch (key) {
      case "tool":
        plan.tools.push({ name: String(value), args: "{}" })
        break
      case "args":
        if (plan.tools.length) plan.tools[plan.tools.length - 1].args = typeof value === "string" ? value : "{}"
        break
      case "delay":
      case "chunk-delay":
      case "chunks":
      case "status":
      case "times":
      case "repeat":
        plan[key] = Number(value)
        break
      default:
        plan[key] = value // text, message, finish, and any future key
    }
  }
  return plan
}

function textOf(content) {
  if (typeof content === "string") return content
  if (Array.isArray(content)) {
    return content
      .map((p) => (typeof p === "string" ? p : p?.type === "text" ? (p.text ?? "") : ""))
      .filter(Boolean)
      .join("\n")
  }
  return ""
}

const SCRIPT_RE = /(?:^|\s)mock:([^\n]*)/

/** Decides what to answer to a chat completion request body (`rules`: MOCK_REPLIES, parsed). */
export function decide(body, rules = REPLIES) {
  const messages = Array.isArray(body.messages) ? body.messages : []
  const tools = Array.isArray(body.tools) ? body.tools.map((t) => t?.function?.name ?? t?.name).filter(Boolean) : []
  let lastUserIdx = -1
  for (let i = messages.length - 1; i >= 0; i--)
    if (messages[i]?.role === "user") {
      lastUserIdx = i
      break
    }
  const lastUser = lastUserIdx >= 0 ? textOf(messages[lastUserIdx].content) : ""
  const last = messages[messages.length - 1]
  const system = messages
    .filter((m) => m?.role === "system")
    .map((m) => textOf(m.content))
    .join("\n")
  const info = { tools, messages: messages.length, lastRole: last?.role ?? null, lastUser, script: null, step: null }

  if (tools.length === 0 && /\btitle\b/i.test(system)) {
    return { ...info, kind: "title", plan: { tools: [], text: TITLE } }
  }

  const m = SCRIPT_RE.exec(lastUser)
  const earlier = messages
    .slice(0, Math.max(lastUserIdx, 0))
    .filter((x) => x?.role === "user")
    .map((x) => textOf(x.content))
  const replied = m ? null : replyScript(lastUser, rules, earlier)
  const script = m ? m[1].trim() : (replied ?? "")
  const userText = (m ? lastUser.replace(m[0], " ") : lastUser).replace(/\s+/g, " ").trim()
  const step = messages.slice(lastUserIdx + 1).filter((x) => x?.role === "assistant").length
  info.script = m || replied !== null ? script : null
  info.step = step
  const steps = m || replied !== null ? parseScript(script) : [[]]
  let plan
  if (step < steps.length) plan = planOf(steps[step])
  else if (last?.role === "tool") plan = { tools: [], text: `done: ${textOf(last.content)}` }
  else plan = { tools: [] }

  if (plan.status && plan["only-model"] !== undefined && String(body.model ?? "") !== String(plan["only-model"])) {
    delete plan.status
  }
  if (plan.status && plan.times !== undefined) {
    const k = `${script}#${step}`
    const n = failCounts.get(k) ?? 0
    if (n >= plan.times) delete plan.status
    else failCounts.set(k, n + 1)
  }
  if (plan.tools.length) {
    const missing = plan.tools.filter((t) => !tools.includes(t.name)).map((t) => t.name)
    if (missing.length) {
      plan = {
        ...plan,
        tools: [],
        text: `mock: tool ${missing.join(", ")} not offered (offered: ${tools.join(", ") || "none"})`,
      }
    }
  }
  if (plan.text === undefined && plan.tools.length === 0) plan.text = userText ? `echo: ${userText}` : "echo"
  if (plan.text !== undefined) plan.text = String(plan.text).repeat(plan.repeat > 1 ? plan.repeat : 1)
  return { ...info, kind: "chat", plan }
}

// ---- HTTP ---------------------------------------------------------------------------------------

function log(entry) {
  if (!LOG) return
  try {
    fs.appendFileSync(LOG, JSON.stringify(entry) + "\n")
  } catch (e) {
    process.stderr.write(`mock: log failed: ${e.message}\n`)
  }
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (!ms || ms <= 0 || signal.aborted) return resolve()
    const t = setTimeout(resolve, ms)
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(t)
        resolve()
      },
      { once: true },
    )
  })
}

function sendJson(res, status, obj) {
  const data = JSON.stringify(obj)
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(data) })
  res.end(data)
}

function splitText(text, n) {
  if (!text) return []
  const parts = Math.max(1, Math.min(n || 3, text.length))
  const size = Math.ceil(text.length / parts)
  const out = []
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size))
  return out
}

function usageOf(body, plan) {
  const prompt = Math.max(1, Math.round(JSON.stringify(body.messages ?? []).length / 4))
  const completion = Math.max(1, Math.round(((plan.text ?? "").length + JSON.stringify(plan.tools).length) / 4))
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }
}

async function chat(req, res, body, entry, signal) {
  const d = decide(body)
  const plan = d.plan
  Object.assign(entry, {
    kind: d.kind,
    tools: d.tools,
    messages: d.messages,
    lastRole: d.lastRole,
    lastUser: d.lastUser,
    script: d.script,
    step: d.step,
  })
  await sleep(plan.delay, signal)
  if (signal.aborted) {
    entry.answer = { type: "aborted" }
    return
  }

  if (plan.status) {
    const status = plan.status
    const message = plan.message !== undefined ? String(plan.message) : `mock error ${status}`
    entry.answer = { type: "error", status, message }
    return sendJson(res, status, {
      error: {
        message,
        type: status >= 500 ? "server_error" : "invalid_request_error",
        param: null,
        code: String(status),
      },
    })
  }

  const id = `chatcmpl-mock-${entry.seq}`
  const created = Math.floor(Date.now() / 1000)
  const model = body.model ?? "mock-model"
  const calls = plan.tools.map((t, i) => ({
    id: `call_mock_${entry.seq}_${i}`,
    type: "function",
    function: { name: t.name, arguments: t.args },
  }))
  const finish = plan.finish ?? (calls.length ? "tool_calls" : "stop")
  const usage = usageOf(body, plan)
  entry.answer = calls.length
    ? {
        type: "tool_calls",
        calls: calls.map((c) => ({ name: c.function.name, arguments: c.function.arguments })),
        ...(plan.text ? { text: plan.text } : {}),
      }
    : { type: "text", text: plan.text ?? "" }

  if (!body.stream) {
    return sendJson(res, 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: plan.text ?? null, ...(calls.length ? { tool_calls: calls } : {}) },
          finish_reason: finish,
        },
      ],
      usage,
    })
  }

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" })
  const chunk = (delta, finishReason = null, extra = {}) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra })}\n\n`
  const write = async (s) => {
    if (signal.aborted) return false
    res.write(s)
    if (plan["chunk-delay"]) await sleep(plan["chunk-delay"], signal)
    return !signal.aborted
  }
  if (!(await write(chunk({ role: "assistant", content: "" })))) {
    entry.answer.type = "aborted"
    return
  }
  for (const piece of splitText(plan.text ?? "", plan.chunks)) {
    if (!(await write(chunk({ content: piece })))) {
      entry.answer.type = "aborted"
      return
    }
  }
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i]
    if (
      !(await write(
        chunk({
          tool_calls: [{ index: i, id: c.id, type: "function", function: { name: c.function.name, arguments: "" } }],
        }),
      ))
    ) {
      entry.answer.type = "aborted"
      return
    }
    if (!(await write(chunk({ tool_calls: [{ index: i, function: { arguments: c.function.arguments } }] })))) {
      entry.answer.type = "aborted"
      return
    }
  }
  res.write(chunk({}, finish))
  if (body.stream_options?.include_usage) {
    res.write(
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage })}\n\n`,
    )
  }
  res.write("data: [DONE]\n\n")
  res.end()
}

const server = http.createServer((req, res) => {
  const t0 = Date.now()
  const url = new URL(req.url, "http://x")
  const entry = { ts: new Date().toISOString(), seq: ++seq, method: req.method, path: url.pathname }
  const ac = new AbortController()
  res.on("close", () => {
    if (!res.writableFinished) ac.abort()
  })
  const chunks = []
  req.on("data", (c) => chunks.push(c))
  req.on("end", async () => {
    try {
      const p = url.pathname.replace(/\/+$/, "")
      if (req.method === "GET" && (p === "/v1/models" || p === "/models")) {
        entry.kind = "models"
        entry.answer = { type: "models" }
        sendJson(res, 200, {
          object: "list",
          data: [{ id: "mock-model", object: "model", created: 0, owned_by: "mock" }],
        })
      } else if (req.method === "GET" && p === "/health") {
        entry.kind = "other"
        sendJson(res, 200, { ok: true })
      } else if (req.method === "POST" && (p === "/v1/chat/completions" || p === "/chat/completions")) {
        let body
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}")
        } catch (e) {
          entry.kind = "chat"
          entry.answer = { type: "error", status: 400, message: "invalid JSON body" }
          return sendJson(res, 400, {
            error: { message: "invalid JSON body", type: "invalid_request_error", param: null, code: null },
          })
        }
        entry.model = body.model ?? null
        entry.stream = !!body.stream
        await chat(req, res, body, entry, ac.signal)
      } else {
        entry.kind = "other"
        entry.answer = { type: "error", status: 404 }
        sendJson(res, 404, {
          error: {
            message: `no route ${req.method} ${url.pathname}`,
            type: "invalid_request_error",
            param: null,
            code: "404",
          },
        })
      }
    } catch (e) {
      entry.answer = { type: "error", status: 500, message: String(e?.message ?? e) }
      if (!res.headersSent)
        sendJson(res, 500, {
          error: { message: String(e?.message ?? e), type: "server_error", param: null, code: "500" },
        })
      else res.end()
    } finally {
      entry.ms = Date.now() - t0
      log(entry)
    }
  })
})

function isMain() {
  try {
    return !!process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href
  } catch {
    return false
  }
}

let stopping = false
function stop(sig) {
  if (stopping) return
  stopping = true
  process.stderr.write(`mock: ${sig}, stopping\n`)
  server.close(() => process.exit(0))
  server.closeAllConnections?.()
  setTimeout(() => process.exit(0), 1000).unref()
}

// Started as a program (not imported, e.g. by a unit test of parseScript/decide).
if (isMain()) {
  process.on("SIGTERM", () => stop("SIGTERM"))
  process.on("SIGINT", () => stop("SIGINT"))
  server.listen(PORT, HOST, () => {
    const port = server.address().port
    if (PORT_FILE) fs.writeFileSync(PORT_FILE, `${port}\n`)
    process.stdout.write(`MOCK_LISTENING ${port}\n`)
  })
}
