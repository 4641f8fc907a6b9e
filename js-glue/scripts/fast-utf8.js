// Replaces jco 1.10.2's utf8Encode (js-glue/scripts/build.mjs patches it in; docs/boundary.md
// has the measurement). Node's TextEncoder.encode costs about a microsecond per call however
// short the string, the most expensive single step of a tracked event. Short ASCII strings (ids,
// names: up to 32 units, where a plain loop stops being faster than an encoder call, about
// 0.13 µs here) are written a byte per unit, with no second allocation; other strings up to
// UTF8_INTO_MAX units are written by encodeInto straight into the core's memory: the room for
// the worst case (3 bytes per UTF-16 unit) is allocated, then shrunk to what was written. Long
// strings take jco's own path (the worst case would be a large, brief allocation). The view of
// the memory is renewed when it is too short, which is also what a detached view (the memory
// grew) looks like: no `memory.buffer` read per string.
let utf8EncodedLen = 0
let utf8View = new Uint8Array(0)
const UTF8_INTO_MAX = 65536
const UTF8_LOOP_MAX = 32
function utf8Encode(s, realloc, memory) {
  if (typeof s !== "string") throw new TypeError("expected a string")
  const n = s.length
  if (n === 0) {
    utf8EncodedLen = 0
    return 1
  }
  if (n <= UTF8_LOOP_MAX) {
    const ptr = realloc(0, 0, 1, n)
    if (ptr + n > utf8View.length) utf8View = new Uint8Array(memory.buffer)
    let i = 0
    for (; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c > 0x7f) break
      utf8View[ptr + i] = c
    }
    if (i === n) {
      utf8EncodedLen = n
      return ptr
    }
    return utf8EncodeInto(s, realloc(ptr, n, 1, n * 3), realloc, memory)
  }
  if (n <= UTF8_INTO_MAX) return utf8EncodeInto(s, realloc(0, 0, 1, n * 3), realloc, memory)
  let buf = utf8Encoder.encode(s)
  let ptr = realloc(0, 0, 1, buf.length)
  new Uint8Array(memory.buffer).set(buf, ptr)
  utf8EncodedLen = buf.length
  return ptr
}
/** Writes `s` at `ptr`, where room for 3 bytes per unit is allocated, then shrinks the room. */
function utf8EncodeInto(s, ptr, realloc, memory) {
  const room = s.length * 3
  if (ptr + room > utf8View.length) utf8View = new Uint8Array(memory.buffer)
  const { written } = utf8Encoder.encodeInto(s, utf8View.subarray(ptr, ptr + room))
  utf8EncodedLen = written
  return written < room ? realloc(ptr, room, 1, written) : ptr
}
