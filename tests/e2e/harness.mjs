// End-to-end harness: starts a fully isolated stack (a scripted mock model + a real
// `opencode serve`) and always tears it down. Node >= 20, built-ins only.
//
//   import { startStack } from './harness.mjs';
//   const stack = await startStack({ config: { plugin: ['file:///abs/plugin.js'] } });
//   try { ... await stack.api('POST', '/session', {}) ... } finally { await stack.stop(); }
//
// Needs tests/e2e/install-opencode to have run (it fills the cache dir below).
//
// Environment:
//   OPENCODE_E2E_CACHE  cache dir of install-opencode (default ~/.cache/opencode-background-agent/e2e)
//   OPENCODE_BIN        use this opencode binary instead of <cache>/bin/opencode
//   E2E_KEEP=1          keep the temp dir (logs, DB, project) after stop(); its path is printed
//   E2E_DEBUG=1         print progress of startStack/stop on stderr

import { spawn, execFileSync } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"

const HERE = path.dirname(fileURLToPath(import.meta.url))
export const OPENCODE_VERSION = "1.18.33"
export const CACHE_DIR =
  process.env.OPENCODE_E2E_CACHE || path.join(os.homedir(), ".cache", "opencode-background-agent", "e2e")
export const SEED_DIR = path.join(CACHE_DIR, "config-seed")
export const MOCK_MODEL = path.join(HERE, "mock-model.mjs")
/** Model id of the mock as OpenCode names it. */
export const MODEL = { providerID: "mock", modelID: "mock-model" }

const DEBUG = process.env.E2E_DEBUG === "1"
const debug = (...a) => {
  if (DEBUG) process.stderr.write(`[e2e ${new Date().toISOString().slice(11, 23)}] ${a.join(" ")}\n`)
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
/** Like sleep, but does not keep the process alive (for the timeout side of a Promise.race). */
const unrefSleep = (ms) => new Promise((r) => setTimeout(r, ms).unref())

/** The offline / isolation switches of OpenCode (see shared notes). */
export const OFFLINE_ENV = {
  OPENCODE_DISABLE_MODELS_FETCH: "1",
  OPENCODE_DISABLE_AUTOUPDATE: "1",
  OPENCODE_DISABLE_SHARE: "1",
  OPENCODE_DISABLE_LSP_DOWNLOAD: "1",
  OPENCODE_DISABLE_DEFAULT_PLUGINS: "1",
  OPENCODE_DISABLE_CLAUDE_CODE: "1",
  OPENCODE_DISABLE_EXTERNAL_SKILLS: "1",
  OPENCODE_DISABLE_EMBEDDED_WEB_UI: "1",
}

/** The project opencode.json every stack starts from; `config` of startStack is merged into it. */
export function baseConfig() {
  return {
    autoupdate: false,
    share: "disabled",
    snapshot: false,
    lsp: false,
    formatter: false,
    model: `${MODEL.providerID}/${MODEL.modelID}`,
    small_model: `${MODEL.providerID}/${MODEL.modelID}`,
    enabled_providers: [MODEL.providerID],
    provider: {
      [MODEL.providerID]: {
        npm: "@ai-sdk/openai-compatible",
        name: "Mock",
        options: { baseURL: "{env:MOCK_BASE_URL}", apiKey: "x" },
        models: { [MODEL.modelID]: { name: "Mock model", tool_call: true, limit: { context: 128000, output: 4096 } } },
      },
    },
  }
}

function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v)
}

/** Deep merge of plain objects; arrays and scalars of `b` replace those of `a`. */
/** How `background_output` shows a child's answer: fenced, after a line saying whose words they are. */
export const resultBlock = (text) => `Result (the sub-agent's answer):\n\`\`\`\n${text}\n\`\`\``

/** How the plugin quotes one line of text it did not write (a description, an error). */
export const quoted = (text) => JSON.stringify(text)

export function mergeConfig(a, b) {
  if (!isPlainObject(a) || !isPlainObject(b)) return b === undefined ? a : b
  const out = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = isPlainObject(v) && isPlainObject(a[k]) ? mergeConfig(a[k], v) : v
  return out
}

