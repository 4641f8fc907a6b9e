// The snapshot file: written atomically, restored by a new plugin instance, corrupt files moved
// aside; shutdown once on dispose or on process exit.
import { test } from "node:test"
import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { createMockClient, start, tempProject, waitFor, DIST, PKG } from "./support/mock.mjs"

const { createStateStore } = await import(pathToFileURL(join(DIST, "state.js")).href)

const stateDir = (dir) => join(dir, ".opencode", "background-agent")
const statePath = (dir) => join(stateDir(dir), "state.json")
const stateHas = (dir, text) => existsSync(statePath(dir)) && readFileSync(statePath(dir), "utf8").includes(text)

test("a finished task's result survives a new plugin instance", async () => {
  const s = await start()
  const { taskId, child } = await s.launch()
  await s.finish(child, "Persisted answer.")
  await waitFor(() => s.mock.rec.prompts.some((p) => p.sessionID === "ses_A"), { what: "the notice" })
  await waitFor(() => stateHas(s.dir, "Persisted answer."), { what: "the snapshot on disk" })
  await s.dispose()
  const files = readdirSync(stateDir(s.dir)).sort()
  assert.deepEqual(files, [".gitignore", "project.json", "state.json"], "no temp file left behind")
  assert.deepEqual(JSON.parse(readFileSync(join(stateDir(s.dir), "project.json"), "utf8")), {
    id: "p",
    worktree: s.dir,
  })
  JSON.parse(readFileSync(statePath(s.dir), "utf8"))

  const again = await start({ dir: s.dir })
  try {
    const out = await again.tool("background_output", { task_id: taskId })
    assert.match(out.output, /Persisted answer\./)
    assert.match((await again.tool("background_list", {})).output, new RegExp(`${taskId}[^\n]*completed`))
    assert.match(
      (await again.tool("background_output", { task_id: taskId }, "ses_B")).output,
      new RegExp(`^Error: No background task with id \`${taskId}\``),
    )
  } finally {
    await again.dispose()
  }
})

test("a task running at dispose is aborted, then continued by the next instance", async () => {
  const s = await start()
  const { taskId, child } = await s.launch()
  await s.dispose()
  assert.ok(s.mock.rec.aborts.includes(child), "shutdown aborts the running child")
  await s.dispose() // once only
  assert.equal(s.mock.rec.aborts.filter((a) => a === child).length, 1)

  const mock = createMockClient()
  mock.addSession(child, "ses_A")
  const again = await start({ dir: s.dir, mock })
  try {
    const p = await waitFor(() => mock.rec.prompts.find((x) => x.sessionID === child), { what: "the continue prompt" })
    assert.match(p.body.parts[0].text, /interrupted because OpenCode restarted/)
    await again.finish(child, "Finished after the restart.")
    await waitFor(async () =>
      /Finished after the restart/.test((await again.tool("background_output", { task_id: taskId })).output),
    )
  } finally {
    await again.dispose()
  }
})

test("a corrupt state file is moved aside and logged, never fatal", async () => {
  const dir = tempProject({ config: {} })
  const mock = createMockClient()
  mkdirSync(stateDir(dir), { recursive: true })
  writeFileSync(statePath(dir), '{"version": 1, "tasks": [')
  const s = await start({ dir, mock })
  try {
    assert.ok(!existsSync(statePath(dir)))
    assert.equal(readdirSync(stateDir(dir)).filter((f) => f.startsWith("state.json.corrupt-")).length, 1)
    await waitFor(() => mock.rec.logs.some((l) => l.level === "warn" && /not valid JSON.*moved to/.test(l.message)))
    assert.ok((await s.launch()).taskId)
  } finally {
    await s.dispose()
  }
})

test("a snapshot the core refuses (unknown version) is moved aside too", async () => {
  const dir = tempProject({ config: {} })
  mkdirSync(stateDir(dir), { recursive: true })
  writeFileSync(statePath(dir), '{"version": 99}')
  const s = await start({ dir })
  try {
    await waitFor(() => s.mock.rec.logs.some((l) => /refused .*version 99.*moved to/.test(l.message)))
    assert.equal((await s.tool("background_list", {})).output, "No background tasks for this session.")
  } finally {
    await s.dispose()
  }
})

