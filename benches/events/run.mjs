#!/usr/bin/env node
// Runs the event benchmark (bench.mjs) in a fresh Node and a fresh Bun process, adds the npm
// tarball's size, and prints one table: each row's Node and Bun figures, the target it aims at
// (issue 12) and whether both runtimes meet it. A benchmark, not a test: it exits non-zero only
// when a functional check failed (the replayed events did not reach running tasks, a task did not
// finish), never because a target was missed.
//   node benches/events/run.mjs [--quick] [--runtimes=node,bun] [--json=FILE] [--fixture=FILE]
import { execFileSync, spawnSync } from "node:child_process"
import { existsSync, writeFileSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const HERE = fileURLToPath(new URL(".", import.meta.url))
const JS_GLUE = join(HERE, "..", "..", "js-glue")
const BUN = join(JS_GLUE, "node_modules", ".bin", "bun")
const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const RUNTIMES = (option("runtimes") ?? "node,bun").split(",")
const QUICK = process.argv.includes("--quick")
/** What bench.mjs is given as it is. */
const PASSED = process.argv.slice(2).filter((a) => a === "--quick" || a.startsWith("--fixture="))

/** One bench.mjs process: its JSON, or why it failed. */
function runBench(runtime) {
  const bin = runtime === "bun" ? BUN : process.execPath
  if (runtime === "bun" && !existsSync(BUN)) return { failure: `${BUN} missing (npm ci in js-glue/)` }
  const t0 = Date.now()
  const out = spawnSync(bin, [join(HERE, "bench.mjs"), ...PASSED], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
    stdio: ["ignore", "pipe", "inherit"],
  })
  const last = out.stdout.trim().split("\n").at(-1)
  let result
  try {
    result = JSON.parse(last)
  } catch {
    return { failure: `${runtime} exited ${out.status} without a result: ${out.stdout.slice(-2000)}` }
  }
  result.wallSeconds = (Date.now() - t0) / 1000
  if (out.status !== 0) return { ...result, failure: result.failure ?? `${runtime} exited ${out.status}` }
  return result
}

/** The npm tarball as `npm pack` would make it (built already; no scripts run). */
function tarball() {
  const text = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: JS_GLUE,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  })
  const [pack] = JSON.parse(text)
  const wasm = pack.files.filter((f) => f.path.endsWith(".wasm"))
  return { bytes: pack.size, unpackedBytes: pack.unpackedSize, files: pack.entryCount, wasm }
}

// ---- the table ---------------------------------------------------------------------------------

const us = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3))
const times = (x) => `${x.toFixed(x >= 10 ? 0 : 2)}×`
/** A ratio cell: the ratio, then the two µs it is made of. */
const ratioCell = (ratio, a, b) => `${times(ratio)} (${us(a)} / ${us(b)} µs)`

/**
 * The rows: [label, cell(result), value(result) compared with the target, target text, the
 * comparison, runtimes the target applies to].
 */
function rows(results) {
  const any = results.find((r) => r && !r.failure) ?? {}
  const list = []
  const add = (label, cell, value, target, runtimes = ["node", "bun"]) =>
    list.push({ label, cell, value, target, runtimes })
  for (const row of any.replay ?? []) {
    const of = (r) => r.replay.find((x) => x.key === row.key)
    add(
      `${row.label}: plugin / plain`,
      (r) => ratioCell(of(r).ratio, of(r).pluginUs, of(r).plainUs),
      (r) => of(r).ratio,
      row.target && { max: row.target, text: `≤ ${row.target}×` },
    )
  }
  add(
    "tool part, 1 MB / 2 KB output",
    (r) => ratioCell(r.payload.toolOutput.ratio, r.payload.toolOutput.largeUs, r.payload.toolOutput.smallUs),
    (r) => r.payload.toolOutput.ratio,
    { max: 2, text: "≤ 2×" },
  )
  add(
    "text part, 1 MB / 2 KB text",
    (r) => ratioCell(r.payload.text.ratio, r.payload.text.largeUs, r.payload.text.smallUs),
    (r) => r.payload.text.ratio,
  )
  add(
    "session.messages reply, ~2 MB of tools / answer only",
    (r) => ratioCell(r.messagesReply.ratio, r.messagesReply.bigUs, r.messagesReply.smallUs),
    (r) => r.messagesReply.ratio,
    { max: 2, text: "≤ 2× (same answer kept)" },
  )
  for (const s of any.scale ?? []) {
    const of = (r) => r.scale.find((x) => x.n === s.n)
    const same = s.n <= s.perParentSpread
    const layout = same ? "one parent (both layouts)" : `1 parent / ${s.n / s.perParentSpread} parents`
    for (const [what, key, ratio] of [
      ["launch", "launchUs", "launchRatio"],
      ["finish", "finishUs", "finishRatio"],
    ])
      add(
        `${what} ${s.n.toLocaleString("en")} tasks, ${layout}`,
        (r) => ratioCell(of(r)[ratio], of(r).oneParent[key], of(r).manyParents[key]),
        (r) => of(r)[ratio],
        same ? undefined : { max: 1.5, text: "≤ 1.5×" },
      )
  }
  const snap = (r) => r.scale.find((x) => x.n === 1000).oneParent.snapshot
  add(
    "snapshot: finished task, bytes besides its result",
    (r) => `${snap(r).finished.perTask.toFixed(0)} B`,
    (r) => snap(r).finished.perTask,
    { max: 400, text: "≤ 400 B" },
  )
  add(
    "snapshot: running task, bytes besides its prompt",
    (r) => `${snap(r).running.perTask.toFixed(0)} B`,
    (r) => snap(r).running.perTask,
    { max: 600, text: "≤ 600 B" },
  )
  for (const b of any.snapshotBuild ?? []) {
    const of = (r) => r.snapshotBuild.find((x) => x.n === b.n)
    add(
      `snapshot build per 1,000 tasks, at ${b.n.toLocaleString("en")}`,
      (r) => `${of(r).msPer1000.toFixed(1)} ms`,
      (r) => of(r).msPer1000,
      { max: 2, text: "≤ 2 ms (Node)" },
      ["node"],
    )
  }
  add(
    "first instance: import + compile + create (peer import apart)",
    (r) =>
      `${r.load.totalMs.toFixed(0)} ms (${[r.load.importMs, r.load.compileMs, r.load.instantiateAndCreateMs].map((x) => x.toFixed(0)).join(" + ")}; peer ${r.load.peerImportMs.toFixed(0)})`,
    (r) => r.load.totalMs,
  )
  return list
}

