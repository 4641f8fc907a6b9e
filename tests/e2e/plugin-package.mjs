// The plugin as users get it: the npm tarball of js-glue/, installed like a dependency, ready to be
// named in an OpenCode config. Node >= 20, built-ins only.
//
//   import { pluginPackage } from './plugin-package.mjs';
//   const pkg = await pluginPackage();   // { tarball, dir, entry, version, key, reused }
//   startStack({ config: { plugin: [pkg.entry] } })
//
// What it does, once per process (the promise is memoised) and at most once per content:
//   1. runs scripts/build when dist/background_agent.wasm is missing or older than any file of
//      src/, wit/, Cargo.toml or Cargo.lock;
//   2. `npm pack` in js-glue/ (its prepack builds js-glue/dist from the component);
//   3. `npm install <tarball>` into an empty consumer project, offline, peer dependencies left
//      alone, then links the peer dependency @opencode-ai/plugin to the copy in the OpenCode
//      config seed (tests/e2e/install-opencode), so the package resolves it like it would in
//      OpenCode's own install.
// The result is cached in <OPENCODE_E2E_CACHE>/plugin/<key>/, keyed by a hash of everything that
// goes into the tarball; a later run with the same inputs reuses it (building nothing).
//
// Why an entry pointing at the installed package directory and not the bare name
// "opencode-background-agent": for a bare name OpenCode 1.18 installs `<name>@latest` from the
// npm registry at start-up (into ~/.cache/opencode), which would need the network and would not
// test this tree. A directory entry goes through the same package.json handling (`main`,
// `engines.opencode`) without any install.
//
// Environment:
//   E2E_PLUGIN_TGZ=<path>  use this tarball as it is (nothing is built or packed)
//   E2E_DEBUG=1            print progress on stderr

import { execFileSync } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { CACHE_DIR, SEED_DIR } from "./harness.mjs"

const HERE = path.dirname(fileURLToPath(import.meta.url))
export const REPO = path.resolve(HERE, "..", "..")
export const PACKAGE_NAME = "opencode-background-agent"
const JS = path.join(REPO, "js-glue")
const WASM = path.join(REPO, "dist", "background_agent.wasm")
const PLUGIN_CACHE = path.join(CACHE_DIR, "plugin")
const KEEP = 3 // cached builds kept (newest first)
const npm = process.platform === "win32" ? "npm.cmd" : "npm"

const DEBUG = process.env.E2E_DEBUG === "1"
const debug = (...a) => {
  if (DEBUG) process.stderr.write(`[e2e-pkg ${new Date().toISOString().slice(11, 23)}] ${a.join(" ")}\n`)
}

/** Every regular file under `dir` (recursively), sorted; [] when it does not exist. */
function filesUnder(dir) {
  const out = []
  const walk = (d) => {
    let entries
    try {
      entries = fs.readdirSync(d, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile()) out.push(p)
    }
  }
  walk(dir)
  return out.sort()
}

function mtimeMs(f) {
  try {
    return fs.statSync(f).mtimeMs
  } catch {
    return 0
  }
}

