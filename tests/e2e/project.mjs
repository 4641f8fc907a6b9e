// The small project the agents of the demo (demo.mjs) and of the event recording
// (benches/events/record.mjs) look at: a greeter service with two TODO comments and empty tests.
export const PROJECT_FILES = {
  "README.md":
    "# greeter\n\nA tiny HTTP service that says hello.\n\nStart it with `node src/server.js`; it listens on port 8080.\n",
  "docs/notes.md": "# Design notes\n\n- One route, `/greet?name=`, plain text.\n- No dependencies: only `node:http`.\n",
  "src/server.js": [
    "import http from 'node:http';",
    "",
    "const server = http.createServer((req, res) => {",
    "  const url = new URL(req.url, 'http://localhost');",
    "  if (url.pathname === '/greet') {",
    "    // TODO: validate `name` (length, characters)",
    "    res.end(`hello ${url.searchParams.get('name') ?? 'world'}`);",
    "    return;",
    "  }",
    "  res.statusCode = 404;",
    "  res.end('not found');",
    "});",
    "",
    "// TODO: close the server on SIGTERM",
    "server.listen(8080);",
    "",
  ].join("\n"),
  "test/server.test.js": [
    "import { test } from 'node:test';",
    "",
    "test('greets by name', async () => { /* ... */ });",
    "test('greets the world by default', async () => { /* ... */ });",
    "",
  ].join("\n"),
}
