// The plugin's private directory, `.opencode/background-agent/` under the project, and how a file
// in it is written. Its files hold prompts and results (the state files) or say who owns them (the
// leases), so the directory is 0700 with its own `.gitignore`, every file 0600, and a file is
// replaced whole through a temp file with an unpredictable name created exclusively: a planted
// file or symlink makes the write fail, never redirects it. Used by state.ts and lease.ts.
import { randomBytes } from "node:crypto"
import { chmodSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const PRIVATE_DIR = 0o700
const PRIVATE_FILE = 0o600
const IGNORE_ALL = "# Written by opencode-background-agent: prompts and results. Never commit it.\n*\n"

/** Creates the file only if nothing is at its path (no following a planted symlink). */
export const EXCLUSIVE = { flag: "wx", mode: PRIVATE_FILE } as const

export const errorCode = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code

/** The private directory of the project `directory`. */
export const privateDir = (directory: string) => join(directory, ".opencode", "background-agent")

/** A temp file's path beside `target`: unpredictable, so nobody can plant anything there first. */
export const tempPath = (target: string) => `${target}.${randomBytes(12).toString("hex")}.tmp`

/**
 * The directory and its `.gitignore`, before every write: a directory removed meanwhile is made
 * again. A few small metadata calls, synchronous so the exit write can use them too.
 */
export function prepareDir(dir: string) {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR })
  chmodSync(dir, PRIVATE_DIR)
  try {
    writeFileSync(join(dir, ".gitignore"), IGNORE_ALL, EXCLUSIVE)
  } catch (e) {
    if (errorCode(e) !== "EEXIST") throw e
  }
}

/** `text` replaces the file at `target` whole, through a private temp file (removed on failure). */
export function replaceSync(target: string, text: string) {
  const temp = tempPath(target)
  try {
    writeFileSync(temp, text, EXCLUSIVE)
    renameSync(temp, target)
  } catch (e) {
    unlinkQuietly(temp)
    throw e
  }
}

/** Removes the file at `path`, if it is there; never throws. */
export function unlinkQuietly(path: string) {
  try {
    unlinkSync(path)
  } catch {}
}