/** Path of the opencode binary; throws with a hint when install-opencode has not run. */
export function opencodeBinary() {
  const bin = process.env.OPENCODE_BIN || path.join(CACHE_DIR, "bin", "opencode")
  if (!fs.existsSync(bin)) throw new Error(`opencode binary not found at ${bin}: run tests/e2e/install-opencode first`)
  return bin
}

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Polls `predicate` (sync or async) until it returns a truthy value, which is returned.
 * Errors thrown by the predicate count as "not yet" (the last one is reported on timeout).
 */
export async function waitFor(predicate, { timeoutMs = 15000, intervalMs = 100, message = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs
  let lastErr
  for (;;) {
    try {
      const v = await predicate()
      if (v) return v
    } catch (e) {
      lastErr = e
    }
    if (Date.now() >= deadline) {
      const err = new Error(
        `timed out after ${timeoutMs} ms waiting for ${message}${lastErr ? ` (last error: ${lastErr.message})` : ""}`,
      )
      err.cause = lastErr
      throw err
    }
    await sleep(intervalMs)
  }
}

// ---- process bookkeeping: nothing survives the test process --------------------------------------

const live = new Set() // stacks not stopped yet
let hooksInstalled = false

function killTree(child, signal) {
  if (!child?.pid) return
  // Each child is started detached, i.e. leads its own process group: signal the group (catches
  // anything it spawned), then the pid itself in case it left the group.
  try {
    process.kill(-child.pid, signal)
  } catch {
    /* gone */
  }
  try {
    process.kill(child.pid, signal)
  } catch {
    /* gone */
  }
}

function isAlive(child) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return false
  try {
    process.kill(child.pid, 0)
    return true
  } catch {
    return false
  }
}

function emergencyCleanup() {
  for (const stack of live) {
    try {
      stack._killNow()
    } catch {
      /* best effort */
    }
  }
  live.clear()
}

function installExitHooks() {
  if (hooksInstalled) return
  hooksInstalled = true
  process.on("exit", emergencyCleanup)
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(sig, () => {
      emergencyCleanup()
      process.kill(process.pid, sig) // re-raise with the default action
    })
  }
}

async function terminate(child, name, graceMs) {
  if (!child?.pid) return
  if (!isAlive(child)) {
    killTree(child, "SIGKILL")
    return
  }
  const exited = new Promise((r) => child.once("exit", r))
  killTree(child, "SIGTERM")
  const t = Date.now()
  const ok = await Promise.race([exited.then(() => true), unrefSleep(graceMs).then(() => false)])
  if (!ok) {
    debug(`${name} (pid ${child.pid}) ignored SIGTERM for ${graceMs} ms: SIGKILL`)
    killTree(child, "SIGKILL")
    await Promise.race([exited, unrefSleep(2000)])
  } else debug(`${name} (pid ${child.pid}) exited ${Date.now() - t} ms after SIGTERM`)
  killTree(child, "SIGKILL") // stragglers of its process group
}

function tail(file, n = 60) {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-n).join("\n")
  } catch {
    return "(no log)"
  }
}

// ---- config dir seeding ----------------------------------------------------------------------

/**
 * Makes `dir` an already-installed OpenCode config dir: copies the seed's package.json and
 * package-lock.json and symlinks its node_modules, so OpenCode skips its own npm install.
 */
export function seedConfigDir(dir) {
  for (const f of ["package.json", "package-lock.json"]) {
    if (!fs.existsSync(path.join(SEED_DIR, f)))
      throw new Error(`config seed incomplete (${f} missing in ${SEED_DIR}): run tests/e2e/install-opencode`)
  }
  fs.mkdirSync(dir, { recursive: true })
  fs.copyFileSync(path.join(SEED_DIR, "package.json"), path.join(dir, "package.json"))
  fs.copyFileSync(path.join(SEED_DIR, "package-lock.json"), path.join(dir, "package-lock.json"))
  const nm = path.join(dir, "node_modules")
  fs.rmSync(nm, { recursive: true, force: true })
  fs.symlinkSync(path.join(SEED_DIR, "node_modules"), nm, "dir")
}

