// Config sources, lowest priority first: the user's `$XDG_CONFIG_HOME/opencode/background-agent.json`
// (default `~/.config/...`), the project's `.opencode/background-agent.json` (JSONC accepted), and
// the options given where the plugin is registered (`"plugin": [["opencode-background-agent", {…}]]`
// in opencode.json). Merged key by key. The core validates: the host only finds which source it meant.
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

/** Reads the files that exist. A file that is not JSON(C) is a problem naming it. */
export async function readConfigFiles(directory: string): Promise<{ files: ConfigFile[]; problem?: string }> {
  const files: ConfigFile[] = []
  for (const path of configPaths(directory)) {
    let text: string
    try {
      text = await readFile(path, "utf8")
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue
      return { files, problem: `${path}: ${(e as Error).message}` }
    }
    try {
      files.push({ path, value: JSON.parse(stripJsonc(text.replace(/^\uFEFF/, ""))) })
    } catch (e) {
      return { files, problem: `${path}: not valid JSON: ${(e as Error).message}` }
    }
  }
  return { files }
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

/** The merged config text, checked by the core file by file, then merged. */
export function mergeConfig(files: ConfigFile[], validate: (text: string) => Outcome<void>): Outcome<string> {
  for (const f of files) {
    const checked = validate(JSON.stringify(f.value))
    if (!checked.ok) return { ok: false, error: `${f.path}: ${checked.error}` }
  }
  const merged = JSON.stringify(Object.assign({}, ...files.map((f) => f.value as object)))
  const checked = validate(merged)
  if (!checked.ok) return { ok: false, error: `${files.map((f) => f.path).join(" + ")}: ${checked.error}` }
  return { ok: true, value: merged }
}
