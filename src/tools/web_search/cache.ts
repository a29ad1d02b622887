/** The in-memory result cache: key = provider + normalised query + count, expiry by an injected clock. */
import type { SearchAnswer } from "./types.ts";

/** A cache of answers with a time to live. */
export interface SearchCache {
  get(key: string): SearchAnswer | undefined;
  set(key: string, answer: SearchAnswer): void;
}

/** `brave:rust async:5`: lower-cased, trimmed, inner whitespace collapsed. */
export function cacheKey(provider: string, query: string, count: number): string {
  return `${provider}:${query.trim().toLowerCase().replace(/\s+/g, " ")}:${count}`;
}

/** A cache whose entries live `ttlMs` by `now()` (milliseconds); at most `maxEntries` kept. */
export function createSearchCache(
  ttlMs: number,
  now: () => number,
  maxEntries = 500,
): SearchCache {
  const entries = new Map<string, { answer: SearchAnswer; expires: number }>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (now() >= hit.expires) {
        entries.delete(key);
        return undefined;
      }
      return hit.answer;
    },
    set(key, answer) {
      if (ttlMs <= 0) return;
      entries.delete(key);
      entries.set(key, { answer, expires: now() + ttlMs });
      // Maps iterate in insertion order: the first key is the oldest.
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}
