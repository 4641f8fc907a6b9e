// Loads the core (the jco-transpiled component in ./core/) and wraps its manager resource: one
// instance per plugin instance, every call through `run`, re-instantiated from the last snapshot
// when a call traps. Request errors come back as text; nothing here decides anything about tasks.
import { readdir, readFile } from "node:fs/promises"
import { instantiate, type ImportObject, type Root } from "./core/background_agent.js"
import type { Manager, RequestError } from "./core/interfaces/opencode-background-agent-manager.js"
import { TrapBudget } from "./traps.js"

export type { Manager }
export type HostImports = ImportObject["opencode:background-agent/host@0.1.0"]
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string }
/** What the wrapper tells its host: before a re-instantiation (drop timer and interests), after a trap. */
export interface CoreEvents {
  reset(): void
  trapped(message: string): void
}

const CORE_DIR = new URL("./core/", import.meta.url)
let compiled: Promise<Map<string, WebAssembly.Module>> | undefined

/** Compiles the core modules once per process (compiled modules hold no state). */
export function compileCore(): Promise<Map<string, WebAssembly.Module>> {
  compiled ??= (async () => {
    const files = (await readdir(CORE_DIR)).filter((f) => f.endsWith(".wasm"))
    const modules = await Promise.all(files.map(async (f) => WebAssembly.compile(await readFile(new URL(f, CORE_DIR)))))
    return new Map(files.map((f, i) => [f, modules[i]!]))
  })()
  return compiled
}

/** A `result` error thrown by jco (`ComponentError`) carries the error value as `payload`. */
function payloadOf(e: unknown): { payload: unknown } | undefined {
  return e instanceof Error && Object.prototype.hasOwnProperty.call(e, "payload")
    ? (e as Error & { payload: unknown })
    : undefined
}

export function requestErrorText(e: RequestError | string): string {
  if (typeof e === "string") return e
  return e.tag === "shutting-down" ? "the background-task manager is shutting down" : e.val
}

/** Drops a resource now (jco's dispose symbol), so no finalizer calls into the instance later. */
function release(m: Manager | undefined) {
  const dispose = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for("dispose")
  try {
    ;(m as unknown as Record<symbol, (() => void) | undefined> | undefined)?.[dispose]?.()
  } catch {
    // a trapped instance may trap again in its destructor: it is abandoned anyway
  }
}

export class Core {
  /** Bumped on every instantiation: SDK replies meant for an older instance are dropped. */
  generation = 0
  /** The latest snapshot the core persisted, or the one it started from. */
  lastSnapshot: string | undefined
  private root!: Root
  private manager: Manager | undefined
  private config = "{}"
  private entered = false
  private readonly imports: HostImports
  /** After a trap that came soon after another: the restart waits until then (a timer wakes it). */
  private restartAt: number | undefined
  private restartTimer: ReturnType<typeof setTimeout> | undefined
  /** Why the core stays stopped (too many traps). */
  private stopped: string | undefined

  /** Instantiates the compiled modules (see `compileCore`) with the host's imports. */
  constructor(
    private readonly modules: Map<string, WebAssembly.Module>,
    host: HostImports,
    private readonly events: CoreEvents,
    private readonly traps = new TrapBudget(),
    private readonly clock: () => number = Date.now,
  ) {
    this.imports = { ...host, persist: (s) => ((this.lastSnapshot = s), host.persist(s)) }
    this.instantiate()
  }

  private instantiate() {
    this.generation++
    const host = {
      "opencode:background-agent/host": this.imports,
      "opencode:background-agent/host@0.1.0": this.imports,
    }
    const types = { "opencode:background-agent/types": {}, "opencode:background-agent/types@0.1.0": {} }
    this.root = instantiate((name) => this.modules.get(name)!, { ...host, ...types } as ImportObject)
  }

  /** Whether the core accepts this config; the error names the key. */
  validate(config: string): Outcome<void> {
    return this.guard("validate", () => this.root.manager.Manager.validateConfig(config))
  }

  /** Creates the manager from config and, optionally, a snapshot. */
  boot(config: string, snapshot: string | undefined): Outcome<void> {
    const before = this.lastSnapshot
    this.lastSnapshot = snapshot
    const made = this.guard("create", () => this.root.manager.Manager.create(config, snapshot))
    if (!made.ok) return ((this.lastSnapshot = before), made)
    this.manager = made.value
    this.config = config
    return { ok: true, value: undefined }
  }

