// The snapshot files: each plugin instance writes its own `<id>.state.json` atomically and
// privately; a new instance adopts the file of one that is gone (continuing its running tasks),
// corrupt or refused files are moved aside; shutdown once on dispose or on process exit.
import { test } from "node:test"
import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs"
import { basename, join } from "node:path"
import { pathToFileURL } from "node:url"
import { createMockClient, start, tempProject, waitFor, DIST, PKG } from "./support/mock.mjs"

const { createStateStore } = await import(pathToFileURL(join(DIST, "state.js")).href)
const { newInstanceId, readLease } = await import(pathToFileURL(join(DIST, "lease.js")).href)

const stateDir = (dir) => join(dir, ".opencode", "background-agent")
const idOf = (file) => file.slice(0, 32)
/** The instance state files (`<id>.state.json`) in the project's private directory. */
const stateFiles = (dir) =>
  existsSync(stateDir(dir)) ? readdirSync(stateDir(dir)).filter((f) => /^[0-9a-f]{32}\.state\.json$/.test(f)) : []
const stateHas = (dir, text) => stateFiles(dir).some((f) => readFileSync(join(stateDir(dir), f), "utf8").includes(text))
/** A state file left by an instance that exited (its lease released). */
function orphan(dir, text) {
  const id = newInstanceId()
  mkdirSync(stateDir(dir), { recursive: true })
  writeFileSync(join(stateDir(dir), `${id}.state.json`), text)
  writeFileSync(
    join(stateDir(dir), `${id}.lease.json`),
    JSON.stringify({ id, pid: process.pid, host: "h", startedAt: 0, heartbeatAt: 0, project: null, released: true }),
  )
  return id
}

