/** `createHttpApp(deps)`: the Hono app with the guard, every route of §6.2, the UI and error mapping. */
import { Hono } from "hono";
import type { HttpDeps } from "./deps.ts";
import { errorStatus } from "./_errors.ts";
import { createGuard } from "./guard.ts";
import { addApprovalRoutes } from "./routes_approvals.ts";
import { addChatRoutes } from "./routes_chat.ts";
import { addBackgroundRoutes } from "./routes_background.ts";
import { addInfoRoutes } from "./routes_info.ts";
import { addMemoryRoutes } from "./routes_memory.ts";
import { addOpenAiRoutes } from "./routes_openai.ts";
import { addSessionRoutes } from "./routes_sessions.ts";
import { addStaticRoutes } from "./static.ts";
import { addWsRoute } from "./ws.ts";

/** Builds the app; serve it with `Deno.serve({ … }, app.fetch)`. Never throws on a request. */
export function createHttpApp(deps: HttpDeps): Hono {
  const app = new Hono();
  app.use("*", createGuard(deps.security, deps.now ?? Date.now));
  addInfoRoutes(app, deps);
  addBackgroundRoutes(app, deps);
  addSessionRoutes(app, deps);
  addApprovalRoutes(app, deps);
  addChatRoutes(app, deps);
  addWsRoute(app, deps);
  addMemoryRoutes(app, deps);
  addOpenAiRoutes(app, deps);
  addStaticRoutes(app, deps);
  app.notFound((c) => c.json({ error: `Cannot find "${c.req.path}"` }, 404));
  app.onError((error, c) => {
    const { status, message } = errorStatus(error);
    if (status === 500) deps.onError?.(error);
    return c.json({ error: message }, status);
  });
  return app;
}
