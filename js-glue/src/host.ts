// The WIT `host` imports, performed with the plugin's SDK client (v1), one timer and a few maps,
// for the one core this host owns (built with it, re-instantiated in place after a trap). No
// import calls back into the component synchronously: SDK calls, toasts and logs start in a
// microtask, and every answer reaches the core later through `run`.
import { compileCore, Core, type HostImports } from "./core.js"
import * as sdk from "./sdk.js"
import type { Client, SdkRequest } from "./sdk.js"
import type { StateStore } from "./state.js"

type Interest = Parameters<HostImports["setInterest"]>[1]
export type LogLevel = "debug" | "info" | "warn" | "error"

const SERVICE = "background-agent"
const MAX_DELAY = 2 ** 31 - 1

export class Host {
  /** The core: every import answers to it, and nothing reaches it but through the host. */
  readonly core: Core
  /** Sessions the core wants events of, with what kind. */
  readonly interests = new Map<string, Interest>()
  /** Sessions a prompt of ours is being sent to (their `chat.message` is our own notice). */
  readonly prompting = new Map<string, number>()
  private readonly waiters = new Map<string, Set<() => void>>()
  private readonly inflight = new Set<Promise<unknown>>()
  private timer: ReturnType<typeof setTimeout> | undefined

  /** Compiles the core (once per process) and builds a host with its own instance of it. */
  static async create(client: Client, store: StateStore): Promise<Host> {
    return new Host(client, store, await compileCore())
  }

  private constructor(
    private readonly client: Client,
    private readonly store: StateStore,
    modules: Map<string, WebAssembly.Module>,
  ) {
    this.core = new Core(modules, this.imports, {
      reset: () => this.reset(),
      trapped: (message) => {
        this.log("error", message)
        this.toast("error", "Background agent restarted", message)
      },
    })
  }

  /** What the core calls; only the core (and `reset`, `stop`) use them. */
  private readonly imports: HostImports = {
    nowMs: () => Date.now(),
    randomBytes: (len) => globalThis.crypto.getRandomValues(new Uint8Array(len)),
    call: (id, request) => {
      const generation = this.core.generation
      this.later(async () => {
        const reply = await this.perform(request)
        if (this.core.generation === generation) this.core.run("complete", (m) => m.complete(id, reply))
      })
    },
    setTimer: (at) => {
      clearTimeout(this.timer)
      this.timer = undefined
      if (at !== undefined) this.arm(Number(at))
    },
    setInterest: (sessionId, interest) => {
      if (interest.lifecycle || interest.activity) this.interests.set(sessionId, interest)
      else this.interests.delete(sessionId)
    },
    taskSettled: (taskId) => {
      const wake = this.waiters.get(taskId)
      this.waiters.delete(taskId)
      wake?.forEach((f) => f())
    },
    persist: (snapshot) => this.store.write(snapshot),
    showToast: ({ title, message, variant, durationMs }) =>
      this.later(() => this.client.tui.showToast({ body: { title, message, variant, duration: durationMs } })),
    log: (level, message) => this.log(level, message),
  }

  log(level: LogLevel, message: string) {
    this.later(() => this.client.app.log({ body: { service: SERVICE, level, message } }))
  }

  toast(variant: "warning" | "error", title: string, message: string) {
    this.later(() => this.client.tui.showToast({ body: { title, message, variant, duration: 10_000 } }))
  }

  /** Resolves when the task settles, the timeout passes or the signal aborts; says which. */
  waitSettled(taskId: string, timeoutMs: number, signal?: AbortSignal): Promise<"settled" | "timeout" | "aborted"> {
    return new Promise((resolve) => {
      const set = this.waiters.get(taskId) ?? new Set()
      this.waiters.set(taskId, set)
      const done = (why: "settled" | "timeout" | "aborted") => {
        clearTimeout(timer)
        signal?.removeEventListener("abort", aborted)
        set.delete(settled)
        resolve(why)
      }
      const settled = () => done("settled")
      const aborted = () => done("aborted")
      const timer = setTimeout(() => done("timeout"), timeoutMs)
      set.add(settled)
      if (signal?.aborted) done("aborted")
      else signal?.addEventListener("abort", aborted, { once: true })
    })
  }

  /** Before the core is re-instantiated: its timer and interests die with the old instance. */
  reset() {
    this.imports.setTimer(undefined)
    this.interests.clear()
  }

  /** Dispose: no more timer, every waiter woken; resolves when started SDK work has ended. */
  async stop(graceMs: number) {
    this.reset()
    for (const [id] of this.waiters) this.imports.taskSettled(id)
    let timer: ReturnType<typeof setTimeout> | undefined
    const grace = new Promise((r) => (timer = setTimeout(r, graceMs)))
    await Promise.race([Promise.allSettled([...this.inflight]), grace])
    clearTimeout(timer)
  }

  private arm(at: number) {
    this.timer = setTimeout(
      () => {
        this.timer = undefined
        if (Date.now() < at) return this.arm(at) // early (clamped delay, clock skew): wait on
        this.core.run("on-timer", (m) => m.onTimer())
      },
      Math.min(Math.max(at - Date.now(), 0), MAX_DELAY),
    )
    ;(this.timer as { unref?: () => void }).unref?.()
  }

  /** Starts `f` in a microtask (never inside the import that asked), tracked until it ends. */
  private later(f: () => Promise<unknown>) {
    const p = Promise.resolve()
      .then(f)
      .catch(() => {})
    this.inflight.add(p)
    void p.finally(() => this.inflight.delete(p))
  }

  /** A child's newest messages for a transcript, read for a tool (the core named them). */
  readTranscript(sessionId: string, limit: number): Promise<sdk.Reply> {
    return sdk.transcript(this.client, sessionId, limit)
  }

  /** One SDK call. While a prompt is on its way, its session is in `prompting`. */
  private async perform(request: SdkRequest) {
    const prompted = request.tag === "prompt-session" ? request.val.sessionId : undefined
    if (prompted) this.prompting.set(prompted, (this.prompting.get(prompted) ?? 0) + 1)
    try {
      return await sdk.perform(this.client, request)
    } finally {
      if (prompted) {
        const n = (this.prompting.get(prompted) ?? 1) - 1
        if (n > 0) this.prompting.set(prompted, n)
        else this.prompting.delete(prompted)
      }
    }
  }
}