/** Whether a row's target is met in every runtime it applies to (and which miss it). */
function verdict(row, byRuntime) {
  if (!row.target) return "–"
  const missed = row.runtimes.filter((rt) => {
    const r = byRuntime[rt]
    return r && !r.failure && !(row.value(r) <= row.target.max)
  })
  const measured = row.runtimes.filter((rt) => byRuntime[rt] && !byRuntime[rt].failure)
  if (measured.length === 0) return "not measured"
  if (missed.length === 0) return "met"
  return missed.length === measured.length ? "missed" : `missed (${missed.join(", ")})`
}

function printTable(byRuntime, pack) {
  const results = RUNTIMES.map((rt) => byRuntime[rt])
  const head = ["row", ...RUNTIMES.map((rt) => byRuntime[rt]?.runtime ?? rt), "target", "met?"]
  const lines = rows(results).map((row) => [
    row.label,
    ...RUNTIMES.map((rt) => {
      const r = byRuntime[rt]
      if (!r || r.failure) return "failed"
      try {
        return row.cell(r)
      } catch {
        return "–"
      }
    }),
    row.target?.text ?? "–",
    verdict(row, byRuntime),
  ])
  lines.push([
    "npm tarball (packed / unpacked, files)",
    `${(pack.bytes / 1024).toFixed(0)} KB / ${(pack.unpackedBytes / 1024).toFixed(0)} KB, ${pack.files} files`,
    ...RUNTIMES.slice(1).map(() => ""),
    "the component once",
    pack.wasm.every((f) => f.path.startsWith("dist/core/")) ? "met" : "missed",
  ])
  const width = head.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)))
  const fmt = (cells) => `| ${cells.map((c, i) => String(c).padEnd(width[i])).join(" | ")} |`
  console.log(fmt(head))
  console.log(`|${width.map((w) => "-".repeat(w + 2)).join("|")}|`)
  for (const l of lines) console.log(fmt(l))
}

const byRuntime = {}
for (const rt of RUNTIMES) {
  process.stderr.write(`events bench: ${rt}…\n`)
  byRuntime[rt] = runBench(rt)
}
const pack = tarball()
const any = Object.values(byRuntime).find((r) => !r.failure)
console.log(
  `\nEvent benchmark (${QUICK ? "quick, " : ""}fixture: OpenCode ${any?.fixture?.opencode ?? "?"}, ${any?.fixture?.events ?? "?"} events; ` +
    `${cpus().length} cores, load ${loadavg()[0].toFixed(1)}; plugin / plain = ratio (µs per event of each))\n`,
)
printTable(byRuntime, pack)
console.log(
  `\ncomponent in the tarball: ${pack.wasm.map((f) => `${f.path} (${(f.size / 1024).toFixed(0)} KB)`).join(", ")}`,
)
for (const [rt, r] of Object.entries(byRuntime))
  if (r.seconds) console.log(`${rt}: ${r.wallSeconds.toFixed(0)} s (${JSON.stringify(r.seconds)})`)
const jsonFile = option("json")
if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ byRuntime, tarball: pack }, null, 2))

const failures = Object.entries(byRuntime).filter(([, r]) => r.failure)
for (const [rt, r] of failures) console.error(`\nFAILED (${rt}): ${r.failure}`)
if (failures.length) process.exitCode = 1
