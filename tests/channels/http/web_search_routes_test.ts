import assert from "node:assert/strict";
import { createHttpApp } from "../../../src/channels/http/mod.ts";
import { createTestHttpDeps, fakeToolTurn, readSse } from "../../support/mod.ts";

const U = "http://localhost";
const post = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

Deno.test("GET /api/sessions/{id} includes the web search status", async () => {
  const stats = { total_queries: 2, cached_hits: 1, estimated_cost_usd: 0.005 };
  await using t = await createTestHttpDeps({
    webSearch: () => Promise.resolve({ summary: "brave; 2 queries", stats }),
  });
  t.backend.addSaved("s1");
  const body = await (await createHttpApp(t.deps).request(`${U}/api/sessions/s1`)).json();
  assert.equal(body.session_id, "s1");
  assert.deepEqual(body.web_search, { summary: "brave; 2 queries", stats });
});

Deno.test("GET /api/sessions/{id} has web_search null when the app gives no status", async () => {
  await using t = await createTestHttpDeps();
  t.backend.addSaved("s1");
  const body = await (await createHttpApp(t.deps).request(`${U}/api/sessions/s1`)).json();
  assert.equal(body.web_search, null);
});

Deno.test("POST /api/chat/stream keeps a web_search result list whole and sends citations", async () => {
  await using t = await createTestHttpDeps();
  const long = Array.from(
    { length: 10 },
    (_, i) =>
      `${i + 1}. **Result ${i + 1}**\n   https://example.org/${i + 1}\n   ${"snippet ".repeat(8)}`,
  )
    .join("\n");
  const turn = fakeToolTurn("web_search", "deno", long, "Done.");
  turn.events.push({
    type: "citations",
    citations: [{ url: "https://example.org/1", title: "Result 1" }],
  });
  t.backend.push(turn);
  const events = (await readSse(
    await createHttpApp(t.deps).request(`${U}/api/chat/stream`, post({ message: "go" })),
  )).filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null);
  const end = events.find((e) => e.type === "tool_end");
  assert.ok(long.length > 500);
  assert.equal(end?.output, long);
  assert.deepEqual(events.find((e) => e.type === "citations"), {
    type: "citations",
    citations: [{ url: "https://example.org/1", title: "Result 1" }],
  });
});
