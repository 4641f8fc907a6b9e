#!/usr/bin/env node
// The demo behind `scripts/demo`: a real `opencode serve` with the plugin installed from its npm
// tarball. A parent agent fans out three background agents, keeps going, is told when they are
// done, and collects their results. A live table shows the tasks while they run; then the notices
// the parent received and the results are printed, and everything is stopped (also on Ctrl-C).
//
//   node tests/e2e/demo.mjs [--keep] [--tui] [--provider=<id> --model=<id>]
//
// --tui runs the same fan-out in OpenCode's own terminal UI (`opencode attach` on the parent
// session, with the plugin's TUI part registered in tui.json): the sidebar panel shows the tasks
// live and `/bg` opens their dialog; quitting the TUI ends the demo.
//
// By default the model is the bundled mock (tests/e2e/mock-model.mjs): scripted, local, no
// credentials. DEMO_PROVIDER + DEMO_MODEL (or --provider/--model) run the same orchestration
// against a real model with your own OpenCode config and credentials (HOME is not isolated then).
// Other settings: DEMO_TIMEOUT_S (default 90 with the mock, 900 with a real model), E2E_KEEP=1 or
// --keep (keep the temp project and logs), NO_COLOR.

import { spawn } from "node:child_process"
import { OPENCODE_VERSION, opencodeBinary } from "./harness.mjs"
import { childSessions, readState, startAgentStack, textOf } from "./agent.mjs"
import { pluginPackage } from "./plugin-package.mjs"
import { PROJECT_FILES } from "./project.mjs"

// ---- options ------------------------------------------------------------------------------------

const argv = process.argv.slice(2)
const flag = (name) => {
  const hit = argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  return hit === undefined ? undefined : hit.includes("=") ? hit.slice(hit.indexOf("=") + 1) : true
}
if (flag("help") || flag("h")) {
  process.stdout.write(`usage: scripts/demo [--keep] [--tui] [--provider=<id> --model=<id>] | --sim

Runs a real OpenCode server with the plugin and a parent agent that fans out three background
agents. Default model: the bundled mock (no credentials, no network).
  DEMO_PROVIDER=<id> DEMO_MODEL=<id>  (or --provider/--model) use a real model, with your own
                                      OpenCode config and credentials (e.g. anthropic + a model id)
  DEMO_TIMEOUT_S=<s>                  give up after this long (default 90, or 900 with a real model)
"  --keep (or E2E_KEEP=1)              keep the temp project and logs, and print where they are
  --tui                               the same, in OpenCode's terminal UI: the sidebar panel shows
                                      the tasks live, /bg opens their dialog; quit it to end
  --sim                               (scripts/demo only) the older simulated run in wasmtime
`)
  process.exit(0)
}
const provider = flag("provider") ?? process.env.DEMO_PROVIDER
const modelId = flag("model") ?? process.env.DEMO_MODEL
if (Boolean(provider) !== Boolean(modelId)) {
  process.stderr.write(
    "demo: a real model needs both DEMO_PROVIDER and DEMO_MODEL (e.g. DEMO_PROVIDER=anthropic DEMO_MODEL=claude-sonnet-4-5)\n",
  )
  process.exit(2)
}
const REAL = Boolean(provider)
const TUI = Boolean(flag("tui"))
if (TUI && !(process.stdin.isTTY && process.stdout.isTTY)) {
  process.stderr.write("demo: --tui needs an interactive terminal\n")
  process.exit(2)
}
if (flag("keep")) process.env.E2E_KEEP = "1"
const TIMEOUT_MS = Number(process.env.DEMO_TIMEOUT_S || (REAL ? 900 : 90)) * 1000

// ---- output ----------------------------------------------------------------------------------------

const out = process.stdout
const TTY = Boolean(out.isTTY)
const COLOR = TTY && !process.env.NO_COLOR
const paint = (code) => (s) => (COLOR ? `\x1b[${code}m${s}\x1b[0m` : s)
const bold = paint("1")
const dim = paint("2")
const green = paint("32")
const red = paint("31")
const yellow = paint("33")
const cyan = paint("36")
const T0 = Date.now()
const since = (t = Date.now()) => `t+${((t - T0) / 1000).toFixed(1).padStart(4)}s`
const say = (s = "") => out.write(`${s}\n`)
const width = () => Math.max(60, Math.min(out.columns || 100, 140))
/** Cuts to n visible characters (the strings here carry no escape codes when cut). */
const cut = (s, n) => (s.length > n ? `${s.slice(0, Math.max(0, n - 1))}…` : s)
const indent = (text, pad = "    ") =>
  text
    .split("\n")
    .map((l) => pad + l)
    .join("\n")
