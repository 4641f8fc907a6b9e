// Run by ownership.test.mjs in a child process: an instance that claims the orphans of the private
// directory given as its argument and dies (SIGKILL) inside the core's adopt, after its claim.
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { DIST } from "./mock.mjs"

const load = async (f) => import(pathToFileURL(join(DIST, f)).href)
const { Lease, liveness, newInstanceId } = await load("lease.js")
const { adoptOrphans } = await load("ownership.js")
const { createStateStore } = await load("state.js")

const dir = process.argv.at(-1)
const me = newInstanceId()
const live = liveness()
const log = (level, message) => console.error(level, message)
const lease = new Lease(dir, me, { id: "prj_a", worktree: "/work/a" }, { liveness: live, log, onLost() {} })
const store = createStateStore(dir, me, log)
lease.start()
await adoptOrphans({
  dir,
  me,
  project: { id: "prj_a", worktree: "/work/a" },
  liveness: live,
  store,
  adopt: () => process.kill(process.pid, "SIGKILL"),
  log,
})
