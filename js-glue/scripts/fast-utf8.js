// Replaces jco 1.10.2's utf8Encode (js-glue/scripts/build.mjs patches it in; docs/boundary.md
// has the measurement). Node's TextEncoder.encode costs about a microsecond per call however
// short the string, the most expensive single step of a tracked event (three strings cross per
// event). encodeInto writes straight into the core's memory instead: the room for the worst
// case (3 bytes per UTF-16 unit) is allocated, then shrunk to what was written. Long strings
// take jco's own path (the worst case would be a large, brief allocation).
let utf8EncodedLen = 0
let utf8View = new Uint8Array(0)
const UTF8_INTO_MAX = 65536
function utf8Encode(s, realloc, memory) {
  if (typeof s !== "string") throw new TypeError("expected a string")
  const n = s.length
  if (n === 0) {
    utf8EncodedLen = 0
    return 1
  }
  if (n <= UTF8_INTO_MAX) {
    const room = n * 3
    let ptr = realloc(0, 0, 1, room)
    // realloc may grow the memory, which detaches the previous buffer
    if (utf8View.buffer !== memory.buffer) utf8View = new Uint8Array(memory.buffer)
    const { written } = utf8Encoder.encodeInto(s, utf8View.subarray(ptr, ptr + room))
    if (written < room) ptr = realloc(ptr, room, 1, written)
    utf8EncodedLen = written
    return ptr
  }
  let buf = utf8Encoder.encode(s)
  let ptr = realloc(0, 0, 1, buf.length)
  new Uint8Array(memory.buffer).set(buf, ptr)
  utf8EncodedLen = buf.length
  return ptr
}
