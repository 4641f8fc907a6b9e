// Who owns a state file. Each plugin instance has a random id and a lease, `<id>.lease.json` in the
// private directory: {id, pid, host, startedAt, heartbeatAt, project}, rewritten every 10 s while
// it runs. Several OpenCode processes (and several instances in one process) share a project's
// directory; the lease is how each tells whether another's state file is still that owner's
// (never touched) or an orphan that may be adopted (ownership.ts). An owner is gone when its lease
// is missing, unreadable, released (a clean exit) or taken over, when it ran on this host and its
// pid is dead, or when its heartbeat is older than the staleness bound. The owner checks its own
// lease before each state write and on each heartbeat: once it is not its own (another instance
// took over), it logs an error and stops writing, never overwriting what the adopter claimed (a
// state file it wrote since the claim is moved aside: its tasks are the adopter's now).
import { randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import { hostname } from "node:os"
import { join } from "node:path"
import { errorCode, prepareDir, replaceSync } from "./privacy.js"

/** The project a lease's state belongs to (OpenCode's project id, and its worktree for people). */
export interface ProjectRef {
  id: string
  worktree: string
}

export interface LeaseRecord {
  id: string
  pid: number
  host: string
  startedAt: number
  heartbeatAt: number
  project: ProjectRef | null
  /** Set at a clean exit, after the last state write: the state may be adopted at once. */
  released?: boolean
  /** Set by the instance that claimed this owner's state (its id). */
  takenBy?: string
}

/** How liveness is judged: the clock, the staleness bound, this host, whether a pid lives. */
export interface Liveness {
  now: () => number
  staleMs: number
  host: string
  pidAlive: (pid: number) => boolean
}

export const HEARTBEAT_MS = 10_000
export const STALE_MS = 60_000

/** A new instance id: 128 random bits, hex. */
export const newInstanceId = () => randomBytes(16).toString("hex")
/** What an instance id looks like in a file name. */
export const ID = "[0-9a-f]{32}"

export const leasePath = (dir: string, id: string) => join(dir, `${id}.lease.json`)

/** Signal 0 checks a pid without touching it: only ESRCH means no such process. */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return errorCode(e) !== "ESRCH"
  }
}

export function liveness(overrides: Partial<Liveness> = {}): Liveness {
  return { now: Date.now, staleMs: STALE_MS, host: hostname(), pidAlive, ...overrides }
}

/** The lease of `id`: its record, `undefined` when there is none, `null` when it cannot be read. */
export function readLease(dir: string, id: string): LeaseRecord | undefined | null {
  let text: string
  try {
    text = readFileSync(leasePath(dir, id), "utf8")
  } catch (e) {
    return errorCode(e) === "ENOENT" ? undefined : null
  }
  try {
    const r = JSON.parse(text) as Partial<LeaseRecord>
    if (typeof r?.pid !== "number" || typeof r.heartbeatAt !== "number" || typeof r.host !== "string") return null
    return r as LeaseRecord
  } catch {
    return null
  }
}

/** Why the owner of `lease` is gone, or `undefined` while it may be alive. */
export function goneBecause(lease: LeaseRecord | undefined | null, live: Liveness): string | undefined {
  if (lease === undefined) return "its lease is missing"
  if (lease === null) return "its lease is unreadable"
  if (lease.takenBy !== undefined) return `it was taken over by ${lease.takenBy}`
  if (lease.released) return "it exited"
  if (lease.host === live.host && !live.pidAlive(lease.pid)) return `its process ${lease.pid} is gone`
  const age = live.now() - lease.heartbeatAt
  if (age > live.staleMs) return `its heartbeat is ${Math.round(age / 1000)} s old`
  return undefined
}

export interface LeaseOptions {
  liveness?: Liveness
  heartbeatMs?: number
  pid?: number
  log: (level: "warn" | "error", message: string) => void
  /** The lease was found not to be ours any more: stop writing; says where a state file written since went, if any. */
  onLost: () => string | undefined
}

/** This instance's lease: written at start, kept fresh, checked, released at a clean exit. */
export class Lease {
  readonly path: string
  private readonly record: LeaseRecord
  private readonly live: Liveness
  private timer: ReturnType<typeof setInterval> | undefined
  /** Why the lease is no longer ours (taken over, or released by us). */
  private ended: string | undefined

  constructor(
    private readonly dir: string,
    readonly id: string,
    project: ProjectRef | undefined,
    private readonly options: LeaseOptions,
  ) {
    this.path = leasePath(dir, id)
    this.live = options.liveness ?? liveness()
    const now = this.live.now()
    this.record = {
      id,
      pid: options.pid ?? process.pid,
      host: this.live.host,
      startedAt: now,
      heartbeatAt: now,
      project: project ? { id: project.id, worktree: project.worktree } : null,
    }
  }

  /** Writes the lease (before any state file of ours exists) and keeps it fresh (unref'd timer). */
  start() {
    this.write()
    this.timer = setInterval(() => this.beat(), this.options.heartbeatMs ?? HEARTBEAT_MS)
    this.timer.unref?.()
  }

  /** A heartbeat: still ours? Then say so with a fresh time. Returns whether it is still ours. */
  beat(): boolean {
    if (!this.mine()) return false
    this.record.heartbeatAt = this.live.now()
    this.write()
    return true
  }

  /** Whether the lease on disk is still this instance's (same id, pid and start; not released or taken). */
  mine(): boolean {
    if (this.ended !== undefined) return false
    const r = readLease(this.dir, this.id)
    const ours =
      r &&
      r.id === this.record.id &&
      r.pid === this.record.pid &&
      r.startedAt === this.record.startedAt &&
      !r.released &&
      r.takenBy === undefined
    if (ours) return true
    const why = !r
      ? r === undefined
        ? "it is gone"
        : "it is unreadable"
      : r.takenBy
        ? `${r.takenBy} took it over`
        : "another instance replaced it"
    this.lose(why)
    return false
  }

  /** At a clean exit, after the last state write: the state may be adopted at once. */
  release() {
    if (!this.mine()) return this.stop()
    this.record.heartbeatAt = this.live.now()
    this.record.released = true
    this.write()
    this.ended = "released"
    this.stop()
  }

  stop() {
    clearInterval(this.timer)
    this.timer = undefined
  }

  private lose(why: string) {
    this.ended = why
    this.stop()
    const aside = this.options.onLost()
    this.options.log(
      "error",
      `the lease ${this.path} is no longer this instance's (${why}): another OpenCode process took over its ` +
        `background tasks; this one stops saving them${aside ? ` (what it saved since: ${aside})` : ""}`,
    )
  }

  private write() {
    try {
      prepareDir(this.dir)
      replaceSync(this.path, JSON.stringify(this.record))
    } catch (e) {
      this.options.log("error", `could not write ${this.path}: ${e instanceof Error ? e.message : e}`)
    }
  }
}
