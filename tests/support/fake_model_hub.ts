/** A fake Hugging Face hub on 127.0.0.1 serving model files from a local models folder. */
import { createHash } from "node:crypto";
import { join } from "node:path";

/** How the fake hub behaves beyond serving files. */
export interface FakeModelHubOptions {
  /** Send the file's sha256 as `X-Linked-Etag`, as the hub does for LFS files (default false). */
  linkedEtag?: boolean;
  /** Cut the first GET's body after this many bytes (the connection drops mid-download). */
  cutFirstAfter?: number;
}

/** A running fake hub; dispose it to stop. */
export interface FakeModelHub extends AsyncDisposable {
  /** Base URL with a trailing slash, for `remoteHost`. */
  url: string;
  /** Paths of the GET requests served. */
  downloads: string[];
  /** The `Range` header of each GET (null when absent). */
  ranges: (string | null)[];
}

/**
 * Serves `<root>/<model>/<file>` at `/<model>/resolve/main/<file>` (HEAD and GET, with `Range:
 * bytes=N-` answered by 206).
 */
export function startFakeModelHub(root: string, options: FakeModelHubOptions = {}): FakeModelHub {
  const downloads: string[] = [];
  const ranges: (string | null)[] = [];
  let cut = options.cutFirstAfter;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    const m = /^\/(.+?\/.+?)\/resolve\/main\/(.+)$/.exec(path);
    const data = m ? await Deno.readFile(join(root, m[1], m[2])).catch(() => null) : null;
    if (!data) return new Response("not found", { status: 404 });
    const headers: Record<string, string> = { "accept-ranges": "bytes" };
    if (options.linkedEtag) {
      headers["x-linked-etag"] = `"${createHash("sha256").update(data).digest("hex")}"`;
    }
    if (req.method === "HEAD") {
      return new Response(null, { headers: { ...headers, "content-length": `${data.length}` } });
    }
    downloads.push(path);
    const range = req.headers.get("range");
    ranges.push(range);
    const from = Number(/^bytes=(\d+)-$/.exec(range ?? "")?.[1] ?? 0);
    if (from >= data.length && range) {
      return new Response(null, { status: 416, headers });
    }
    const body = data.subarray(from);
    headers["content-length"] = `${body.length}`;
    if (range) headers["content-range"] = `bytes ${from}-${data.length - 1}/${data.length}`;
    const status = range ? 206 : 200;
    if (cut === undefined) return new Response(body, { status, headers });
    const keep = cut;
    cut = undefined;
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Closing short of content-length: the client sees the connection end mid-body.
        if (sent) return controller.close();
        sent = true;
        controller.enqueue(body.subarray(0, keep));
      },
    });
    return new Response(stream, { status, headers });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/`,
    downloads,
    ranges,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}
