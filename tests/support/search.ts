/** Web search test helpers: settings from TOML, provider fixtures, a fake multi-provider server. */
import { fileURLToPath } from "node:url";
import { parseConfig } from "../../src/config/mod.ts";
import type { WebSearchSettings } from "../../src/tools/mod.ts";
import { type FakeResponse, type FakeServer, startFakeServer } from "./fake_server.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/search/", import.meta.url));

/** `tests/fixtures/search/<name>.json` as text. */
export function searchFixture(name: "searxng" | "brave" | "tavily" | "perplexity"): string {
  return Deno.readTextFileSync(`${FIXTURES}${name}.json`);
}

/** A 200 JSON response with fixture `name`. */
export function searchReply(name: Parameters<typeof searchFixture>[0]): FakeResponse {
  return { headers: { "content-type": "application/json" }, body: searchFixture(name) };
}

/** `[tools.web_search]` resolved from TOML (the table header is added when missing). */
export function searchSettings(toml: string, vars: Record<string, string> = {}): WebSearchSettings {
  const text = toml.startsWith("[tools.web_search]") ? toml : `[tools.web_search]\n${toml}`;
  return parseConfig(text, { vars }).config.tools.web_search;
}

/** TOML pointing every provider at `server` with keys set; `extra` adds lines per provider. */
export function allProvidersToml(
  server: { url: string },
  head: string,
  extra: Partial<Record<Parameters<typeof searchFixture>[0], string>> = {},
): string {
  const keys = { brave: "brave-key", tavily: "tvly-key", perplexity: "pplx-key" };
  const tables = (["searxng", "brave", "tavily", "perplexity"] as const).map((name) =>
    [
      `[tools.web_search.${name}]`,
      `base_url = "${server.url}/${name}"`,
      ...(name === "searxng" ? [] : [`api_key = "${keys[name]}"`]),
      extra[name] ?? "",
    ].join("\n")
  );
  return `[tools.web_search]\n${head}\n${tables.join("\n")}\n`;
}

/**
 * A server answering `/<provider>/…` with that provider's fixture, unless `override` gives a
 * response for the provider.
 */
export function startSearchServer(
  override: Partial<Record<string, FakeResponse | (() => FakeResponse)>> = {},
): Promise<FakeServer> {
  return startFakeServer((request) => {
    const name = request.path.split("/")[1] as Parameters<typeof searchFixture>[0];
    const o = override[name];
    if (o) return typeof o === "function" ? o() : o;
    return searchReply(name);
  });
}
