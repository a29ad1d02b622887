/** The HTTP providers under the contract suite, each with how to read its wire format back. */
import type { Usage } from "../../src/core/mod.ts";
import {
  createAnthropicProvider,
  createGeminiProvider,
  createOllamaProvider,
  createOpenAiProvider,
  createVertexProvider,
  type Fetch,
  type Provider,
} from "../../src/llm/mod.ts";
import { type FakeResponse, type FakeServer, startFakeServer } from "../support/mod.ts";

/** What the round-trip test reads back from a request body in the vendor's wire format. */
export interface WireRoundTrip {
  callName: string;
  callArgs: unknown;
  result: string;
  /** True when the result is in the message right after the call and names the same call. */
  linked: boolean;
}

/** One provider under test. */
export interface Vendor {
  name: string;
  fixture: string;
  contentType: string;
  model: string;
  create(server: FakeServer, fetch: Fetch): Provider;
  /** Usage reported for the plain fixture, cost included. */
  usage: Usage;
  roundTrip(body: Record<string, unknown>): WireRoundTrip;
}

// deno-lint-ignore no-explicit-any
type Any = any;

const vertexKey = await createServiceAccountPem();

/** Starts a fake server for `vendor` replaying `responses` (Vertex also gets a token endpoint). */
export function serve(responses: FakeResponse[]): Promise<FakeServer> {
  return startFakeServer((req) => {
    if (req.path === "/token") {
      return {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ access_token: "ya29.fake", expires_in: 3600, token_type: "Bearer" }),
      };
    }
    return responses.shift() ?? { status: 599, body: "no more scripted responses" };
  });
}

/** Requests to the model endpoint (token exchanges left out). */
export function modelRequests(server: FakeServer) {
  return server.requests.filter((r) => r.path !== "/token");
}

const geminiRoundTrip = (body: Any): WireRoundTrip => {
  const i = body.contents.findIndex((c: Any) => c.parts.some((p: Any) => p.functionCall));
  const call = body.contents[i].parts.find((p: Any) => p.functionCall).functionCall;
  const response = body.contents[i + 1]?.parts[0]?.functionResponse;
  return {
    callName: call.name,
    callArgs: call.args,
    result: response?.response?.result,
    linked: body.contents[i + 1]?.role === "user" && response?.name === call.name,
  };
};

/** Every HTTP provider. */
export const VENDORS: Vendor[] = [
  {
    name: "anthropic",
    fixture: "anthropic",
    contentType: "text/event-stream",
    model: "claude-sonnet-4-6",
    create: (server, fetch) =>
      createAnthropicProvider({ apiKey: "sk-ant-test", baseUrl: server.url, fetch }),
    usage: {
      input: 12,
      output: 5,
      cacheRead: 3,
      cacheWrite: 2,
      total: 22,
      cost: (12 * 3 + 5 * 15 + 3 * 0.3 + 2 * 3.75) / 1e6,
    },
    roundTrip(body: Any) {
      const i = body.messages.findIndex((m: Any) =>
        m.role === "assistant" && m.content.some((b: Any) => b.type === "tool_use")
      );
      const use = body.messages[i].content.find((b: Any) => b.type === "tool_use");
      const next = body.messages[i + 1];
      const result = next?.content?.[0];
      return {
        callName: use.name,
        callArgs: use.input,
        result: result?.content,
        linked: next?.role === "user" && result?.type === "tool_result" &&
          result.tool_use_id === use.id,
      };
    },
  },
  {
    name: "openai",
    fixture: "openai",
    contentType: "text/event-stream",
    model: "gpt-4o",
    create: (server, fetch) =>
      createOpenAiProvider({
        name: "openai",
        apiKey: "sk-test",
        baseUrl: `${server.url}/v1`,
        fetch,
      }),
    usage: {
      input: 12,
      output: 5,
      cacheRead: 3,
      cacheWrite: 0,
      total: 20,
      cost: (12 * 2.5 + 5 * 10 + 3 * 1.25) / 1e6,
    },
    roundTrip(body: Any) {
      const i = body.messages.findIndex((m: Any) => m.tool_calls);
      const call = body.messages[i].tool_calls[0];
      const next = body.messages[i + 1];
      return {
        callName: call.function.name,
        callArgs: JSON.parse(call.function.arguments),
        result: next?.content,
        linked: next?.role === "tool" && next.tool_call_id === call.id,
      };
    },
  },
  {
    name: "ollama",
    fixture: "ollama",
    contentType: "application/x-ndjson",
    model: "llama3.2",
    create: (server, fetch) => createOllamaProvider({ endpoint: server.url, fetch }),
    usage: { input: 12, output: 5, cacheRead: 0, cacheWrite: 0, total: 17, cost: 0 },
    roundTrip(body: Any) {
      const i = body.messages.findIndex((m: Any) => m.tool_calls);
      const call = body.messages[i].tool_calls[0].function;
      const next = body.messages[i + 1];
      return {
        callName: call.name,
        callArgs: call.arguments,
        result: next?.content,
        linked: next?.role === "tool" && next.tool_name === call.name,
      };
    },
  },
  {
    name: "gemini",
    fixture: "gemini",
    contentType: "text/event-stream",
    model: "gemini-2.5-flash",
    create: (server, fetch) =>
      createGeminiProvider({ apiKey: "AIza-test", baseUrl: server.url, fetch }),
    usage: {
      input: 12,
      output: 5,
      cacheRead: 0,
      cacheWrite: 0,
      total: 17,
      cost: (12 * 0.3 + 5 * 2.5) / 1e6,
    },
    roundTrip: geminiRoundTrip,
  },
  {
    name: "vertex",
    fixture: "gemini",
    contentType: "text/event-stream",
    model: "gemini-2.5-flash",
    create: (server, fetch) =>
      createVertexProvider({
        serviceAccountKey: JSON.stringify({
          client_email: "bot@test-project.iam.gserviceaccount.com",
          private_key: vertexKey,
          project_id: "test-project",
          token_uri: `${server.url}/token`,
        }),
        location: "us-central1",
        baseUrl: server.url,
        fetch,
      }),
    usage: {
      input: 12,
      output: 5,
      cacheRead: 0,
      cacheWrite: 0,
      total: 17,
      cost: (12 * 0.3 + 5 * 2.5) / 1e6,
    },
    roundTrip: geminiRoundTrip,
  },
];

/** A fresh RSA key as PKCS#8 PEM, standing in for a service account's private key. */
export async function createServiceAccountPem(): Promise<string> {
  const pair = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const b64 = btoa(String.fromCharCode(...der)).replace(/.{64}/g, "$&\n");
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}
