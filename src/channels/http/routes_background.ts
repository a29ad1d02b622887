/** Background work: `GET /api/cron` (jobs with state) and `GET /api/events` (SSE of deliveries and ticks). */
import type { Hono } from "hono";
import type { HttpDeps } from "./deps.ts";
import { sseResponse } from "./sse.ts";

/** Adds the cron and background-events routes. */
export function addBackgroundRoutes(app: Hono, deps: HttpDeps): void {
  app.get("/api/cron", async (c) => c.json(deps.cron ? await deps.cron() : { jobs: [] }));
  // Without background work the stream stays open (keep-alives only) until the client leaves.
  app.get("/api/events", () =>
    sseResponse(async (sse) => {
      sse.send({ type: "ready" });
      if (deps.subscribeBackground) return await deps.subscribeBackground(sse.send, sse.signal);
      if (!sse.signal.aborted) {
        await new Promise((r) => sse.signal.addEventListener("abort", r, { once: true }));
      }
    }, { keepAliveMs: deps.keepAliveMs ?? 15_000 }));
}
