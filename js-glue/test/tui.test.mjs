// The TUI part's reading of the view the server writes into a session's metadata, and the words
// it shows: defensive against anything in the metadata, lines that fit the sidebar, and a
// notification only for what a person away from the session needs to hear.
import assert from "node:assert/strict"
import { test } from "node:test"
import { join } from "node:path"
import { pathToFileURL } from "node:url"

const DIST = join(import.meta.dirname, "..", "dist")
const view = await import(pathToFileURL(join(DIST, "tui", "view.js")).href)

const task = (over) => ({
  id: "bg_1",
  description: "Survey the docs",
  agent: "general",
  status: "running",
  queuedAt: 0,
  startedAt: 1_000,
  toolCalls: 3,
  tokens: 100,
  costUsd: 0,
  ...over,
})
const meta = (over, tasks = [task()]) => ({
  other: 1,
  backgroundTasks: {
    version: 1,
    updatedAt: 5,
    running: 1,
    pending: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    more: 0,
    tasks,
    ...over,
  },
})

test("the view is read defensively: anything that is not one reads as none", () => {
  for (const bad of [undefined, null, 7, "x", {}, { backgroundTasks: 1 }, meta({ version: 2 }), meta({ tasks: 3 })]) {
    assert.equal(view.readView(bad), undefined, JSON.stringify(bad))
  }
  const odd = view.readView(meta({ running: -4 }, [task({ toolCalls: "x", waitingFor: ["bg_a", 3] }), { no: "id" }]))
  assert.equal(odd.running, 0)
  assert.equal(odd.tasks.length, 1, "a task without an id is left out")
  assert.equal(odd.tasks[0].toolCalls, 0)
  assert.deepEqual(odd.tasks[0].waitingFor, ["bg_a"])
})

test("the header names what is not zero; each line fits the sidebar whatever the description", () => {
  const v = view.readView(meta({ running: 2, pending: 1, completed: 3, failed: 1 }))
  assert.equal(view.header(v), "2 running · 1 queued · 3 done · 1 failed")
  const long = task({ description: "a very long description ".repeat(10), costUsd: 1.5 })
  const line = view.panelLine(long, 66_000)
  assert.ok([...line].length <= 36, `${[...line].length}: ${line}`)
  assert.match(line, /^● a very long.*… 1m 05s 3t \$1\.50$/)
  assert.match(view.panelLine(task({ needsInput: "permission bash" }), 2_000), /^! .* needs input$/)
  assert.match(view.panelLine(task({ status: "error", completedAt: 4_000 }), 9_000), /^✗ Survey the docs 3s 3t$/)
})

test("the person is told when a task needs input or a batch ends, and not on every change", () => {
  const running = view.readView(meta({}))
  const asked = view.readView(meta({}, [task({ needsInput: "permission bash on rm -rf" })]))
  const done = view.readView(meta({ running: 0, completed: 1 }, [task({ status: "completed" })]))
  assert.match(view.attention(running, asked), /Survey the docs needs input: permission bash/)
  assert.equal(view.attention(asked, asked), undefined, "once per request")
  assert.equal(view.attention(undefined, running), undefined)
  assert.equal(view.attention(running, running), undefined)
  assert.equal(view.attention(running, done), "Background tasks finished: 1 done")
  assert.equal(view.attention(done, undefined), undefined)
})
