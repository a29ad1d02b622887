/** HTML → readable markdown (pure): drops scripts and chrome, keeps headings, lists, links, code. */

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  copy: "©",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
};

/** Decodes named and numeric character references. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1].toLowerCase() === "x" ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[ref.toLowerCase()] ?? m;
  });
}

/** The page title, when there is one. */
export function htmlTitle(html: string): string | undefined {
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  return m ? decodeEntities(m[1].replace(/\s+/g, " ").trim()) || undefined : undefined;
}

/** Converts an HTML document to markdown-ish text for the model. */
export function htmlToMarkdown(html: string): string {
  let s = html.replace(/<!--[\s\S]*?-->/g, "");
  s = s.replace(
    /<(script|style|noscript|template|svg|head|nav|footer|iframe|form)\b[\s\S]*?<\/\1\s*>/gi,
    "",
  );
  const main = /<(main|article)\b[^>]*>([\s\S]*?)<\/\1\s*>/i.exec(s);
  if (main && main[2].replace(/<[^>]+>/g, "").trim().length > 200) s = main[2];
  s = s.replace(
    /<pre\b[^>]*>([\s\S]*?)<\/pre\s*>/gi,
    (_m, code: string) =>
      `\n\n\`\`\`\n${decodeEntities(code.replace(/<[^>]+>/g, "")).trim()}\n\`\`\`\n\n`,
  );
  s = s.replace(
    /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi,
    (_m, n: string, t: string) => `\n\n${"#".repeat(Number(n))} ${inline(t)}\n\n`,
  );
  s = s.replace(
    /<a\b[^>]*href\s*=\s*["']([^"']*)["'][^>]*>([\s\S]*?)<\/a\s*>/gi,
    (_m, href: string, t: string) => {
      const text = inline(t);
      return text && !href.startsWith("javascript:") && !href.startsWith("#")
        ? `[${text}](${decodeEntities(href)})`
        : text;
    },
  );
  s = s.replace(/<(strong|b)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi, (_m, _t, t: string) => `**${t}**`);
  s = s.replace(/<(em|i)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi, (_m, _t, t: string) => `*${t}*`);
  s = s.replace(/<code\b[^>]*>([\s\S]*?)<\/code\s*>/gi, (_m, t: string) => `\`${t}\``);
  s = s.replace(/<li\b[^>]*>/gi, "\n- ");
  s = s.replace(/<br\s*\/?>/gi, "\n");
  s = s.replace(
    /<\/?(p|div|section|article|main|ul|ol|table|tr|blockquote|header|aside)\b[^>]*>/gi,
    "\n\n",
  );
  s = s.replace(/<\/?(td|th)\b[^>]*>/gi, " | ");
  s = s.replace(/<[^>]+>/g, "");
  s = decodeEntities(s);
  const out: string[] = [];
  let inFence = false;
  for (const raw of s.split("\n")) {
    if (raw.trim() === "```") inFence = !inFence;
    const line = inFence ? raw : raw.replace(/[ \t\u00a0]+/g, " ").trim();
    if (line === "" && (out.length === 0 || out.at(-1) === "")) continue;
    out.push(line);
  }
  return out.join("\n").trim();
}

function inline(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim();
}
