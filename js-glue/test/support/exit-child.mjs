// Run by state.test.mjs in a child process: starts the plugin, launches a task, and exits without
// calling dispose, or (with the argument `mid-dispose`) while a dispose has begun and waits for
// the calls in flight. Prints {dir, child} as its last line.
import { start } from "./mock.mjs"

const s = await start()
const { child } = await s.launch()
console.log(JSON.stringify({ dir: s.dir, child }))
if (process.argv[2] === "mid-dispose") void s.dispose()
process.exit(0)
