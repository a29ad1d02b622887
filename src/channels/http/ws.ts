/**
 * The WebSocket chat protocol of `/api/ws` (§6.3, but streaming): client `session`, `chat`,
 * `approve` (`{call_id, decision}` while a turn waits), `ping`; server `connected`, `session`,
 * `content` deltas, `tool_start`, `tool_end`, `approval_required`, `approval_resolved`, `done`,
 * `pong`, `error`. The protocol is a plain object over a `send` function, so tests need no socket.
 */
import type { Hono } from "hono";
import { APPROVAL_DECISIONS, type ApprovalDecision, type ChatBackend } from "./backend.ts";
import type { HttpDeps } from "./deps.ts";
import { sessionFor, wireEvent } from "./routes_chat.ts";
import { errorStatus } from "./_errors.ts";

/** Largest accepted client message. */
export const MAX_WS_MESSAGE = 1024 * 1024;

/** One connection's protocol state. */
export interface WsProtocol {
  /** Handles one client message; resolves when its work (a whole turn for `chat`) is done. */
  receive(data: string): Promise<void>;
  /** Aborts the running turn (the socket closed). */
  close(): void;
}

/** Creates the protocol for one connection; `send` gets each server message as an object. */
export function createWsProtocol(
  backend: ChatBackend,
  send: (message: Record<string, unknown>) => void,
): WsProtocol {
  let sessionId: string | undefined;
  let running: AbortController | undefined;
  const closed = new AbortController();
  send({ type: "connected" });
  return {
    async receive(data) {
      if (data.length > MAX_WS_MESSAGE) {
        return send({ type: "error", message: "Cannot read the message: larger than 1 MB" });
      }
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(data);
      } catch {
        return send({ type: "error", message: "Cannot read the message: not JSON" });
      }
      try {
        if (msg.type === "ping") return send({ type: "pong" });
        if (msg.type === "session") {
          const id = typeof msg.session_id === "string" ? msg.session_id : undefined;
          const model = typeof msg.model === "string" ? msg.model : undefined;
          sessionId = (await sessionFor(backend, id, model)).id;
          return send({ type: "session", session_id: sessionId });
        }
        if (msg.type === "approve") {
          const callId = typeof msg.call_id === "string" ? msg.call_id : "";
          const decision = msg.decision as ApprovalDecision;
          if (!sessionId || !callId || !APPROVAL_DECISIONS.includes(decision)) {
            return send({
              type: "error",
              message: 'Cannot approve: expected "call_id" and "decision" (allow, deny or ' +
                "always) in a session",
            });
          }
          if (!await backend.decideApproval(sessionId, callId, decision)) {
            return send({
              type: "error",
              message: `Cannot decide "${callId}": no tool call with that id is waiting`,
            });
          }
          return;
        }
        if (msg.type === "chat") {
          if (typeof msg.message !== "string" || !msg.message) {
            return send({ type: "error", message: 'Cannot chat: "message" is empty' });
          }
          if (running) return send({ type: "error", message: "Cannot chat: a turn is running" });
          sessionId ??= (await backend.openSession()).id;
          send({ type: "session", session_id: sessionId });
          running = new AbortController();
          const signal = AbortSignal.any([running.signal, closed.signal]);
          try {
            await backend.send(sessionId, msg.message, {
              signal,
              onEvent: (e) => {
                const wire = wireEvent(e);
                if (wire) send(wire);
              },
            });
          } finally {
            running = undefined;
          }
          return send({ type: "done" });
        }
        send({ type: "error", message: `Cannot handle message type "${String(msg.type)}"` });
      } catch (error) {
        send({ type: "error", message: errorStatus(error).message });
      }
    },
    close() {
      closed.abort();
    },
  };
}

/** Adds `GET /api/ws`. */
export function addWsRoute(app: Hono, deps: HttpDeps): void {
  app.get("/api/ws", (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      return c.json({ error: "Cannot open the WebSocket: expected an upgrade request" }, 426);
    }
    const { socket, response } = Deno.upgradeWebSocket(c.req.raw);
    let protocol: WsProtocol | undefined;
    const send = (m: Record<string, unknown>) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(m));
    };
    socket.onopen = () => protocol = createWsProtocol(deps.backend, send);
    socket.onmessage = (e) => {
      const data = typeof e.data === "string" ? e.data : "";
      protocol?.receive(data).catch((error) => deps.onError?.(error));
    };
    socket.onclose = () => protocol?.close();
    return response;
  });
}
