import assert from "node:assert/strict";
import { createHttpApp } from "../../../src/channels/http/mod.ts";
import { createTestHttpDeps, fakeTextTurn, fakeToolTurn, readSse } from "../../support/mod.ts";

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const U = "http://localhost";

Deno.test("POST /api/sessions creates a session and returns its id and model", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request(`${U}/api/sessions`, { method: "POST" });
  assert.deepEqual(await res.json(), { session_id: "fake-session-1", model: "fake/fake-model" });
});

Deno.test("POST /api/sessions with an unknown session_id answers 404", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request(
    `${U}/api/sessions`,
    json({ session_id: "nope" }),
  );
  assert.equal(res.status, 404);
  assert.match((await res.json()).error, /Cannot find session "nope"/);
});

Deno.test("GET /api/sessions lists sessions with idle_seconds and titles", async () => {
  await using t = await createTestHttpDeps();
  t.backend.addSaved("old-1", [{ role: "user", content: "hi" }], "Old chat");
  const res = await createHttpApp(t.deps).request(`${U}/api/sessions`);
  const { sessions } = await res.json();
  assert.equal(sessions[0].session_id, "old-1");
  assert.equal(sessions[0].title, "Old chat");
  assert.equal(typeof sessions[0].idle_seconds, "number");
});

Deno.test("GET /api/sessions/{id} answers 404 for an unknown session", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request(`${U}/api/sessions/nope`);
  assert.equal(res.status, 404);
});

Deno.test("GET /api/sessions/{id}/messages returns the messages of a session", async () => {
  await using t = await createTestHttpDeps();
  t.backend.addSaved("s1", [{ role: "user", content: "hello" }]);
  const res = await createHttpApp(t.deps).request(`${U}/api/sessions/s1/messages`);
  assert.deepEqual((await res.json()).messages, [{ role: "user", content: "hello" }]);
});

Deno.test("DELETE /api/sessions/{id} deletes it, then answers 404", async () => {
  await using t = await createTestHttpDeps();
  t.backend.addSaved("s1");
  const app = createHttpApp(t.deps);
  assert.equal((await app.request(`${U}/api/sessions/s1`, { method: "DELETE" })).status, 200);
  assert.equal((await app.request(`${U}/api/sessions/s1`, { method: "DELETE" })).status, 404);
});

Deno.test("POST /api/sessions/{id}/clear, compact and model act on a known session", async () => {
  await using t = await createTestHttpDeps();
  t.backend.addSaved("s1", [{ role: "user", content: "x" }]);
  const app = createHttpApp(t.deps);
  assert.equal((await app.request(`${U}/api/sessions/s1/clear`, { method: "POST" })).status, 200);
  assert.deepEqual(await t.backend.messages("s1"), []);
  const compact = await app.request(`${U}/api/sessions/s1/compact`, { method: "POST" });
  assert.deepEqual(await compact.json(), { token_count_before: 1000, token_count_after: 100 });
  await app.request(`${U}/api/sessions/s1/model`, json({ model: "fake/other-model" }));
  assert.equal((await t.backend.getSession("s1"))?.model, "fake/other-model");
});

Deno.test("GET /api/saved-sessions lists transcripts and /{id} returns messages", async () => {
  await using t = await createTestHttpDeps();
  t.backend.addSaved("s1", [{ role: "user", content: "a" }]);
  const app = createHttpApp(t.deps);
  const list = await (await app.request(`${U}/api/saved-sessions`)).json();
  assert.equal(list.sessions[0].id, "s1");
  assert.equal(list.sessions[0].message_count, 1);
  const one = await (await app.request(`${U}/api/saved-sessions/s1`)).json();
  assert.equal(one.messages.length, 1);
  assert.equal((await app.request(`${U}/api/saved-sessions/none`)).status, 404);
});

Deno.test("POST /api/chat returns the whole reply with the session id", async () => {
  await using t = await createTestHttpDeps();
  t.backend.push(fakeTextTurn("Hello there"));
  const res = await createHttpApp(t.deps).request(`${U}/api/chat`, json({ message: "hi" }));
  assert.deepEqual(await res.json(), {
    response: "Hello there",
    session_id: "fake-session-1",
    model: "fake/fake-model",
  });
});

