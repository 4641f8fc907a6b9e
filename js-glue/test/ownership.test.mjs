// One owner per state file when several OpenCode processes (or several plugin instances in one
// process) share a project: the lease, the judgement of a gone owner, the atomic claim, a crash in
// the middle of an adoption, an owner whose lease was taken over, the legacy `state.json`. These
// drive lease.js, ownership.js and state.js directly, with an injected clock and adopt function
// (the core's adopt is exercised by the plugin tests in state.test.mjs).
import { test } from "node:test"
import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { hostname } from "node:os"
import { rename } from "node:fs/promises"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { createMockClient, DIST, FAST, PKG, start, tempProject, waitFor } from "./support/mock.mjs"

const load = async (f) => import(pathToFileURL(join(DIST, f)).href)
const { Lease, liveness, newInstanceId, readLease, goneBecause } = await load("lease.js")
const { adoptOrphans } = await load("ownership.js")
const { createStateStore } = await load("state.js")
const { privateDir } = await load("privacy.js")

const PROJECT = { id: "prj_a", worktree: "/work/a" }
const quiet = () => {}

/** A pid that was alive a moment ago and is not any more. */
function deadPid() {
  const run = spawnSync(process.execPath, ["-e", ""])
  return run.pid
}

/** A lease file for `id` as its owner would have written it; `extra` overrides fields. */
function writeLease(dir, id, extra = {}) {
  mkdirSync(dir, { recursive: true })
  const now = Date.now()
  const record = {
    id,
    pid: process.pid,
    host: hostname(),
    startedAt: now,
    heartbeatAt: now,
    project: PROJECT,
    ...extra,
  }
  writeFileSync(join(dir, `${id}.lease.json`), JSON.stringify(record))
  return record
}

