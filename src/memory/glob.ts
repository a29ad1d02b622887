/** Glob patterns and `.gitignore`-style exclude rules, compiled to regular expressions (pure). */

/** Compiles a glob (`*`, `**`, `?`, `[…]`, `{a,b}`) over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globBody(glob)}$`);
}

function globBody(glob: string): string {
  let out = "";
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slashAfter = glob[i + 2] === "/";
        const atSegmentStart = i === 0 || glob[i - 1] === "/";
        if (atSegmentStart && slashAfter) {
          out += "(?:.*/)?";
          i += 2;
        } else {
          out += ".*";
          i += 1;
        }
      } else out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) out += "\\[";
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
        out += `[${body}]`;
        i = end;
      }
    } else if (c === "{") {
      braces++;
      out += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      out += ")";
    } else if (c === "," && braces > 0) out += "|";
    else out += c.replace(/[.+^$()|\\]/g, "\\$&");
  }
  return out + ")".repeat(braces);
}

interface Rule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** `.gitignore`-style rules: later rules win, `!` re-includes, `/` anchors, trailing `/` = folders. */
export class IgnoreRules {
  #rules: Rule[] = [];

  /** Adds the rules of one `.gitignore`-style text (or a list of patterns). */
  add(patterns: string | readonly string[]): this {
    const lines = typeof patterns === "string" ? patterns.split(/\r?\n/) : patterns;
    for (let line of lines) {
      line = line.trimEnd();
      if (!line || line.startsWith("#")) continue;
      const negate = line.startsWith("!");
      if (negate) line = line.slice(1);
      const dirOnly = line.endsWith("/");
      if (dirOnly) line = line.slice(0, -1);
      const anchored = line.includes("/");
      if (line.startsWith("/")) line = line.slice(1);
      const body = globBody(line);
      const regex = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
      this.#rules.push({ regex, negate, dirOnly });
    }
    return this;
  }

  /**
   * True when `path` (relative, `/`-separated) or one of its parent folders is ignored. A walk
   * passes one `folders` map for all its paths, so each folder is matched once.
   */
  ignores(path: string, isDir = false, folders?: Map<string, boolean>): boolean {
    if (this.#rules.length === 0) return false;
    const cut = path.lastIndexOf("/");
    if (cut > 0) {
      const parent = path.slice(0, cut);
      let ignored = folders?.get(parent);
      if (ignored === undefined) {
        ignored = this.ignores(parent, true, folders);
        folders?.set(parent, ignored);
      }
      if (ignored) return true;
    }
    return this.#match(path, isDir);
  }

  #match(path: string, isDir: boolean): boolean {
    let ignored = false;
    for (const rule of this.#rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.regex.test(path)) ignored = !rule.negate;
    }
    return ignored;
  }
}
