// Config sources, lowest priority first: the user's `$XDG_CONFIG_HOME/opencode/background-agent.json`
// (default `~/.config/...`), the project's `.opencode/background-agent.json` (JSONC accepted), and
// the options given where the plugin is registered (`"plugin": [["opencode-background-agent", {…}]]`
// in opencode.json). Merged key by key. The core validates: the host only finds which source it meant.
// A source that cannot be read, or that the core refuses, is reported and skipped: the others still
// apply, so one bad key never discards the limits (`maxDepth`, `agentDenies`, …) set elsewhere.
import { readFile } from "node:fs/promises"
import { homedir } from "node:os"
import { join } from "node:path"
import type { Outcome } from "./core.js"

export interface ConfigFile {
  path: string
  value: unknown
}

/** Lowest priority first. */
export function configPaths(directory: string): string[] {
  const xdg = process.env.XDG_CONFIG_HOME || join(homedir(), ".config")
  return [join(xdg, "opencode", "background-agent.json"), join(directory, ".opencode", "background-agent.json")]
}

/** JSON with comments and trailing commas -> JSON. Strings are copied verbatim (escapes included). */
export function stripJsonc(text: string): string {
  let out = ""
  for (let i = 0; i < text.length; ) {
    const c = text[i]!
    if (c === '"') {
      const start = i++
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1
      out += text.slice(start, ++i)
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2)
      if (end < 0) return out + text.slice(i) // unterminated: leave it for JSON.parse to reject
      out += " "
      i = end + 2
    } else if (c === "," && "}]".includes(nextSignificant(text, i + 1) ?? "x")) {
      i++ // trailing comma
    } else {
      out += c
      i++
    }
  }
  return out
}

/** The next character that is not whitespace or inside a comment. */
function nextSignificant(text: string, i: number): string | undefined {
  while (i < text.length) {
    if (/\s/.test(text[i]!)) i++
    else if (text.startsWith("//", i)) i = text.includes("\n", i) ? text.indexOf("\n", i) : text.length
    else if (text.startsWith("/*", i)) {
      if (!text.includes("*/", i + 2)) return undefined
      i = text.indexOf("*/", i + 2) + 2
    } else return text[i]
  }
  return undefined
}

/** Reads the files that exist. A file that cannot be read or is not JSON(C) is a problem naming it. */
export async function readConfigFiles(directory: string): Promise<{ files: ConfigFile[]; problems: string[] }> {
  const files: ConfigFile[] = []
  const problems: string[] = []
  for (const path of configPaths(directory)) {
    let text: string
    try {
      text = await readFile(path, "utf8")
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") problems.push(`${path}: ${(e as Error).message}`)
      continue
    }
    try {
      files.push({ path, value: JSON.parse(stripJsonc(text.replace(/^\uFEFF/, ""))) })
    } catch (e) {
      problems.push(`${path}: not valid JSON: ${(e as Error).message}`)
    }
  }
  return { files, problems }
}

/** Where the plugin options came from, as errors name it. */
export const PLUGIN_OPTIONS = "plugin options in opencode.json"

/**
 * The options OpenCode passed with the plugin's registration, as the last (strongest) source.
 * Nothing given is no source; anything but an object is a problem naming it.
 */
export function pluginOptions(options: unknown): { file?: ConfigFile; problem?: string } {
  if (options === undefined || options === null) return {}
  if (typeof options !== "object" || Array.isArray(options)) {
    return {
      problem: `${PLUGIN_OPTIONS}: expected an object, got ${Array.isArray(options) ? "an array" : typeof options}`,
    }
  }
  return Object.keys(options).length ? { file: { path: PLUGIN_OPTIONS, value: options } } : {}
}

/** The merged config, and the sources it skipped (each problem names the source and the key). */
export interface MergedConfig {
  value: string
  problems: string[]
}

/**
 * Merges the sources, lowest priority first. Each is checked by the core on its own, then
 * merged over the ones before it and checked again (some rules span keys, e.g. `retryMaxMs` ≥
 * `retryInitialMs`); a source refused either way is skipped, and the rest still apply.
 */
export function mergeConfig(files: ConfigFile[], validate: (text: string) => Outcome<void>): MergedConfig {
  const problems: string[] = []
  const used: string[] = []
  let merged: object = {}
  for (const f of files) {
    const alone = validate(JSON.stringify(f.value))
    if (!alone.ok) {
      problems.push(`${f.path}: ${alone.error}`)
      continue
    }
    const next = { ...merged, ...(f.value as object) }
    const together = validate(JSON.stringify(next))
    if (!together.ok) {
      problems.push(`${[...used, f.path].join(" + ")}: ${together.error} (the last of these is skipped)`)
      continue
    }
    merged = next
    used.push(f.path)
  }
  return { value: JSON.stringify(merged), problems }
}
