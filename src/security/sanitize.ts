/** Prompt-injection filters: marker stripping and suspicious-pattern detection (reference §9.4). */

/** Chat-template markers removed from untrusted content (case-insensitive). */
export const INJECTION_MARKERS: readonly string[] = [
  "<|im_start|>system",
  "<|im_end|>",
  "<|system|>",
  "<system>",
  "</system>",
  "<<SYS>>",
  "<</SYS>>",
  "[INST]",
  "[/INST]",
  "<s>",
  "</s>",
];

/** What a stripped marker becomes. */
export const FILTERED = "[FILTERED]";

/** Phrases of instruction hijacking; a hit warns, and rejects a policy file. */
export const SUSPICIOUS_PATTERNS: readonly RegExp[] = [
  /ignore\s+(all\s+)?(previous|prior|above)\s+(instructions?|prompts?)/i,
  /disregard\s+(all\s+)?(previous|prior|above)/i,
  /forget\s+(everything|all|your)\s+(instructions?|rules?)/i,
  /you\s+are\s+now\s+(a|an)\s/i,
  /new\s+instructions?:/i,
  /system\s*:?\s*(prompt|override|command)/i,
  /act\s+as\s+(if\s+)?(you|a|an)\s/i,
  /pretend\s+(to\s+be|you\s+are)/i,
  /from\s+now\s+on\s+(you|ignore|forget)/i,
  /bypass\s+(your\s+)?(safety|rules?|restrictions?)/i,
];

const MARKER_RE = new RegExp(
  INJECTION_MARKERS.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"),
  "gi",
);
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF]/g;

/** Replaces every injection marker with `[FILTERED]`; returns the text and how many were found. */
export function stripMarkers(text: string): { text: string; stripped: number } {
  let stripped = 0;
  const out = text.replace(MARKER_RE, () => {
    stripped++;
    return FILTERED;
  });
  return { text: out, stripped };
}

/** The suspicious phrases found, as matched (after NFKC and removing invisible characters). */
export function detectSuspicious(text: string): string[] {
  const normalized = text.normalize("NFKC").replace(INVISIBLE, "");
  const hits: string[] = [];
  for (const re of SUSPICIOUS_PATTERNS) {
    const m = re.exec(normalized);
    if (m) hits.push(m[0].trim());
  }
  return hits;
}

/** Untrusted content after filtering, with the warnings to show the user. */
export interface SanitizedContent {
  text: string;
  warnings: string[];
}

/** Strips markers and detects patterns in content from `source` (e.g. `tool:bash`, a URL). */
export function sanitizeContent(text: string, source: string): SanitizedContent {
  const { text: out, stripped } = stripMarkers(text);
  const warnings: string[] = [];
  if (stripped > 0) {
    warnings.push(`Removed ${stripped} prompt-injection marker(s) from ${source}`);
  }
  for (const hit of detectSuspicious(out)) {
    warnings.push(`Possible prompt injection in ${source}: "${hit}"`);
  }
  return { text: out, warnings };
}
