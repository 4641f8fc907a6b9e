// The snapshot file: `.opencode/background-agent/state.json` under the project. Written atomically
// (temp file + rename), one write at a time with only the newest waiting; read once at start. An
// unreadable file is moved aside (never fatal). The text is the core's: only the core reads it.
import { mkdirSync, renameSync, writeFileSync } from "node:fs"
import { mkdir, readFile, rename, writeFile } from "node:fs/promises"
import { dirname, join } from "node:path"

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

export function createStateStore(
  directory: string,
  log: (level: "warn" | "error", message: string) => void,
): StateStore {
  const path = join(directory, ".opencode", "background-agent", "state.json")
  const temp = `${path}.${process.pid}.tmp`
  let pending: string | undefined
  let writing: Promise<void> | undefined

  async function drain() {
    while (pending !== undefined) {
      const text = pending
      pending = undefined
      try {
        await mkdir(dirname(path), { recursive: true })
        await writeFile(temp, text)
        await rename(temp, path)
      } catch (e) {
        log("error", `could not write ${path}: ${e instanceof Error ? e.message : e}`)
      }
    }
    writing = undefined
  }

  const store: StateStore = {
    path,
    async read() {
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
      pending = snapshot
      writing ??= drain()
    },
    async flush() {
      while (writing) await writing
    },
    writeSync(snapshot) {
      pending = undefined
      try {
        mkdirSync(dirname(path), { recursive: true })
        writeFileSync(`${temp}.exit`, snapshot)
        renameSync(`${temp}.exit`, path)
      } catch (e) {
        log("error", `could not write ${path}: ${e instanceof Error ? e.message : e}`)
      }
    },
  }
  return store
}
