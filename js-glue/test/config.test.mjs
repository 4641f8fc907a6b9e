// Config files (JSONC, project over user, a bad source -> toast + skipped, the others apply) and the JSON Schema checked
// against the core itself (and against src/config.rs when the repository is around).
import { after, describe, test } from "node:test"
import assert from "node:assert/strict"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { DIST, FAST, PKG, quietHost, start, tempProject, waitFor, startDisposedAfter } from "./support/mock.mjs"

const { stripJsonc } = await import(pathToFileURL(join(DIST, "config.js")).href)
const { Core, compileCore } = await import(pathToFileURL(join(DIST, "core.js")).href)
const schema = JSON.parse(readFileSync(join(PKG, "schema", "config.schema.json"), "utf8"))
const core = new Core(await compileCore(), quietHost(), { reset() {}, trapped() {} })
const run = startDisposedAfter(after)

describe("JSONC", () => {
  test("comments and trailing commas go, strings stay intact", () => {
    const text = `// leading
{
  "url": "http://example.test/a//b", /* block */ "glob": "src/**/*.ts",
  "quote": "say \\"hi\\" // not a comment",
  "commaInString": "a,}",
  "list": [1, 2, /* x */ 3,
  ], // trailing
  "nested": { "a": 1, },
}`
    assert.deepEqual(JSON.parse(stripJsonc(text)), {
      url: "http://example.test/a//b",
      glob: "src/**/*.ts",
      quote: 'say "hi" // not a comment',
      commaInString: "a,}",
      list: [1, 2, 3],
      nested: { a: 1 },
    })
  })
  test("an unterminated comment stays an error", () => {
    assert.throws(() => JSON.parse(stripJsonc('{"a": 1 /* open')))
  })
})

