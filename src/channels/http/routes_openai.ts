/** The OpenAI-compatible endpoints: `/v1/chat/completions` (stateless, streaming or not), `/v1/models`. */
import type { Context, Hono } from "hono";
import type { Message, Usage } from "../../core/mod.ts";
import type { HttpDeps } from "./deps.ts";
import { errorStatus, HttpError, readJson } from "./_errors.ts";
import { sseResponse } from "./sse.ts";

interface OpenAiMessage {
  role: string;
  content: unknown;
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((p) => (p && typeof p === "object" && "text" in p ? String(p.text) : ""))
      .join("");
  }
  return "";
}

/** Turns OpenAI chat messages into the system text and our conversation messages. */
export function fromOpenAi(messages: unknown): { system?: string; messages: Message[] } {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new HttpError(400, 'Cannot read field "messages": expected a non-empty array');
  }
  const system: string[] = [];
  const out: Message[] = [];
  for (const m of messages as OpenAiMessage[]) {
    const text = contentText(m?.content);
    if (m?.role === "system" || m?.role === "developer") system.push(text);
    else if (m?.role === "user") out.push({ role: "user", content: text });
    else if (m?.role === "assistant") {
      out.push({ role: "assistant", content: [{ type: "text", text }] });
    }
  }
  if (!out.some((m) => m.role === "user")) {
    throw new HttpError(400, 'Cannot read field "messages": no user message');
  }
  return { system: system.length ? system.join("\n\n") : undefined, messages: out };
}

/** OpenAI's usage object from the usage the provider reported (cached input counts as prompt). */
export function openAiUsage(usage: Usage[]): Record<string, number> {
  let prompt = 0;
  let completion = 0;
  for (const u of usage) {
    prompt += u.input + u.cacheRead + u.cacheWrite;
    completion += u.output;
  }
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
}

function openAiError(c: Context, error: unknown): Response {
  const { status, message } = errorStatus(error);
  return c.json({
    error: { message, type: status >= 500 ? "server_error" : "invalid_request_error", code: null },
  }, status);
}

/** Adds the `/v1` routes. */
export function addOpenAiRoutes(app: Hono, deps: HttpDeps): void {
  const { backend } = deps;
  const now = deps.now ?? Date.now;

  app.get("/v1/models", async (c) => {
    const ids = await backend.models();
    return c.json({
      object: "list",
      data: ids.map((id) => ({ id, object: "model", created: 0, owned_by: "localgpt" })),
    });
  });

  app.post("/v1/chat/completions", async (c) => {
    let body: Record<string, unknown>;
    let input: ReturnType<typeof fromOpenAi>;
    try {
      body = await readJson(c, deps.security.maxBody);
      input = fromOpenAi(body.messages);
    } catch (error) {
      return openAiError(c, error);
    }
    const requested = typeof body.model === "string" && body.model ? body.model : undefined;
    const id = `chatcmpl-${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
    const created = Math.floor(now() / 1000);
    if (body.stream !== true) {
      let error: string | undefined;
      const usage: Usage[] = [];
      const r = await backend.complete(input.messages, {
        model: requested,
        system: input.system,
        onEvent: (e) => {
          if (e.type === "error") error = e.message;
          else if (e.type === "usage") usage.push(e.usage);
        },
      });
      if (error !== undefined && !r.text) {
        return c.json({ error: { message: error, type: "server_error", code: null } }, 502);
      }
      return c.json({
        id,
        object: "chat.completion",
        created,
        model: r.model,
        choices: [{
          index: 0,
          message: { role: "assistant", content: r.text },
          finish_reason: "stop",
        }],
        usage: openAiUsage(usage),
      });
    }
    const model = requested ?? backend.defaultModel();
    const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    return sseResponse(async (sse) => {
      sse.send(chunk({ role: "assistant", content: "" }, null));
      try {
        await backend.complete(input.messages, {
          model: requested,
          system: input.system,
          signal: sse.signal,
          onEvent: (e) => {
            if (e.type === "text_delta") sse.send(chunk({ content: e.text }, null));
            if (e.type === "error") {
              sse.send({ error: { message: e.message, type: "server_error" } });
            }
          },
        });
      } catch {
        sse.send({
          error: { message: "Cannot finish the completion: internal error", type: "server_error" },
        });
      }
      sse.send(chunk({}, "stop"));
      sse.send("[DONE]");
    }, { keepAliveMs: deps.keepAliveMs ?? 15_000 });
  });
}
