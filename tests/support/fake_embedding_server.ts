/** A fake embeddings server on 127.0.0.1 speaking OpenAI's /embeddings and Ollama's /api/embed. */

/** A running fake server; dispose it to stop. */
export interface FakeEmbeddingServer extends AsyncDisposable {
  url: string;
  /** Request bodies received, with their path and authorization header. */
  requests: { path: string; auth: string | null; body: { model: string; input: string[] } }[];
  /** When set, every request answers with this HTTP status. */
  failWith?: number;
}

/** Starts the server; vectors are [len, vowels, 1] per input (unnormalised on purpose). */
export function startFakeEmbeddingServer(): FakeEmbeddingServer {
  const vector = (t: string) => [t.length, (t.match(/[aeiou]/g) ?? []).length, 1];
  const state: Omit<FakeEmbeddingServer, "url" | typeof Symbol.asyncDispose> = { requests: [] };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    const body = await req.json();
    state.requests.push({ path, auth: req.headers.get("authorization"), body });
    if (state.failWith) return new Response("boom", { status: state.failWith });
    if (path.endsWith("/embeddings")) {
      // Out of order on purpose: clients must sort by index.
      const data = body.input.map((t: string, index: number) => ({ index, embedding: vector(t) }));
      return Response.json({ data: data.reverse(), model: body.model });
    }
    if (path === "/api/embed") return Response.json({ embeddings: body.input.map(vector) });
    return new Response("not found", { status: 404 });
  });
  const fake = state as FakeEmbeddingServer;
  fake.url = `http://127.0.0.1:${server.addr.port}`;
  fake[Symbol.asyncDispose] = () => server.shutdown();
  return fake;
}