/** An orphan candidate: `<id>.state.json` holding `text`, with a lease (`extra`), or none (`lease: false`). */
function writeOwned(dir, text, { lease = {}, id = newInstanceId() } = {}) {
  if (lease !== false) writeLease(dir, id, lease)
  else mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${id}.state.json`), text)
  return id
}

/**
 * A rename that holds each caller until `n` callers have arrived, then lets all of them rename at
 * once: racing claimers have all seen the file before any of them claims it. Counts the ENOENTs.
 */
function barrier(n) {
  const waiting = []
  const out = { enoent: 0 }
  out.rename = async (from, to) => {
    await new Promise((resolve) => {
      waiting.push(resolve)
      if (waiting.length === n) waiting.forEach((f) => f())
    })
    try {
      await rename(from, to)
    } catch (e) {
      if (e.code === "ENOENT") out.enoent++
      throw e
    }
  }
  return out
}

/** An instance ready to adopt: its lease written, its store, and an adopt that records what it got. */
function instance(dir, { live = liveness(), tasks = 1, refuse, claim } = {}) {
  const id = newInstanceId()
  const logs = []
  const log = (level, message) => logs.push({ level, message })
  const got = []
  const lease = new Lease(dir, id, PROJECT, { liveness: live, log, onLost: () => store.lost() })
  const store = createStateStore(dir, id, log, () => lease.mine())
  lease.start()
  const adopt = (text) => {
    got.push(text)
    return refuse ? { ok: false, error: refuse } : { ok: true, value: tasks }
  }
  return {
    id,
    lease,
    store,
    logs,
    got,
    adoptNow: () =>
      adoptOrphans({ dir, me: id, project: PROJECT, liveness: live, store, adopt, log, rename: claim?.rename }),
  }
}

const files = (dir) => readdirSync(dir).sort()

test("a live owner's state is never read, claimed or written: same host and pid alive, or another host with a fresh heartbeat", async () => {
  const dir = privateDir(tempProject({}))
  const here = writeOwned(dir, '{"mine":"here"}')
  const there = writeOwned(dir, '{"mine":"there"}', { lease: { host: "another-host", pid: 1 } })
  const before = files(dir)
  const b = instance(dir)
  assert.ok(!before.includes(".gitignore"))
  const adoption = await b.adoptNow()
  assert.equal(adoption.files, 0)
  assert.deepEqual(b.got, [], "nothing handed to the core")
  assert.equal(readFileSync(join(dir, `${here}.state.json`), "utf8"), '{"mine":"here"}')
  assert.equal(readFileSync(join(dir, `${there}.state.json`), "utf8"), '{"mine":"there"}')
  assert.deepEqual(
    files(dir).filter((f) => !f.startsWith(b.id) && f !== ".gitignore"),
    before,
    "no file of theirs renamed, marked or removed",
  )
  b.lease.stop()
})

test("how an owner is judged gone: missing, unreadable, released, taken, dead pid on this host, stale heartbeat", () => {
  const now = 1_000_000
  const live = liveness({ now: () => now, staleMs: 60_000, host: "h", pidAlive: (pid) => pid === 7 })
  const lease = { id: "x", pid: 7, host: "h", startedAt: 0, heartbeatAt: now - 1000, project: null }
  assert.equal(goneBecause(lease, live), undefined)
  assert.equal(goneBecause(undefined, live), "its lease is missing")
  assert.equal(goneBecause(null, live), "its lease is unreadable")
  assert.equal(goneBecause({ ...lease, released: true }, live), "it exited")
  assert.equal(goneBecause({ ...lease, takenBy: "y" }, live), "it was taken over by y")
  assert.equal(goneBecause({ ...lease, pid: 8 }, live), "its process 8 is gone")
  assert.equal(
    goneBecause({ ...lease, pid: 8, host: "other" }, live),
    undefined,
    "another host's pid is not ours to check",
  )
  assert.equal(goneBecause({ ...lease, heartbeatAt: now - 60_001 }, live), "its heartbeat is 60 s old")
  assert.equal(
    goneBecause({ ...lease, host: "other", heartbeatAt: now - 60_000 }, live),
    undefined,
    "at the bound: live",
  )
})

for (const [kind, lease, live] of [
  ["its pid is dead", () => ({ pid: deadPid() }), () => liveness()],
  ["its lease was released", () => ({ released: true }), () => liveness()],
  ["its lease is missing", () => false, () => liveness()],
  // A fresh heartbeat on another host, judged by a clock two minutes on (the bound is injected).
  [
    "its heartbeat is stale",
    () => ({ host: "another-host" }),
    () => liveness({ now: () => Date.now() + 120_000, staleMs: 60_000 }),
  ],
]) {
  test(`an owner gone because ${kind}: two instances race to claim its state, exactly one adopts it, once`, async () => {
    for (let round = 0; round < 10; round++) {
      const dir = privateDir(tempProject({}))
      const text = `{"round":${round}}`
      const old = writeOwned(dir, text, { lease: lease() })
      const claim = barrier(2)
      const [a, b] = [instance(dir, { live: live(), claim }), instance(dir, { live: live(), claim })]
      const [ra, rb] = await Promise.all([a.adoptNow(), b.adoptNow()])
      assert.deepEqual(
        [ra.files + rb.files, a.got.length + b.got.length, claim.enoent],
        [1, 1, 1],
        `round ${round}: both tried, one claim, one adoption`,
      )
      const winner = ra.files ? a : b
      assert.deepEqual(winner.got, [text])
      // Claimed under the winner's name; gone once the winner's own state file holds it.
      assert.ok(existsSync(join(dir, `${winner.id}.adopting-${old}.json`)), "claimed, kept until a write lands")
      assert.ok(!existsSync(join(dir, `${old}.state.json`)))
      winner.store.write('{"merged":true}')
      await (winner === a ? ra : rb).settled()
      assert.deepEqual(
        files(dir).filter((f) => f.includes(old)),
        [],
        "the claimed file and the old lease are gone",
      )
      assert.equal(readFileSync(winner.store.path, "utf8"), '{"merged":true}')
      a.lease.stop()
      b.lease.stop()
    }
  })
}

test("a crash in the middle of an adoption: the claimed file is claimed again by the next instance, once", async () => {
  const dir = privateDir(tempProject({}))
  const old = writeOwned(dir, '{"tasks":"of the first owner"}', { lease: { released: true } })
  // A process that claims it, then dies (SIGKILL) inside the core's adopt.
  const run = spawnSync(process.execPath, [join(PKG, "test", "support", "adopt-crash.mjs"), dir], {
    encoding: "utf8",
    timeout: 30000,
  })
  assert.equal(run.signal, "SIGKILL", run.stderr)
  const claimer = readdirSync(dir)
    .map((f) => new RegExp(`^([0-9a-f]{32})\\.adopting-${old}\\.json$`).exec(f)?.[1])
    .find(Boolean)
  assert.ok(claimer, `claimed by the crashed process: ${files(dir)}`)
  assert.equal(readLease(dir, claimer).pid, run.pid)

  const claim = barrier(2)
  const [a, b] = [instance(dir, { claim }), instance(dir, { claim })]
  const [ra, rb] = await Promise.all([a.adoptNow(), b.adoptNow()])
  assert.deepEqual([...a.got, ...b.got, claim.enoent], ['{"tasks":"of the first owner"}', 1])
  const winner = ra.files ? a : b
  assert.ok(existsSync(join(dir, `${winner.id}.adopting-${old}.json`)))
  winner.store.write("{}")
  await (winner === a ? ra : rb).settled()
  assert.deepEqual(
    files(dir).filter((f) => f.includes(old) || f.includes(claimer)),
    [],
    "the crashed claimer's file and lease, and the first owner's lease, are gone",
  )
  a.lease.stop()
  b.lease.stop()
})

test("an owner whose lease was taken over stops writing: on its heartbeat, and before any state write", async () => {
  for (const detect of ["heartbeat", "write"]) {
    const dir = privateDir(tempProject({}))
    const owner = instance(dir)
    owner.store.write('{"owner":1}')
    await owner.store.flush()
    // Another instance whose clock says the owner's heartbeat is stale (as after a long suspend).
    const adopter = instance(dir, { live: liveness({ now: () => Date.now() + 120_000, host: "another-host" }) })
    const adoption = await adopter.adoptNow()
    assert.deepEqual(adopter.got, ['{"owner":1}'])
    assert.equal(readLease(dir, owner.id).takenBy, adopter.id, "the old lease names who took it")

    if (detect === "heartbeat") assert.equal(owner.lease.beat(), false, "the heartbeat finds the lease is not its own")
    owner.store.write('{"owner":2}')
    await owner.store.flush()
    owner.store.writeSync('{"owner":3}')
    assert.ok(!existsSync(owner.store.path), "the owner wrote no state file again")
    assert.equal(owner.lease.beat(), false)
    assert.equal(readLease(dir, owner.id).takenBy, adopter.id, "nor its lease")
    const errors = owner.logs.filter((l) => l.level === "error")
    assert.equal(errors.length, 1, JSON.stringify(owner.logs))
    assert.match(errors[0].message, new RegExp(`${adopter.id} took it over\\): .* stops saving them`))

    adopter.store.write('{"adopter":1}')
    await adoption.settled()
    assert.deepEqual(
      files(dir).filter((f) => f.startsWith(owner.id)),
      [],
      "the claimed file and the old lease are gone",
    )
    adopter.lease.stop()
  }
})

test("an owner's write that landed between the claim and the takeover mark is moved aside when it finds out, never adopted again", async () => {
  const dir = privateDir(tempProject({}))
  const owner = instance(dir)
  owner.store.write('{"owner":1}')
  await owner.store.flush()
  const adopter = instance(dir, { live: liveness({ now: () => Date.now() + 120_000, host: "another-host" }) })
  await adopter.adoptNow()
  // The owner's write that checked its lease just before the mark, landing just after the claim.
  writeFileSync(owner.store.path, '{"owner":2}')
  assert.equal(owner.lease.beat(), false)
  assert.ok(!existsSync(owner.store.path))
  const aside = files(dir).filter((f) => f.startsWith(`${owner.id}.state.json.taken-over-`))
  assert.equal(aside.length, 1, files(dir).join(" "))
  assert.match(owner.logs.at(-1).message, /stops saving them \(what it saved since: .*taken-over-/)
  const next = instance(dir)
  await next.adoptNow()
  assert.deepEqual(next.got, [], "nothing adopted twice")
  for (const i of [adopter, next]) i.lease.stop()
})

test("the legacy state.json (no owner) is adopted once, its project.json goes with it; another project's is moved aside", async () => {
  const dir = privateDir(tempProject({}))
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, "state.json"), '{"legacy":true}')
  writeFileSync(join(dir, "project.json"), JSON.stringify(PROJECT))
  const claim = barrier(2)
  const [a, b] = [instance(dir, { claim }), instance(dir, { claim })]
  const [ra, rb] = await Promise.all([a.adoptNow(), b.adoptNow()])
  assert.deepEqual([...a.got, ...b.got, claim.enoent], ['{"legacy":true}', 1])
  const winner = ra.files ? a : b
  assert.ok(existsSync(join(dir, `${winner.id}.adopting-legacy.json`)))
  winner.store.write("{}")
  await (winner === a ? ra : rb).settled()
  assert.ok(!existsSync(join(dir, "state.json")) && !existsSync(join(dir, "project.json")))
  assert.ok(!files(dir).some((f) => f.includes("adopting")))
  const c = instance(dir)
  await c.adoptNow()
  assert.deepEqual(c.got, [], "adopted once")

  writeFileSync(join(dir, "state.json"), '{"legacy":"of b"}')
  writeFileSync(join(dir, "project.json"), JSON.stringify({ id: "prj_b", worktree: "/work/b" }))
  const d = instance(dir)
  await d.adoptNow()
  assert.deepEqual(d.got, [])
  assert.equal(files(dir).filter((f) => f.startsWith("state.json.other-project-")).length, 1)
  assert.match(d.logs.at(-1).message, /belongs to project prj_b \(\/work\/b\), not to prj_a: moved to .*not adopted/)
  for (const i of [a, b, c, d]) i.lease.stop()
})

test("a gone owner's state of another project is moved aside, never adopted; one the core refuses is moved aside as corrupt", async () => {
  const dir = privateDir(tempProject({}))
  const theirs = writeOwned(dir, '{"of":"b"}', { lease: { released: true, project: { id: "prj_b", worktree: "/b" } } })
  const a = instance(dir)
  await a.adoptNow()
  assert.deepEqual(a.got, [])
  assert.equal(files(dir).filter((f) => f.startsWith(`${theirs}.state.json.other-project-`)).length, 1)

  const bad = writeOwned(dir, '{"version":99}', { lease: { released: true } })
  const b = instance(dir, { refuse: "unsupported snapshot version 99" })
  await b.adoptNow()
  assert.deepEqual(b.got, ['{"version":99}'])
  const aside = files(dir).filter((f) => f.startsWith(`${b.id}.adopting-${bad}.json.corrupt-`))
  assert.equal(aside.length, 1, files(dir).join(" "))
  assert.match(b.logs.find((l) => l.level === "warn").message, /refused .*unsupported snapshot version 99.*moved to/)

  writeOwned(dir, '{"tasks": [', { lease: { released: true } })
  const c = instance(dir)
  await c.adoptNow()
  assert.deepEqual(c.got, [], "invalid JSON never reaches the core")
  assert.match(c.logs.find((l) => l.level === "warn").message, /not valid JSON.*moved to .*corrupt-/)
  for (const i of [a, b, c]) i.lease.stop()
})

test("a clean exit releases the lease after the last write; the lease is private and says who owns what", async () => {
  const dir = privateDir(tempProject({}))
  const a = instance(dir)
  const lease = readLease(dir, a.id)
  assert.deepEqual(
    [lease.id, lease.pid, lease.host, lease.project, lease.released],
    [a.id, process.pid, hostname(), PROJECT, undefined],
  )
  assert.equal(statSync(join(dir, `${a.id}.lease.json`)).mode & 0o777, 0o600)
  assert.equal(statSync(dir).mode & 0o777, 0o700)
  a.store.writeSync('{"final":true}')
  a.lease.release()
  assert.equal(readLease(dir, a.id).released, true)
  assert.equal(goneBecause(readLease(dir, a.id), liveness()), "it exited")
  assert.deepEqual(a.logs, [], "releasing is not losing")
})

test("two plugin instances in one process on one project: distinct ids, each writes only its own files", async () => {
  const dir = tempProject({ config: { minRuntimeMs: 0, coalesceMs: 0, persistDebounceMs: 0, pollIntervalMs: 600000 } })
  const [a, b] = await Promise.all([start({ dir }), start({ dir })])
  try {
    const [ta, tb] = [await a.launch({ description: "of a" }), await b.launch({ description: "of b" }, "ses_B")]
    const pdir = privateDir(dir)
    const states = () => files(pdir).filter((f) => f.endsWith(".state.json"))
    await waitFor(() => states().length === 2, { what: "two state files" })
    const leases = files(pdir).filter((f) => f.endsWith(".lease.json"))
    assert.equal(leases.length, 2)
    assert.deepEqual(
      leases.map((f) => readLease(pdir, f.slice(0, 32)).pid),
      [process.pid, process.pid],
    )
    const texts = states().map((f) => readFileSync(join(pdir, f), "utf8"))
    await waitFor(
      () => {
        const t = states().map((f) => readFileSync(join(pdir, f), "utf8"))
        return (
          t.filter((x) => x.includes(ta.taskId)).length === 1 && t.filter((x) => x.includes(tb.taskId)).length === 1
        )
      },
      { what: "each task in one state file" },
    )
    assert.ok(
      texts.every((t) => !(t.includes(ta.taskId) && t.includes(tb.taskId))),
      "no file holds both",
    )
    assert.equal(files(pdir).filter((f) => f.endsWith(".tmp")).length, 0, "no temp file left behind")
    // Neither sees the other's task.
    assert.match((await b.tool("background_list", {}, "ses_A")).output, /No background tasks/)
  } finally {
    await a.dispose()
    await b.dispose()
  }
})

test("plugin: a live instance's tasks stay its own; after it exits, of two instances starting at once exactly one adopts and continues them", async () => {
  const dir = tempProject({ config: FAST })
  const pdir = privateDir(dir)
  const holding = (text) =>
    files(pdir).filter((f) => f.endsWith(".state.json") && readFileSync(join(pdir, f), "utf8").includes(text))
  const a = await start({ dir })
  const { taskId, child } = await a.launch()
  await waitFor(() => holding(taskId).length === 1, { what: "a's snapshot" })
  const [aFile] = holding(taskId)

  // Another instance starts on the project while `a` lives: it leaves a's file alone.
  const b = await start({ dir })
  const unknown = new RegExp(`^Error: No background task with id \`${taskId}\``)
  assert.match((await b.tool("background_output", { task_id: taskId })).output, unknown)
  assert.deepEqual(holding(taskId), [aFile])
  assert.ok(!b.mock.rec.prompts.some((p) => p.sessionID === child), "b never prompts a's child")

  await a.dispose()
  // Two instances start at once: exactly one adopts the task and prompts its child to continue.
  const mocks = [createMockClient(), createMockClient()]
  for (const m of mocks) m.addSession(child, "ses_A")
  const [c, d] = await Promise.all(mocks.map((mock) => start({ dir, mock })))
  try {
    await waitFor(() => mocks.some((m) => m.rec.prompts.some((p) => p.sessionID === child)), {
      what: "the continue prompt",
    })
    const knows = []
    for (const s of [b, c, d])
      if (!unknown.test((await s.tool("background_output", { task_id: taskId })).output)) knows.push(s)
    assert.equal(knows.length, 1, "exactly one instance has the task")
    assert.ok(knows[0] !== b, "not the instance that was already running")
    const continues = mocks.flatMap((m) => m.rec.prompts.filter((p) => p.sessionID === child))
    assert.equal(continues.length, 1, "continued once")
    await waitFor(() => holding(taskId).length === 1 && holding(taskId)[0] !== aFile, { what: "the adopter's file" })
    await waitFor(() => !files(pdir).some((f) => f.includes(aFile.slice(0, 32))), { what: "a's files gone" })
    assert.deepEqual(
      files(pdir).filter((f) => f.includes("adopting")),
      [],
      "the claimed file is gone too",
    )
  } finally {
    for (const s of [b, c, d]) await s.dispose()
  }
})
