// Strings cross into the core and back unchanged, whatever they hold: the build swaps jco's string
// lowering for a faster one (scripts/fast-utf8.js), which writes short ASCII strings byte by byte
// and other short strings straight into the core's memory, shrinking the allocation to the bytes
// written. A launch prompt crosses in (the
// tool's arguments) and out again (the child's prompt), so it carries each case both ways.
import assert from "node:assert/strict"
import { after, test } from "node:test"
import { createMockClient, startDisposedAfter } from "./support/mock.mjs"

const start = startDisposedAfter(after)

/** What UTF-8 can carry of `s`: a lone surrogate becomes U+FFFD, as TextEncoder writes it. */
const carried = (s) => new TextDecoder().decode(new TextEncoder().encode(s))

const CASES = {
  ascii: "Read src/main.rs and summarise it.",
  accents: "Résumé: naïve café, déjà vu.",
  cjk: "阅读代码并总结。コードを読む。",
  emoji: "Ship it 🚀🌍 — done ✅",
  "lone surrogates": "broken \ud800 pair \udc00 here",
  "one character": "x",
  "non-ASCII at the end": `${"a".repeat(200)}é`,
  "short, non-ASCII at the end": `${"a".repeat(20)}é`,
  "short, non-ASCII at the start": "é and then ASCII",
  "short ASCII, at the loop's limit": "z".repeat(32),
  "long non-ASCII, within the direct path": `${"é".repeat(60_000)}!`,
  "long ASCII, past the direct path": "word ".repeat(20_000),
  "long, past the direct path": `${"é".repeat(70_000)}!`,
}

for (const [what, prompt] of Object.entries(CASES)) {
  test(`a prompt crosses into the core and back unchanged: ${what}`, async () => {
    const mock = createMockClient()
    const s = await start({ mock })
    const { taskId, child } = await s.launch({ prompt })
    assert.ok(taskId)
    const sent = mock.rec.prompts.find((p) => p.sessionID === child)
    assert.equal(sent.body.parts[0].text, carried(prompt))
  })
}