test("one process exit listener for all instances, removed when the last one is disposed", async () => {
  const before = process.listenerCount("exit")
  const a = await start()
  const b = await start()
  assert.equal(process.listenerCount("exit"), before + 1)
  await a.dispose()
  assert.equal(process.listenerCount("exit"), before + 1)
  await b.dispose()
  assert.equal(process.listenerCount("exit"), before)
})

test("process exit without dispose: shutdown and a synchronous snapshot; the next instance continues", async () => {
  const run = spawnSync(process.execPath, [join(PKG, "test", "support", "exit-child.mjs")], {
    encoding: "utf8",
    timeout: 30000,
  })
  assert.equal(run.status, 0, run.stderr)
  const { dir, child } = JSON.parse(run.stdout.trim().split("\n").at(-1))
  assert.ok(stateHas(dir, child), "the snapshot was written at exit")
  const mock = createMockClient()
  const again = await start({ dir, mock })
  try {
    const p = await waitFor(() => mock.rec.prompts.find((x) => x.sessionID === child), { what: "the continue prompt" })
    assert.match(p.body.parts[0].text, /interrupted because OpenCode restarted/)
  } finally {
    await again.dispose()
  }
})

test("the state file is private: 0600 in a 0700 directory that tells git to ignore it", async () => {
  const dir = tempProject({})
  const store = createStateStore(dir, () => {})
  store.write('{"version":0}')
  await store.flush()
  assert.equal(statSync(statePath(dir)).mode & 0o777, 0o600)
  assert.equal(statSync(stateDir(dir)).mode & 0o777, 0o700)
  assert.match(readFileSync(join(stateDir(dir), ".gitignore"), "utf8"), /^\*$/m)
})

test("a symlink planted where a temp file used to go is never written through", async () => {
  const dir = tempProject({})
  mkdirSync(stateDir(dir), { recursive: true })
  const victim = join(dir, "victim.txt")
  writeFileSync(victim, "untouched")
  for (const name of [`state.json.${process.pid}.tmp`, `state.json.${process.pid}.tmp.exit`]) {
    symlinkSync(victim, join(stateDir(dir), name))
  }
  const store = createStateStore(dir, () => {})
  store.write('{"version":1}')
  await store.flush()
  store.writeSync('{"version":2}')
  assert.equal(readFileSync(victim, "utf8"), "untouched")
  assert.equal(readFileSync(statePath(dir), "utf8"), '{"version":2}')
})

test("the snapshot written at exit is the last: a write already on its way never lands after it", async () => {
  const dir = tempProject({})
  const store = createStateStore(dir, () => {})
  store.write('{"older":true}')
  store.writeSync('{"final":true}')
  await store.flush()
  store.write('{"later":true}')
  await store.flush()
  assert.equal(readFileSync(statePath(dir), "utf8"), '{"final":true}')
  assert.deepEqual(readdirSync(stateDir(dir)).sort(), [".gitignore", "state.json"], "no temp file left behind")
})

test("a state file another project wrote is moved aside, never restored", async () => {
  const dir = tempProject({})
  const logs = []
  const mine = createStateStore(dir, () => {}, { id: "prj_a", worktree: "/work/a" })
  mine.write('{"tasks":"of a"}')
  await mine.flush()
  assert.equal(
    await createStateStore(dir, () => {}, { id: "prj_a", worktree: "/elsewhere" }).read(),
    '{"tasks":"of a"}',
  )
  const theirs = createStateStore(dir, (level, message) => logs.push({ level, message }), {
    id: "prj_b",
    worktree: "/b",
  })
  assert.equal(await theirs.read(), undefined, "starts empty")
  assert.ok(!existsSync(statePath(dir)), "moved away")
  assert.equal(readdirSync(stateDir(dir)).filter((f) => f.startsWith("state.json.other-project-")).length, 1)
  assert.match(logs[0].message, /belongs to project prj_a \(\/work\/a\), not to prj_b: moved to /)
})