let cursorHidden = false
const showCursor = () => {
  if (cursorHidden) {
    out.write("\x1b[?25h")
    cursorHidden = false
  }
}

// ---- the project the agents look at: PROJECT_FILES (project.mjs) ---------------------------------

// Three background agents. With the mock, the `mock:` line scripts what the child "model" does
// (its tool calls and answer); a real model gets only the instructions above it.
function agents(dir) {
  const real = {
    docs: "Read the documentation of the project in the current directory (README.md and docs/) and summarise it in two sentences. Do not change any file.",
    todos:
      "Find the TODO comments in the source code of the project in the current directory and list them with file and line. Do not change any file.",
    tests:
      "Look at the tests of the project in the current directory and say in two sentences what they cover and what they miss. Do not change any file.",
  }
  const mock = {
    docs: `tool=glob args=${JSON.stringify({ pattern: "**/*.md" })} delay=600 ; tool=read args=${JSON.stringify({ filePath: `${dir}/README.md` })} delay=700 ; delay=800 text="README.md says what the service does and how to start it (node src/server.js, port 8080); docs/notes.md records two design choices: one plain-text route and no dependencies."`,
    todos: `tool=grep args=${JSON.stringify({ pattern: "TODO", include: "*.js" })} delay=1500 ; delay=5000 text="Two open TODOs, both in src/server.js: line 6, validate the name parameter of /greet; line 14, close the server on SIGTERM."`,
    tests: `tool=glob args=${JSON.stringify({ pattern: "test/**/*.js" })} delay=2000 ; tool=read args=${JSON.stringify({ filePath: `${dir}/test/server.test.js` })} delay=2500 ; tool=grep args=${JSON.stringify({ pattern: "test\\(" })} delay=2000 ; delay=2500 text="One test file with two tests, both on the happy path of /greet; nothing covers an unknown route or an invalid name."`,
  }
  const list = [
    { key: "docs", description: "Survey the docs" },
    { key: "todos", description: "Find open TODOs" },
    { key: "tests", description: "Check the tests" },
  ]
  return list.map(({ key, description }) => ({
    description,
    agent: "general",
    prompt: REAL ? real[key] : `${real[key]}\nmock: ${mock[key]}`,
  }))
}

const SUMMARY =
  "All three are done. The docs are short and accurate; src/server.js has two open TODOs (validate the name, close on SIGTERM); the tests cover only the happy path. Next: fix the TODOs and add a test for an invalid name."

/** The parent's prompt: with the mock, a script that launches the three; else instructions. */
function parentPrompt(tasks) {
  const intro = "Review this project with three background agents, and keep going while they work."
  if (REAL) {
    const list = tasks
      .map(
        (t, i) => `${i + 1}. description "${t.description}", agent "${t.agent}", prompt: ${JSON.stringify(t.prompt)}`,
      )
      .join("\n")
    return (
      `${intro}\n\nCall the background_task tool three times, all in this one turn, to start these sub-agents:\n${list}\n\n` +
      "Then say in one sentence what you started and end your turn: do not wait, poll or call background_output now. " +
      "You will be notified when they are done; then read each result with background_output and summarise them in three short bullet points."
    )
  }
  const calls = tasks.map((t) => `tool=background_task args=${JSON.stringify(t)}`).join(" ")
  return `${intro}\nmock: ${calls} ; text="I started three background agents (docs, TODOs, tests). I will carry on and read their results when they report back."`
}

/** With the mock: what the parent "model" does when the final notice wakes it. */
const MOCK_REPLIES = [
  {
    match: "^\\[ALL BACKGROUND TASKS COMPLETE\\]\\n[\\s\\S]*?- (bg_\\w+) [^\\n]*\\n- (bg_\\w+) [^\\n]*\\n- (bg_\\w+) ",
    script: `${[1, 2, 3].map((n) => `tool=background_output args={"task_id":"$${n}"}`).join(" ")} ; text=${JSON.stringify(SUMMARY)}`,
  },
]

// ---- reading what happened ---------------------------------------------------------------------------

const NOTICE_RE = /^\[(BACKGROUND TASK [A-Z]+|ALL BACKGROUND TASKS (COMPLETE|FINISHED - [^\]]+))\]/

