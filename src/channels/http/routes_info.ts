/** Status routes: status, config (redacted; edit), heartbeat, bridges, channels, daemon logs. */
import type { Hono } from "hono";
import type { HttpDeps } from "./deps.ts";
import { HttpError, readJson, stringField } from "./_errors.ts";
import { authorized } from "./guard.ts";

/** Most log lines one request returns. */
export const MAX_LOG_LINES = 1000;

/** Adds the status, config, heartbeat, channels and logs routes. */
export function addInfoRoutes(app: Hono, deps: HttpDeps): void {
  const now = deps.now ?? Date.now;
  app.get("/health", (c) => c.text("OK"));
  app.get("/api/auth/status", (c) =>
    c.json({
      auth_required: deps.security.authRequired,
      authenticated: authorized(c, deps.security),
    }));

  app.get("/api/status", async (c) => {
    const [stats, sessions, brandNew] = await Promise.all([
      deps.memory.stats().catch(() => undefined),
      deps.backend.listSessions(),
      deps.isBrandNew(),
    ]);
    return c.json({
      version: deps.version,
      model: deps.backend.defaultModel(),
      memory_chunks: stats?.chunks ?? 0,
      memory_mode: stats?.mode ?? "keyword",
      active_sessions: sessions.filter((s) => s.live).length,
      is_brand_new: brandNew,
      uptime_seconds: deps.startedAt ? Math.floor((now() - deps.startedAt) / 1000) : 0,
    });
  });

  app.get("/api/config", (c) => c.json(deps.config()));
  app.post("/api/config", async (c) => {
    if (!deps.setConfig) throw new HttpError(403, "Cannot edit the config: editing is disabled");
    const body = await readJson(c, deps.security.maxBody);
    const key = stringField(body, "key");
    const value = body.value;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new HttpError(400, 'Cannot read field "value": expected a string, number or boolean');
    }
    await deps.setConfig(key, String(value));
    return c.json({ updated: true, key, restart_required: true });
  });

  app.get("/api/heartbeat/status", async (c) => c.json(await deps.heartbeat()));
  app.get("/api/bridges", async (c) => c.json({ bridges: (await deps.bridges?.()) ?? [] }));
  app.get("/api/channels/status", async (c) => c.json(await deps.channels()));
  app.get("/api/logs/daemon", async (c) => {
    const raw = c.req.query("lines");
    const n = raw === undefined ? 200 : Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      throw new HttpError(400, 'Cannot read parameter "lines": expected a positive integer');
    }
    return c.json({ lines: await deps.logs(Math.min(n, MAX_LOG_LINES)) });
  });
}
