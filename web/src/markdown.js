// A safe markdown renderer: builds DOM nodes from text (never innerHTML), so model output cannot
// inject markup or scripts. Covers headings, paragraphs, lists, quotes, fenced code (highlighted),
// tables, rules, inline code, bold, italic, strike and http(s)/mailto links.
import { h } from "./dom.js";
import { highlight } from "./highlight.js";

const INLINE =
  /(`+)([\s\S]*?)\1|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|~~([^~]+)~~|\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

function safeHref(url) {
  return /^(https?:|mailto:)/i.test(url) ? url : undefined;
}

/** Inline markdown → nodes. */
export function inline(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1]) out.push(h("code", {}, m[2]));
    else if (m[3] ?? m[4]) out.push(h("strong", {}, ...inline(m[3] ?? m[4])));
    else if (m[5] ?? m[6]) out.push(h("em", {}, ...inline(m[5] ?? m[6])));
    else if (m[7]) out.push(h("del", {}, ...inline(m[7])));
    else if (m[8]) {
      const href = safeHref(m[9]);
      out.push(href ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, m[8]) : m[0]);
    } else if (m[10]) {
      out.push(h("a", { href: m[10], target: "_blank", rel: "noopener noreferrer" }, m[10]));
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function codeBlock(code, lang) {
  const el = h("code", { class: lang ? `language-${lang}` : undefined });
  el.append(highlight(code, lang));
  return h("pre", {}, el);
}

function table(rows) {
  const cells = (r) => r.replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
  const [head, , ...body] = rows;
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, cells(head).map((c) => h("th", {}, ...inline(c))))),
    h("tbody", {}, body.map((r) => h("tr", {}, cells(r).map((c) => h("td", {}, ...inline(c)))))),
  );
}

/** Markdown text → a DocumentFragment. Unclosed code fences (while streaming) render as code. */
export function renderMarkdown(text) {
  const frag = document.createDocumentFragment();
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  let para = [];
  const flush = () => {
    if (para.length) frag.append(h("p", {}, ...inline(para.join("\n"))));
    para = [];
  };
  while (i < lines.length) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)\s*([\w+-]*)/.exec(line);
    if (fence) {
      flush();
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      frag.append(codeBlock(body.join("\n"), fence[2]));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      frag.append(h(`h${heading[1].length}`, {}, ...inline(heading[2])));
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      frag.append(h("hr"));
      i++;
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line) && /^\s*\|?\s*:?-+/.test(lines[i + 1] ?? "")) {
      flush();
      const rows = [];
      while (i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i])) rows.push(lines[i++].trim());
      frag.append(table(rows));
      continue;
    }
    if (/^\s*>/.test(line)) {
      flush();
      const quoted = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) {
        quoted.push(lines[i++].replace(/^\s*> ?/, ""));
      }
      frag.append(h("blockquote", {}, renderMarkdown(quoted.join("\n"))));
      continue;
    }
    const item = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      const ordered = /\d/.test(item[1]);
      const list = h(ordered ? "ol" : "ul");
      while (i < lines.length) {
        const m = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(lines[i]);
        if (!m) break;
        const task = /^\[([ xX])\]\s+(.*)$/.exec(m[2]);
        list.append(
          task
            ? h(
              "li",
              {},
              h("input", { type: "checkbox", disabled: true, checked: task[1] !== " " }),
              " ",
              ...inline(task[2]),
            )
            : h("li", {}, ...inline(m[2])),
        );
        i++;
      }
      frag.append(list);
      continue;
    }
    if (line.trim() === "") flush();
    else para.push(line);
    i++;
  }
  flush();
  return frag;
}
