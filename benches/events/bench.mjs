#!/usr/bin/env node
// The event benchmark, one process (run.mjs starts it in Node and in Bun and prints the table):
// the first instance's load time; the recorded stream (fixture/) replayed through the real
// plugin's `event` hook and the plain handler, by event class; payload independence; the
// `session.messages` reply path; launch and finish at scale; snapshot size and build time. Prints
// one JSON object. Exits non-zero only when a functional check fails (events that did not reach
// running tasks, a task that did not finish), never because a figure is slow.
//   node benches/events/bench.mjs [--quick] [--fixture=<file>]
import { rmSync } from "node:fs"
import { basename, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const HERE = fileURLToPath(new URL(".", import.meta.url))
const DIST = join(HERE, "..", "..", "js-glue", "dist")
const PEER = join(HERE, "..", "..", "js-glue", "node_modules", "@opencode-ai", "plugin")
const QUICK = process.argv.includes("--quick")
const FIXTURE =
  process.argv.find((a) => a.startsWith("--fixture="))?.slice(10) ?? join(HERE, "fixture", "opencode-1.18.33.json")

/**
 * Load time of the first instance: importing the plugin, compiling the core, the first start.
 * The plugin's peer dependency (@opencode-ai/plugin, with zod) is imported first and timed on
 * its own: OpenCode has it loaded before any plugin.
 */
async function measureLoad() {
  const tPeer = performance.now()
  await import(pathToFileURL(join(PEER, "dist", "index.js")).href)
  const t0 = performance.now()
  await import(pathToFileURL(join(DIST, "index.js")).href)
  const tImport = performance.now()
  const { compileCore } = await import(pathToFileURL(join(DIST, "core.js")).href)
  await compileCore()
  const tCompile = performance.now()
  // The tests' mock client (and the zod it imports) is not part of the plugin: loaded after.
  const { startPlugin } = await import("./plugin.mjs")
  const tMock = performance.now()
  const first = await startPlugin({ config: {} })
  const tFirst = performance.now()
  await first.stop()
  return {
    peerImportMs: t0 - tPeer,
    importMs: tImport - t0,
    compileMs: tCompile - tImport,
    instantiateAndCreateMs: tFirst - tMock,
    totalMs: tFirst - tMock + (tCompile - t0),
  }
}

const load = await measureLoad()
const { replaySection } = await import("./replay-section.mjs")
const { scaleSection } = await import("./scale.mjs")
const { snapshotBuildSection } = await import("./snapshot.mjs")

const result = {
  runtime: process.versions.bun ? `Bun ${process.versions.bun}` : `Node ${process.version}`,
  quick: QUICK,
  load,
}
/** Runs one section, keeping how long it took (for the run's own budget). */
const seconds = {}
async function section(name, f) {
  const t0 = performance.now()
  const value = await f()
  seconds[name] = (performance.now() - t0) / 1000
  return value
}
try {
  Object.assign(result, await section("replay", () => replaySection(FIXTURE, QUICK)))
  result.scale = await section("scale", () => scaleSection(QUICK))
  result.snapshotBuild = await section("snapshotBuild", () => snapshotBuildSection(QUICK))
  result.seconds = seconds
} catch (e) {
  // A functional check says FUNCTIONAL; anything else is a crash of the benchmark: both fail it.
  const functional = e instanceof Error && e.message.startsWith("FUNCTIONAL")
  result.failure = functional ? e.message : `crashed: ${e instanceof Error ? e.stack : e}`
  process.exitCode = 1
}
// The tests' mock module gave this process an empty config home of its own: it goes too.
const home = process.env.XDG_CONFIG_HOME
if (home && basename(home).startsWith("bg-agent-xdg-")) rmSync(home, { recursive: true, force: true })
console.log(JSON.stringify(result))
