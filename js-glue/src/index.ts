// opencode-background-agent: the OpenCode plugin. Every export of this module is called as a
// plugin by OpenCode, so it exports the plugin function and nothing else.
import type { Plugin } from "@opencode-ai/plugin"
import { mergeConfig, pluginOptions, readConfigFiles } from "./config.js"
import { chatMessage, compacting, shutdown } from "./hooks.js"
import { Host } from "./host.js"
import { relay } from "./relay.js"
import { createStateStore } from "./state.js"
import { tools } from "./tools.js"

const BackgroundAgent: Plugin = async ({ client, directory, project, worktree }, options) => {
  const owner = project?.id ? { id: project.id, worktree: worktree ?? directory } : undefined
  const store = createStateStore(directory, (level, message) => host.log(level, message), owner)
  const host = await Host.create(client, store)
  const { core } = host

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
  const settings = config.value
  const snapshot = await store.read()
  let booted = core.boot(settings, snapshot)
  if (!booted.ok && snapshot !== undefined) {
    const aside = await store.moveAside()
    host.log("warn", `the core refused ${store.path} (${booted.error}); moved to ${aside}, starting empty`)
    booted = core.boot(settings, undefined)
  }
  if (!booted.ok) throw new Error(`background-agent: the core did not start: ${booted.error}`)

  return {
    tool: tools(host),
    event: relay(host),
    "chat.message": chatMessage(host),
    "experimental.session.compacting": compacting(host),
    dispose: shutdown(host, store),
  }
}

export default BackgroundAgent