// ---- SSE event recorder ------------------------------------------------------------------------

/**
 * Subscribes to `url` (an OpenCode /event stream) and pushes every parsed event into `events`,
 * stamped with `_receivedAt` (Date.now() when it arrived).
 */
function recordEvents(url, events) {
  const ac = new AbortController()
  const done = (async () => {
    try {
      const res = await fetch(url, { signal: ac.signal, headers: { accept: "text/event-stream" } })
      if (!res.ok || !res.body) return
      const decoder = new TextDecoder()
      let buf = ""
      for await (const chunk of res.body) {
        buf += decoder.decode(chunk, { stream: true })
        let i
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i)
          buf = buf.slice(i + 2)
          const data = block
            .split("\n")
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trimStart())
            .join("\n")
          if (!data) continue
          let ev
          try {
            ev = JSON.parse(data)
          } catch {
            continue /* not JSON */
          }
          if (ev && typeof ev === "object") ev._receivedAt = Date.now() // when the recorder got it (ms)
          events.push(ev)
        }
      }
    } catch {
      /* aborted or server gone */
    }
  })()
  return {
    stop: async () => {
      ac.abort()
      await Promise.race([done, unrefSleep(1000)])
    },
  }
}

// ---- HTTP helpers ----------------------------------------------------------------------------

/** URL of `p` on the server with `?directory=` of the project added (unless already there). */
function urlOf(stack, p) {
  const u = new URL(p, stack.baseUrl)
  if (!u.searchParams.has("directory")) u.searchParams.set("directory", stack.directory)
  return u.toString()
}

/**
 * Raw request: resolves {status, ok, data, text} (data = parsed JSON or undefined); never throws
 * on HTTP errors, only on transport errors and on the timeout (default 60 s).
 */
async function requestOf(stack, method, p, body, { timeoutMs = 60000, headers = {} } = {}) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(timeoutMs) }
  if (body !== undefined) {
    init.headers["content-type"] = "application/json"
    init.body = typeof body === "string" ? body : JSON.stringify(body)
  }
  const res = await fetch(urlOf(stack, p), init)
  const text = await res.text()
  let data
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = undefined
  }
  return { status: res.status, ok: res.ok, data, text }
}

