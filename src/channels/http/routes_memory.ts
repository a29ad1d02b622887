/** Memory routes: search (reference fields plus ours), stats, reindex, and the workspace files. */
import type { Hono } from "hono";
import type { HttpDeps } from "./deps.ts";
import { HttpError, readJson, stringField } from "./_errors.ts";
import { listFolder, readFileLines, writeMarkdown } from "./files.ts";

/** Longest accepted search query. */
export const MAX_QUERY_CHARS = 1000;

function intParam(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new HttpError(400, `Cannot read parameter "${name}": expected a positive integer`);
  }
  return Math.min(n, max);
}

/** Adds `/api/memory/*` and `/api/files*`. */
export function addMemoryRoutes(app: Hono, deps: HttpDeps): void {
  const { memory } = deps;

  app.get("/api/memory/search", async (c) => {
    const q = c.req.query("q") ?? "";
    if (!q.trim()) throw new HttpError(400, 'Cannot search: parameter "q" is empty');
    if (q.length > MAX_QUERY_CHARS) {
      throw new HttpError(400, `Cannot search: "q" is longer than ${MAX_QUERY_CHARS} characters`);
    }
    const limit = intParam(c.req.query("limit"), "limit", 10, 100);
    const r = await memory.search(q, { limit });
    return c.json({
      query: q,
      mode: r.mode,
      ...(r.reason ? { reason: r.reason } : {}),
      results: r.results.map((h) => ({
        file: h.path,
        line_start: h.start_line,
        line_end: h.end_line,
        content: h.snippet,
        score: h.score,
        path: h.path,
        snippet: h.snippet,
        headings: h.headings,
        citation: h.citation,
        source: h.source,
      })),
    });
  });

  app.get("/api/memory/stats", async (c) => {
    const s = await memory.stats();
    return c.json({
      workspace: s.workspace,
      total_files: s.files,
      total_chunks: s.chunks,
      index_size_kb: Math.round(s.index_bytes / 1024),
      embedded_chunks: s.embedded_chunks,
      mode: s.mode,
      ...(s.reason ? { reason: s.reason } : {}),
    });
  });

  app.post("/api/memory/reindex", async (c) => {
    const body = await readJson(c, deps.security.maxBody, { optional: true });
    const started = performance.now();
    const r = await memory.sync({ full: body.force === true });
    return c.json({
      files_processed: r.scanned,
      files_updated: r.changed,
      chunks_indexed: r.chunks,
      duration_ms: Math.round(performance.now() - started),
    });
  });

  app.get("/api/files", async (c) => {
    const dir = c.req.query("dir") ?? "";
    return c.json({ dir, entries: await listFolder(deps.files, dir) });
  });
  app.get("/api/files/read", async (c) => {
    const path = c.req.query("path") ?? "";
    if (!path) throw new HttpError(400, 'Cannot read: parameter "path" is empty');
    const from = intParam(c.req.query("from"), "from", 1, Number.MAX_SAFE_INTEGER);
    const toRaw = c.req.query("to");
    const to = toRaw ? intParam(toRaw, "to", 1, Number.MAX_SAFE_INTEGER) : undefined;
    return c.json(await readFileLines(deps.files, path, { from, to }));
  });
  app.put("/api/files/write", async (c) => {
    const body = await readJson(c, deps.security.maxBody);
    const path = stringField(body, "path");
    if (typeof body.content !== "string") {
      throw new HttpError(400, 'Cannot read field "content": expected a string');
    }
    await writeMarkdown(deps.files, path, body.content);
    const r = await memory.sync();
    return c.json({ saved: true, path, chunks_indexed: r.chunks });
  });
}
