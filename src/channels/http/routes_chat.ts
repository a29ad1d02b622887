/** Chat routes: `POST /api/chat` (one reply) and `POST /api/chat/stream` (SSE of §6.3). */
import type { Context, Hono } from "hono";
import type { ChatBackend, ChatEvent, ChatSessionInfo } from "./backend.ts";
import { UnknownSessionError } from "./backend.ts";
import type { HttpDeps } from "./deps.ts";
import { optionalString, readJson, stringField } from "./_errors.ts";
import { sseResponse } from "./sse.ts";

/** Characters of tool output sent in a `tool_end` event. */
export const TOOL_OUTPUT_CHARS = 500;
/** The same for `web_search`, whose whole result list the web UI shows as links. */
export const SEARCH_OUTPUT_CHARS = 8000;

/** The wire form of a chat event (§6.3), or undefined for events the wire does not carry. */
export function wireEvent(event: ChatEvent): Record<string, unknown> | undefined {
  switch (event.type) {
    case "text_delta":
      return { type: "content", delta: event.text };
    case "tool_start":
      return { type: "tool_start", name: event.name, id: event.id, detail: event.detail };
    case "tool_end":
      return {
        type: "tool_end",
        name: event.name,
        id: event.id,
        output: event.output.slice(
          0,
          event.name === "web_search" ? SEARCH_OUTPUT_CHARS : TOOL_OUTPUT_CHARS,
        ),
        warnings: event.warnings ?? [],
        ...(event.isError ? { is_error: true } : {}),
      };
    case "approval":
      return {
        type: "approval_required",
        call_id: event.id,
        tool: event.name,
        arguments: event.args,
        detail: event.detail,
        timeout_seconds: Math.round(event.timeoutMs / 1000),
      };
    case "approval_resolved":
      return {
        type: "approval_resolved",
        call_id: event.id,
        tool: event.name,
        decision: event.outcome,
      };
    case "citations":
      return { type: "citations", citations: event.citations };
    case "error":
      return { type: "error", message: event.message };
    default:
      return undefined;
  }
}

/** The session a chat request names (404 when unknown), or a new one. */
export async function sessionFor(
  backend: ChatBackend,
  id: string | undefined,
  model: string | undefined,
): Promise<ChatSessionInfo> {
  if (id === undefined) return await backend.openSession(undefined, { model });
  const found = await backend.getSession(id);
  if (!found) throw new UnknownSessionError(id);
  return found;
}

/** Adds the chat routes. */
export function addChatRoutes(app: Hono, deps: HttpDeps): void {
  const { backend } = deps;
  const parse = async (c: Context) => {
    const body = await readJson(c, deps.security.maxBody);
    return {
      message: stringField(body, "message"),
      sessionId: optionalString(body, "session_id"),
      model: optionalString(body, "model"),
    };
  };

  app.post("/api/chat", async (c) => {
    const req = await parse(c);
    const session = await sessionFor(backend, req.sessionId, req.model);
    let error: string | undefined;
    const result = await backend.send(session.id, req.message, {
      model: req.model,
      onEvent: (e) => void (e.type === "error" ? (error = e.message) : undefined),
    });
    if (error !== undefined && !result.text) {
      return c.json({ error, session_id: session.id, model: result.model }, 502);
    }
    return c.json({ response: result.text, session_id: session.id, model: result.model });
  });

  app.post("/api/chat/stream", async (c) => {
    const req = await parse(c);
    const session = await sessionFor(backend, req.sessionId, req.model);
    return sseResponse(async (sse) => {
      sse.send({ type: "session", session_id: session.id });
      try {
        await backend.send(session.id, req.message, {
          model: req.model,
          signal: sse.signal,
          onEvent: (e) => {
            const wire = wireEvent(e);
            if (wire) sse.send(wire);
          },
        });
      } catch {
        sse.send({ type: "error", message: "Cannot finish the turn: internal error" });
      }
      sse.send({ type: "done" });
      sse.send("[DONE]");
    }, { keepAliveMs: deps.keepAliveMs ?? 15_000 });
  });
}
