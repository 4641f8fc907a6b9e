// The person's view, end to end: the packed plugin's TUI part (`./tui`, registered in tui.json)
// in a real `opencode attach` running in tmux against the real server with the mock model. The
// screens the tests assert on are written to the stack's log dir (tui-*.txt).
import { after, before, describe, test } from "node:test"
import assert from "node:assert/strict"
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { opencodeBinary } from "./harness.mjs"
import { diagnosedTest, launch, startAgentStack } from "./agent.mjs"

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
let current
const e2eTest = diagnosedTest(test, () => current)

/** One `opencode attach` in a detached tmux session, with the server's isolated HOME and XDG dirs. */
class Screen {
  constructor(stack, name, sessionID) {
    this.stack = stack
    this.name = `${name}-${process.pid}`
    const env = { ...stack._serverEnv }
    const script = path.join(stack.root, `${name}.sh`)
    const exports = Object.entries(env).map(([k, v]) => `export ${k}=${JSON.stringify(String(v))}`)
    const attach = [opencodeBinary(), "attach", stack.baseUrl, "--dir", stack.directory, "--session", sessionID]
    fs.writeFileSync(
      script,
      `#!/bin/sh\n${exports.join("\n")}\ncd ${JSON.stringify(stack.directory)}\nexec ${attach.map((a) => JSON.stringify(a)).join(" ")}\n`,
      { mode: 0o755 },
    )
    this.kill()
    execFileSync("tmux", ["new-session", "-d", "-x", "200", "-y", "50", "-s", this.name, script])
  }
  text() {
    return execFileSync("tmux", ["capture-pane", "-p", "-t", this.name], { encoding: "utf8" })
  }
  keys(...keys) {
    execFileSync("tmux", ["send-keys", "-t", this.name, ...keys])
  }
  /** Waits until `predicate(screen text)`; the screen is saved under `label` either way. */
  async until(label, predicate, timeoutMs = 20000) {
    const t0 = Date.now()
    let last = ""
    while (Date.now() - t0 < timeoutMs) {
      last = this.text()
      if (predicate(last)) break
      await sleep(250)
    }
    fs.writeFileSync(path.join(this.stack.logDir, `tui-${label}.txt`), last)
    assert.ok(predicate(last), `${label}: not on screen after ${timeoutMs} ms:\n${last}`)
    return last
  }
  kill() {
    try {
      execFileSync("tmux", ["kill-session", "-t", this.name], { stdio: "ignore" })
    } catch {}
  }
}

describe("the TUI part in a real terminal (opencode attach in tmux)", { timeout: 240000 }, () => {
  let s
  const screens = []
  before(
    async () => {
      s = current = await startAgentStack({ agentConfig: { minRuntimeMs: 1000 } })
      // What `opencode plugin` writes for the TUI: the same package, in tui.json.
      fs.writeFileSync(path.join(s.directory, "tui.json"), JSON.stringify({ plugin: [s.plugin.entry] }))
    },
    { timeout: 600000 },
  )
  after(async () => {
    for (const screen of screens) screen.kill()
    await s?.stop()
  })

  /** A new session titled `title`, open in a TUI named `name`, once its title is on screen. */
  async function openSession(title, name) {
    const session = await s.createSession({ title })
    const screen = new Screen(s, name, session.id)
    screens.push(screen)
    await screen.until(`${name}-boot`, (t) => t.includes(title), 30000)
    return { session, screen }
  }

  e2eTest("1. an empty session shows no panel; alt+g says it has no tasks", { timeout: 60000 }, async () => {
    const { screen } = await openSession("tui empty", "empty")
    await sleep(1500)
    assert.ok(!screen.text().includes("Background ·"), screen.text())
    // The key binding (alt+g) opens the tasks of the session: there are none.
    screen.keys("M-g")
    await screen.until("empty-key", (t) => t.includes("No background tasks in this session"), 5000)
    screen.kill()
  })

  e2eTest(
    "2. a batch that finishes in another session is told with a toast (and a desktop notification)",
    { timeout: 90000 },
    async () => {
      const { screen } = await openSession("tui elsewhere", "attention")
      const other = await s.createSession({ title: "tui other parent" })
      await launch(s, other.id, [{ description: "elsewhere job", prompt: 'mock: delay=2000 text="done there"' }])
      await screen.until("attention-toast", (t) => t.includes("Background tasks finished: 1 done"), 30000)
      assert.ok(screen.text().includes("tui other parent"), "the toast names the session")
      screen.kill()
    },
  )

  e2eTest(
    "3. the panel lists three running tasks live; /bg cancels one (one notice), the others complete",
    { timeout: 120000 },
    async () => {
      const { session: parent, screen } = await openSession("tui parent", "panel")
      const specs = [
        { description: "first panel job", prompt: 'mock: delay=6000 text="first done"' },
        { description: "second panel job", prompt: 'mock: delay=9000 text="second done"' },
        { description: "doomed panel job", prompt: 'mock: delay=40000 text="never"' },
      ]
      const tasks = await launch(s, parent.id, specs)
      await screen.until("three-running", (t) => /Background · 3 running/.test(t) && t.includes("doomed panel"))
      // /bg: the dialog lists the tasks; pick the doomed one, cancel it, confirm.
      screen.keys("/bg")
      await sleep(800)
      screen.keys("Enter")
      await screen.until("dialog", (t) => t.includes("Background tasks") && t.includes(tasks[2].id))
      screen.keys(...tasks[2].id.split(""))
      await sleep(600)
      screen.keys("Enter")
      await screen.until("actions", (t) => t.includes("Cancel it"))
      screen.keys(..."Cancel it".split(""))
      await sleep(600)
      screen.keys("Enter")
      await screen.until("confirm", (t) => t.includes(`Cancel ${tasks[2].id}?`))
      screen.keys("Enter")
      const cancelled = await s.waitFor(
        async () => {
          const view = (await s.api("GET", `/session/${parent.id}`)).metadata?.backgroundTasks
          return view?.tasks.find((t) => t.id === tasks[2].id)?.status === "cancelled" ? view : null
        },
        { timeoutMs: 15000, message: "the cancelled task in the view" },
      )
      assert.equal(cancelled.running + cancelled.completed, 2)
      await screen.until("done", (t) => /2 done · 1 cancelled/.test(t), 30000)
      const texts = (await s.messages(parent.id)).flatMap((m) =>
        m.parts.filter((p) => p.type === "text").map((p) => p.text),
      )
      const announced = texts.filter((t) => t.startsWith("[BACKGROUND TASK CANCELLED]") && t.includes(tasks[2].id))
      assert.equal(announced.length, 1, `one notice announces the cancel: ${announced.join("\n---\n")}`)
      assert.match(announced[0], /aborted by the user or another client/)
      screen.kill()
    },
  )
})
