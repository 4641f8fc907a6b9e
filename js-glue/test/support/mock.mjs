// A mock of the v1 SDK client the plugin gets from OpenCode (`{data, error, response}` envelopes,
// never throwing unless asked to), with in-memory sessions, and helpers that drive the real plugin
// (dist/index.js) the way OpenCode does. Shared by the tests and the launch benchmark.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { tool } from "@opencode-ai/plugin"

export const PKG = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
export const DIST = join(PKG, "dist")
export const plugin = (await import(pathToFileURL(join(DIST, "index.js")).href)).default

// Never read the real user's config.
process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), "bg-agent-xdg-"))

/** Config that makes a task's life short in real time: no minimum runtime, no coalescing delay. */
export const FAST = { minRuntimeMs: 0, coalesceMs: 0, persistDebounceMs: 0, pollIntervalMs: 600000 }

/** The core's host imports doing nothing, reading the clock through `nowMs` (tests override what they watch). */
export function quietHost(overrides = {}) {
  return {
    nowMs: () => Date.now(),
    randomBytes: (n) => new Uint8Array(n),
    call() {},
    setTimer() {},
    setInterest() {},
    taskSettled() {},
    persist() {},
    showToast() {},
    log() {},
    ...overrides,
  }
}

const allowAll = { permission: "*", pattern: "*", action: "allow" }
const deny = (permission) => ({ permission, pattern: "*", action: "deny" })
/** OpenCode's agents as `app.agents` lists them (with a prompt, which the core never needs). */
export const AGENTS = [
  { name: "build", mode: "primary", prompt: "You build.", permission: [allowAll, deny("question")] },
  { name: "plan", mode: "primary", prompt: "You plan.", permission: [allowAll, deny("edit")] },
  { name: "general", mode: "subagent", prompt: "x".repeat(10_000), permission: [allowAll] },
  { name: "explore", mode: "subagent", permission: [allowAll] },
]

export function createMockClient() {
  const sessions = new Map() // id -> Session
  const messages = new Map() // id -> [{info, parts}]
  const rec = {
    creates: [],
    prompts: [],
    aborts: [],
    gets: [],
    updates: [],
    messageReads: [],
    toasts: [],
    logs: [],
    agentLists: 0,
    posts: [],
  }
  const failNext = new Map() // method -> [{error: {status, name, message} | 'throw', session?}]
  let n = 0
  const ok = (data) => Promise.resolve({ data, error: undefined, response: { status: 200 } })
  const answer = (method, data, session) => {
    const queue = failNext.get(method) ?? []
    const i = queue.findIndex((f) => f.session === undefined || f.session === session)
    const f = i < 0 ? undefined : queue.splice(i, 1)[0].error
    if (f === "throw") return Promise.reject(new TypeError("fetch failed"))
    if (f)
      return Promise.resolve({
        data: undefined,
        error: { name: f.name, data: { message: f.message } },
        response: { status: f.status },
      })
    return ok(data)
  }
  const addSession = (id, parentID) => {
    const s = { id, parentID, title: id, time: { created: Date.now(), updated: Date.now() } }
    sessions.set(id, s)
    return s
  }
  const client = {
    // The transport under the v1 methods: routes only the v2 API has (answering a child) go here.
    _client: {
      post({ url, path, body }) {
        rec.posts.push({ url, path, body })
        return answer("post", true)
      },
    },
    session: {
      create({ body }) {
        const id = `ses_child${String(++n).padStart(3, "0")}`
        rec.creates.push({ id, body })
        return answer("create", { ...addSession(id, body.parentID), title: body.title, permission: body.permission })
      },
      get({ path }) {
        rec.gets.push(path.id)
        const s = sessions.get(path.id)
        if (!s)
          return Promise.resolve({
            data: undefined,
            error: { name: "NotFoundError", data: { message: `Session not found: ${path.id}` } },
            response: { status: 404 },
          })
        return answer("get", s)
      },
      update({ path, body }) {
        rec.updates.push({ sessionID: path.id, body })
        const s = sessions.get(path.id)
        if (s && body.metadata !== undefined) s.metadata = body.metadata
        return answer("update", s ?? {})
      },
      promptAsync({ path, body }) {
        rec.prompts.push({ sessionID: path.id, body })
        return answer("promptAsync", {}, path.id)
      },
      abort({ path }) {
        rec.aborts.push(path.id)
        return answer("abort", true)
      },
      messages({ path, query }) {
        rec.messageReads.push({ sessionID: path.id, limit: query?.limit })
        return answer("messages", (messages.get(path.id) ?? []).slice(-(query?.limit ?? 1000)))
      },
      status() {
        return answer("status", {})
      },
    },
    tui: {
      showToast({ body }) {
        rec.toasts.push(body)
        return ok(true)
      },
    },
    app: {
      log({ body }) {
        rec.logs.push(body)
        return ok(true)
      },
      agents() {
        rec.agentLists++
        return answer("agents", AGENTS)
      },
    },
  }
  return {
    client,
    rec,
    sessions,
    messages,
    addSession,
    /** The next call(s) of `method` (of `session`, if given) fail with this SDK error, or 'throw' (network). */
    fail(method, error, times = 1, session = undefined) {
      for (let i = 0; i < times; i++)
        (failNext.get(method) ?? failNext.set(method, []).get(method)).push({ error, session })
    },
    /** The child's last assistant turn says `text` (what the core reads to verify completion). */
    reply(sessionID, text, extra = {}) {
      const list = messages.get(sessionID) ?? []
      list.push({
        info: { id: `msg_u${list.length}`, sessionID, role: "user", agent: "general" },
        parts: [{ type: "text", text: "do it" }],
      })
      list.push({
        info: { id: `msg_a${list.length}`, sessionID, role: "assistant", ...extra },
        parts: [{ type: "text", text }],
      })
      messages.set(sessionID, list)
    },
  }
}

