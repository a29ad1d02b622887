/** A fake HTTP server on 127.0.0.1 that replays scripted responses and records every request. */
import { fileURLToPath } from "node:url";

/** One scripted response. The body is sent in small chunks to exercise stream parsers. */
export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Keep the connection open after the body (until the client goes away). */
  hang?: boolean;
}

/** A request as the fake server saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Headers;
  body: string;
  // deno-lint-ignore no-explicit-any
  json(): any;
  /** Resolves when the client closes the connection before the body ended (an abort). */
  aborted: Promise<void>;
}

/** A running fake server; dispose it (`await using`) to stop it. */
export interface FakeServer extends AsyncDisposable {
  url: string;
  port: number;
  requests: RecordedRequest[];
}

/** Chooses the response for a request. */
export type FakeHandler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

/** Starts a server answering with `handler`, or with `responses` in order (then 599). */
export function startFakeServer(handler: FakeHandler | FakeResponse[]): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const pick: FakeHandler = Array.isArray(handler)
    ? () => handler.shift() ?? { status: 599, body: "no more scripted responses" }
    : handler;
  const hanging = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const { promise: ready, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => resolve(port) },
    async (req) => {
      const url = new URL(req.url);
      const text = await req.text();
      const { promise: aborted, resolve: onAbort } = Promise.withResolvers<void>();
      const recorded: RecordedRequest = {
        method: req.method,
        path: url.pathname + url.search,
        headers: new Headers(req.headers),
        body: text,
        json: () => JSON.parse(text),
        aborted,
      };
      requests.push(recorded);
      const r = await pick(recorded);
      return new Response(chunked(r, hanging, onAbort), {
        status: r.status ?? 200,
        headers: r.headers,
      });
    },
  );
  return ready.then((port) => ({
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    async [Symbol.asyncDispose]() {
      for (const c of hanging) {
        try {
          c.close();
        } catch {
          // already closed
        }
      }
      await server.shutdown();
    },
  }));
}

function chunked(
  r: FakeResponse,
  hanging: Set<ReadableStreamDefaultController<Uint8Array>>,
  onCancel: () => void,
): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(r.body ?? "");
  let ref: ReadableStreamDefaultController<Uint8Array> | undefined;
  return new ReadableStream({
    async start(controller) {
      ref = controller;
      for (let i = 0; i < bytes.length; i += 48) {
        controller.enqueue(bytes.subarray(i, i + 48));
        await new Promise((ok) => setTimeout(ok, 0));
      }
      if (r.hang) hanging.add(controller);
      else controller.close();
    },
    // Called when the client goes away before the body ended: the request was aborted.
    cancel() {
      if (ref) hanging.delete(ref);
      onCancel();
    },
  });
}

const FIXTURES = fileURLToPath(new URL("../fixtures/sse/", import.meta.url));

/**
 * Loads `tests/fixtures/sse/<name>.sse`. A fixture may start with `HTTP <status>` and header lines,
 * then a blank line, then the body; otherwise it is a 200 body. `x-fake-hang: 1` keeps it open.
 */
export function loadFixture(name: string, contentType = "text/event-stream"): FakeResponse {
  const text = Deno.readTextFileSync(`${FIXTURES}${name}.sse`);
  if (!text.startsWith("HTTP ")) {
    return { status: 200, headers: { "content-type": contentType }, body: text };
  }
  const end = text.indexOf("\n\n");
  const [statusLine, ...headerLines] = text.slice(0, end).split("\n");
  const headers: Record<string, string> = { "content-type": contentType };
  let hang = false;
  for (const line of headerLines) {
    const i = line.indexOf(":");
    const key = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    if (key === "x-fake-hang") hang = value === "1";
    else headers[key] = value;
  }
  return {
    status: Number(statusLine.split(" ")[1]),
    headers,
    body: text.slice(end + 2),
    hang,
  };
}
