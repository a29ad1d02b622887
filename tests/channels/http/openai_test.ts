import assert from "node:assert/strict";
import OpenAI from "openai";
import { createHttpApp, fromOpenAi } from "../../../src/channels/http/mod.ts";
import { createTestHttpDeps, fakeTextTurn } from "../../support/mod.ts";

function serve(t: Awaited<ReturnType<typeof createTestHttpDeps>>) {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createHttpApp(t.deps).fetch,
  );
  const client = new OpenAI({
    apiKey: "test-token-0123456789",
    baseURL: `http://127.0.0.1:${server.addr.port}/v1`,
    maxRetries: 0,
  });
  return { server, client };
}

Deno.test("/v1/chat/completions answers the openai client without streaming", async () => {
  await using t = await createTestHttpDeps({ security: { authRequired: true } });
  t.backend.push(fakeTextTurn("Paris is the capital."));
  const { server, client } = serve(t);
  await using _ = server;
  const r = await client.chat.completions.create({
    model: "fake/fake-model",
    messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Capital?" }],
  });
  assert.equal(r.choices[0].message.content, "Paris is the capital.");
  assert.equal(r.object, "chat.completion");
  assert.equal(t.backend.completions[0].system, "Be brief.");
});

Deno.test("/v1/chat/completions streams chat.completion.chunk objects to the openai client", async () => {
  await using t = await createTestHttpDeps();
  t.backend.push(fakeTextTurn("one two three"));
  const { server, client } = serve(t);
  await using _ = server;
  const stream = await client.chat.completions.create({
    model: "fake/fake-model",
    messages: [{ role: "user", content: "count" }],
    stream: true,
  });
  let text = "";
  let finish: string | null = null;
  for await (const chunk of stream) {
    assert.equal(chunk.object, "chat.completion.chunk");
    text += chunk.choices[0].delta.content ?? "";
    finish = chunk.choices[0].finish_reason ?? finish;
  }
  assert.equal(text, "one two three");
  assert.equal(finish, "stop");
});

Deno.test("/v1/models lists the backend's models for the openai client", async () => {
  await using t = await createTestHttpDeps();
  const { server, client } = serve(t);
  await using _ = server;
  const ids: string[] = [];
  for await (const m of client.models.list()) ids.push(m.id);
  assert.deepEqual(ids, ["fake/fake-model", "fake/other-model"]);
});

Deno.test("/v1/chat/completions answers an OpenAI-style 400 for missing messages", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request("http://localhost/v1/chat/completions", {
    method: "POST",
    body: JSON.stringify({ model: "x" }),
  });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.type, "invalid_request_error");
});

Deno.test("fromOpenAi() keeps user and assistant turns and joins system messages", () => {
  const r = fromOpenAi([
    { role: "system", content: "a" },
    { role: "user", content: [{ type: "text", text: "q" }] },
    { role: "assistant", content: "r" },
    { role: "user", content: "q2" },
  ]);
  assert.equal(r.system, "a");
  assert.deepEqual(r.messages.map((m) => m.role), ["user", "assistant", "user"]);
  assert.equal(r.messages[0].content, "q");
});

Deno.test("/v1/chat/completions reports the provider's token usage without streaming", async () => {
  await using t = await createTestHttpDeps();
  t.backend.push({
    events: [
      { type: "text_delta", text: "Hi" },
      {
        type: "usage",
        usage: { input: 12, output: 5, cacheRead: 3, cacheWrite: 0, total: 20 },
      },
    ],
  });
  const { server, client } = serve(t);
  await using _ = server;
  const r = await client.chat.completions.create({
    model: "fake/fake-model",
    messages: [{ role: "user", content: "Hello" }],
  });
  assert.deepEqual(r.usage, { prompt_tokens: 15, completion_tokens: 5, total_tokens: 20 });
});
