/**
 * Live provider tests against the real APIs. They skip themselves without keys and are not part of
 * `deno task test`. Run: ANTHROPIC_API_KEY=… deno test -P=test tests/live/
 * Ollama: set LOCALGPT_LIVE_OLLAMA=<model> with a local Ollama running.
 */
import assert from "node:assert/strict";
import type { Context } from "../../src/core/mod.ts";
import {
  createAnthropicProvider,
  createGeminiProvider,
  createOllamaProvider,
  createOpenAiProvider,
  type Provider,
} from "../../src/llm/mod.ts";
import { collectEvents } from "../support/mod.ts";

const env = (name: string) => Deno.env.get(name);

const CASES: { name: string; key?: string; model: string; create: () => Provider }[] = [
  {
    name: "anthropic",
    key: env("ANTHROPIC_API_KEY"),
    model: "claude-haiku-4-5",
    create: () => createAnthropicProvider({ apiKey: env("ANTHROPIC_API_KEY") }),
  },
  {
    name: "openai",
    key: env("OPENAI_API_KEY"),
    model: "gpt-4o-mini",
    create: () =>
      createOpenAiProvider({
        name: "openai",
        apiKey: env("OPENAI_API_KEY"),
        baseUrl: "https://api.openai.com/v1",
      }),
  },
  {
    name: "gemini",
    key: env("GEMINI_API_KEY"),
    model: "gemini-2.5-flash",
    create: () => createGeminiProvider({ apiKey: env("GEMINI_API_KEY") }),
  },
  {
    name: "ollama",
    key: env("LOCALGPT_LIVE_OLLAMA"),
    model: env("LOCALGPT_LIVE_OLLAMA") ?? "",
    create: () => createOllamaProvider({ endpoint: "http://127.0.0.1:11434" }),
  },
];

const WEATHER: Context = {
  system: "You are terse. Use tools when asked.",
  tools: [{
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  }],
  messages: [{ role: "user", content: "What's the weather in Paris? Use the tool." }],
};

for (const c of CASES) {
  Deno.test({
    name: `live ${c.name}: stream() completes a tool call round trip`,
    ignore: !c.key,
    async fn() {
      const provider = c.create();
      const first = await collectEvents(provider.stream(c.model, WEATHER, { maxTokens: 300 }));
      const done = first.at(-1);
      assert.ok(done?.type === "done", JSON.stringify(done));
      const call = done.message.content.find((p) => p.type === "tool_call");
      assert.ok(call?.type === "tool_call");
      assert.equal(call.name, "get_weather");
      const second = await collectEvents(provider.stream(c.model, {
        ...WEATHER,
        messages: [...WEATHER.messages, done.message, {
          role: "tool",
          content: [{
            type: "tool_result",
            toolCallId: call.id,
            name: call.name,
            content: "18°C, sunny",
          }],
        }],
      }, { maxTokens: 300 }));
      const end = second.at(-1);
      assert.ok(end?.type === "done", JSON.stringify(end));
      assert.match(JSON.stringify(end.message.content), /18/);
    },
  });
}
