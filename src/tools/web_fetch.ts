/** `web_fetch`: an HTTP(S) page as readable markdown; private and loopback addresses are refused. */
import { defineTool, type Tool } from "./tool.ts";
import { htmlTitle, htmlToMarkdown } from "./_html.ts";
import { isPrivateAddress, resolveHost } from "./_net.ts";

/** Options of `createWebFetchTool()`. */
export interface WebFetchOptions {
  /** Bytes read at most (config `tools.web_fetch_max_bytes`). */
  maxBytes: number;
  /** Injected for tests; default: global fetch. */
  fetch?: typeof fetch;
  /** Host name → addresses; injected for tests; default: DNS A + AAAA. */
  resolve?: (host: string) => Promise<string[]>;
}

const MAX_REDIRECTS = 10;
const DENY_SUBSTRINGS = ["file://", "://localhost", "://0.0.0.0", "://169.254.169.254", "://[::1]"];

/** Throws unless `url` is http(s) and its host resolves only to public addresses. */
export async function checkUrl(
  url: URL,
  resolve: (host: string) => Promise<string[]>,
): Promise<void> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`Cannot fetch "${url}": only http and https URLs are allowed`);
  }
  const lower = url.href.toLowerCase();
  const hit = DENY_SUBSTRINGS.find((s) => lower.includes(s));
  if (hit) throw new Error(`Cannot fetch "${url}": "${hit}" is not allowed`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host.toLowerCase().endsWith(".localhost") || host.toLowerCase() === "localhost") {
    throw new Error(`Cannot fetch "${url}": localhost is not allowed`);
  }
  const literal = /^[\d.]+$/.test(host) || host.includes(":");
  const addresses = literal ? [host] : await resolve(host);
  if (addresses.length === 0) throw new Error(`Cannot fetch "${url}": "${host}" does not resolve`);
  const bad = addresses.find(isPrivateAddress);
  if (bad) {
    throw new Error(
      `Cannot fetch "${url}": "${host}" is a private, loopback or link-local address (${bad})`,
    );
  }
}

/** Creates the `web_fetch` tool. */
export function createWebFetchTool(options: WebFetchOptions): Tool {
  const doFetch = options.fetch ?? fetch;
  const resolve = options.resolve ?? resolveHost;
  return defineTool<{ url: string }>({
    name: "web_fetch",
    description: "Fetch a public web page (http/https) and return it as readable markdown.",
    parameters: {
      type: "object",
      properties: { url: { type: "string", description: "the http(s) URL" } },
      required: ["url"],
      additionalProperties: false,
    },
    detail: (a) => a.url,
    async run({ url }, ctx) {
      let current: URL;
      try {
        current = new URL(url);
      } catch {
        throw new Error(`Cannot fetch "${url}": not a valid URL`);
      }
      let response: Response | undefined;
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        await checkUrl(current, resolve);
        response = await doFetch(current, {
          redirect: "manual",
          signal: ctx.signal,
          headers: { "user-agent": "LocalGPT/0.1", accept: "text/html,text/plain,*/*;q=0.5" },
        });
        const location = response.headers.get("location");
        if (response.status >= 300 && response.status < 400 && location) {
          await response.body?.cancel();
          current = new URL(location, current);
          response = undefined;
          continue;
        }
        break;
      }
      if (!response) throw new Error(`Cannot fetch "${url}": more than ${MAX_REDIRECTS} redirects`);
      const { text: body, cut } = await readCapped(response, options.maxBytes);
      const type = response.headers.get("content-type") ?? "";
      let content = body;
      if (/html/i.test(type) || /^\s*<(!doctype html|html)/i.test(body)) {
        const title = htmlTitle(body);
        content = (title ? `# ${title}\n\n` : "") + htmlToMarkdown(body);
      }
      if (cut) {
        content += `\n[...page cut at ${options.maxBytes} bytes (tools.web_fetch_max_bytes)]`;
      }
      return {
        text:
          `Status: ${response.status}\nURL: ${current.href}\nContent-Type: ${type}\n\n${content}`,
        boundary: "external_content",
      };
    },
  });
}

async function readCapped(
  response: Response,
  max: number,
): Promise<{ text: string; cut: boolean }> {
  if (!response.body) return { text: "", cut: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= max) {
      cut = size > max;
      await reader.cancel();
      break;
    }
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return { text: new TextDecoder().decode(all.subarray(0, max)), cut };
}