test("a finished task's result survives a new plugin instance, which adopts the state of the one that exited", async () => {
  const s = await start()
  const { taskId, child } = await s.launch()
  await s.finish(child, "Persisted answer.")
  await waitFor(() => s.mock.rec.prompts.some((p) => p.sessionID === "ses_A"), { what: "the notice" })
  await waitFor(() => stateHas(s.dir, "Persisted answer."), { what: "the snapshot on disk" })
  await s.dispose()
  const files = readdirSync(stateDir(s.dir)).sort()
  const [first] = stateFiles(s.dir)
  const id = idOf(first)
  assert.deepEqual(files, [".gitignore", `${id}.lease.json`, `${id}.state.json`], "no temp file left behind")
  const lease = readLease(stateDir(s.dir), id)
  assert.deepEqual([lease.pid, lease.released, lease.project], [process.pid, true, { id: "p", worktree: s.dir }])
  JSON.parse(readFileSync(join(stateDir(s.dir), first), "utf8"))

  const again = await start({ dir: s.dir })
  try {
    const out = await again.tool("background_output", { task_id: taskId })
    assert.match(out.output, /Persisted answer\./)
    assert.match((await again.tool("background_list", {})).output, new RegExp(`${taskId}[^\n]*completed`))
    assert.match(
      (await again.tool("background_output", { task_id: taskId }, "ses_B")).output,
      new RegExp(`^Error: No background task with id \`${taskId}\``),
    )
    // Once the new instance's own file holds the task, the old file and lease are gone.
    await waitFor(() => readdirSync(stateDir(s.dir)).every((f) => !f.startsWith(id)), { what: "the old files gone" })
    assert.ok(stateHas(s.dir, "Persisted answer."))
    assert.equal(stateFiles(s.dir).length, 1)
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

test("a corrupt state file of a gone instance is moved aside and logged, never fatal", async () => {
  const dir = tempProject({ config: {} })
  const mock = createMockClient()
  const old = orphan(dir, '{"version": 1, "tasks": [')
  const s = await start({ dir, mock })
  try {
    assert.deepEqual(stateFiles(dir), [])
    const aside = readdirSync(stateDir(dir)).filter((f) => f.includes(`.adopting-${old}.json.corrupt-`))
    assert.equal(aside.length, 1, readdirSync(stateDir(dir)).join(" "))
    await waitFor(() => mock.rec.logs.some((l) => l.level === "warn" && /not valid JSON.*moved to/.test(l.message)))
    assert.ok((await s.launch()).taskId)
  } finally {
    await s.dispose()
  }
})

test("a snapshot the core refuses (unknown version) is moved aside too", async () => {
  const dir = tempProject({ config: {} })
  orphan(dir, '{"version": 99}')
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

for (const [how, args] of [
  ["without dispose", []],
  ["while a dispose waits for the calls in flight", ["mid-dispose"]],
]) {
  test(`process exit ${how}: shutdown, a synchronous snapshot, the lease released; the next instance continues`, async () => {
    const run = spawnSync(process.execPath, [join(PKG, "test", "support", "exit-child.mjs"), ...args], {
      encoding: "utf8",
      timeout: 30000,
    })
    assert.equal(run.status, 0, run.stderr)
    const { dir, child } = JSON.parse(run.stdout.trim().split("\n").at(-1))
    assert.ok(stateHas(dir, child), "the snapshot was written at exit")
    const [file] = stateFiles(dir)
    assert.deepEqual(
      [readLease(stateDir(dir), idOf(file)).pid, readLease(stateDir(dir), idOf(file)).released],
      [run.pid, true],
      "released after the exit write",
    )
    const mock = createMockClient()
    const again = await start({ dir, mock })
    try {
      const p = await waitFor(() => mock.rec.prompts.find((x) => x.sessionID === child), {
        what: "the continue prompt",
      })
      assert.match(p.body.parts[0].text, /interrupted because OpenCode restarted/)
    } finally {
      await again.dispose()
    }
  })
}

test("the state file is private: 0600 in a 0700 directory that tells git to ignore it", async () => {
  const dir = stateDir(tempProject({}))
  const store = createStateStore(dir, newInstanceId(), () => {})
  store.write('{"version":0}')
  await store.flush()
  assert.equal(statSync(store.path).mode & 0o777, 0o600)
  assert.equal(statSync(dir).mode & 0o777, 0o700)
  assert.match(readFileSync(join(dir, ".gitignore"), "utf8"), /^\*$/m)
})

test("a symlink planted at the state file or at a guessable temp name is never written through", async () => {
  const dir = stateDir(tempProject({}))
  mkdirSync(dir, { recursive: true })
  const victim = join(dir, "..", "victim.txt")
  writeFileSync(victim, "untouched")
  const id = newInstanceId()
  for (const name of [`${id}.state.json`, `${id}.state.json.tmp`, `${id}.state.json.${process.pid}.tmp`]) {
    symlinkSync(victim, join(dir, name))
  }
  const store = createStateStore(dir, id, () => {})
  store.write('{"version":1}')
  await store.flush()
  assert.equal(readFileSync(victim, "utf8"), "untouched")
  assert.ok(lstatSync(store.path).isFile(), "the planted link was replaced, not followed")
  store.writeSync('{"version":2}')
  assert.equal(readFileSync(victim, "utf8"), "untouched")
  assert.equal(readFileSync(store.path, "utf8"), '{"version":2}')
})

test("the snapshot written at exit is the last: a write already on its way never lands after it", async () => {
  const dir = stateDir(tempProject({}))
  const store = createStateStore(dir, newInstanceId(), () => {})
  store.write('{"older":true}')
  store.writeSync('{"final":true}')
  await store.flush()
  store.write('{"later":true}')
  await store.flush()
  assert.equal(readFileSync(store.path, "utf8"), '{"final":true}')
  assert.deepEqual(readdirSync(dir).sort(), [".gitignore", basename(store.path)], "no temp file left behind")

  // At process exit the shutdown's own snapshot is asked for just before the exit write: it is
  // not started (the process ends before an async write could finish or clean up its temp file).
  const exiting = createStateStore(dir, newInstanceId(), () => {})
  exiting.holdForExit()
  exiting.write('{"shutdown":true}')
  assert.equal(readdirSync(dir).length, 2, "nothing started")
  exiting.writeSync('{"shutdown":true,"final":true}')
  await exiting.flush()
  assert.equal(readFileSync(exiting.path, "utf8"), '{"shutdown":true,"final":true}')
  assert.equal(readdirSync(dir).filter((f) => f.endsWith(".tmp")).length, 0)
})

test("landed(n) resolves once a write asked for after the first n is on disk; a revoked store writes nothing more", async () => {
  const dir = stateDir(tempProject({}))
  const store = createStateStore(dir, newInstanceId(), () => {})
  store.write("1")
  const after1 = store.landed(store.requested)
  let done = false
  void after1.then(() => (done = true))
  await store.flush()
  assert.equal(done, false, "the write asked for before does not count")
  store.write("2")
  await after1
  assert.deepEqual([store.written, readFileSync(store.path, "utf8")], [2, "2"])
  store.revoke()
  store.write("3")
  store.writeSync("4")
  await store.flush()
  assert.equal(readFileSync(store.path, "utf8"), "2")
})
