// Adoption at start: the state files whose owners are gone (lease.ts) go to exactly one new
// instance. Each is claimed atomically, `rename(<old>.state.json -> <me>.adopting-<old>.json)`: one
// claimer's rename succeeds, the others' get ENOENT. The claimer marks the old lease as taken (a
// stale owner that wakes up sees it and stops writing), hands the text to the core (`adopt`: the
// core merges it, or refuses it with a reason and changes nothing), and once its own state file
// holds the adopted tasks (the first write asked for after the adoption has landed) deletes the
// claimed file and the old lease. A claimed file whose claimer died is an orphan like any other
// and is claimed the same way; so is the single `state.json` of older versions (no owner). A file
// of another project (its lease, or the old `project.json`, says so) is moved aside, never adopted;
// a file the core refuses is moved aside as `.corrupt-<time>`. Only files, pids, clocks and renames
// here: what happens to the tasks is the core's decision.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { readFile, rename } from "node:fs/promises"
import { join } from "node:path"
import type { Outcome } from "./core.js"
import { goneBecause, ID, leasePath, readLease, type Liveness, type ProjectRef } from "./lease.js"
import { errorCode, replaceSync, unlinkQuietly } from "./privacy.js"
import type { StateStore } from "./state.js"

export interface AdoptionInput {
  /** The private directory. */
  dir: string
  /** This instance's id. */
  me: string
  project: ProjectRef | undefined
  liveness: Liveness
  /** This instance's store: a claimed file goes once a write asked for after its adoption landed. */
  store: StateStore
  /** The core's adopt: how many tasks it took, or why it refused the snapshot. */
  adopt: (snapshot: string) => Outcome<number>
  log: (level: "debug" | "info" | "warn" | "error", message: string) => void
  /** The claim's rename (fs `rename` unless given: tests hold racing claimers at it until all arrive). */
  rename?: (from: string, to: string) => Promise<void>
}

export interface Adoption {
  /** Tasks the core took, over every adopted file. */
  readonly tasks: number
  /** Files adopted (their tasks are in the core). */
  readonly files: number
  /** Resolves when every adopted file is deleted (each waits for a state write to land). */
  settled(): Promise<void>
  /** Synchronously deletes what a state write already holds (at exit, after the final write). */
  finishSync(): void
}

/** The single state file of versions before per-instance files, and the project it named. */
const LEGACY = "state.json"
const LEGACY_PROJECT = "project.json"
const STATE = new RegExp(`^(${ID})\\.state\\.json$`)
const CLAIMED = new RegExp(`^(${ID})\\.adopting-([A-Za-z0-9-]+)\\.json$`)
const LEASE = new RegExp(`^(${ID})\\.lease\\.json$`)
const AN_ID = new RegExp(`^${ID}$`)
/** How a claim of the legacy file is named (`<me>.adopting-legacy.json`, `-2`… if taken). */
const LEGACY_ORIGIN = /^legacy(-\d+)?$/
const TEMP = new RegExp(`^(${ID})\\.(state|lease)\\.json\\.[0-9a-f]+\\.tmp$`)

/** A file that may be an orphan: who owns it (undefined: the legacy file), and whose state it was. */
interface Candidate {
  name: string
  owner: string | undefined
  origin: string
}

/** An adopted file waiting for a state write that holds its tasks. */
interface Pending {
  path: string
  ids: string[]
  legacy: boolean
  after: number
  done: boolean
}

export async function adoptOrphans(input: AdoptionInput): Promise<Adoption> {
  const { dir, me, project, liveness, store, log } = input
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (e) {
    if (errorCode(e) !== "ENOENT") log("warn", `could not list ${dir}: ${(e as Error).message}`)
    names = []
  }

  const candidates: Candidate[] = []
  for (const name of names) {
    const state = STATE.exec(name)
    const claimed = CLAIMED.exec(name)
    if (state) candidates.push({ name, owner: state[1], origin: state[1]! })
    else if (claimed) candidates.push({ name, owner: claimed[1], origin: claimed[2]! })
    else if (name === LEGACY) candidates.push({ name, owner: undefined, origin: "legacy" })
  }

  const pending: Pending[] = []
  const waits: Promise<void>[] = []
  let tasks = 0
  for (const c of candidates) {
    if (c.owner === me) continue
    const lease = c.owner ? readLease(dir, c.owner) : undefined
    const why = c.owner ? goneBecause(lease, liveness) : "an older version wrote it"
    if (why === undefined) continue // a live owner's: never read, claimed or written
    const path = join(dir, c.name)

    const other = otherProject(project, c.owner ? lease?.project : legacyProject(dir))
    if (other) {
      const aside = `${path}.other-project-${liveness.now()}`
      if (await moved(path, aside))
        log(
          "warn",
          `${path} belongs to project ${other.id} (${other.worktree}), not to ${project?.id}: moved to ${aside}, not adopted`,
        )
      continue
    }

    // The claim: exactly one instance renames the file to its own name; the others get ENOENT.
    const claim = claimPath(dir, me, c.origin)
    try {
      await (input.rename ?? rename)(path, claim)
    } catch (e) {
      if (errorCode(e) === "ENOENT") log("debug", `${path} was claimed by another instance first`)
      else log("warn", `could not claim ${path}: ${(e as Error).message}`)
      continue
    }
    if (c.owner) markTaken(dir, c.owner, me, log)

    let text: string | undefined
    try {
      text = await readFile(claim, "utf8")
    } catch (e) {
      log("warn", `could not read ${claim}: ${(e as Error).message}`)
      continue // stays claimed: if this instance dies, the next one claims it again
    }
    const before = store.requested
    const invalid = notJson(text)
    const adopted = invalid === undefined ? input.adopt(text) : undefined
    if (!adopted?.ok) {
      const aside = `${claim}.corrupt-${liveness.now()}`
      await moved(claim, aside)
      const why = adopted ? `the core refused ${path} (${adopted.error})` : `${path} is not valid JSON (${invalid})`
      log("warn", `${why}; moved to ${aside}, not adopted`)
      continue
    }
    tasks += adopted.value
    log("info", `adopted ${adopted.value} task(s) from ${path} (its owner is gone: ${why})`)
    const ids = [...new Set([c.owner, c.origin])].filter((id): id is string => id !== undefined && AN_ID.test(id))
    const p: Pending = { path: claim, ids, legacy: LEGACY_ORIGIN.test(c.origin), after: before, done: false }
    pending.push(p)
    // Nothing taken, nothing to keep: the claimed file can go at once.
    if (adopted.value === 0) finish(dir, p, liveness)
    else waits.push(store.landed(before).then(() => finish(dir, p, liveness)))
  }

  collectGarbage(dir, me, liveness)
  return {
    tasks,
    files: pending.length,
    settled: async () => {
      await Promise.all(waits)
    },
    finishSync() {
      for (const p of pending) if (!p.done && store.written > p.after) finish(dir, p, liveness)
    },
  }
}

