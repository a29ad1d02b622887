/** A fake Hugging Face hub on 127.0.0.1 serving model files from a local models folder. */
import { join } from "node:path";

/** A running fake hub; dispose it to stop. */
export interface FakeModelHub extends AsyncDisposable {
  /** Base URL with a trailing slash, for `remoteHost`. */
  url: string;
  /** Paths of the GET requests served. */
  downloads: string[];
}

/** Serves `<root>/<model>/<file>` at `/<model>/resolve/main/<file>` (HEAD and GET). */
export function startFakeModelHub(root: string): FakeModelHub {
  const downloads: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    const m = /^\/(.+?\/.+?)\/resolve\/main\/(.+)$/.exec(path);
    const data = m ? await Deno.readFile(join(root, m[1], m[2])).catch(() => null) : null;
    if (!data) return new Response("not found", { status: 404 });
    const headers = { "content-length": String(data.byteLength) };
    if (req.method === "HEAD") return new Response(null, { headers });
    downloads.push(path);
    return new Response(data, { headers });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/`,
    downloads,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}
