/** The web UI: `/` (index.html), `/ui/*` assets, and `/login` (the one-time link sets the cookie). */
import type { Hono } from "hono";
import type { HttpDeps } from "./deps.ts";
import { AUTH_COOKIE } from "./guard.ts";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  json: "application/json",
  map: "application/json",
};

/** Security headers of UI pages: no framing, no foreign scripts or connections. */
export const UI_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
} as const;

/** Adds the UI routes. */
export function addStaticRoutes(app: Hono, deps: HttpDeps): void {
  const serve = async (path: string) => {
    if (!deps.web || path.split("/").some((p) => p === ".." || p.startsWith("."))) return undefined;
    const bytes = await deps.web.read(path);
    if (!bytes) return undefined;
    const ext = path.slice(path.lastIndexOf(".") + 1);
    return new Response(bytes, {
      headers: { "content-type": TYPES[ext] ?? "application/octet-stream", ...UI_HEADERS },
    });
  };
  app.get("/", async (c) => (await serve("index.html")) ?? c.text("The web UI is not built", 404));
  app.get("/ui/*", async (c) => {
    const path = c.req.path.slice("/ui/".length);
    return (await serve(path)) ?? c.json({ error: `Cannot find "${path}"` }, 404);
  });
  app.get("/login", (c) => {
    const token = deps.redeemLogin(c.req.query("code") ?? "");
    if (!token) {
      return c.text(
        "This login link is invalid or was already used. Run: localgpt daemon status",
        403,
      );
    }
    c.header(
      "Set-Cookie",
      `${AUTH_COOKIE}=${
        encodeURIComponent(token)
      }; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000`,
    );
    return c.redirect("/", 302);
  });
}