export function tempProject({ config, userConfig, raw, rawUser } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "bg-agent-project-"))
  if (config !== undefined || raw !== undefined) {
    mkdirSync(join(dir, ".opencode"), { recursive: true })
    writeFileSync(join(dir, ".opencode", "background-agent.json"), raw ?? JSON.stringify(config))
  }
  const userFile = join(process.env.XDG_CONFIG_HOME, "opencode", "background-agent.json")
  rmSync(userFile, { force: true })
  if (userConfig !== undefined || rawUser !== undefined) {
    mkdirSync(dirname(userFile), { recursive: true })
    writeFileSync(userFile, rawUser ?? JSON.stringify(userConfig))
  }
  return dir
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

export async function waitFor(pred, { timeoutMs = 3000, what = "condition" } = {}) {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await pred()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(2)
  }
}

/**
 * Starts the real plugin on a mock client. `parents` are root sessions that exist (launch looks
 * its parent up). Returns helpers that call tools and hooks as OpenCode does.
 */
export async function start({
  dir = tempProject({ config: FAST }),
  mock = createMockClient(),
  parents = ["ses_A", "ses_B"],
  options,
} = {}) {
  for (const p of parents) if (!mock.sessions.has(p)) mock.addSession(p)
  const hooks = await plugin(
    {
      client: mock.client,
      directory: dir,
      worktree: dir,
      project: { id: "p" },
      serverUrl: new URL("http://localhost:4096"),
      $: undefined,
    },
    options,
  )
  let calls = 0
  const ctxFor = (sessionID, extra = {}) => ({
    sessionID,
    messageID: `msg_parent${++calls}`,
    agent: "build",
    directory: dir,
    worktree: dir,
    abort: new AbortController().signal,
    metadata() {},
    ask: async () => {},
    ...extra,
  })
  return {
    dir,
    mock,
    hooks,
    /** A tool call: arguments validated by the tool's own schema, as OpenCode does. */
    async tool(name, args = {}, sessionID = "ses_A", extra = {}) {
      const def = hooks.tool[name]
      const parsed = tool.schema.object(def.args).parse(args)
      return def.execute(parsed, ctxFor(sessionID, extra))
    },
    event(type, properties) {
      return hooks.event({ event: { id: `evt_${type}`, type, properties } })
    },
    /** Launches a task and waits until its child session was prompted (it runs). */
    async launch(args = {}, sessionID = "ses_A") {
      const before = mock.rec.creates.length
      const out = await this.tool(
        "background_task",
        { description: "look around", prompt: "Read the code.", agent: "general", ...args },
        sessionID,
      )
      const taskId = out.metadata.taskId
      if (!taskId) return { out }
      const child = await waitFor(() => mock.rec.creates[before]?.id, { what: "session.create" })
      await waitFor(() => mock.rec.prompts.some((p) => p.sessionID === child), { what: "the child prompt" })
      return { out, taskId, child }
    },
    /** The child answers and goes idle; resolves when the task is terminal. */
    async finish(child, text = "All done.") {
      mock.reply(child, text)
      await this.event("session.status", { sessionID: child, status: { type: "idle" } })
    },
    dispose: () => hooks.dispose(),
  }
}

/** `start`, with every stack it made disposed after the file's tests (`after` from node:test). */
export function startDisposedAfter(after) {
  const started = []
  after(async () => {
    for (const s of started) await s.dispose()
  })
  return async (opts) => {
    const s = await start(opts)
    started.push(s)
    return s
  }
}
