/** Server-sent events: `data: <json>` frames, keep-alive comments, abort when the client leaves. */

/** The writer a streaming route gets. */
export interface SseWriter {
  /** Sends `data: <json>` (or the raw string, for `[DONE]`). */
  send(data: unknown): void;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
}

/** Headers of every event stream. */
export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
} as const;

/**
 * Streams what `run` sends as SSE; comments `: keep-alive` every `keepAliveMs`. The stream closes
 * when `run` settles; a client disconnect cancels the body, which aborts `signal`. (The request's
 * own signal is not used: Deno.serve's legacy behaviour aborts it on successful responses too.)
 */
export function sseResponse(
  run: (writer: SseWriter) => Promise<void>,
  options: { keepAliveMs: number },
): Response {
  const abort = new AbortController();
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const stop = () => {
    closed = true;
    clearInterval(timer);
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
          abort.abort();
        }
      };
      timer = setInterval(() => write(": keep-alive\n\n"), options.keepAliveMs);
      const writer: SseWriter = {
        send: (data) =>
          write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`),
        signal: abort.signal,
      };
      // A failing `run` still ends the stream (the routes report errors as events first).
      run(writer).catch(() => {}).finally(() => {
        if (closed) return;
        stop();
        try {
          controller.close();
        } catch {
          // Already cancelled by the client.
        }
      });
    },
    cancel() {
      stop();
      abort.abort();
    },
  });
  return new Response(body, { headers: SSE_HEADERS });
}
