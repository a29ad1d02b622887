/**
 * One contract suite run against every HTTP provider, through fake servers speaking its wire, and
 * where it applies against the embedded `local` provider on a real tiny model.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import type { Context, StreamEvent } from "../../src/core/mod.ts";
import {
  createLocalProvider,
  type Fetch,
  loadedLocalModel,
  retryStream,
  unloadIdleLocalModel,
  unloadLocalModel,
} from "../../src/llm/mod.ts";
import {
  collectEvents,
  loadFixture,
  localModelSkipReason,
  REAL_MODEL_FILE,
  streamedText,
  writeGgufWithTemplate,
} from "../support/mod.ts";
import { modelRequests, serve, type Vendor, VENDORS } from "./_vendors.ts";

const READ_FILE = {
  name: "read_file",
  description: "Read a file of the workspace",
  parameters: {
    type: "object",
    properties: { path: { type: "string" }, limit: { type: "integer" } },
    required: ["path"],
  },
};

const ASK: Context = {
  system: "You are a helpful assistant.",
  messages: [{ role: "user", content: "Say hello." }],
  tools: [READ_FILE],
};

const ROUND_TRIP: Context = {
  system: "You are a helpful assistant.",
  tools: [READ_FILE],
  messages: [
    { role: "user", content: "What is in today's note?" },
    {
      role: "assistant",
      content: [
        { type: "text", text: "Let me look." },
        {
          type: "tool_call",
          id: "call_1",
          name: "read_file",
          arguments: '{"path":"notes/today.md"}',
        },
      ],
    },
    {
      role: "tool",
      content: [{
        type: "tool_result",
        toolCallId: "call_1",
        name: "read_file",
        content: "Buy milk.",
      }],
    },
  ],
};

function last(events: StreamEvent[]): StreamEvent {
  return events.at(-1)!;
}

function fixture(v: Vendor, name: string) {
  return loadFixture(`${v.fixture}_${name}`, v.contentType);
}

function countingFetch(): { fetch: Fetch; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: (input, init) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    },
  };
}

for (const v of VENDORS) {
  Deno.test(`${v.name}: stream() yields start, text deltas and done for a plain reply`, async () => {
    await using server = await serve([fixture(v, "plain")]);
    const events = await collectEvents(v.create(server, fetch).stream(v.model, ASK));
    assert.equal(events[0].type, "start");
    assert.equal(streamedText(events), "Hello, world!");
    assert.ok(events.filter((e) => e.type === "text_delta").length >= 3);
    const done = last(events);
    assert.equal(done.type, "done");
    if (done.type !== "done") return;
    assert.equal(done.stopReason, "stop");
    assert.deepEqual(done.message.content, [{ type: "text", text: "Hello, world!" }]);
  });

  Deno.test(`${v.name}: stream() sends its requests through the injected fetch`, async () => {
    await using server = await serve([fixture(v, "plain")]);
    const counting = countingFetch();
    await collectEvents(v.create(server, counting.fetch).stream(v.model, ASK));
    assert.ok(counting.calls.some((url) => url.startsWith(server.url)));
  });

  Deno.test(`${v.name}: stream() reports usage with cost`, async () => {
    await using server = await serve([fixture(v, "plain")]);
    const events = await collectEvents(v.create(server, fetch).stream(v.model, ASK));
    const usage = events.find((e) => e.type === "usage");
    assert.ok(usage?.type === "usage");
    const { cost, ...tokens } = usage.usage;
    const { cost: expectedCost, ...expected } = v.usage;
    assert.deepEqual(tokens, expected);
    assert.ok(Math.abs((cost ?? NaN) - expectedCost!) < 1e-12, `cost ${cost}`);
  });

  Deno.test(`${v.name}: stream() assembles a tool call split over many deltas`, async () => {
    await using server = await serve([fixture(v, "tool_call_split")]);
    const events = await collectEvents(v.create(server, fetch).stream(v.model, ASK));
    const calls = events.flatMap((e) => (e.type === "tool_call" ? [e.call] : []));
    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, "read_file");
    assert.deepEqual(JSON.parse(calls[0].arguments), { path: "notes/today.md", limit: 20 });
    assert.equal(streamedText(events), "Let me look.");
    const done = last(events);
    assert.ok(done.type === "done" && done.stopReason === "tool_use");
    assert.deepEqual(done.message.content.map((p) => p.type), ["text", "tool_call"]);
  });

  Deno.test(`${v.name}: stream() yields two parallel tool calls in order with distinct ids`, async () => {
    await using server = await serve([fixture(v, "parallel_tools")]);
    const events = await collectEvents(v.create(server, fetch).stream(v.model, ASK));
    const calls = events.flatMap((e) => (e.type === "tool_call" ? [e.call] : []));
    assert.deepEqual(
      calls.map((c) => [c.name, JSON.parse(c.arguments)]),
      [["read_file", { path: "a.md" }], ["memory_search", { query: "cats" }]],
    );
    assert.notEqual(calls[0].id, calls[1].id);
    assert.equal(last(events).type, "done");
  });

  Deno.test(`${v.name}: stream() sends a tool result right after its tool call`, async () => {
    await using server = await serve([fixture(v, "tool_result")]);
    const events = await collectEvents(v.create(server, fetch).stream(v.model, ROUND_TRIP));
    assert.equal(streamedText(events), "Your note says: Buy milk.");
    assert.equal(last(events).type, "done");
    const wire = v.roundTrip(modelRequests(server)[0].json());
    assert.deepEqual(wire, {
      callName: "read_file",
      callArgs: { path: "notes/today.md" },
      result: "Buy milk.",
      linked: true,
    });
  });

  Deno.test(`${v.name}: stream() ends with a non-retryable auth error on 401`, async () => {
    await using server = await serve([fixture(v, "401")]);
    const events = await collectEvents(v.create(server, fetch).stream(v.model, ASK));
    const end = last(events);
    assert.ok(end.type === "error");
    assert.equal(end.error.kind, "auth");
    assert.equal(end.error.retryable, false);
  });

  Deno.test(`${v.name}: retryStream() waits the retry-after of a 429, then succeeds`, async () => {
    await using server = await serve([fixture(v, "429"), fixture(v, "plain")]);
    const provider = v.create(server, fetch);
    const { events, delays } = await retryRecordingDelays(() => provider.stream(v.model, ASK));
    assert.deepEqual(delays, [2000]);
    assert.equal(streamedText(events), "Hello, world!");
    assert.equal(events.filter((e) => e.type === "start").length, 1);
    assert.equal(modelRequests(server).length, 2);
  });

  Deno.test(`${v.name}: retryStream() backs off after a 500, then succeeds`, async () => {
    await using server = await serve([fixture(v, "500"), fixture(v, "plain")]);
    const provider = v.create(server, fetch);
    const { events, delays } = await retryRecordingDelays(() => provider.stream(v.model, ASK));
    assert.deepEqual(delays, [1000]);
    assert.equal(last(events).type, "done");
  });

  Deno.test(`${v.name}: stream() classifies a too-long prompt as context_overflow`, async () => {
    await using server = await serve([fixture(v, "context_overflow")]);
    const events = await collectEvents(v.create(server, fetch).stream(v.model, ASK));
    const end = last(events);
    assert.ok(end.type === "error");
    assert.equal(end.error.kind, "context_overflow", end.error.message);
    assert.equal(end.error.retryable, false);
  });

  Deno.test(`${v.name}: stream() stops and closes the request when aborted mid-stream`, async () => {
    await using server = await serve([fixture(v, "abort")]);
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (
      const e of v.create(server, fetch).stream(v.model, ASK, { signal: controller.signal })
    ) {
      events.push(e);
      if (e.type === "text_delta") controller.abort();
    }
    assert.equal(streamedText(events), "Once upon");
    const end = last(events);
    assert.ok(end.type === "error");
    assert.equal(end.error.kind, "aborted");
    const closed = await Promise.race([
      modelRequests(server)[0].aborted.then(() => true),
      new Promise((ok) => setTimeout(() => ok(false), 2000)),
    ]);
    assert.equal(closed, true);
  });

  Deno.test(`${v.name}: stream() ends with a server error at a malformed chunk`, async () => {
    await using server = await serve([fixture(v, "malformed")]);
    const events = await collectEvents(v.create(server, fetch).stream(v.model, ASK));
    assert.equal(streamedText(events), "Hel");
    const end = last(events);
    assert.ok(end.type === "error");
    assert.equal(end.error.kind, "server");
    assert.match(end.error.message, /malformed chunk/);
  });
}

/** Runs `retryStream()` with instant, recorded sleeps and no jitter. */
async function retryRecordingDelays(attempt: Parameters<typeof retryStream>[0]) {
  const delays: number[] = [];
  const events = await collectEvents(
    retryStream(attempt, { sleep: (ms) => Promise.resolve(void delays.push(ms)), random: () => 0 }),
  );
  return { events, delays };
}

