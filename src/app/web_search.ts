/** Web search wiring: the router from `[tools.web_search]`, and when native search is used. */
import type { LoadedConfig, ResolvedConfig } from "../config/mod.ts";
import type { NativeSearchMode } from "../llm/mod.ts";
import type { SearchDeps, SearchProviderName, SearchRouter } from "../tools/mod.ts";

/** True when a client-side provider is configured (the `web_search` tool exists). */
export function clientSearchConfigured(config: ResolvedConfig): boolean {
  return config.tools.web_search.provider !== "none";
}

/**
 * Anthropic's server-side search: `prefer` (the client tool is hidden and the native one offered)
 * with `prefer_native` and a client provider; `fallback` (offered when there is no client tool)
 * with `providers.anthropic.native_web_search`; else off.
 */
export function nativeSearchMode(config: ResolvedConfig): NativeSearchMode {
  if (clientSearchConfigured(config) && config.tools.web_search.prefer_native) return "prefer";
  return config.providers.anthropic.native_web_search ? "fallback" : "off";
}

/** The search router over the configured providers, recording to `<state_dir>/search_stats.json`. */
export async function createWebSearchRouter(
  loaded: LoadedConfig,
  deps: SearchDeps & { now?: () => number } = {},
): Promise<SearchRouter> {
  const { createSearchRouter } = await import("../tools/mod.ts");
  return createSearchRouter({
    settings: loaded.config.tools.web_search,
    statsFile: loaded.paths.searchStats,
    ...deps,
  });
}

/** Web search for `/status` and the daemon's session status: setup and usage in one line. */
export async function searchStatusLine(loaded: LoadedConfig): Promise<string> {
  const { readSearchStats, searchOrder, statsSummary } = await import("../tools/mod.ts");
  const { config } = loaded;
  const mode = nativeSearchMode(config);
  const order = searchOrder(config.tools.web_search);
  const setup = [
    ...(order.length ? [order.join(" → ")] : []),
    ...(mode !== "off" ? ["native on Anthropic" + (mode === "prefer" ? " (preferred)" : "")] : []),
  ];
  if (!setup.length) return "off (set tools.web_search.provider)";
  const usage = await readSearchStats(loaded.paths.searchStats).then(
    statsSummary,
    (e: Error) => e.message,
  );
  return `${setup.join(", ")}; ${usage}`;
}

/**
 * Why provider `name` cannot be reached (undefined: it answered). SearXNG runs a real (free)
 * search, which also shows whether its JSON format is enabled; the paid APIs get a plain GET of
 * their base URL, so that the check costs nothing: any HTTP answer means reachable.
 */
export async function probeSearchProvider(
  name: SearchProviderName,
  settings: ResolvedConfig["tools"]["web_search"],
  deps: SearchDeps = {},
): Promise<string | undefined> {
  const { createSearchProvider } = await import("../tools/mod.ts");
  try {
    if (name === "searxng") {
      await createSearchProvider(name, settings, deps).search("localgpt", { count: 1 });
      return undefined;
    }
    const timer = (deps.timeout ?? AbortSignal.timeout)(settings.timeout_ms);
    const response = await (deps.fetch ?? fetch)(settings[name].base_url, { signal: timer });
    await response.body?.cancel();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
