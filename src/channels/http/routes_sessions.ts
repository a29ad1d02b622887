/** Session routes: create, list, inspect, delete, clear, compact, switch model; saved sessions. */
import type { Hono } from "hono";
import type { ChatSessionInfo } from "./backend.ts";
import { UnknownSessionError } from "./backend.ts";
import type { HttpDeps } from "./deps.ts";
import { optionalString, readJson, stringField } from "./_errors.ts";

/** The wire form of a session summary. */
export function sessionJson(s: ChatSessionInfo, now: number): Record<string, unknown> {
  return {
    session_id: s.id,
    idle_seconds: Math.max(0, Math.floor((now - s.updatedAt) / 1000)),
    title: s.title ?? null,
    model: s.model ?? null,
    message_count: s.messageCount,
    token_count: s.tokenCount,
    cost_usd: s.costUsd ?? 0,
    created_at: new Date(s.createdAt).toISOString(),
    updated_at: new Date(s.updatedAt).toISOString(),
    live: s.live,
  };
}

/** Adds the `/api/sessions` and `/api/saved-sessions` routes. */
export function addSessionRoutes(app: Hono, deps: HttpDeps): void {
  const { backend } = deps;
  const now = deps.now ?? Date.now;
  const known = async (id: string) => {
    const s = await backend.getSession(id);
    if (!s) throw new UnknownSessionError(id);
    return s;
  };

  app.post("/api/sessions", async (c) => {
    const body = await readJson(c, deps.security.maxBody, { optional: true });
    const s = await backend.openSession(optionalString(body, "session_id"), {
      model: optionalString(body, "model"),
    });
    return c.json({ session_id: s.id, model: s.model ?? backend.defaultModel() });
  });
  app.get("/api/sessions", async (c) => {
    const list = await backend.listSessions();
    return c.json({ sessions: list.map((s) => sessionJson(s, now())) });
  });
  app.get("/api/sessions/:id", async (c) => {
    const s = sessionJson(await known(c.req.param("id")), now());
    return c.json({ ...s, web_search: (await deps.webSearch?.()) ?? null });
  });
  app.delete("/api/sessions/:id", async (c) => {
    const id = c.req.param("id");
    if (!await backend.deleteSession(id)) throw new UnknownSessionError(id);
    return c.json({ deleted: true, session_id: id });
  });
  app.get("/api/sessions/:id/messages", async (c) => {
    const id = c.req.param("id");
    const messages = await backend.messages(id);
    if (!messages) throw new UnknownSessionError(id);
    return c.json({ session_id: id, messages });
  });
  app.post("/api/sessions/:id/compact", async (c) => {
    const id = (await known(c.req.param("id"))).id;
    const r = await backend.compactSession(id);
    return c.json({ token_count_before: r.before, token_count_after: r.after });
  });
  app.post("/api/sessions/:id/clear", async (c) => {
    const id = c.req.param("id");
    if (!await backend.clearSession(id)) throw new UnknownSessionError(id);
    return c.json({ cleared: true, session_id: id });
  });
  app.post("/api/sessions/:id/model", async (c) => {
    const id = (await known(c.req.param("id"))).id;
    const model = stringField(await readJson(c, deps.security.maxBody), "model");
    await backend.setModel(id, model);
    return c.json({ session_id: id, model });
  });

  app.get("/api/saved-sessions", async (c) => {
    const list = await backend.listSessions();
    return c.json({
      sessions: list.map((s) => ({
        id: s.id,
        title: s.title ?? null,
        created_at: new Date(s.createdAt).toISOString(),
        updated_at: new Date(s.updatedAt).toISOString(),
        message_count: s.messageCount,
      })),
    });
  });
  app.get("/api/saved-sessions/:id", async (c) => {
    const id = c.req.param("id");
    const messages = await backend.messages(id);
    if (!messages) throw new UnknownSessionError(id);
    return c.json({ id, messages });
  });
}