/** Runs a command; on failure throws with the tail of its output. */
function run(cmd, args, opts) {
  try {
    return execFileSync(cmd, args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 << 20,
      ...opts,
    })
  } catch (e) {
    const out = `${e.stdout ?? ""}${e.stderr ?? ""}`.split("\n").slice(-30).join("\n")
    throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (exit ${e.status ?? e.signal}):\n${out}`)
  }
}

/** Builds the component when it is missing or older than its sources. Returns whether it built. */
export function ensureComponent() {
  const sources = [
    ...filesUnder(path.join(REPO, "src")),
    ...filesUnder(path.join(REPO, "wit")),
    path.join(REPO, "Cargo.toml"),
    path.join(REPO, "Cargo.lock"),
  ]
  const newest = Math.max(...sources.map(mtimeMs))
  if (fs.existsSync(WASM) && mtimeMs(WASM) >= newest) return false
  debug(`scripts/build (${fs.existsSync(WASM) ? "component older than its sources" : "no component yet"})`)
  const t = Date.now()
  run(path.join(REPO, "scripts", "build"), [], { cwd: REPO })
  debug(`scripts/build done in ${Date.now() - t} ms`)
  return true
}

/** Hash of everything `npm pack` puts into the tarball (and of the tools that make it). */
function contentKey() {
  const h = crypto.createHash("sha256")
  const inputs = [
    WASM,
    path.join(REPO, "LICENSE"),
    ...[
      "package.json",
      "package-lock.json",
      "tsconfig.json",
      "README.md",
      "scripts/build.mjs",
      "scripts/fast-utf8.js",
    ].map((f) => path.join(JS, f)),
    ...filesUnder(path.join(JS, "src")),
    ...filesUnder(path.join(JS, "schema")),
  ]
  for (const f of inputs) {
    h.update(path.relative(REPO, f)).update("\0")
    h.update(fs.existsSync(f) ? fs.readFileSync(f) : Buffer.from("(missing)")).update("\0")
  }
  return h.digest("hex").slice(0, 16)
}

/** A crude cross-process lock (mkdir is atomic): builds and packs must not overlap in js-glue/. */
async function withLock(dir, f) {
  const lock = `${dir}.lock`
  const deadline = Date.now() + 10 * 60_000
  for (;;) {
    try {
      fs.mkdirSync(lock)
      break
    } catch (e) {
      if (e.code !== "EEXIST") throw e
      // A lock older than 10 minutes belongs to a process that died.
      if (Date.now() - mtimeMs(lock) > 10 * 60_000) {
        fs.rmSync(lock, { recursive: true, force: true })
        continue
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${lock}`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  try {
    return await f()
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

/** Installs `tarball` into a fresh consumer project under `into`; returns the package dir. */
function installInto(into, tarball) {
  const peer = path.join(SEED_DIR, "node_modules", "@opencode-ai", "plugin")
  if (!fs.existsSync(path.join(peer, "package.json")))
    throw new Error(`${peer} is missing: run tests/e2e/install-opencode`)
  fs.mkdirSync(into, { recursive: true })
  fs.writeFileSync(
    path.join(into, "package.json"),
    JSON.stringify({ name: "e2e-consumer", private: true, type: "module" }, null, 2),
  )
  // --legacy-peer-deps: the peer dependency is not fetched (it is linked below); --offline: the
  // package has no dependencies, so nothing needs the registry.
  run(npm, ["install", tarball, "--offline", "--legacy-peer-deps", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: into,
  })
  const dir = path.join(into, "node_modules", PACKAGE_NAME)
  if (!fs.existsSync(path.join(dir, "package.json"))) throw new Error(`npm install did not create ${dir}`)
  const scope = path.join(into, "node_modules", "@opencode-ai")
  fs.mkdirSync(scope, { recursive: true })
  fs.rmSync(path.join(scope, "plugin"), { recursive: true, force: true })
  fs.symlinkSync(peer, path.join(scope, "plugin"), "dir")
  return dir
}

function describe(root, tarball, key, reused) {
  const dir = path.join(root, "consumer", "node_modules", PACKAGE_NAME)
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))
  // The directory itself: OpenCode reads its package.json (main, engines.opencode).
  return { tarball, dir, entry: pathToFileURL(dir).href, version, key, reused }
}

/** Removes all but the newest KEEP cached builds. */
function prune() {
  let entries
  try {
    entries = fs
      .readdirSync(PLUGIN_CACHE, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^[0-9a-f]{16}$/.test(e.name))
  } catch {
    return
  }
  const byAge = entries.map((e) => path.join(PLUGIN_CACHE, e.name)).sort((a, b) => mtimeMs(b) - mtimeMs(a))
  for (const old of byAge.slice(KEEP)) fs.rmSync(old, { recursive: true, force: true })
}

async function build() {
  const t0 = Date.now()
  fs.mkdirSync(PLUGIN_CACHE, { recursive: true })
  if (process.env.E2E_PLUGIN_TGZ) {
    const tarball = path.resolve(process.env.E2E_PLUGIN_TGZ)
    if (!fs.existsSync(tarball)) throw new Error(`E2E_PLUGIN_TGZ=${tarball} does not exist`)
    const key = crypto.createHash("sha256").update(fs.readFileSync(tarball)).digest("hex").slice(0, 16)
    const root = path.join(PLUGIN_CACHE, `given-${key}`)
    if (!fs.existsSync(path.join(root, "consumer", "node_modules", PACKAGE_NAME, "package.json"))) {
      fs.rmSync(root, { recursive: true, force: true })
      installInto(path.join(root, "consumer"), tarball)
    }
    return describe(root, tarball, key, false)
  }
  return withLock(path.join(PLUGIN_CACHE, "build"), async () => {
    ensureComponent()
    const key = contentKey()
    const root = path.join(PLUGIN_CACHE, key)
    const done = path.join(root, ".complete")
    if (fs.existsSync(done)) {
      const now = new Date()
      fs.utimesSync(root, now, now)
      const tarball = fs.readdirSync(root).find((f) => f.endsWith(".tgz"))
      debug(`reusing ${root} (${Date.now() - t0} ms)`)
      return describe(root, path.join(root, tarball), key, true)
    }
    fs.rmSync(root, { recursive: true, force: true })
    fs.mkdirSync(root, { recursive: true })
    const t = Date.now()
    // prepack runs js-glue's build; its output is noise unless it fails.
    run(npm, ["pack", "--pack-destination", root, "--silent"], { cwd: JS })
    const tarball = fs.readdirSync(root).find((f) => f.endsWith(".tgz"))
    if (!tarball) throw new Error(`npm pack left no tarball in ${root}`)
    debug(`npm pack: ${tarball} in ${Date.now() - t} ms`)
    installInto(path.join(root, "consumer"), path.join(root, tarball))
    fs.writeFileSync(done, `${new Date().toISOString()}\n`)
    prune()
    debug(`packed and installed in ${Date.now() - t0} ms`)
    return describe(root, path.join(root, tarball), key, false)
  })
}

let memo
/** The packed and installed plugin (see the top of this file). Memoised per process. */
export function pluginPackage() {
  memo ??= build().catch((e) => {
    memo = undefined
    throw e
  })
  return memo
}