// The embedded provider: the same contract where it applies (no HTTP, so no fetch, status codes
// or wire round trips), on the real tiny model stories260K through node-llama-cpp in-process.
const localSkip = localModelSkipReason();
const STORY: Context = { messages: [{ role: "user", content: "Once upon a time" }] };
const local = () => createLocalProvider({ modelsDir: dirname(REAL_MODEL_FILE), threads: 1 });

function localTest(name: string, fn: () => Promise<void>) {
  Deno.test({ name: `local: ${name}`, ignore: localSkip !== null, fn });
}

localTest("stream() yields start, text deltas and done for a plain reply", async () => {
  const events = await collectEvents(local().stream("stories260K", STORY, { maxTokens: 16 }));
  assert.deepEqual(events[0], { type: "start", provider: "local", model: "stories260K" });
  assert.ok(events.filter((e) => e.type === "text_delta").length >= 3);
  assert.match(streamedText(events), /^, there was/);
  const done = last(events);
  assert.ok(done.type === "done");
  assert.equal(done.stopReason, "length");
  assert.deepEqual(done.message.content, [{ type: "text", text: streamedText(events) }]);
});

localTest("stream() reports usage with a zero cost", async () => {
  const events = await collectEvents(local().stream("stories260K", STORY, { maxTokens: 8 }));
  const usage = events.find((e) => e.type === "usage");
  assert.ok(usage?.type === "usage");
  assert.equal(usage.usage.output, 8);
  assert.ok(usage.usage.input >= 4, `input ${usage.usage.input}`);
  assert.equal(usage.usage.total, usage.usage.input + 8);
  assert.equal(usage.usage.cost, 0);
});