describe("config files", () => {
  const toastsAbout = (s) => s.mock.rec.toasts.filter((t) => /config/i.test(t.title))

  test("valid JSONC in the project file applies (defaultConcurrency 1 queues the second task)", async () => {
    const dir = tempProject({ raw: `{ // fast\n ${JSON.stringify(FAST).slice(1, -1)}, "defaultConcurrency": 1, }` })
    const s = await run({ dir })
    await s.launch({ description: "one" })
    const two = await s.tool("background_task", { description: "two", prompt: "p", agent: "general" })
    await waitFor(async () =>
      /queued/.test((await s.tool("background_output", { task_id: two.metadata.taskId })).output),
    )
    assert.deepEqual(toastsAbout(s), [])
  })

  test("project keys win over the user file; both are read", async () => {
    const dir = tempProject({
      config: { ...FAST, defaultConcurrency: 2 },
      userConfig: { defaultConcurrency: 1, notifyParent: false },
    })
    const s = await run({ dir })
    const a = await s.launch()
    await s.launch()
    assert.match((await s.tool("background_list", {})).output, /\| running \|[^\n]*\n[^\n]*\| running \|/)
    await s.finish(a.child)
    await waitFor(() => s.mock.rec.toasts.some((t) => t.title === "Background task completed"))
    await new Promise((r) => setTimeout(r, 20))
    assert.equal(
      s.mock.rec.prompts.filter((p) => p.sessionID === "ses_A").length,
      0,
      "notifyParent=false from the user file",
    )
    assert.deepEqual(toastsAbout(s), [])
  })

  test("bad JSON: a toast and a log naming the file, and the defaults apply", async () => {
    const dir = tempProject({ raw: '{ "defaultConcurrency": 2 ' })
    const s = await run({ dir })
    const [toast] = await waitFor(() => toastsAbout(s).length && toastsAbout(s))
    assert.equal(toast.variant, "warning")
    assert.ok(toast.message.includes(join(dir, ".opencode", "background-agent.json")), toast.message)
    assert.match(toast.message, /not valid JSON/)
    assert.ok(s.mock.rec.logs.some((l) => l.level === "error" && l.message.includes("background-agent.json")))
    const { taskId } = await s.launch()
    assert.ok(taskId, "works with the defaults")
  })

  test("an unknown key: the core's message names the key, the toast names the file", async () => {
    const dir = tempProject({ userConfig: { defaultConcurency: 2 } })
    const s = await run({ dir })
    const [toast] = await waitFor(() => toastsAbout(s).length && toastsAbout(s))
    assert.match(toast.message, /background-agent\.json: unknown config key `defaultConcurency`/)
    assert.ok(toast.message.startsWith(process.env.XDG_CONFIG_HOME))
  })

  test("plugin options from opencode.json win over both files, key by key", async () => {
    const dir = tempProject({
      config: { ...FAST, defaultConcurrency: 1, notifyParent: false },
      userConfig: { defaultConcurrency: 1 },
    })
    const s = await run({ dir, options: { defaultConcurrency: 2 } })
    await s.launch()
    await s.launch()
    assert.match(
      (await s.tool("background_list", {})).output,
      /\| running \|[^\n]*\n[^\n]*\| running \|/,
      "two run at once",
    )
    assert.deepEqual(toastsAbout(s), [])
  })

  test("bad plugin options: the toast names them, and the defaults apply", async () => {
    for (const [options, pattern] of [
      [{ maxDepth: "deep" }, /^plugin options in opencode\.json: .*`maxDepth`/],
      [[1, 2], /^plugin options in opencode\.json: expected an object, got an array/],
    ]) {
      const s = await run({ options })
      const [toast] = await waitFor(() => toastsAbout(s).length && toastsAbout(s))
      assert.match(toast.message, pattern)
      assert.ok((await s.launch()).taskId, "works with the defaults")
    }
  })

  test("a value the core refuses across files names both", async () => {
    const dir = tempProject({ config: { retryInitialMs: 5000 }, userConfig: { retryMaxMs: 2000 } })
    const s = await run({ dir })
    const [toast] = await waitFor(() => toastsAbout(s).length && toastsAbout(s))
    assert.match(toast.message, / \+ .*retryMaxMs` must be at least `retryInitialMs`/)
  })

  test("one bad source is skipped, never the others: their limits still hold", async () => {
    const dir = tempProject({ config: { ...FAST, defaultConcurrency: 1 }, userConfig: { maxDepth: "deep" } })
    const s = await run({ dir, options: { defaultConcurency: 3 } })
    const [toast] = await waitFor(() => toastsAbout(s).length && toastsAbout(s))
    const [user, inline] = toast.message.split("\n")
    assert.match(user, /background-agent\.json: .*`maxDepth`/)
    assert.ok(user.startsWith(process.env.XDG_CONFIG_HOME), user)
    assert.match(inline, /^plugin options in opencode\.json: unknown config key `defaultConcurency`/)
    const errors = s.mock.rec.logs.filter((l) => l.level === "error" && l.message.startsWith("config source skipped"))
    assert.equal(errors.length, 2, "each skipped source is logged")
    // The project file still applies: defaultConcurrency 1 queues the second task.
    await s.launch({ description: "one" })
    const two = await s.tool("background_task", { description: "two", prompt: "p", agent: "general" })
    await waitFor(async () =>
      /queued/.test((await s.tool("background_output", { task_id: two.metadata.taskId })).output),
    )
  })
})

describe("config JSON Schema against the core", () => {
  const keys = Object.keys(schema.properties)

  test("every key, at its default, is accepted; all at once too", () => {
    for (const key of keys) {
      const value = key === "$schema" ? "./schema.json" : schema.properties[key].default
      assert.deepEqual(core.validate(JSON.stringify({ [key]: value })), { ok: true, value: undefined }, key)
    }
    const all = Object.fromEntries(keys.filter((k) => k !== "$schema").map((k) => [k, schema.properties[k].default]))
    assert.equal(core.validate(JSON.stringify(all)).ok, true)
  })

  test("every key is really read: a value of the wrong type is refused naming the key", () => {
    for (const key of keys.filter((k) => k !== "$schema")) {
      const wrong = schema.properties[key].type === "string" ? 42 : "wrong"
      const r = core.validate(JSON.stringify({ [key]: wrong }))
      assert.equal(r.ok, false, key)
      assert.match(r.error, new RegExp(`\`${key.replace("$", "\\$")}\``), key)
    }
  })

  test("a made-up key is refused; the schema forbids extra keys too", () => {
    assert.deepEqual(core.validate('{"notAKey": 1}'), { ok: false, error: "unknown config key `notAKey`" })
    assert.equal(schema.additionalProperties, false)
  })

  test("minimums in the schema match what the core refuses", () => {
    for (const key of keys.filter((k) => schema.properties[k].minimum === 1)) {
      const r = core.validate(JSON.stringify({ [key]: 0 }))
      assert.equal(r.ok, false, `${key}=0 should be refused`)
    }
    assert.equal(core.validate('{"modelConcurrency": {"gpt-5": 1}}').ok, false)
    assert.equal(core.validate('{"logLevel": "verbose"}').ok, false)
    for (const level of schema.properties.logLevel.enum)
      assert.equal(core.validate(JSON.stringify({ logLevel: level })).ok, true)
  })

  const source = join(PKG, "..", "src", "config.rs")
  test(
    "keys and defaults match src/config.rs",
    { skip: !existsSync(source) && "no src/config.rs beside js-glue/" },
    () => {
      const rs = readFileSync(source, "utf8")
      const camel = Object.fromEntries([...rs.matchAll(/"(\w+)" => self\.(\w+) = field/g)].map((m) => [m[2], m[1]]))
      assert.deepEqual(Object.values(camel).sort(), keys.filter((k) => k !== "$schema").sort())
      const body = rs.slice(rs.indexOf("impl Default for Config"))
      const defaults = body.slice(body.indexOf("Config {") + 8, body.indexOf("\n        }\n"))
      const fields = [...defaults.matchAll(/(\w+): (.+),/g)]
      assert.equal(fields.length, keys.length - 1, "one default per key")
      for (const [, field, expr] of fields) {
        const value = /^[\d_ *]+$/.test(expr)
          ? expr.split("*").reduce((p, x) => p * Number(x.trim().replace(/_/g, "")), 1)
          : expr === "true" || expr === "false"
            ? expr === "true"
            : /BTreeMap::new|Budget::default/.test(expr)
              ? {}
              : /Vec::new/.test(expr)
                ? []
                : /LogLevel::(\w+)/.test(expr)
                  ? expr.match(/LogLevel::(\w+)/)[1].toLowerCase()
                  : undefined
        assert.notEqual(value, undefined, `cannot read the default of ${field}: ${expr}`)
        assert.deepEqual(schema.properties[camel[field]].default, value, field)
      }
    },
  )
})
