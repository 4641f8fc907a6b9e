// This instance's snapshot file: `<id>.state.json` in the private directory (privacy.ts), where
// `<id>` is the instance's own random id. Only this instance writes it, and only while its lease
// (lease.ts) is still its own; no other instance reads it while that lease is live (ownership.ts
// adopts it once the owner is gone). Written atomically (temp file + rename), one write at a time
// with only the newest waiting; never read back by its writer. It holds full prompts and results,
// so it is private (0600 in a 0700 directory with its own `.gitignore`, exclusive temp files with
// unpredictable names); and once the exit write is done, no older write may land after it.
import { renameSync } from "node:fs"
import { rename, unlink, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { EXCLUSIVE, prepareDir, replaceSync, tempPath } from "./privacy.js"

export interface StateStore {
  readonly path: string
  write(snapshot: string): void
  /** Resolves when the newest snapshot is on disk (or will never be: the store was revoked). */
  flush(): Promise<void>
  /** For process exit: writes now, synchronously; nothing written later replaces it. */
  writeSync(snapshot: string): void
  /** How many writes were asked for so far (`write` and `writeSync` calls). */
  readonly requested: number
  /** The number of the newest write on disk (writes are numbered from 1 as they are asked for). */
  readonly written: number
  /** Resolves once a write asked for after the first `after` ones is on disk, whole. */
  landed(after: number): Promise<void>
  /** Stops every write for good (after the last one of a clean exit). */
  revoke(): void
  /**
   * The state was taken over by another instance: stops every write for good, and moves aside a
   * file of ours written after the takeover (its tasks are the adopter's now), so nobody adopts
   * them again. Says where to, if there was one.
   */
  lost(): string | undefined
  /** The exit write comes next: a write asked for until then is not started (it would only leave a temp file). */
  holdForExit(): void
}

/** `<id>.state.json` in `dir`: the file of the instance `id`. */
export const statePath = (dir: string, id: string) => join(dir, `${id}.state.json`)

/**
 * The store of instance `id` in the private directory `dir`. `owned` is asked before each write
 * lands: once it says no (the lease was taken over), the store is revoked and writes nothing more.
 */
export function createStateStore(
  dir: string,
  id: string,
  log: (level: "warn" | "error", message: string) => void,
  owned: () => boolean = () => true,
): StateStore {
  const path = statePath(dir, id)
  let pending: { text: string; seq: number } | undefined
  let writing: Promise<void> | undefined
  let requested = 0
  /** The newest write on disk, and who waits for one. */
  let landedSeq = 0
  const waiters: { after: number; resolve: () => void }[] = []
  /** The snapshot written at exit: the last one, whatever write was on its way then. */
  let final: { text: string; seq: number } | undefined
  let revoked = false
  let held = false
  const closed = () => final !== undefined || revoked

  function landedNow(seq: number) {
    landedSeq = Math.max(landedSeq, seq)
    for (const w of waiters.filter((w) => w.after < landedSeq)) {
      waiters.splice(waiters.indexOf(w), 1)
      w.resolve()
    }
  }

  /** Whether this instance may still write; a no revokes the store. */
  function mayWrite() {
    if (revoked) return false
    if (owned()) return true
    store.revoke()
    return false
  }

  async function drain() {
    while (pending !== undefined && !closed()) {
      const { text, seq } = pending
      pending = undefined
      const temp = tempPath(path)
      try {
        prepareDir(dir)
        await writeFile(temp, text, EXCLUSIVE)
        // An older snapshot never replaces the one written at exit: not renamed once it is
        // written, and if the exit came while this rename was on its way, written again after it.
        if (closed() || !mayWrite()) await unlink(temp)
        else {
          await rename(temp, path)
          landedNow(seq)
        }
        if (final !== undefined) writeFinal(final)
      } catch (e) {
        log("error", `could not write ${path}: ${e instanceof Error ? e.message : e}`)
      }
    }
    writing = undefined
  }

  function writeFinal({ text, seq }: { text: string; seq: number }) {
    if (!mayWrite()) return
    try {
      prepareDir(dir)
      replaceSync(path, text)
      landedNow(seq)
    } catch (e) {
      log("error", `could not write ${path}: ${e instanceof Error ? e.message : e}`)
    }
  }

  const store: StateStore = {
    path,
    get requested() {
      return requested
    },
    get written() {
      return landedSeq
    },
    write(snapshot) {
      if (closed()) return // nothing replaces the snapshot written at exit
      pending = { text: snapshot, seq: ++requested }
      if (!held) writing ??= drain()
    },
    async flush() {
      while (writing) await writing
    },
    writeSync(snapshot) {
      if (revoked) return
      pending = undefined
      final = { text: snapshot, seq: ++requested }
      writeFinal(final)
    },
    landed(after) {
      if (landedSeq > after) return Promise.resolve()
      return new Promise((resolve) => waiters.push({ after, resolve }))
    },
    revoke() {
      revoked = true
      pending = undefined
    },
    holdForExit() {
      held = true
    },
    lost() {
      store.revoke()
      const aside = `${path}.taken-over-${Date.now()}`
      try {
        renameSync(path, aside)
        return aside
      } catch {
        return undefined // none written since the claim
      }
    },
  }
  return store
}
