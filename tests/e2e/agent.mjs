// Helpers shared by the background-agent end-to-end tests and the demo: a stack with the packed
// plugin loaded, mock directives that make the "model" call the plugin's tools, and readers for
// what OpenCode and the plugin recorded. Node >= 20, built-ins only.

import fs from "node:fs"
import path from "node:path"
import { MODEL, startStack } from "./harness.mjs"
import { pluginPackage } from "./plugin-package.mjs"

/** Extra models of the mock provider (any id works with the mock; OpenCode needs them declared). */
export const EXTRA_MODELS = ["mock-primary"]

/** Where the plugin keeps its files, relative to the project: `<id>.state.json` and `<id>.lease.json` per instance. */
export const STATE_DIR = path.join(".opencode", "background-agent")
export const CONFIG_FILE = path.join(".opencode", "background-agent.json")

/**
 * Starts a stack (see harness.mjs) with the packed plugin named in the project's opencode.json
 * and `agentConfig` written to .opencode/background-agent.json (`pluginOptions`, if given, go into
 * opencode.json as `[plugin, options]`); with the mock, the mock provider
 * also declares EXTRA_MODELS. Other options go to startStack.
 */
export async function startAgentStack({ agentConfig = {}, pluginOptions, config = {}, files = {}, ...rest } = {}) {
  const pkg = await pluginPackage()
  const models = Object.fromEntries(
    EXTRA_MODELS.map((id) => [id, { name: id, tool_call: true, limit: { context: 128000, output: 4096 } }]),
  )
  const withMock = rest.mock !== false
  const stack = await startStack({
    config: {
      plugin: [pluginOptions ? [pkg.entry, pluginOptions] : pkg.entry],
      ...(withMock ? { provider: { [MODEL.providerID]: { models } } } : {}),
      ...config,
    },
    files: { [CONFIG_FILE]: JSON.stringify(agentConfig, null, 2), ...files },
    ...rest,
  })
  stack.plugin = pkg
  return stack
}

// ---- directives ---------------------------------------------------------------------------------

/** One mock step calling each tool of `calls` ([name, args]) in parallel, in one model turn. */
export function toolDirective(calls) {
  return `mock: ${calls.map(([name, args]) => `tool=${name} args=${JSON.stringify(args ?? {})}`).join(" ")}`
}

/** A parent prompt whose model launches `tasks` ({description, prompt, agent?, model?}) in one turn. */
export function launchDirective(tasks) {
  return toolDirective(tasks.map((t) => ["background_task", { agent: "general", ...t }]))
}

// ---- reading OpenCode ------------------------------------------------------------------------------

/** Text of a message's text parts, joined. */
export function textOf(message) {
  return message.parts
    .filter((p) => p.type === "text")
    .map((p) => p.text)
    .join("\n")
}

/** The child sessions of `parentID` (OpenCode's own record, newest last). */
export async function childSessions(stack, parentID) {
  const all = await stack.api("GET", "/session")
  return all.filter((s) => s.parentID === parentID).sort((a, b) => a.time.created - b.time.created)
}

/**
 * Sends `calls` as one model turn in `sessionID` (a synchronous prompt, with `extra` fields such as
 * `agent` in its body) and returns the tool parts of that turn, in call order: [{tool, status,
 * input, output, metadata}].
 */
export async function callTools(stack, sessionID, calls, { timeoutMs = 30000, extra = {} } = {}) {
  const text = toolDirective(calls)
  await stack.prompt(sessionID, text, extra, { timeoutMs })
  const messages = await stack.messages(sessionID)
  const userIdx = messages.findLastIndex((m) => m.info.role === "user" && textOf(m).includes(text))
  if (userIdx < 0) throw new Error(`the prompt ${text.slice(0, 80)} is not in ${sessionID}`)
  const turn = messages.slice(userIdx + 1).filter((m) => m.info.role === "assistant")
  const parts = turn.flatMap((m) => m.parts).filter((p) => p.type === "tool")
  return parts.map((p) => ({
    tool: p.tool,
    status: p.state.status,
    input: p.state.input,
    output: p.state.output ?? p.state.error,
    metadata: p.state.metadata,
  }))
}

/** background_output for each id, from `sessionID`, in one turn: the outputs in order. */
export async function outputs(stack, sessionID, ids) {
  const parts = await callTools(
    stack,
    sessionID,
    ids.map((id) => ["background_output", { task_id: id }]),
  )
  if (parts.length !== ids.length)
    throw new Error(`expected one background_output part per id (${ids.length}), got ${parts.length}`)
  return parts.map((p) => p.output)
}

/** The task id in a background_task reply. */
export function taskIdOf(launchOutput) {
  const m = /Task ID: (bg_[A-Za-z0-9]+)/.exec(launchOutput ?? "")
  if (!m) throw new Error(`no task id in: ${launchOutput}`)
  return m[1]
}