/** One task row: the plugin's snapshot for status and times, OpenCode's messages for the work. */
async function rows(stack, parentID) {
  const tasks = (readState(stack)?.tasks ?? [])
    .filter((t) => t.parent?.session_id === parentID)
    .sort((a, b) => a.queued_at - b.queued_at || a.id.localeCompare(b.id))
  const status = await stack.api("GET", "/session/status").catch(() => ({}))
  return Promise.all(
    tasks.map(async (t) => {
      let tools = 0
      let doing = ""
      if (t.session_id) {
        const messages = await stack.messages(t.session_id).catch(() => [])
        const parts = messages.filter((m) => m.info.role === "assistant").flatMap((m) => m.parts)
        const toolParts = parts.filter((p) => p.type === "tool")
        tools = toolParts.length
        const last = parts.filter((p) => p.type === "tool" || p.type === "text").at(-1)
        if (last?.type === "tool") doing = `${last.tool} ${argOf(last.state.input, stack.directory)}`
        else if (last?.type === "text") doing = `"${last.text.replace(/\s+/g, " ")}"`
        if (status[t.session_id]?.type === "busy" && !doing) doing = "thinking"
        if (status[t.session_id]?.type === "retry") doing = `retrying: ${status[t.session_id].message ?? ""}`
      }
      const end = t.completed_at ?? Date.now()
      const elapsed = t.started_at ? `${((end - t.started_at) / 1000).toFixed(1)}s` : "-"
      return {
        id: t.id,
        description: t.description,
        agent: t.agent,
        status: t.status,
        elapsed,
        tools,
        doing,
        error: t.error,
        result: t.result,
      }
    }),
  )
}

/** The main argument of a tool call, paths relative to the project. */
function argOf(input = {}, dir = "") {
  const v = input.filePath ?? input.pattern ?? input.command ?? input.path ?? input.url ?? ""
  return String(v).split(`${dir}/`).join("")
}

/** The plugin's notices among the parent's messages. */
function noticesOf(messages) {
  const list = []
  messages.forEach((m, i) => {
    const text = m.info.role === "user" ? textOf(m) : ""
    if (!NOTICE_RE.test(text)) return
    list.push({ text, at: m.info.time.created, woke: messages[i + 1]?.info.role === "assistant", index: i })
  })
  return list
}

const STATUS_WORD = {
  pending: "queued",
  running: "running",
  completed: "completed",
  error: "failed",
  cancelled: "cancelled",
  interrupted: "interrupted",
}
const colorOf = (s) => ({ completed: green, error: red, cancelled: red, interrupted: red, running: yellow })[s] ?? dim

function table(list, header) {
  const w = width()
  const lines = [header]
  const head = `  ${"task".padEnd(12)} ${"description".padEnd(17)} ${"agent".padEnd(8)} ${"status".padEnd(10)} ${"elapsed".padStart(7)} ${"tools".padStart(5)}  doing`
  lines.push(dim(cut(head, w)))
  if (list.length === 0) lines.push(dim("  (no task yet: the parent is about to launch them)"))
  for (const r of list) {
    const word = STATUS_WORD[r.status] ?? r.status
    const left = `  ${r.id.padEnd(12)} ${cut(r.description, 17).padEnd(17)} ${cut(r.agent, 8).padEnd(8)} `
    const right = ` ${r.elapsed.padStart(7)} ${String(r.tools).padStart(5)}  `
    const room = Math.max(0, w - left.length - 10 - right.length)
    const doing = r.status === "error" ? (r.error ?? "") : r.doing
    lines.push(`${left}${colorOf(r.status)(word.padEnd(10))}${right}${dim(cut(doing, room))}`)
  }
  return lines
}

/** Redraws the block in place on a terminal; elsewhere appends it when something changed. */
function makeRenderer() {
  let drawn = 0
  let lastKey = ""
  let lastAt = 0
  return {
    draw(lines, key) {
      if (TTY) {
        if (!cursorHidden) {
          out.write("\x1b[?25l")
          cursorHidden = true
        }
        out.write(`${drawn ? `\x1b[${drawn}F` : ""}\x1b[J${lines.join("\n")}\n`)
        drawn = lines.length
      } else if (key !== lastKey || Date.now() - lastAt > 10000) {
        say(lines.join("\n"))
        say()
        lastKey = key
        lastAt = Date.now()
      }
    },
    done() {
      drawn = 0
      showCursor()
    },
  }
}

// ---- the run ---------------------------------------------------------------------------------------

let stack
let stopping
let interrupted = false
async function stopAll(why) {
  stopping ??= (async () => {
    showCursor()
    if (!stack) return
    const t = Date.now()
    out.write(`${why}: stopping OpenCode${REAL ? "" : " and the mock model"}… `)
    await stack.stop()
    say(`done (${Date.now() - t} ms).${process.env.E2E_KEEP === "1" ? ` Kept ${stack.root}` : ""}`)
  })()
  return stopping
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    if (interrupted) return
    interrupted = true
    if (TTY) out.write("\n")
    void stopAll(`Interrupted (${sig})`).finally(() => process.exit(130))
  })
}