Deno.test("POST /api/chat answers 400 for bad JSON", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request(`${U}/api/chat`, {
    method: "POST",
    body: "{not json",
  });
  assert.equal(res.status, 400);
  assert.match((await res.json()).error, /^Cannot parse the body/);
});

Deno.test("POST /api/chat answers 400 when message is missing", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request(`${U}/api/chat`, json({ text: "hi" }));
  assert.equal(res.status, 400);
});

Deno.test("POST /api/chat answers 404 for an unknown session_id", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request(
    `${U}/api/chat`,
    json({ message: "hi", session_id: "ghost" }),
  );
  assert.equal(res.status, 404);
});

Deno.test("POST /api/chat/stream sends session, content, tool events, done and [DONE]", async () => {
  await using t = await createTestHttpDeps();
  t.backend.push(fakeToolTurn("memory_search", '{"query":"x"}', "found it", "Done."));
  const res = await createHttpApp(t.deps).request(`${U}/api/chat/stream`, json({ message: "go" }));
  assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
  assert.deepEqual(await readSse(res), [
    { type: "session", session_id: "fake-session-1" },
    { type: "tool_start", name: "memory_search", id: "call_1", detail: '{"query":"x"}' },
    { type: "tool_end", name: "memory_search", id: "call_1", output: "found it", warnings: [] },
    { type: "content", delta: "Done." },
    { type: "done" },
    "[DONE]",
  ]);
});

Deno.test("POST /api/chat/stream cuts tool output to 500 characters", async () => {
  await using t = await createTestHttpDeps();
  t.backend.push(fakeToolTurn("bash", "ls", "z".repeat(2000), "ok"));
  const res = await createHttpApp(t.deps).request(`${U}/api/chat/stream`, json({ message: "go" }));
  const end = (await readSse(res)).find((e) => (e as { type?: string }).type === "tool_end");
  assert.equal((end as { output: string }).output.length, 500);
});

Deno.test("POST /api/chat/stream sends keep-alive comments while the turn is quiet", async () => {
  await using t = await createTestHttpDeps({ keepAliveMs: 20 });
  t.backend.push(fakeTextTurn("slow answer", 80));
  const res = await createHttpApp(t.deps).request(`${U}/api/chat/stream`, json({ message: "go" }));
  assert.match(await res.text(), /^: keep-alive$/m);
});

Deno.test("POST /api/chat/stream aborts the turn when the client disconnects", async () => {
  await using t = await createTestHttpDeps();
  t.backend.push(fakeTextTurn("a b c d e f g h i j k l m n o p", 30));
  const res = await createHttpApp(t.deps).request(`${U}/api/chat/stream`, json({ message: "go" }));
  const reader = res.body!.getReader();
  await reader.read();
  await reader.cancel();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(t.backend.aborted, 1);
});

Deno.test("GET /api/memory/search returns reference and richer fields", async () => {
  await using t = await createTestHttpDeps();
  await t.ws.write("MEMORY.md", "# Facts\n\nThe cat is called Pixel.\n");
  await t.memory.sync();
  const res = await createHttpApp(t.deps).request(`${U}/api/memory/search?q=Pixel&limit=5`);
  const body = await res.json();
  assert.equal(body.query, "Pixel");
  const hit = body.results[0];
  assert.equal(hit.file, "MEMORY.md");
  assert.equal(hit.line_start, 1);
  assert.match(hit.content, /Pixel/);
  assert.equal(typeof hit.score, "number");
  assert.equal(hit.citation, "MEMORY.md#L1-L3");
  assert.deepEqual(hit.headings, ["Facts"]);
});

Deno.test("GET /api/memory/search answers 400 for an empty or too long q", async () => {
  await using t = await createTestHttpDeps();
  const app = createHttpApp(t.deps);
  assert.equal((await app.request(`${U}/api/memory/search?q=`)).status, 400);
  assert.equal((await app.request(`${U}/api/memory/search?q=${"a".repeat(1001)}`)).status, 400);
  assert.equal((await app.request(`${U}/api/memory/search?q=a&limit=x`)).status, 400);
});

