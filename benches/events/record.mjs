#!/usr/bin/env node
// Records the event stream that benches/events/bench.mjs replays: a real `opencode serve` (the
// pinned version of tests/e2e) with the packed plugin and the scripted mock model. One parent
// launches three background children in one turn; each child calls real tools (bash and read:
// glob and grep need ripgrep, which OpenCode downloads, so offline they fail) and streams its text in chunks, while an untracked session streams text beside them. The
// run ends when all three are done and the parent has answered its final notice. Every `/event`
// event of the run goes into the fixture, with what the replay needs to know about it.
//
//   node benches/events/record.mjs [--out=<file>]   (default fixture/opencode-<version>.json)
//
// Needs tests/e2e/install-opencode to have run; builds and packs the plugin when needed (as the
// e2e tests do). Re-record after moving to a new OpenCode version (see README.md).
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { launchDirective, notices, readState, startAgentStack } from "../../tests/e2e/agent.mjs"
import { OPENCODE_VERSION } from "../../tests/e2e/harness.mjs"
import { PROJECT_FILES } from "../../tests/e2e/project.mjs"

const HERE = path.dirname(fileURLToPath(import.meta.url))
const OUT =
  process.argv.find((a) => a.startsWith("--out="))?.slice(6) ??
  path.join(HERE, "fixture", `opencode-${OPENCODE_VERSION}.json`)
/** Generous bound on the whole run (about 15 s here). */
const RUN_TIMEOUT_MS = 90_000

/** Text the mock streams in `chunks` pieces, `delay` ms apart (so each piece is its own event). */
const streamed = (text, chunks, delay = 40) => `text=${JSON.stringify(text)} chunks=${chunks} chunk-delay=${delay}`
const call = (tool, args) => `tool=${tool} args=${JSON.stringify(args)}`

/** The three children: each step is one model call of theirs (tools, streamed text). */
function childTasks(dir) {
  const answer = (what) =>
    `${what} In short: the service is one file with one route, it has two open TODOs (validate the name, close on SIGTERM), and its two tests cover only the happy path of /greet.`
  return [
    {
      description: "Survey the docs",
      steps: [
        `${streamed("Looking at the documentation first.", 4)} ${call("bash", { command: "find . -name '*.md' -not -path './.opencode/*'", description: "Find the docs" })}`,
        `${streamed("Reading the README and the notes.", 4)} ${call("read", { filePath: `${dir}/README.md` })} ${call("read", { filePath: `${dir}/docs/notes.md` })}`,
        streamed(answer("README.md says how to start the service; docs/notes.md records two design choices."), 45),
      ],
    },
    {
      description: "Find open TODOs",
      steps: [
        `${streamed("Searching for TODO comments.", 3)} ${call("bash", { command: "grep -rn TODO src", description: "Find TODOs" })}`,
        `${streamed("Checking the history of the file.", 3)} ${call("bash", { command: "git log --oneline -n 5", description: "Recent commits" })}`,
        `${call("read", { filePath: `${dir}/src/server.js` })}`,
        streamed(answer("Two TODOs, both in src/server.js (lines 3 and 9)."), 45),
      ],
    },
    {
      description: "Check the tests",
      steps: [
        `${streamed("Listing the test files.", 3)} ${call("bash", { command: "ls -la test", description: "List the tests" })}`,
        `${call("read", { filePath: `${dir}/test/server.test.js` })}`,
        `${streamed("Counting the tests.", 3)} ${call("bash", { command: "grep -c test test/server.test.js", description: "Count tests" })}`,
        streamed(answer("One test file with two empty tests."), 45),
      ],
    },
  ].map((t) => ({
    description: t.description,
    agent: "general",
    prompt: `${t.description} of the project in the current directory.\nmock: ${t.steps.join(" ; ")}`,
  }))
}

/** The parent launches the three in one turn, says so, and answers the final notice. */
function parentPrompt(tasks) {
  return `Review this project with three background agents.\n${launchDirective(tasks)} ; ${streamed("I started three background agents and will read their results when they report back.", 6)}`
}
const MOCK_REPLIES = [
  { match: "^\\[ALL BACKGROUND TASKS COMPLETE\\]", script: streamed("All three are done; nothing else to do.", 6) },
]

