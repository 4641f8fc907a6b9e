// Run by state.test.mjs in a child process: starts the plugin, launches a task, and exits without
// calling dispose. Prints {dir, child} as its last line.
import { start } from "./mock.mjs"

const s = await start()
const { child } = await s.launch()
console.log(JSON.stringify({ dir: s.dir, child }))
process.exit(0)
