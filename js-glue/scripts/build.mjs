#!/usr/bin/env node
// Builds the npm package's dist/ from the component that `scripts/build` (repository root) made:
//   1. jco 1.10.2 transpiles dist/background_agent.wasm into dist/core/ (--instantiation sync:
//      the host passes its imports in, and can re-instantiate from compiled modules after a trap);
//      and its string lowering is swapped for a faster one (scripts/fast-utf8.js);
//   2. tsc compiles src/ into dist/ (src/core.ts finds the generated .d.ts through `rootDirs`);
//   3. the licence is copied to ./LICENSE. The component itself is not shipped: dist/core/ holds
//      its modules, which is all the plugin loads (the package carries the code once).
// Everything in dist/ is generated; nothing there is edited by hand.
//   BG_AGENT_WASM=<path> overrides the component's location.
import { execFileSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
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

/** jco 1.10.2's string lowering, exactly as it generates it: replaced by scripts/fast-utf8.js. */
const JCO_UTF8_ENCODE = `  let utf8EncodedLen = 0;
  function utf8Encode(s, realloc, memory) {
    if (typeof s !== 'string') throw new TypeError('expected a string');
    if (s.length === 0) {
      utf8EncodedLen = 0;
      return 1;
    }
    let buf = utf8Encoder.encode(s);
    let ptr = realloc(0, 0, 1, buf.length);
    new Uint8Array(memory.buffer).set(buf, ptr);
    utf8EncodedLen = buf.length;
    return ptr;
  }
`

/**
 * Swaps jco's string lowering for the faster one in scripts/fast-utf8.js (same bytes, same
 * calls into the core). Fails the build if jco's code is not exactly the one this replaces.
 */
function patchUtf8Encode(file) {
  const glue = readFileSync(file, "utf8")
  const at = glue.indexOf(JCO_UTF8_ENCODE)
  if (at < 0 || glue.indexOf(JCO_UTF8_ENCODE, at + 1) >= 0) {
    console.error(`error: jco's utf8Encode in ${file} is not the one scripts/fast-utf8.js replaces`)
    process.exit(1)
  }
  const fast = readFileSync(join(PKG, "scripts", "fast-utf8.js"), "utf8")
  writeFileSync(file, glue.slice(0, at) + fast + glue.slice(at + JCO_UTF8_ENCODE.length))
}

const t0 = Date.now()
rmSync(DIST, { recursive: true, force: true })
mkdirSync(DIST, { recursive: true })
execFileSync(
  process.execPath,
  [jcoCli, "transpile", WASM, "-o", join(DIST, "core"), "--name", "background_agent", "--instantiation", "sync", "-q"],
  { stdio: "inherit" },
)
patchUtf8Encode(join(DIST, "core", "background_agent.js"))
execFileSync(process.execPath, [tsc, "-p", join(PKG, "tsconfig.json")], { stdio: "inherit" })
copyFileSync(join(PKG, "..", "LICENSE"), join(PKG, "LICENSE"))
console.log(
  `built ${relative(process.cwd(), DIST) || "."}/ from ${relative(process.cwd(), WASM)} ` +
    `(${statSync(WASM).size} bytes) with jco ${jco.version} in ${Date.now() - t0} ms`,
)
