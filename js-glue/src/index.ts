// opencode-background-agent: the OpenCode plugin. Every export of this module is called as a
// plugin by OpenCode, so it exports the plugin function and nothing else.
import type { Plugin } from "@opencode-ai/plugin"
import { mergeConfig, pluginOptions, readConfigFiles } from "./config.js"
import { chatMessage, compacting, shutdown } from "./hooks.js"
import { Host, type LogLevel } from "./host.js"
import { Lease, liveness, newInstanceId } from "./lease.js"
import { adoptOrphans } from "./ownership.js"
import { privateDir } from "./privacy.js"
import { relay } from "./relay.js"
import { createStateStore } from "./state.js"
import { tools } from "./tools.js"

const BackgroundAgent: Plugin = async ({ client, directory, project, worktree }, options) => {
  const owner = project?.id ? { id: project.id, worktree: worktree ?? directory } : undefined
  // This instance's own files: its lease, then (only while the lease is its own) its state file.
  const dir = privateDir(directory)
  const id = newInstanceId()
  const log = (level: LogLevel, message: string) => host.log(level, message)
  const live = liveness()
  const lease = new Lease(dir, id, owner, { liveness: live, log, onLost: () => store.lost() })
  const store = createStateStore(dir, id, log, () => lease.mine())
  const host = await Host.create(client, store)
  const { core } = host
  lease.start()
  try {
    const read = await readConfigFiles(directory)
    const inline = pluginOptions(options)
    const sources = inline.file ? [...read.files, inline.file] : read.files
    const config = mergeConfig(sources, (text) => core.validate(text))
    // Each bad source is skipped, never the whole config: the other sources' limits still hold.
    const problems = [...read.problems, ...(inline.problem ? [inline.problem] : []), ...config.problems]
    for (const problem of problems) host.log("error", `config source skipped: ${problem}`)
    if (problems.length > 0) {
      host.toast("warning", "Background agent: config source skipped, the others apply", problems.join("\n"))
    }
    const booted = core.boot(config.value, undefined)
    if (!booted.ok) throw new Error(`background-agent: the core did not start: ${booted.error}`)
    // The state of instances that are gone (this project's, in any process) is adopted once, here.
    const adoption = await adoptOrphans({
      dir,
      me: id,
      project: owner,
      liveness: live,
      store,
      adopt: (text) => core.adopt(text),
      log,
    })

    return {
      tool: tools(host),
      event: relay(host),
      "chat.message": chatMessage(host),
      "experimental.session.compacting": compacting(host),
      dispose: shutdown(host, store, lease, adoption),
    }
  } catch (e) {
    lease.release()
    throw e
  }
}

export default BackgroundAgent