localTest("stream() stops generating when aborted mid-stream and frees the model", async () => {
  const controller = new AbortController();
  const events: StreamEvent[] = [];
  for await (const e of local().stream("stories260K", STORY, { signal: controller.signal })) {
    events.push(e);
    if (e.type === "text_delta") controller.abort();
  }
  assert.equal(events.filter((e) => e.type === "text_delta").length, 1);
  const end = last(events);
  assert.ok(end.type === "error");
  assert.equal(end.error.kind, "aborted");
  // The aborted generation released the model: the next one runs to the end.
  const next = await collectEvents(local().stream("stories260K", STORY, { maxTokens: 4 }));
  assert.equal(last(next).type, "done");
});

localTest("stream() ends with one clear error naming a truncated model file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "localgpt-local-" });
  try {
    const bytes = await Deno.readFile(REAL_MODEL_FILE);
    await Deno.writeFile(join(dir, "cut.gguf"), bytes.subarray(0, bytes.length / 2));
    const provider = createLocalProvider({ modelsDir: dir });
    const events = await collectEvents(provider.stream("cut", STORY));
    const end = last(events);
    assert.ok(end.type === "error");
    assert.equal(end.error.kind, "invalid_request");
    assert.equal(end.error.retryable, false);
    assert.ok(end.error.message.includes(`"${join(dir, "cut.gguf")}"`), end.error.message);
    assert.match(end.error.message, /corrupted or incomplete/);
    assert.ok(!end.error.message.includes("\n"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

localTest("stream() ends with an error naming a model file that does not exist", async () => {
  const events = await collectEvents(local().stream("no-such-model", STORY));
  const end = last(events);
  assert.ok(end.type === "error");
  assert.match(end.error.message, /no-such-model\.gguf": no such file/);
});

localTest("unloadIdleLocalModel() keeps a recently used model and frees an idle one", async () => {
  await collectEvents(local().stream("stories260K", STORY, { maxTokens: 2 }));
  assert.equal(loadedLocalModel(), REAL_MODEL_FILE);
  assert.equal(await unloadIdleLocalModel(60_000, Date.now()), false);
  assert.equal(loadedLocalModel(), REAL_MODEL_FILE);
  assert.equal(await unloadIdleLocalModel(60_000, Date.now() + 60_001), true);
  assert.equal(loadedLocalModel(), undefined);
});

/** A copy of stories260K with a chat template, so the template path runs on a real model. */
async function withTemplatedModel(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "localgpt-local-" });
  try {
    await writeGgufWithTemplate(REAL_MODEL_FILE, join(dir, "chat-stories.gguf"));
    await fn(dir);
  } finally {
    await unloadLocalModel();
    await Deno.remove(dir, { recursive: true });
  }
}

localTest(
  "stream() formats the conversation with the GGUF's chat template",
  () =>
    withTemplatedModel(async (dir) => {
      const provider = createLocalProvider({ modelsDir: dir, threads: 1 });
      const events = await collectEvents(
        provider.stream("chat-stories", { system: "Be kind.", ...STORY }, { maxTokens: 12 }),
      );
      const done = last(events);
      assert.ok(done.type === "done", JSON.stringify(done));
      assert.ok(streamedText(events).length > 0);
      const usage = events.find((e) => e.type === "usage");
      // The template's role markers cost tokens a plain prompt of the same text would not.
      assert.ok(usage?.type === "usage" && usage.usage.input > 20, JSON.stringify(usage));
      assert.equal(usage.usage.output, 12);
    }),
);

localTest(
  "stream() offers tools through the chat template and still ends with done",
  () =>
    withTemplatedModel(async (dir) => {
      const provider = createLocalProvider({ modelsDir: dir, threads: 1, contextSize: 2048 });
      const events = await collectEvents(provider.stream("chat-stories", ASK, { maxTokens: 8 }));
      assert.equal(last(events).type, "done", JSON.stringify(last(events)));
    }),
);

localTest(
  "stream() classifies a conversation too long for the context as context_overflow",
  () =>
    withTemplatedModel(async (dir) => {
      const provider = createLocalProvider({ modelsDir: dir, threads: 1 });
      const long: Context = { system: "word ".repeat(2000), ...STORY };
      const end = last(
        await collectEvents(provider.stream("chat-stories", long, { maxTokens: 8 })),
      );
      assert.ok(end.type === "error");
      assert.equal(end.error.kind, "context_overflow", end.error.message);
      assert.match(end.error.message, /context of 512 tokens/);
    }),
);
