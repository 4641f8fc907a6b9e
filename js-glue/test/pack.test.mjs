// The tarball `npm pack` makes (from the built dist/) installs into an empty project and loads
// there, in Node and in Bun. Packing and installing take a while (the peer dependency comes from
// the registry), so this runs once, in the Node run; under `bun test` it is skipped, and the Node
// run does the Bun import itself.
import { test } from "node:test"
import assert from "node:assert/strict"
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { PKG } from "./support/mock.mjs"

const isBun = Boolean(process.versions.bun)
const npm = process.platform === "win32" ? "npm.cmd" : "npm"

// Imports the installed package, checks its exports, then runs the plugin on a stub client far
// enough to load the core from node_modules/ and answer a tool call.
const PROBE = `
const mod = await import('opencode-background-agent');
if (JSON.stringify(Object.keys(mod)) !== '["default"]') throw new Error('exports: ' + Object.keys(mod));
if (typeof mod.default !== 'function') throw new Error('default export is not a function');
const ok = (data) => Promise.resolve({ data });
const client = { app: { log: () => ok(true) }, tui: { showToast: () => ok(true) } };
const dir = process.argv.at(-1);
const hooks = await mod.default({ client, directory: dir, worktree: dir });
const out = await hooks.tool.background_list.execute({}, { sessionID: 'ses_1' });
await hooks.dispose();
console.log(out.output);
`

test(
  "npm pack: complete tarball, installs in an empty project, loads in Node and Bun",
  { skip: isBun && "runs once, from the Node run", timeout: 300000 },
  () => {
    const dest = mkdtempSync(join(tmpdir(), "bg-agent-pack-"))
    const [info] = JSON.parse(
      execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", dest], {
        cwd: PKG,
        encoding: "utf8",
      }),
    )
    const files = info.files.map((f) => f.path).sort()
    for (const f of [
      "package.json",
      "README.md",
      "LICENSE",
      "schema/config.schema.json",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/core.js",
      "dist/core/background_agent.js",
      "dist/core/background_agent.d.ts",
      "dist/core/background_agent.core.wasm",
      "dist/tui/index.js",
      "dist/tui/view.js",
    ]) {
      assert.ok(files.includes(f), `${f} is in the tarball`)
    }
    assert.ok(!files.includes("dist/background_agent.wasm"), "the core ships once: as dist/core/ modules only")
    assert.deepEqual(
      files.filter((f) => /^(src|test|bench|scripts|node_modules)\//.test(f)),
      [],
      "no sources, tests or tooling",
    )

    const project = mkdtempSync(join(tmpdir(), "bg-agent-consumer-"))
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }))
    execFileSync(npm, ["install", join(dest, info.filename), "--no-audit", "--no-fund"], {
      cwd: project,
      stdio: "pipe",
    })
    writeFileSync(join(project, "probe.mjs"), PROBE)
    const node = execFileSync(process.execPath, ["probe.mjs", project], { cwd: project, encoding: "utf8" })
    assert.match(node, /No background tasks for this session\./)
    const bun = join(PKG, "node_modules", ".bin", "bun")
    if (existsSync(bun)) {
      const out = execFileSync(bun, ["probe.mjs", project], { cwd: project, encoding: "utf8" })
      assert.match(out, /No background tasks for this session\./)
    }
  },
)