// Methods of every stack object (bound to it by startStack).
const helpers = {
  url(p) {
    return urlOf(this, p)
  },
  request(method, p, body, o) {
    return requestOf(this, method, p, body, o)
  },
  /** JSON request that throws on a non-2xx answer; resolves the parsed body. */
  async api(method, p, body, o) {
    const r = await requestOf(this, method, p, body, o)
    if (!r.ok) {
      const err = new Error(`${method} ${p} -> HTTP ${r.status}: ${r.text.slice(0, 500)}`)
      err.status = r.status
      err.data = r.data
      throw err
    }
    return r.data
  },
  waitFor(predicate, o) {
    return waitFor(predicate, o)
  },
  /** Parsed request log of the mock model (one object per request). */
  mockLog() {
    try {
      return fs
        .readFileSync(this.logs.mockRequests, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    } catch {
      return []
    }
  },
  /** opencode serve's stdout + stderr (--print-logs writes its log to stderr). */
  serverLog() {
    const r = (f) => {
      try {
        return fs.readFileSync(f, "utf8")
      } catch {
        return ""
      }
    }
    return r(this.logs.serverOut) + r(this.logs.serverErr)
  },

  /** A short text to attach to a failure: where the stack lives, the tails of its logs. */
  diagnostics({ lines = 40 } = {}) {
    const reqs = this.mockLog()
      .slice(-10)
      .map(
        (r) =>
          `  #${r.seq} ${r.kind} step=${r.step} last=${r.lastRole} -> ${JSON.stringify(r.answer)} user=${JSON.stringify((r.lastUser ?? "").slice(0, 80))}`,
      )
    return [
      `--- e2e stack ${this.root}${process.env.E2E_KEEP === "1" ? "" : " (set E2E_KEEP=1 to keep it)"}`,
      `--- opencode log, last ${lines} lines:`,
      tail(this.logs.serverErr, lines),
      ...(this.mock ? ["--- last mock requests:", ...reqs] : []),
    ].join("\n")
  },

  // ---- conveniences over the HTTP API --------------------------------------------------------
  createSession(body = {}) {
    return this.api("POST", "/session", body)
  },
  /** Synchronous prompt: resolves {info, parts} of the assistant message when the run ends. */
  prompt(sessionID, text, extra = {}, o) {
    return this.api("POST", `/session/${sessionID}/message`, { parts: [{ type: "text", text }], ...extra }, o)
  },
  /** Asynchronous prompt (HTTP 204): the run goes on in the background. */
  promptAsync(sessionID, text, extra = {}) {
    return this.api("POST", `/session/${sessionID}/prompt_async`, { parts: [{ type: "text", text }], ...extra })
  },
  messages(sessionID) {
    return this.api("GET", `/session/${sessionID}/message`)
  },
  /** Events of the project's /event stream recorded so far, optionally only those of `type`. */
  eventsOf(type, sessionID) {
    return this.events.filter(
      (e) => (!type || e.type === type) && (!sessionID || e.properties?.sessionID === sessionID),
    )
  },
  /** Waits until the session is idle: not listed by GET /session/status. */
  waitIdle(sessionID, o = {}) {
    return waitFor(async () => !(sessionID in ((await this.api("GET", "/session/status")) ?? {})), {
      message: `session ${sessionID} idle`,
      ...o,
    })
  },
}

/**
 * Starts `opencode serve` for `stack` (one retry on another port if it dies early, e.g. the port
 * was taken), waits for /global/health, boots the project instance (which loads config and
 * plugins) and, if asked, (re)opens the /event recorder. `stack.events` keeps accumulating
 * across restarts.
 */
async function launchServer(stack) {
  const { bin, healthTimeoutMs, bootTimeoutMs, recordEvents: recordEventsToo } = stack._serverOpts
  const { logs } = stack
  const t0 = Date.now()
  for (let attempt = 1; ; attempt++) {
    stack.port = await freePort()
    stack.baseUrl = `http://127.0.0.1:${stack.port}`
    const outFd = fs.openSync(logs.serverOut, "a")
    const errFd = fs.openSync(logs.serverErr, "a")
    stack.server = spawn(bin, ["serve", "--hostname", "127.0.0.1", "--port", String(stack.port), "--print-logs"], {
      cwd: stack.directory,
      env: stack._serverEnv,
      stdio: ["ignore", outFd, errFd],
      detached: true,
    })
    fs.closeSync(outFd)
    fs.closeSync(errFd)
    debug(`opencode serve on ${stack.port} (pid ${stack.server.pid}), attempt ${attempt}`)
    try {
      await waitFor(
        async () => {
          if (!isAlive(stack.server)) throw Object.assign(new Error("opencode serve exited"), { exited: true })
          const res = await fetch(`${stack.baseUrl}/global/health`, { signal: AbortSignal.timeout(2000) })
          if (!res.ok) return false
          const body = await res.json()
          return body?.healthy === true
        },
        { timeoutMs: healthTimeoutMs, intervalMs: 100, message: "opencode /global/health" },
      )
      break
    } catch (e) {
      const exited = !isAlive(stack.server)
      await terminate(stack.server, "opencode", 1000)
      if (exited && attempt < 2) continue
      throw new Error(
        `opencode serve did not become healthy: ${e.message}\n--- server log tail ---\n${tail(logs.serverErr)}`,
      )
    }
  }
  debug(`healthy after ${Date.now() - t0} ms`)

  await stack.api("GET", "/config", undefined, { timeoutMs: bootTimeoutMs })
  debug(`instance booted after ${Date.now() - t0} ms`)
  if (recordEventsToo) {
    const before = stack.events.length
    stack._recorder = recordEvents(stack.url("/event"), stack.events)
    // The stream opens with server.connected: wait for it so no later event is missed.
    await waitFor(() => stack.events.length > before, {
      timeoutMs: 10000,
      intervalMs: 20,
      message: "the /event stream to open",
    })
  }
}

/**
 * stopServer, killServer, startServer and restartServer of `s` (a stack or one of its peers): each
 * about `s.server` only; the mock and all data stay.
 */
function addServerControls(s, stopGraceMs) {
  /** Stops only opencode serve (SIGTERM, like a user quitting it); the mock and all data stay. */
  s.stopServer = async () => {
    try {
      await s._recorder?.stop()
    } catch {
      /* ignore */
    }
    s._recorder = null
    await terminate(s.server, "opencode", stopGraceMs)
  }
  /** Kills opencode serve outright (SIGKILL: a crash, an OOM kill, a power cut); data stays. */
  s.killServer = async () => {
    try {
      await s._recorder?.stop()
    } catch {
      /* ignore */
    }
    s._recorder = null
    const exited = isAlive(s.server) ? new Promise((r) => s.server.once("exit", r)) : Promise.resolve()
    killTree(s.server, "SIGKILL")
    await Promise.race([exited, unrefSleep(5000)])
  }
  /** Starts opencode serve again on the same HOME/XDG, project and mock (after stopServer). */
  s.startServer = async () => {
    if (s._stopped) throw new Error("startServer after stop()")
    if (isAlive(s.server)) throw new Error("opencode serve is still running: stopServer() first")
    const t = Date.now()
    await launchServer(s)
    return Date.now() - t
  }
  /** stopServer() then startServer(); resolves the time the new server took to boot (ms). */
  s.restartServer = async () => {
    await s.stopServer()
    return s.startServer()
  }
}

// ---- the stack -----------------------------------------------------------------------------------

/**
 * Starts an isolated stack. Options:
 *   config          extra project opencode.json, deep-merged into baseConfig() (e.g. {plugin: [...]})
 *   globalConfig    if set, written as $XDG_CONFIG_HOME/opencode/opencode.json
 *   files           { 'relative/path/in/project': 'content' } written before the server starts
 *                   (e.g. '.opencode/plugins/x.js')
 *   env             extra environment for opencode serve
 *   mockEnv         extra environment for the mock model (e.g. MOCK_TITLE)
 *   events          record GET /event of the project into stack.events (default true)
 *   healthTimeoutMs bound for the server to answer /global/health (default 30000)
 *   bootTimeoutMs   bound for the first ?directory= request (default 60000)
 *   stopGraceMs     SIGTERM -> SIGKILL grace per process on stop (default 5000)
 *   gitCommit       make an empty root commit in the project (default true; false leaves a
 *                   fresh `git init` without commits, which OpenCode files under project "global")
 *   base            the project opencode.json that `config` is merged into (default baseConfig())
 *   mock            start the mock model (default true; false: no mock, MOCK_BASE_URL unset)
 *   isolate         temp HOME/XDG and no inherited provider keys (default true). false runs
 *                   against the user's real HOME, config and credentials: nothing is written
 *                   there (the user's config dir is not seeded; `globalConfig` is refused); only
 *                   the project, logs and TMPDIR are temporary. For a demo with a real provider.
 *   offline         set every offline switch of OFFLINE_ENV (default true); false sets only
 *                   OPENCODE_DISABLE_AUTOUPDATE and OPENCODE_DISABLE_SHARE (a real provider may
 *                   need the models catalogue and OpenCode's built-in auth plugins)
 */
export async function startStack(opts = {}) {
  const {
    config = {},
    globalConfig,
    files = {},
    env = {},
    mockEnv = {},
    events: recordEventsToo = true,
    healthTimeoutMs = 30000,
    bootTimeoutMs = 60000,
    stopGraceMs = 5000,
    gitCommit = true,
    base = baseConfig(),
    mock: withMock = true,
    isolate = true,
    offline = true,
  } = opts
  if (!isolate && globalConfig)
    throw new Error("startStack: globalConfig needs isolate (it would overwrite the user's config)")
  installExitHooks()
  const bin = opencodeBinary()
  const t0 = Date.now()

  const root = fs.mkdtempSync(path.join(os.tmpdir(), "oc-e2e-"))
  const home = isolate ? path.join(root, "home") : os.homedir()
  const xdg = isolate
    ? {
        XDG_CONFIG_HOME: path.join(home, ".config"),
        XDG_DATA_HOME: path.join(home, ".local", "share"),
        XDG_CACHE_HOME: path.join(home, ".cache"),
        XDG_STATE_HOME: path.join(home, ".local", "state"),
      }
    : {}
  const directory = path.join(root, "project")
  const logDir = path.join(root, "logs")
  // OpenCode (Bun) extracts native libraries into TMPDIR and does not always remove them.
  const tmp = path.join(root, "tmp")
  for (const d of [...(isolate ? [home] : []), ...Object.values(xdg), directory, logDir, tmp])
    fs.mkdirSync(d, { recursive: true })
  const logs = {
    mockRequests: path.join(logDir, "mock-requests.jsonl"),
    mockOut: path.join(logDir, "mock.out"),
    serverOut: path.join(logDir, "server.out"),
    serverErr: path.join(logDir, "server.err"),
  }

  const stack = {
    root,
    home,
    directory,
    logDir,
    logs,
    baseUrl: null,
    port: null,
    mockPort: null,
    mockBaseUrl: null,
    server: null,
    mock: null,
    events: [],
    _recorder: null,
    _stopped: false,
    _peers: [],
  }
  for (const [k, f] of Object.entries(helpers)) stack[k] = f.bind(stack)

  // Synchronous last-resort kill (process 'exit' / signals).
  stack._killNow = () => {
    for (const peer of stack._peers) killTree(peer.server, "SIGKILL")
    killTree(stack.server, "SIGKILL")
    killTree(stack.mock, "SIGKILL")
    if (process.env.E2E_KEEP !== "1") fs.rmSync(root, { recursive: true, force: true })
  }

  addServerControls(stack, stopGraceMs)

  /**
   * Starts another `opencode serve` on this stack's project, HOME/XDG (so the same OpenCode
   * database) and mock, as a second terminal on the same project would: its own port, `/event`
   * recorder (`peer.events`) and log files (`server-<name>.out` / `.err`). Resolves the peer: the
   * stack's request helpers and stopServer / killServer / startServer / restartServer, all about
   * its own server; `peer.stop()` stops only that server. The stack's stop() stops its peers too.
   */
  stack.startPeer = async (name) => {
    if (stack._stopped) throw new Error("startPeer after stop()")
    const peer = {
      name,
      root,
      home,
      directory,
      logDir,
      logs: {
        ...logs,
        serverOut: path.join(logDir, `server-${name}.out`),
        serverErr: path.join(logDir, `server-${name}.err`),
      },
      baseUrl: null,
      port: null,
      mockPort: stack.mockPort,
      mockBaseUrl: stack.mockBaseUrl,
      server: null,
      mock: stack.mock,
      events: [],
      _recorder: null,
      _stopped: false,
      _serverEnv: stack._serverEnv,
      _serverOpts: stack._serverOpts,
    }
    for (const [k, f] of Object.entries(helpers)) peer[k] = f.bind(peer)
    addServerControls(peer, stopGraceMs)
    peer.stop = async () => {
      if (peer._stopped) return
      peer._stopped = true
      await peer.stopServer()
    }
    stack._peers.push(peer)
    await peer.startServer()
    return peer
  }

  stack.stop = async () => {
    if (stack._stopped) return
    stack._stopped = true
    const ts = Date.now()
    try {
      await stack._recorder?.stop()
    } catch {
      /* ignore */
    }
    for (const peer of stack._peers) await peer.stop()
    await terminate(stack.server, "opencode", stopGraceMs)
    await terminate(stack.mock, "mock", stopGraceMs)
    live.delete(stack)
    if (process.env.E2E_KEEP === "1") process.stderr.write(`[e2e] E2E_KEEP=1: kept ${root}\n`)
    else fs.rmSync(root, { recursive: true, force: true })
    debug(`stopped in ${Date.now() - ts} ms`)
  }
  live.add(stack)

  try {
    // Environment shared by everything started here: isolated HOME/XDG, no inherited OPENCODE_*
    // (e.g. when the tests themselves run inside an OpenCode session) and no provider keys
    // (unless isolate is false: then HOME, XDG and the keys are the user's).
    const baseEnv = {}
    for (const [k, v] of Object.entries(process.env)) {
      if (k.startsWith("OPENCODE_") || (isolate && (/_API_KEY$/.test(k) || k.startsWith("XDG_")))) continue
      baseEnv[k] = v
    }
    Object.assign(baseEnv, isolate ? { HOME: home, ...xdg } : {}, { TMPDIR: tmp })

    // 1. project: git repo, opencode.json, caller files, seeded config dirs.
    execFileSync("git", ["init", "-q", directory], { env: baseEnv, stdio: "ignore" })
    if (gitCommit) {
      // With a root commit OpenCode gives the project its own id (without one it is "global").
      execFileSync(
        "git",
        [
          "-c",
          "user.name=e2e",
          "-c",
          "user.email=e2e@localhost",
          "-c",
          "commit.gpgsign=false",
          "commit",
          "-q",
          "--allow-empty",
          "-m",
          "e2e: initial commit",
        ],
        { cwd: directory, env: baseEnv, stdio: "ignore" },
      )
    }
    fs.writeFileSync(path.join(directory, "opencode.json"), JSON.stringify(mergeConfig(base, config), null, 2))
    seedConfigDir(path.join(directory, ".opencode"))
    if (isolate) seedConfigDir(path.join(xdg.XDG_CONFIG_HOME, "opencode"))
    if (globalConfig)
      fs.writeFileSync(
        path.join(xdg.XDG_CONFIG_HOME, "opencode", "opencode.json"),
        JSON.stringify(globalConfig, null, 2),
      )
    for (const [rel, content] of Object.entries(files)) {
      const p = path.join(directory, rel)
      fs.mkdirSync(path.dirname(p), { recursive: true })
      fs.writeFileSync(p, content)
    }

    // 2. mock model.
    if (withMock) {
      const mockPortFile = path.join(logDir, "mock.port")
      const mockFd = fs.openSync(logs.mockOut, "a")
      stack.mock = spawn(process.execPath, [MOCK_MODEL], {
        env: { ...baseEnv, MOCK_PORT: "0", MOCK_PORT_FILE: mockPortFile, MOCK_LOG: logs.mockRequests, ...mockEnv },
        stdio: ["ignore", mockFd, mockFd],
        detached: true,
      })
      fs.closeSync(mockFd)
      stack.mockPort = await waitFor(
        () => {
          if (!isAlive(stack.mock)) throw new Error(`mock exited: ${tail(logs.mockOut)}`)
          const s = fs.existsSync(mockPortFile) ? fs.readFileSync(mockPortFile, "utf8").trim() : ""
          return s ? Number(s) : null
        },
        { timeoutMs: 10000, intervalMs: 25, message: "the mock model to listen" },
      )
      stack.mockBaseUrl = `http://127.0.0.1:${stack.mockPort}/v1`
      debug(`mock on ${stack.mockPort} (pid ${stack.mock.pid})`)
    }

    // 3. opencode serve, 4. boot the project instance, and the /event recorder.
    // E2E_LOG_DIR lets test plugins write their own records next to the other logs.
    const switches = offline ? OFFLINE_ENV : { OPENCODE_DISABLE_AUTOUPDATE: "1", OPENCODE_DISABLE_SHARE: "1" }
    stack._serverEnv = {
      ...baseEnv,
      ...switches,
      ...(withMock ? { MOCK_BASE_URL: stack.mockBaseUrl } : {}),
      E2E_LOG_DIR: logDir,
      ...env,
    }
    stack._serverOpts = { bin, healthTimeoutMs, bootTimeoutMs, recordEvents: recordEventsToo }
    await launchServer(stack)
    stack.bootMs = Date.now() - t0
    return stack
  } catch (e) {
    await stack.stop()
    throw e
  }
}