Deno.test("GET /api/memory/stats and POST /api/memory/reindex report the index", async () => {
  await using t = await createTestHttpDeps();
  await t.ws.write("MEMORY.md", "# A\n\nalpha\n");
  const app = createHttpApp(t.deps);
  const re = await (await app.request(`${U}/api/memory/reindex`, json({ force: true }))).json();
  assert.equal(re.files_processed, 1);
  assert.equal(re.chunks_indexed, 1);
  assert.equal(typeof re.duration_ms, "number");
  const stats = await (await app.request(`${U}/api/memory/stats`)).json();
  assert.equal(stats.total_files, 1);
  assert.equal(stats.total_chunks, 1);
  assert.equal(stats.workspace, t.ws.workspace);
});

Deno.test("GET /api/files lists the workspace and /api/files/read reads line ranges", async () => {
  await using t = await createTestHttpDeps();
  await t.ws.write("notes/a.md", "one\ntwo\nthree\n");
  const app = createHttpApp(t.deps);
  const list = await (await app.request(`${U}/api/files?dir=notes`)).json();
  assert.deepEqual(list.entries, [{ name: "a.md", path: "notes/a.md", type: "file", size: 14 }]);
  const read = await (await app.request(`${U}/api/files/read?path=notes/a.md&from=2&to=3`)).json();
  assert.deepEqual([read.text, read.total_lines], ["two\nthree", 3]);
});

Deno.test("GET /api/files/read refuses paths outside the workspace", async () => {
  await using t = await createTestHttpDeps();
  const app = createHttpApp(t.deps);
  for (const p of ["../../etc/passwd", "/etc/passwd", "memory/../../../x.md"]) {
    const res = await app.request(`${U}/api/files/read?path=${encodeURIComponent(p)}`);
    assert.equal(res.status, 403, p);
  }
});

Deno.test("GET /api/files/read refuses a symlink that leads outside the workspace", async () => {
  await using t = await createTestHttpDeps();
  const outside = `${t.ws.root}/secret.md`;
  await Deno.writeTextFile(outside, "secret");
  await Deno.symlink(outside, `${t.ws.workspace}/link.md`);
  const res = await createHttpApp(t.deps).request(`${U}/api/files/read?path=link.md`);
  assert.equal(res.status, 403);
});

Deno.test("GET /api/files refuses to list outside the workspace", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request(`${U}/api/files?dir=..`);
  assert.equal(res.status, 403);
});

Deno.test("PUT /api/files/write saves a note and reindexes it for search", async () => {
  await using t = await createTestHttpDeps();
  const app = createHttpApp(t.deps);
  const res = await app.request(`${U}/api/files/write`, {
    method: "PUT",
    body: JSON.stringify({ path: "MEMORY.md", content: "# Me\n\nI like zebras.\n" }),
  });
  assert.equal(res.status, 200);
  const hits = await (await app.request(`${U}/api/memory/search?q=zebras`)).json();
  assert.equal(hits.results[0].file, "MEMORY.md");
});

Deno.test("PUT /api/files/write refuses non-markdown, outside and protected files", async () => {
  await using t = await createTestHttpDeps();
  const app = createHttpApp(t.deps);
  const put = (path: string) =>
    app.request(`${U}/api/files/write`, {
      method: "PUT",
      body: JSON.stringify({ path, content: "x" }),
    });
  assert.equal((await put("run.sh")).status, 400);
  assert.equal((await put("../escape.md")).status, 403);
  assert.equal((await put("LocalGPT.md")).status, 403);
});

Deno.test("GET /api/status reports version, model, chunks and first run", async () => {
  await using t = await createTestHttpDeps();
  const body = await (await createHttpApp(t.deps).request(`${U}/api/status`)).json();
  assert.equal(body.version, "0.0.0-test");
  assert.equal(body.model, "fake/fake-model");
  assert.equal(body.memory_chunks, 0);
  assert.equal(body.active_sessions, 0);
  assert.equal(body.is_brand_new, true);
});