  /**
   * Merges the snapshot of another instance, gone, into the running manager: how many tasks it
   * took, or why it refused the snapshot (it then changed nothing).
   */
  adopt(snapshot: string): Outcome<number> {
    return this.run("adopt", (m) => m.adopt(snapshot))
  }

  /**
   * One call into the manager. A trap re-instantiates the core from the last snapshot: at once
   * the first time, after a growing wait when it traps again soon, never after too many.
   */
  run<T>(what: string, f: (m: Manager) => T): Outcome<T> {
    if (this.stopped) return { ok: false, error: this.stopped }
    if (this.restartAt !== undefined) {
      const wait = this.restartAt - this.clock()
      if (wait > 0)
        return { ok: false, error: `the background-task core is restarting (in ${Math.ceil(wait / 1000)} s)` }
      const how = this.restartDue()
      if (!this.manager) return { ok: false, error: how }
    }
    const m = this.manager
    if (!m) return { ok: false, error: "the background-task core is not running" }
    const out = this.guard(what, () => f(m))
    if (out.ok || this.manager !== undefined) return out
    return { ok: false, error: `${out.error}; ${this.afterTrap(out.error)}` }
  }

  /** A call trapped: restart now, later, or never (the budget says which); says what happened. */
  private afterTrap(error: string): string {
    const next = this.traps.record(this.clock())
    this.events.reset()
    if (next.kind === "restart") {
      const how = this.restart()
      // A restart that fails (its snapshot traps too) is one more trap: it waits, or stops.
      if (!this.manager) return this.afterTrap(`${error}; ${how}`)
      this.events.trapped(`${error}; ${how}`)
      return how
    }
    if (next.kind === "wait") {
      this.restartAt = this.clock() + next.ms
      // Restarted when the wait is over even if nothing calls in (its timers and interests went with it).
      this.restartTimer = setTimeout(() => this.restartDue(), next.ms)
      this.restartTimer.unref?.()
      const how = `it trapped again soon: it restarts in ${Math.ceil(next.ms / 1000)} s`
      this.events.trapped(`${error}; ${how}`)
      return how
    }
    this.stopped =
      `the background-task core stopped after ${this.traps.max} failures within ${this.traps.windowMs / 1000} s ` +
      `(the last: ${error}); restart OpenCode to start it again`
    this.events.trapped(this.stopped)
    return this.stopped
  }

  private guard<T>(what: string, f: () => T): Outcome<T> {
    if (this.entered) return { ok: false, error: `internal error: re-entrant call (${what})` }
    this.entered = true
    try {
      return { ok: true, value: f() }
    } catch (e) {
      const p = payloadOf(e)
      if (p) return { ok: false, error: requestErrorText(p.payload as RequestError) }
      // A trap (or an exception thrown through the instance): it cannot be entered again.
      release(this.manager)
      this.manager = undefined
      this.instantiate()
      return { ok: false, error: `the background-task core failed in ${what} (${e instanceof Error ? e.message : e})` }
    } finally {
      this.entered = false
    }
  }

  /** The wait after a trap is over: boot again (once), and say how it went. */
  private restartDue(): string {
    clearTimeout(this.restartTimer)
    this.restartAt = undefined
    if (this.stopped) return this.stopped
    if (this.manager) return "it is running"
    const how = this.restart()
    if (!this.manager) return this.afterTrap(how)
    this.events.trapped(`after the wait, ${how}`)
    return how
  }

  /** Boots the manager again from the last snapshot (or empty, if the core refuses it). */
  private restart(): string {
    let booted = this.boot(this.config, this.lastSnapshot)
    if (!booted.ok && this.lastSnapshot !== undefined) booted = this.boot(this.config, undefined)
    return booted.ok
      ? "it was restarted from its last snapshot: try again"
      : `it could not be restarted: ${booted.error}`
  }

  /** Drops the manager (after `shutdown`). */
  close() {
    clearTimeout(this.restartTimer)
    this.restartAt = undefined
    release(this.manager)
    this.manager = undefined
  }
}
