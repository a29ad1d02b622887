// A small code highlighter: comments, strings, numbers, keywords and calls, for common languages.
// Works on text and returns DOM nodes, so code never becomes markup.

const KEYWORDS = new Set(
  ("as async await break case catch class const continue def default del do elif else enum " +
    "export extends false fn for from func function go if impl import in interface is let " +
    "match mod mut new nil none null package pass pub raise return self static struct super " +
    "switch this throw true try type typeof undefined use var void while with yield " +
    "True False None echo then fi done esac local").split(" "),
);

const TOKEN = new RegExp(
  [
    String.raw`(\/\/[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/|--[^\n]*)`, // 1 comment
    String.raw`("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|` + "`(?:\\\\.|[^`\\\\])*`)", // 2 string
    String.raw`(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?\b|\b0x[0-9a-f]+\b)`, // 3 number
    String.raw`([A-Za-z_$][\w$]*)(?=\s*\()`, // 4 call
    String.raw`([A-Za-z_$][\w$]*)`, // 5 word
  ].join("|"),
  "gi",
);

const COMMENT_STYLES = {
  hash: new Set([
    "py",
    "python",
    "sh",
    "bash",
    "shell",
    "zsh",
    "rb",
    "ruby",
    "toml",
    "yaml",
    "yml",
    "r",
  ]),
  dash: new Set(["sql", "lua", "haskell", "hs"]),
};

/** Highlighted code as a DocumentFragment. */
export function highlight(code, lang = "") {
  const l = lang.toLowerCase();
  const frag = document.createDocumentFragment();
  let last = 0;
  const span = (cls, text) => {
    const s = document.createElement("span");
    s.className = cls;
    s.textContent = text;
    frag.append(s);
  };
  for (const m of code.matchAll(TOKEN)) {
    let cls;
    if (m[1]) {
      const c = m[1];
      if (c.startsWith("#") && !COMMENT_STYLES.hash.has(l)) continue;
      if (c.startsWith("--") && !COMMENT_STYLES.dash.has(l)) continue;
      cls = "tok-com";
    } else if (m[2]) cls = "tok-str";
    else if (m[3]) cls = "tok-num";
    else if (m[4]) cls = KEYWORDS.has(m[4]) ? "tok-kw" : "tok-fn";
    else if (m[5] && KEYWORDS.has(m[5])) cls = "tok-kw";
    else continue;
    frag.append(code.slice(last, m.index));
    span(cls, m[0]);
    last = m.index + m[0].length;
  }
  frag.append(code.slice(last));
  return frag;
}
