/**
 * Markdown → Telegram HTML, and splitting of long messages at paragraph/line boundaries without
 * breaking tags or entities. Pure.
 */

/** Telegram's limit for one message's text. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** Escapes `<`, `>` and `&` for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, "&quot;");
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;

/**
 * Converts the assistant's markdown into the HTML subset Telegram accepts: fenced code →
 * `<pre><code>`, inline code → `<code>`, bold, italic, strikethrough, links, headings as bold,
 * quotes as `<blockquote>`, bullets as `•`; everything else escaped.
 */
export function markdownToTelegramHtml(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  let quote: string[] = [];
  const flushQuote = () => {
    if (quote.length) out.push(`<blockquote>${quote.join("\n")}</blockquote>`);
    quote = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      flushQuote();
      const marker = fence[1];
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(marker); i++) body.push(lines[i]);
      const lang = fence[2] ? ` class="language-${escapeAttribute(fence[2])}"` : "";
      out.push(`<pre><code${lang}>${escapeHtml(body.join("\n"))}</code></pre>`);
      continue;
    }
    const quoted = /^\s{0,3}>\s?(.*)$/.exec(line);
    if (quoted) {
      quote.push(inline(quoted[1]));
      continue;
    }
    flushQuote();
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      out.push(`<b>${inline(heading[1])}</b>`);
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push("──────");
      continue;
    }
    const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    if (bullet) {
      out.push(`${bullet[1]}• ${inline(bullet[2])}`);
      continue;
    }
    out.push(inline(line));
  }
  flushQuote();
  return out.join("\n");
}

/** Inline markdown of one line: code spans and links first (kept verbatim), then emphasis. */
function inline(text: string): string {
  const held: string[] = [];
  const hold = (html: string) => `\uE000${held.push(html) - 1}\uE000`;
  let s = text.replace(/\uE000/g, "");
  s = s.replace(
    /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g,
    (_, _t, code: string) => hold(`<code>${escapeHtml(code.trim() || code)}</code>`),
  );
  s = s.replace(
    /\[([^\]\n]+)\]\((\S+?)(?:\s+"[^"]*")?\)/g,
    (m, label: string, url: string) =>
      /^(https?:|mailto:|tg:)/i.test(url)
        ? hold(`<a href="${escapeAttribute(url)}">${emphasis(escapeHtml(label))}</a>`)
        : m,
  );
  s = emphasis(escapeHtml(s));
  return s.replace(/\uE000(\d+)\uE000/g, (_, n: string) => held[Number(n)]);
}

function emphasis(s: string): string {
  return s
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "<b>$1</b>")
    .replace(/(^|[^\w])__(?=\S)([\s\S]*?\S)__(?!\w)/g, "$1<b>$2</b>")
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, "<s>$1</s>")
    .replace(/(^|[^\w*])\*(?=[^\s*])([^*]*?[^\s*])\*(?![\w*])/g, "$1<i>$2</i>")
    .replace(/(^|[^\w])_(?=[^\s_])([^_]*?[^\s_])_(?!\w)/g, "$1<i>$2</i>");
}

interface OpenTag {
  name: string;
  raw: string;
}

/** Tags open at the end of `html` (outermost first). */
function openTagsAt(html: string): OpenTag[] {
  const stack: OpenTag[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z-]+)[^>]*>/gi)) {
    if (m[1]) {
      const at = stack.map((t) => t.name).lastIndexOf(m[2].toLowerCase());
      if (at >= 0) stack.splice(at);
    } else stack.push({ name: m[2].toLowerCase(), raw: m[0] });
  }
  return stack;
}

/** True when position `i` of `s` is inside a tag or an `&…;` entity. */
function insideMarkup(s: string, i: number, html: boolean): boolean {
  if (!html) {
    // Never split a surrogate pair.
    const c = s.charCodeAt(i - 1);
    return c >= 0xd800 && c <= 0xdbff;
  }
  const lt = s.lastIndexOf("<", i - 1);
  if (lt >= 0 && s.indexOf(">", lt) >= i) return true;
  const amp = s.lastIndexOf("&", i - 1);
  if (amp >= 0 && i - amp < 10 && /^&[#\w]*$/.test(s.slice(amp, i))) return true;
  const c = s.charCodeAt(i - 1);
  return c >= 0xd800 && c <= 0xdbff;
}

function cutPoint(s: string, budget: number, html: boolean): number {
  const window = s.slice(0, budget + 1);
  for (const sep of ["\n\n", "\n", " "]) {
    const at = window.lastIndexOf(sep);
    // A separator in the first third makes tiny chunks: prefer a harder cut then.
    if (at > budget / 3 && !insideMarkup(s, at, html)) return at;
  }
  let at = Math.max(1, budget);
  while (at > 1 && insideMarkup(s, at, html)) at--;
  return at;
}

/**
 * Splits text (Telegram HTML when `html`, else plain) into chunks of at most `limit` characters,
 * preferring paragraph, then line, then word boundaries; tags open at a cut are closed at the end
 * of the chunk and reopened at the start of the next.
 */
export function splitMessage(
  text: string,
  options: { html?: boolean; limit?: number } = {},
): string[] {
  const limit = options.limit ?? TELEGRAM_MESSAGE_LIMIT;
  const html = options.html ?? false;
  const chunks: string[] = [];
  let rest = text;
  let reopen: OpenTag[] = [];
  while (rest.length > 0) {
    const prefix = reopen.map((t) => t.raw).join("");
    if (prefix.length + rest.length <= limit) {
      chunks.push(prefix + rest);
      break;
    }
    let budget = limit - prefix.length;
    for (;;) {
      const cut = cutPoint(rest, budget, html);
      const open = html ? openTagsAt(prefix + rest.slice(0, cut)) : [];
      const close = open.map((t) => `</${t.name}>`).reverse().join("");
      const chunk = prefix + rest.slice(0, cut).trimEnd() + close;
      if (chunk.length <= limit || budget <= 1) {
        if (chunk.replace(/<[^>]*>/g, "").trim()) chunks.push(chunk);
        rest = rest.slice(cut).replace(/^\n+/, "");
        if (rest.startsWith(" ")) rest = rest.slice(1);
        reopen = open;
        break;
      }
      budget -= chunk.length - limit;
    }
  }
  return chunks;
}