/** Launches `tasks` from `parentID` in one turn; returns [{id, description, output}] in order. */
export async function launch(stack, parentID, tasks, o) {
  const parts = await callTools(
    stack,
    parentID,
    tasks.map((t) => ["background_task", { agent: "general", ...t }]),
    o,
  )
  if (parts.length !== tasks.length)
    throw new Error(`expected ${tasks.length} background_task calls, got ${parts.length}`)
  return parts.map((p, i) => {
    if (p.tool !== "background_task" || p.status !== "completed")
      throw new Error(`background_task #${i} ${p.status}: ${p.output}`)
    return { id: taskIdOf(p.output), description: tasks[i].description, output: p.output }
  })
}

/**
 * A `test` whose failures carry the log tails and the plugin's task table of the stack that
 * `stackOf()` names (the running describe block's).
 */
export function diagnosedTest(test, stackOf) {
  return (name, opts, fn) =>
    test(name, opts, async (t) => {
      try {
        await fn(t)
      } catch (e) {
        const stack = stackOf()
        if (stack && e && typeof e === "object") e.message = `${e.message}\n${agentDiagnostics(stack)}`
        throw e
      }
    })
}

/**
 * The user messages of a session that are notices of this plugin (outcomes, batch summaries, and
 * the info notices: NEEDS INPUT, STALLED), with their index and what follows.
 */
export function notices(messages) {
  const out = []
  messages.forEach((m, i) => {
    if (m.info.role !== "user") return
    const text = textOf(m)
    if (!/^\[(BACKGROUND TASK [A-Z]+(?: [A-Z]+)*|ALL BACKGROUND TASKS (COMPLETE|FINISHED - [^\]]+))\]/.test(text))
      return
    const next = messages[i + 1]
    out.push({
      index: i,
      text,
      kind: /^\[([^\]]+)\]/.exec(text)[1],
      info: m.info,
      woke: next?.info.role === "assistant",
      next,
    })
  })
  return out
}

// ---- reading the plugin --------------------------------------------------------------------------

/**
 * The plugin instances that have files in the project: [{id, lease, state, mtimeMs}], `lease` and
 * `state` parsed (undefined when missing or unreadable), oldest state file first.
 */
export function instanceFiles(stack) {
  const dir = path.join(stack.directory, STATE_DIR)
  const read = (f) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))
    } catch {
      return undefined
    }
  }
  let names
  try {
    names = fs.readdirSync(dir)
  } catch {
    return []
  }
  const ids = new Set(names.map((f) => /^([0-9a-f]{32})\.(state|lease)\.json$/.exec(f)?.[1]).filter(Boolean))
  const mtime = (f) => {
    try {
      return fs.statSync(path.join(dir, f)).mtimeMs
    } catch {
      return 0
    }
  }
  return [...ids]
    .map((id) => ({
      id,
      lease: read(`${id}.lease.json`),
      state: read(`${id}.state.json`),
      mtimeMs: mtime(`${id}.state.json`),
    }))
    .sort((a, b) => a.mtimeMs - b.mtimeMs)
}

/**
 * The plugin's snapshot: the tasks of every instance's state file, by id (a newer file's copy
 * wins), or undefined when there is none. With `pid`, only the files of instances of that process.
 */
export function readState(stack, { pid } = {}) {
  const files = instanceFiles(stack).filter((f) => f.state && (pid === undefined || f.lease?.pid === pid))
  if (files.length === 0) return undefined
  const tasks = new Map()
  for (const f of files) for (const t of f.state.tasks ?? []) tasks.set(t.id, t)
  return { ...files.at(-1).state, tasks: [...tasks.values()] }
}

/** Tasks of the snapshot by id (see readState). */
export function stateTasks(stack, o) {
  return new Map((readState(stack, o)?.tasks ?? []).map((t) => [t.id, t]))
}

/** Lines of the OpenCode log written by this plugin (task transitions, restores, refusals). */
export function pluginLog(stack) {
  return stack
    .serverLog()
    .split("\n")
    .filter((l) =>
      /message="?(bg_[A-Za-z0-9]+ |restored |adopted |config refused|the core |event relay|chat\.message|compaction|could not |the lease )/.test(
        l,
      ),
    )
}

/** Diagnostics for a failure: the stack's log tails, then the plugin's tasks and log lines. */
export function agentDiagnostics(stack) {
  const tasks = [...stateTasks(stack).values()].map(
    (t) =>
      `  ${t.id} "${t.description}" ${t.status}/${t.phase ?? "NotRunning"} session=${t.session_id} parent=${t.parent?.session_id}${t.error ? ` error=${JSON.stringify(t.error)}` : ""}`,
  )
  return [
    stack.diagnostics(),
    "--- plugin tasks (every instance's state file):",
    ...(tasks.length ? tasks : ["  (none)"]),
    "--- plugin log, last 15 lines:",
    ...pluginLog(stack).slice(-15),
  ].join("\n")
}
