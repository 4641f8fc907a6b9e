#!/usr/bin/env node
// Builds the npm package's dist/ from the component that `scripts/build` (repository root) made:
//   1. jco 1.10.2 transpiles dist/background_agent.wasm into dist/core/ (--instantiation sync:
//      the host passes its imports in, and can re-instantiate from compiled modules after a trap);
//   2. tsc compiles src/ into dist/ (src/core.ts finds the generated .d.ts through `rootDirs`);
//   3. the licence is copied to ./LICENSE. The component itself is not shipped: dist/core/ holds
//      its modules, which is all the plugin loads (the package carries the code once).
// Everything in dist/ is generated; nothing there is edited by hand.
//   BG_AGENT_WASM=<path> overrides the component's location.
import { execFileSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

const PKG = join(dirname(fileURLToPath(import.meta.url)), "..")
const WASM = process.env.BG_AGENT_WASM || join(PKG, "..", "dist", "background_agent.wasm")
const DIST = join(PKG, "dist")
const require = createRequire(join(PKG, "package.json"))

if (!existsSync(WASM)) {
  console.error(`error: ${WASM} is missing: run scripts/build at the repository root first`)
  process.exit(1)
}
// jco's package.json is not in its `exports`: find it where npm puts it.
const jcoPkg = join(PKG, "node_modules", "@bytecodealliance", "jco", "package.json")
if (!existsSync(jcoPkg)) {
  console.error("error: jco is not installed: run scripts/setup (or npm ci in js-glue/)")
  process.exit(1)
}
const jco = require(jcoPkg)
if (jco.version !== "1.10.2") {
  console.error(`error: jco ${jco.version} installed, 1.10.2 expected (npm ci in js-glue/)`)
  process.exit(1)
}
const jcoCli = join(dirname(jcoPkg), typeof jco.bin === "string" ? jco.bin : jco.bin.jco)
const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc")

const t0 = Date.now()
rmSync(DIST, { recursive: true, force: true })
mkdirSync(DIST, { recursive: true })
execFileSync(
  process.execPath,
  [jcoCli, "transpile", WASM, "-o", join(DIST, "core"), "--name", "background_agent", "--instantiation", "sync", "-q"],
  { stdio: "inherit" },
)
execFileSync(process.execPath, [tsc, "-p", join(PKG, "tsconfig.json")], { stdio: "inherit" })
copyFileSync(join(PKG, "..", "LICENSE"), join(PKG, "LICENSE"))
console.log(
  `built ${relative(process.cwd(), DIST) || "."}/ from ${relative(process.cwd(), WASM)} ` +
    `(${statSync(WASM).size} bytes) with jco ${jco.version} in ${Date.now() - t0} ms`,
)