/** Why `text` is not JSON, if it is not (such a file never reaches the core). */
function notJson(text: string): string | undefined {
  try {
    JSON.parse(text)
    return undefined
  } catch (e) {
    return (e as Error).message
  }
}

/** `<me>.adopting-<origin>.json`, made unique among this instance's own claims (only it makes them). */
function claimPath(dir: string, me: string, origin: string): string {
  for (let n = 1; ; n++) {
    const path = join(dir, `${me}.adopting-${n === 1 ? origin : `${origin}-${n}`}.json`)
    if (!existsSync(path)) return path
  }
}

async function moved(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to)
    return true
  } catch {
    return false // someone else moved or claimed it first
  }
}

/** The project a file names, when it is not this one (no record: taken as this project's). */
function otherProject(mine: ProjectRef | undefined, theirs: ProjectRef | null | undefined): ProjectRef | undefined {
  if (!mine || !theirs || theirs.id === mine.id) return undefined
  return { id: String(theirs.id), worktree: String(theirs.worktree) }
}

function legacyProject(dir: string): ProjectRef | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, LEGACY_PROJECT), "utf8")) as ProjectRef
  } catch {
    return undefined
  }
}

/** The old owner's lease says who took its state: an owner that was only stale sees it and stops writing. */
function markTaken(dir: string, owner: string, me: string, log: AdoptionInput["log"]) {
  const lease = readLease(dir, owner)
  if (!lease || lease.takenBy !== undefined) return
  try {
    replaceSync(leasePath(dir, owner), JSON.stringify({ ...lease, takenBy: me }))
  } catch (e) {
    log("warn", `could not mark ${leasePath(dir, owner)} as taken over: ${(e as Error).message}`)
  }
}

/** Deletes the adopted file, then the old leases that no longer stand for any file. */
function finish(dir: string, p: Pending, live: Liveness) {
  if (p.done) return
  p.done = true
  unlinkQuietly(p.path)
  for (const id of p.ids) dropLeaseIfIdle(dir, id, live, true)
  if (p.legacy && !existsSync(join(dir, LEGACY))) unlinkQuietly(join(dir, LEGACY_PROJECT))
}

/**
 * Deletes the lease of a gone owner when no file stands for it any more: no state file, no file it
 * claimed, no file claimed from it. A lease that is only
 * stale is kept for a while (its owner may be suspended and come back: it would then lose its lease
 * for nothing); `adopted` says this instance took its files, so it goes at once.
 */
function dropLeaseIfIdle(dir: string, id: string, live: Liveness, adopted: boolean) {
  const lease = readLease(dir, id)
  if (lease === undefined) return
  const why = goneBecause(lease, live)
  if (why === undefined) return
  const onlyStale = lease && !lease.released && lease.takenBy === undefined && live.pidAlive(lease.pid)
  if (!adopted && onlyStale && live.now() - lease.heartbeatAt < 10 * live.staleMs) return
  // Its own files, and files claimed from it that wait for their adopter's write (or a new claim).
  const files = readdirSync(dir).filter((f) => {
    if (STATE.exec(f)?.[1] === id) return true
    const claimed = CLAIMED.exec(f)
    return claimed !== null && (claimed[1] === id || claimed[2] === id)
  })
  if (files.length === 0) unlinkQuietly(leasePath(dir, id))
}

/** Leases of gone owners with nothing left, and temp files of gone owners older than the staleness bound. */
function collectGarbage(dir: string, me: string, live: Liveness) {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const lease = LEASE.exec(name)
    if (lease && lease[1] !== me) dropLeaseIfIdle(dir, lease[1]!, live, false)
    const temp = TEMP.exec(name)
    if (temp && temp[1] !== me && goneBecause(readLease(dir, temp[1]!), live) !== undefined) {
      try {
        if (live.now() - statSync(join(dir, name)).mtimeMs > live.staleMs) unlinkQuietly(join(dir, name))
      } catch {}
    }
  }
}
