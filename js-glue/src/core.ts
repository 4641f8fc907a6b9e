// Loads the core (the jco-transpiled component in ./core/) and wraps its manager resource: one
// instance per plugin instance, every call through `run`, re-instantiated from the last snapshot
// when a call traps. Request errors come back as text; nothing here decides anything about tasks.
import { readdir, readFile } from "node:fs/promises"
import { instantiate, type ImportObject, type Root } from "./core/background_agent.js"
import type { Manager, RequestError } from "./core/interfaces/opencode-background-agent-manager.js"

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

  /** Instantiates the compiled modules (see `compileCore`) with the host's imports. */
  constructor(
    private readonly modules: Map<string, WebAssembly.Module>,
    host: HostImports,
    private readonly events: CoreEvents,
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

  /** Whether the core accepts this config (a throwaway manager); the error names the key. */
  validate(config: string): Outcome<void> {
    return this.guard("validate", () => release(this.root.manager.Manager.create(config, undefined)))
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

  /** One call into the manager. A trap re-instantiates the core from the last snapshot. */
  run<T>(what: string, f: (m: Manager) => T): Outcome<T> {
    const m = this.manager
    if (!m) return { ok: false, error: "the background-task core is not running" }
    const out = this.guard(what, () => f(m))
    if (out.ok || this.manager !== undefined) return out
    return { ok: false, error: `${out.error}; ${this.recover(out.error)}` }
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

  private recover(error: string): string {
    this.events.reset()
    let booted = this.boot(this.config, this.lastSnapshot)
    if (!booted.ok && this.lastSnapshot !== undefined) booted = this.boot(this.config, undefined)
    const how = booted.ok
      ? "it was restarted from its last snapshot: try again"
      : `it could not be restarted: ${booted.error}`
    this.events.trapped(`${error}; ${how}`)
    return how
  }

  /** Drops the manager (after `shutdown`). */
  close() {
    release(this.manager)
    this.manager = undefined
  }
}
