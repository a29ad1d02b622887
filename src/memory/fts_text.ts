/**
 * Text for the FTS5 index and safe FTS5 queries from any user text (pure). CJK runs have no spaces
 * between words, so both sides turn them into overlapping bigrams: "我的猫" → "我的 的猫".
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const WORD = /[\p{L}\p{N}_]+/gu;

/** A pasted page must not become a thousand-term query. */
const MAX_TERMS = 64;

const STOP_WORDS = new Set(
  ("a an and are as at be but by did do does for from had has have how i if in into is it its me my " +
    "of on or our so that the their them then there these they this to was we were what when where " +
    "which who why will with you your about can could should would el la los las de del y que en un " +
    "una por para con o os as um uma do da dos das")
    .split(" "),
);

/** The text stored in the FTS table for a chunk: CJK runs expanded to bigrams. */
export function ftsDocument(text: string): string {
  // The last character also stands alone, so a one-character query (a prefix query) finds it.
  return text.replace(CJK, (run) => {
    const grams = bigrams(run);
    if (!isSingle(grams)) grams.push([...run].pop()!);
    return ` ${grams.join(" ")} `;
  });
}

/**
 * Builds an FTS5 MATCH expression from user text: every word quoted (so operators, quotes, `-`,
 * `*` and brackets are plain text), stop words dropped, terms OR-ed; a CJK run becomes a phrase
 * of its bigrams. Returns undefined when the text has nothing to search for.
 */
export function ftsQuery(query: string): string | undefined {
  const terms: string[] = [];
  const seen = new Set<string>();
  const push = (term: string) => {
    if (!seen.has(term)) {
      seen.add(term);
      terms.push(term);
    }
  };
  const words = query.toLowerCase().match(WORD) ?? [];
  const content = words.filter((w) => !STOP_WORDS.has(w));
  for (const word of content.length ? content : words) {
    const parts = word.split(CJK);
    const runs = word.match(CJK) ?? [];
    for (const part of parts) if (part) push(quote(part));
    for (const run of runs) {
      const grams = bigrams(run);
      push(isSingle(grams) ? `${quote(run)}*` : quote(grams.join(" ")));
    }
  }
  return terms.length ? terms.slice(0, MAX_TERMS).join(" OR ") : undefined;
}

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

function isSingle(grams: string[]): boolean {
  return grams.length === 1 && [...grams[0]].length === 1;
}

function quote(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}
