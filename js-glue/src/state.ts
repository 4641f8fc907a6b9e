// The snapshot file: `.opencode/background-agent/state.json` under the project. Written atomically
// (temp file + rename), one write at a time with only the newest waiting; read once at start. An
// unreadable file is moved aside (never fatal). The text is the core's: only the core reads it.
// It holds full prompts and results, so it is private: 0600 in a 0700 directory that carries its
// own `.gitignore`; each temp file has an unpredictable name and is created exclusively (a planted
// file or symlink makes the write fail, never redirects it); and once the exit write is done, no
// older write may land after it. Beside it, `project.json` names the project that wrote it: a
// state file of another project is moved aside, never restored (its tasks are not this one's).
import { existsSync } from "node:fs"
import { readFile, rename, unlink, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { EXCLUSIVE, prepareDir, privateDir, replaceSync, tempPath } from "./privacy.js"

export interface StateStore {
  readonly path: string
  read(): Promise<string | undefined>
  /** Moves the file aside (the core refused it) and says where to. */
  moveAside(): Promise<string | undefined>
  write(snapshot: string): void
  /** Resolves when the newest snapshot is on disk. */
  flush(): Promise<void>
  /** For process exit: writes now, synchronously. */
  writeSync(snapshot: string): void
}

/** The project a state file belongs to (OpenCode's project id, and its worktree for people). */
export interface ProjectRef {
  id: string
  worktree: string
}

export function createStateStore(
  directory: string,
  log: (level: "warn" | "error", message: string) => void,
  project?: ProjectRef,
): StateStore {
  const dir = privateDir(directory)
  const path = join(dir, "state.json")
  const ownerPath = join(dir, "project.json")
  const owner = project ? JSON.stringify({ id: project.id, worktree: project.worktree }) : undefined
  let ownerWritten = false
  let pending: string | undefined
  let writing: Promise<void> | undefined
  /** The snapshot written at exit: the last one, whatever write was on its way then. */
  let final: string | undefined
  const closed = () => final !== undefined

  /** The private directory (privacy.ts) and, once, `project.json`, before every write. */
  function prepare() {
    prepareDir(dir)
    if (owner !== undefined && !ownerWritten) {
      replaceSync(ownerPath, owner)
      ownerWritten = true
    }
  }

  /** The project that wrote the state file, if it says so and it is not this one. */
  async function otherProject(): Promise<ProjectRef | undefined> {
    if (!project) return undefined
    try {
      const recorded = JSON.parse(await readFile(ownerPath, "utf8")) as Partial<ProjectRef>
      return recorded.id !== project.id ? { id: String(recorded.id), worktree: String(recorded.worktree) } : undefined
    } catch {
      return undefined // no record (an older version wrote the file): it is taken as this project's
    }
  }

  async function drain() {
    while (pending !== undefined && !closed()) {
      const text = pending
      pending = undefined
      const temp = tempPath(path)
      try {
        prepare()
        await writeFile(temp, text, EXCLUSIVE)
        // An older snapshot never replaces the one written at exit: not renamed once it is
        // written, and if the exit came while this rename was on its way, written again after it.
        if (closed()) await unlink(temp)
        else await rename(temp, path)
        if (final !== undefined) writeFinal(final)
      } catch (e) {
        log("error", `could not write ${path}: ${e instanceof Error ? e.message : e}`)
      }
    }
    writing = undefined
  }

  const store: StateStore = {
    path,
    async read() {
      const other = await otherProject()
      if (other && existsSync(path)) {
        const aside = `${path}.other-project-${Date.now()}`
        await rename(path, aside).catch(() => {})
        log(
          "warn",
          `${path} belongs to project ${other.id} (${other.worktree}), not to ${project?.id}: moved to ${aside}, starting empty`,
        )
        return undefined
      }
      let text: string
      try {
        text = await readFile(path, "utf8")
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT")
          log("warn", `could not read ${path}: ${(e as Error).message}`)
        return undefined
      }
      try {
        JSON.parse(text)
        return text
      } catch (e) {
        const aside = await store.moveAside()
        log("warn", `${path} is not valid JSON (${(e as Error).message}); moved to ${aside}, starting empty`)
        return undefined
      }
    },
    async moveAside() {
      const aside = `${path}.corrupt-${Date.now()}`
      try {
        await rename(path, aside)
        return aside
      } catch {
        return undefined
      }
    },
    write(snapshot) {
      if (closed()) return // nothing replaces the snapshot written at exit
      pending = snapshot
      writing ??= drain()
    },
    async flush() {
      while (writing) await writing
    },
    writeSync(snapshot) {
      pending = undefined
      final = snapshot
      writeFinal(snapshot)
    },
  }

  function writeFinal(snapshot: string) {
    try {
      prepare()
      replaceSync(path, snapshot)
    } catch (e) {
      log("error", `could not write ${path}: ${e instanceof Error ? e.message : e}`)
    }
  }
  return store
}