Deno.test("GET /api/config returns the redacted config and POST edits a key", async () => {
  await using t = await createTestHttpDeps();
  const app = createHttpApp(t.deps);
  const cfg = await (await app.request(`${U}/api/config`)).json();
  assert.equal(cfg.server.auth_token, "***");
  const res = await app.request(
    `${U}/api/config`,
    json({ key: "agent.default_model", value: "x/y" }),
  );
  assert.equal(res.status, 200);
  assert.deepEqual(t.configEdits, [["agent.default_model", "x/y"]]);
});

Deno.test("GET /api/heartbeat/status, /api/bridges and /api/channels/status answer", async () => {
  await using t = await createTestHttpDeps();
  const app = createHttpApp(t.deps);
  const hb = await (await app.request(`${U}/api/heartbeat/status`)).json();
  assert.deepEqual(hb, { enabled: false, interval: "30m", last_event: null });
  assert.deepEqual(await (await app.request(`${U}/api/bridges`)).json(), { bridges: [] });
  const ch = await (await app.request(`${U}/api/channels/status`)).json();
  assert.deepEqual(ch, { telegram: { enabled: false } });
});

Deno.test("GET /api/logs/daemon returns the last lines, at most 1000", async () => {
  await using t = await createTestHttpDeps();
  for (let i = 0; i < 1500; i++) t.logLines.push(`line ${i}`);
  const app = createHttpApp(t.deps);
  const some = await (await app.request(`${U}/api/logs/daemon?lines=2`)).json();
  assert.deepEqual(some.lines, ["line 1498", "line 1499"]);
  const many = await (await app.request(`${U}/api/logs/daemon?lines=5000`)).json();
  assert.equal(many.lines.length, 1000);
  assert.equal((await app.request(`${U}/api/logs/daemon?lines=-1`)).status, 400);
});

Deno.test("createHttpApp() answers 500 without details when a route fails", async () => {
  const errors: unknown[] = [];
  await using t = await createTestHttpDeps({
    heartbeat: () => Promise.reject(new Error("secret detail at /home/x/.ssh")),
    onError: (e) => errors.push(e),
  });
  const res = await createHttpApp(t.deps).request(`${U}/api/heartbeat/status`);
  assert.equal(res.status, 500);
  const text = await res.text();
  assert.equal(text, '{"error":"Internal error"}');
  assert.equal(errors.length, 1);
});

Deno.test("createHttpApp() answers 404 JSON for an unknown route", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request(`${U}/api/nothing`);
  assert.equal(res.status, 404);
});

Deno.test("GET / serves index.html and /ui/* assets with a CSP", async () => {
  const files: Record<string, string> = { "index.html": "<html>ui</html>", "app.js": "1" };
  await using t = await createTestHttpDeps({
    web: {
      read: (p) => Promise.resolve(files[p] ? new TextEncoder().encode(files[p]) : undefined),
    },
  });
  const app = createHttpApp(t.deps);
  const index = await app.request(`${U}/`);
  assert.equal(await index.text(), "<html>ui</html>");
  assert.match(index.headers.get("content-security-policy")!, /default-src 'self'/);
  const js = await app.request(`${U}/ui/app.js`);
  assert.equal(js.headers.get("content-type"), "text/javascript; charset=utf-8");
  assert.equal((await app.request(`${U}/ui/missing.js`)).status, 404);
});

Deno.test("POST /api/chat/stream on a real server aborts the turn when the client goes away", async () => {
  await using t = await createTestHttpDeps();
  t.backend.push(fakeTextTurn("a b c d e f g h i j k l m n o p q r s t", 25));
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createHttpApp(t.deps).fetch,
  );
  const abort = new AbortController();
  const res = await fetch(`http://127.0.0.1:${server.addr.port}/api/chat/stream`, {
    ...json({ message: "go" }),
    signal: abort.signal,
  });
  const reader = res.body!.getReader();
  await reader.read();
  abort.abort();
  await reader.cancel().catch(() => {});
  for (let i = 0; i < 40 && t.backend.aborted === 0; i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.equal(t.backend.aborted, 1);
});