async function main() {
  say(bold("opencode-background-agent: a parent agent fans out three background agents"))
  say(
    dim(
      `  OpenCode ${OPENCODE_VERSION}, headless on 127.0.0.1; model: ${REAL ? `${provider}/${modelId} (your OpenCode config and credentials)` : "the bundled mock model (scripted, local, no credentials)"}`,
    ),
  )
  if (!REAL) say(dim("  A real model: DEMO_PROVIDER=<provider> DEMO_MODEL=<model> scripts/demo"))
  say()

  let t = Date.now()
  out.write("Packing the plugin (npm pack of js-glue/, installed like a dependency)… ")
  const pkg = await pluginPackage()
  say(`${pkg.reused ? "up to date" : "done"} (${Date.now() - t} ms): ${pkg.tarball.split("/").pop()}`)

  t = Date.now()
  out.write(`Starting OpenCode${REAL ? "" : " and the mock model"}… `)
  const realBase = {
    autoupdate: false,
    share: "disabled",
    snapshot: false,
    lsp: false,
    formatter: false,
    model: `${provider}/${modelId}`,
  }
  stack = await startAgentStack({
    // With --tui, the TUI part of the same package, as `opencode plugin` registers it.
    files: TUI ? { ...PROJECT_FILES, "tui.json": JSON.stringify({ plugin: [pkg.entry] }) } : PROJECT_FILES,
    ...(REAL
      ? { isolate: false, offline: false, mock: false, base: realBase }
      : { mockEnv: { MOCK_REPLIES: JSON.stringify(MOCK_REPLIES) } }),
    bootTimeoutMs: REAL ? 180000 : 60000, // with a real HOME, OpenCode may install its own config dir first
  })
  say(`ready in ${((Date.now() - t) / 1000).toFixed(1)} s.`)
  say(dim(`  project: ${stack.directory} (README.md, docs/, src/server.js, test/)`))
  say(dim(`  plugin: ${pkg.entry}`))
  say()

  const tasks = agents(stack.directory)
  const parent = await stack.createSession({ title: "demo: review with background agents" })
  say(`${bold("Parent session")} ${parent.id}: asked to review the project with three background agents:`)
  for (const task of tasks)
    say(
      `  - ${cyan(task.description)} (@${task.agent}): ${dim(cut(task.prompt.split("\n")[0], width() - task.description.length - 16))}`,
    )
  say()
  const tStart = Date.now()
  await stack.promptAsync(parent.id, parentPrompt(tasks))
  if (TUI) return attachTui(parent.id)

  // Live view until the final notice has been answered (or the time is up), then once more when
  // the plugin's snapshot has caught up (it is written a moment after each change).
  const render = makeRenderer()
  let messages = []
  let finished = false
  let settledAt
  const deadline = Date.now() + TIMEOUT_MS
  while (Date.now() < deadline) {
    const [list, msgs, status] = await Promise.all([
      rows(stack, parent.id),
      stack.messages(parent.id).catch(() => messages),
      stack.api("GET", "/session/status").catch(() => ({})),
    ])
    if (interrupted) return 130
    messages = msgs
    const notes = noticesOf(messages)
    const parentBusy = parent.id in status
    const final = notes.find((n) => n.text.startsWith("[ALL BACKGROUND TASKS COMPLETE]"))
    const done = list.filter((r) => !["pending", "running"].includes(r.status)).length
    const header = `${bold("Background tasks")} ${dim(`${since()}  ${done}/${list.length || 3} done · parent ${parentBusy ? yellow("busy") : "idle"} · notices: ${notes.length}`)}`
    const lines = table(list, header)
    for (const n of notes)
      lines.push(
        dim(
          `  ${since(n.at)}  notice ${n.woke ? "woke the parent" : "silent (no reply)"}: ${cut(n.text.split("\n").slice(0, 2).join(" "), width() - 44)}`,
        ),
      )
    render.draw(lines, JSON.stringify([list.map((r) => [r.status, r.tools]), notes.length, parentBusy]))
    // The parent's own model failing (a wrong model id, missing credentials) ends the demo.
    const parentError =
      stack.eventsOf("session.error", parent.id).at(-1)?.properties.error ??
      messages.filter((m) => m.info.role === "assistant").at(-1)?.info.error
    if (parentError && !parentBusy && !finished) {
      render.done()
      say()
      say(
        red(
          `The parent's model failed: ${parentError.name}: ${String(parentError.data?.message ?? "").split("\n")[0]}`,
        ),
      )
      if (REAL)
        say(
          `Check DEMO_PROVIDER/DEMO_MODEL (${provider}/${modelId}) and that OpenCode can use that model with your credentials (opencode auth login, or the provider's API key variable).`,
        )
      return 1
    }
    if (finished && (done === list.length || Date.now() - settledAt > 2000)) break
    if (
      !finished &&
      final?.woke &&
      !parentBusy &&
      messages.at(-1)?.info.role === "assistant" &&
      messages.at(-1).info.time.completed
    ) {
      finished = true
      settledAt = Date.now()
      continue
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  render.done()
  say()
  if (!finished) {
    say(red(`The batch did not finish within ${TIMEOUT_MS / 1000} s (DEMO_TIMEOUT_S). Where it stands:`))
    say(indent(stack.diagnostics({ lines: 20 })))
    return 1
  }

  // What the parent saw and did.
  const firstReply = messages.find((m) => m.info.role === "assistant" && m.parts.some((p) => p.type === "text"))
  if (firstReply) say(`${bold("The parent, right after launching")}: ${textOf(firstReply).trim()}`)
  say()
  const notes = noticesOf(messages)
  say(bold(`Notices the parent received (${notes.length}), as user messages the plugin sent:`))
  for (const n of notes) {
    say(
      `  ${since(n.at)}  ${n.woke ? green("woke the parent") : dim("silent: no reply, the parent was not disturbed")}`,
    )
    say(dim(indent(n.text.trim(), "      ")))
  }
  say()

  const finalNotice = notes.at(-1)
  const wake = messages.slice(finalNotice.index + 1).filter((m) => m.info.role === "assistant")
  const reads = wake.flatMap((m) => m.parts).filter((p) => p.type === "tool" && p.tool === "background_output")
  const answer = wake.map(textOf).filter(Boolean).at(-1) ?? ""
  say(
    bold("Woken by the last notice, the parent collected the results") +
      (reads.length ? ` (${reads.length} background_output calls):` : ":"),
  )
  const list = await rows(stack, parent.id)
  const kids = await childSessions(stack, parent.id)
  for (const r of list) {
    const read = reads.find((p) => p.state.input?.task_id === r.id)
    // The answer sits in a fence after its label; the fence lines are the first and last of it.
    const fencedAnswer = read?.state.output?.split("\nResult (the sub-agent's answer):\n")[1]
    const viaTool = fencedAnswer?.split("\n").slice(1, -1).join("\n")
    const text = viaTool ?? r.result ?? "(no result)"
    const kid = kids.find((k) => k.id === readState(stack)?.tasks?.find((t) => t.id === r.id)?.session_id)
    say(
      `  ${colorOf(r.status)(STATUS_WORD[r.status] ?? r.status)}  ${bold(r.description)} ${dim(`${r.id}, @${r.agent}, ${r.elapsed}, ${r.tools} tool call(s)${kid ? `, session ${kid.id}` : ""}`)}`,
    )
    say(indent(text.trim(), "      "))
  }
  say()
  say(`${bold("The parent's answer")}:`)
  say(indent(answer.trim() || "(no text)", "    "))
  say()
  say(dim(`The batch took ${((Date.now() - tStart) / 1000).toFixed(1)} s from the parent's prompt to its answer.`))
  return 0
}

/** OpenCode's terminal UI on the parent session, in this terminal, until the person quits it. */
async function attachTui(sessionID) {
  say(
    dim(
      "Opening OpenCode's terminal UI on the parent session: the sidebar shows the background tasks live, /bg opens their dialog. Quit it (ctrl+c) to end the demo.",
    ),
  )
  await new Promise((r) => setTimeout(r, 2000))
  const args = ["attach", stack.baseUrl, "--dir", stack.directory, "--session", sessionID]
  const tui = spawn(opencodeBinary(), args, { stdio: "inherit", cwd: stack.directory, env: stack._serverEnv })
  return new Promise((resolve) => {
    tui.on("error", (e) => {
      say(red(`could not start the TUI: ${e.message}`))
      resolve(1)
    })
    tui.on("exit", (code) => resolve(code ?? 0))
  })
}

let code = 1
try {
  code = await main()
} catch (e) {
  if (interrupted) await new Promise(() => {}) // the signal handler stops everything and exits
  showCursor()
  say()
  say(red(`demo failed: ${process.env.E2E_DEBUG === "1" ? e?.stack : (e?.message ?? e)}`))
  if (stack) say(indent(stack.diagnostics({ lines: 20 })))
  code = 1
} finally {
  await stopAll(code === 0 ? "Done" : "Failed")
}
process.exit(code)
