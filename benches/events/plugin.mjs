// The real plugin (js-glue/dist) as the event benchmark drives it: started through the tests' mock
// SDK client (js-glue/test/support/mock.mjs), whose `session.create` hands out the session ids the
// benchmark asks for (the recorded children first), and which counts the prompts it is sent so a
// measurement can wait for exactly the replies it started, without polling.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { createMockClient, start, tempProject } from "../../js-glue/test/support/mock.mjs"

/** Counts calls that match; `reach(n)` resolves once n of them were made. */
class Counter {
  count = 0
  #waiters = []
  add() {
    this.count++
    this.#waiters = this.#waiters.filter((w) => (this.count >= w.n ? (w.resolve(), false) : true))
  }
  reach(n) {
    if (this.count >= n) return Promise.resolve()
    // The host's timers are unref'd (they never keep OpenCode alive): while a wait depends on
    // one, this keeps the process alive. It decides nothing: the count resolves the wait.
    const keepAlive = setInterval(() => {}, 1 << 30)
    return new Promise((resolve) => this.#waiters.push({ n, resolve })).finally(() => clearInterval(keepAlive))
  }
}

const ok = (data) => Promise.resolve({ data, error: undefined, response: { status: 200 } })

/** `session.create` answers with `ids` in order, then with generated ids. */
function createSessionsAs(mock, ids) {
  let n = 0
  mock.client.session.create = ({ body }) => {
    const id = n < ids.length ? ids[n] : `ses_bench${String(n).padStart(7, "0")}`
    n++
    mock.rec.creates.push({ id, body })
    return ok({ ...mock.addSession(id, body.parentID), title: body.title })
  }
}

/** Counts the prompts sent: to children (a task started), and final notices to parents (all done). */
function countPrompts(mock) {
  const children = new Counter()
  const finalNotices = new Counter()
  const prompt = mock.client.session.promptAsync
  mock.client.session.promptAsync = (args) => {
    const text = args.body?.parts?.[0]?.text ?? ""
    if (/^\[ALL BACKGROUND TASKS/.test(text)) finalNotices.add()
    else if (mock.sessions.get(args.path.id)?.parentID) children.add()
    return prompt(args)
  }
  return { children, finalNotices }
}

/**
 * Starts the plugin in a temp project with `config` (.opencode/background-agent.json); `parents`
 * exist as root sessions; `sessionIds` are what `session.create` hands out first.
 */
export async function startPlugin({ config, parents = [], sessionIds = [] }) {
  const mock = createMockClient()
  createSessionsAs(mock, sessionIds)
  const prompts = countPrompts(mock)
  const s = await start({ dir: tempProject({ config }), mock, parents })
  return {
    ...s,
    prompts,
    hook: s.hooks.event,
    /** The plugin's state file (its snapshot), parsed with its size, or undefined before the first write. */
    stateFile() {
      const dir = join(s.dir, ".opencode", "background-agent")
      if (!existsSync(dir)) return undefined
      const name = readdirSync(dir).find((f) => f.endsWith(".state.json"))
      if (!name) return undefined
      const text = readFileSync(join(dir, name), "utf8")
      try {
        return { bytes: Buffer.byteLength(text), state: JSON.parse(text) }
      } catch {
        return undefined // being replaced right now
      }
    },
    async stop() {
      await s.dispose()
      rmSync(s.dir, { recursive: true, force: true })
    },
  }
}

/** `background_output`'s table row of a task: its status and tool-call count. */
export async function taskRow(plugin, taskId, parent) {
  const out = (await plugin.tool("background_output", { task_id: taskId }, parent)).output
  const row = out.split("\n").find((l) => l.startsWith(`| ${taskId} |`))
  if (!row) throw new Error(`no row for ${taskId} in: ${out}`)
  const cells = row.split("|").map((c) => c.trim())
  return { status: cells[4], toolCalls: Number(cells[6]), text: out }
}