/** The untracked session: a long answer streamed while the children work. */
const UNTRACKED_PROMPT = `Write a short note about this project.\nmock: ${streamed("This note is written in a session that no background task tracks. ".repeat(12), 160, 35)}`

/** The parent's final notice, once the parent has answered it and is idle again. */
async function finalNoticeAnswered(stack, parent) {
  const messages = await stack.messages(parent)
  const final = notices(messages).find((n) => n.kind === "ALL BACKGROUND TASKS COMPLETE")
  return final?.woke && final.next?.info.time?.completed ? final : undefined
}

/** The events as the plugin's `event` hook gets them, each with its time from the first (ms). */
function replayable(events) {
  const kept = events.filter((e) => e && !["server.connected", "server.heartbeat"].includes(e.type))
  const t0 = kept[0]?._receivedAt ?? 0
  return kept.map(({ _receivedAt, ...event }) => ({ at: _receivedAt - t0, ...event }))
}

/** Child sessions of `parent` in the order OpenCode created them (the order of the launches). */
function childrenInLaunchOrder(events, parent) {
  return events
    .filter((e) => e.type === "session.created" && e.properties?.info?.parentID === parent)
    .map((e) => e.properties.info.id)
}

/** The fixture: one event per line, so a re-recording diffs readably. */
function fixtureText(meta, events) {
  const head = JSON.stringify(meta, null, 2).replace(/\n}$/, "")
  return `${head},\n  "events": [\n${events.map((e) => `    ${JSON.stringify(e)}`).join(",\n")}\n  ]\n}\n`
}

async function record() {
  const stack = await startAgentStack({
    agentConfig: { minRuntimeMs: 0 },
    files: PROJECT_FILES,
    mockEnv: { MOCK_REPLIES: JSON.stringify(MOCK_REPLIES) },
  })
  try {
    const parent = (await stack.createSession({ title: "bench: parent" })).id
    const untracked = (await stack.createSession({ title: "bench: untracked" })).id
    const tasks = childTasks(stack.directory)
    await stack.promptAsync(parent, parentPrompt(tasks))
    // The untracked session streams while the children work: it starts when the first one exists.
    await stack.waitFor(() => childrenInLaunchOrder(stack.events, parent).length > 0, {
      timeoutMs: RUN_TIMEOUT_MS,
      intervalMs: 20,
      message: "the first child session",
    })
    await stack.promptAsync(untracked, UNTRACKED_PROMPT)
    await stack.waitFor(() => finalNoticeAnswered(stack, parent), {
      timeoutMs: RUN_TIMEOUT_MS,
      intervalMs: 200,
      message: "the parent to answer its final notice",
    })
    await stack.waitIdle(parent, { timeoutMs: RUN_TIMEOUT_MS })
    await stack.waitIdle(untracked, { timeoutMs: RUN_TIMEOUT_MS })

    const events = replayable(stack.events)
    const children = childrenInLaunchOrder(events, parent)
    if (children.length !== 3) throw new Error(`expected 3 child sessions, found ${children.length}`)
    const state = readState(stack)
    const done = (state?.tasks ?? []).filter((t) => t.status === "completed").map((t) => t.session_id)
    if (!children.every((c) => done.includes(c)))
      throw new Error(`not every child completed: ${JSON.stringify(state?.tasks?.map((t) => t.status))}`)
    if (!events.some((e) => e.properties?.sessionID === untracked && e.type === "message.part.delta"))
      throw new Error("the untracked session streamed nothing")

    const meta = {
      what: "OpenCode /event stream of one run: a parent launches three background children (tools, streamed text) while an untracked session streams beside them (benches/events/record.mjs)",
      opencode: OPENCODE_VERSION,
      recordedAt: new Date().toISOString().slice(0, 10),
      parent,
      children,
      untracked,
      tasks: tasks.map(({ description, agent }) => ({ description, agent })),
    }
    fs.mkdirSync(path.dirname(OUT), { recursive: true })
    const text = fixtureText(meta, events)
    fs.writeFileSync(OUT, text)
    const byType = {}
    for (const e of events) byType[e.type] = (byType[e.type] ?? 0) + 1
    console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${events.length} events, ${text.length} bytes`)
    console.log(JSON.stringify(byType))
  } catch (e) {
    console.error(stack.diagnostics())
    throw e
  } finally {
    await stack.stop()
  }
}

await record()
