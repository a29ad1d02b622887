/**
 * A small line editor for a terminal in raw mode: cursor keys, Home/End, Ctrl-A/E/U/K/W,
 * history recall with Up/Down (seeded from the history file), Ctrl-C clears the line, Ctrl-D on
 * an empty line ends input. Raw mode is on only while a line is being read, so Ctrl-C during a
 * reply still reaches the program as SIGINT.
 */

/** Where lines come from: a pipe (`LineReader`) or the terminal (`LineEditor`). */
export interface LineSource {
  /**
   * The next line without its newline, or null at end of input. `remember: false` keeps it out
   * of the Up/Down history (an answer to a question, not an input).
   */
  readLine(options?: { remember?: boolean }): Promise<string | null>;
}

/** The terminal the editor drives; `Deno.stdin` + a writer in production, a fake in tests. */
export interface Terminal {
  read(buffer: Uint8Array): Promise<number | null>;
  setRaw(raw: boolean): void;
  write(text: string): void;
  /** The terminal's width; when given, long lines are redrawn across wrapped rows. */
  columns?(): number;
}

/** Lines kept for Up/Down. */
export const HISTORY_LIMIT = 500;

/** A line editor over a raw-mode terminal. */
export class LineEditor implements LineSource {
  #term: Terminal;
  #history: string[];
  #pending = "";
  #decoder = new TextDecoder();
  #ended = false;

  constructor(terminal: Terminal, history: readonly string[] = []) {
    this.#term = terminal;
    this.#history = history.slice(-HISTORY_LIMIT);
  }

  /** Reads one line with editing; null after Ctrl-D on an empty line or end of input. */
  async readLine(options: { remember?: boolean } = {}): Promise<string | null> {
    if (this.#ended) return null;
    let line: string[] = [];
    let cursor = 0;
    let recall = this.#history.length;
    let draft: string[] = [];
    // Cursor moves count terminal columns: a CJK character takes two, a combining mark none.
    const cols = this.#term.columns?.() ?? 0;
    let start = 0; // the column where the input starts, from the cursor position report
    let awaitingReport = cols > 0;
    let shown = 0; // columns from the input start to the cursor
    const redraw = () => {
      const target = displayWidth(line.slice(0, cursor));
      if (!cols) {
        let out = shown > 0 ? `\x1b[${shown}D` : "";
        out += "\x1b[K" + line.join("");
        const back = displayWidth(line.slice(cursor));
        if (back > 0) out += `\x1b[${back}D`;
        shown = target;
        return this.#term.write(out);
      }
      const up = Math.floor((start + shown) / cols);
      let out = (up ? `\x1b[${up}A` : "") + "\r" + (start ? `\x1b[${start}C` : "");
      out += "\x1b[J" + line.join("");
      const end = start + displayWidth(line);
      // At the right margin the terminal waits to wrap; move to the next row so the math holds.
      if (end > 0 && end % cols === 0) out += "\r\n";
      const rowsBack = Math.floor(end / cols) - Math.floor((start + target) / cols);
      const col = (start + target) % cols;
      out += (rowsBack ? `\x1b[${rowsBack}A` : "") + "\r" + (col ? `\x1b[${col}C` : "");
      shown = target;
      this.#term.write(out);
    };
    this.#term.setRaw(true);
    if (cols) this.#term.write("\x1b[6n");
    try {
      while (true) {
        if (!this.#pending) {
          const buffer = new Uint8Array(1024);
          const n = await this.#term.read(buffer);
          if (n === null) {
            this.#ended = true;
            this.#term.write("\r\n");
            return line.length ? line.join("") : null;
          }
          this.#pending = this.#decoder.decode(buffer.subarray(0, n), { stream: true });
        }
        const key = nextKey(this.#pending);
        this.#pending = this.#pending.slice(key.length);
        const report = awaitingReport && key[0] === "\x1b"
          ? /^\[\d+;(\d+)R$/.exec(key.slice(1))
          : null;
        if (report) {
          awaitingReport = false;
          start = (Number(report[1]) - 1) % cols;
          continue;
        }
        switch (key) {
          case "\r":
          case "\n": {
            if (cursor < line.length) {
              cursor = line.length;
              redraw();
            }
            const end = start + displayWidth(line);
            if (!cols || end === 0 || end % cols !== 0) this.#term.write("\r\n");
            const text = line.join("");
            const remember = options.remember !== false && text.trim() !== "";
            if (remember && this.#history.at(-1) !== text) this.#history.push(text);
            if (this.#history.length > HISTORY_LIMIT) this.#history.shift();
            return text;
          }
          case "\x03":
            this.#term.write("^C\r\n");
            return "";
          case "\x04":
            if (line.length === 0) {
              this.#term.write("\r\n");
              return null;
            }
            if (cursor < line.length) line.splice(cursor, 1);
            break;
          case "\x7f":
          case "\b":
            if (cursor > 0) line.splice(--cursor, 1);
            break;
          case "\x1b[3~":
            if (cursor < line.length) line.splice(cursor, 1);
            break;
          case "\x1b[D":
            cursor = Math.max(0, cursor - 1);
            break;
          case "\x1b[C":
            cursor = Math.min(line.length, cursor + 1);
            break;
          case "\x01":
          case "\x1b[H":
          case "\x1bOH":
            cursor = 0;
            break;
          case "\x05":
          case "\x1b[F":
          case "\x1bOF":
            cursor = line.length;
            break;
          case "\x15":
            line = line.slice(cursor);
            cursor = 0;
            break;
          case "\x0b":
            line = line.slice(0, cursor);
            break;
          case "\x17": {
            let start = cursor;
            while (start > 0 && line[start - 1] === " ") start--;
            while (start > 0 && line[start - 1] !== " ") start--;
            line.splice(start, cursor - start);
            cursor = start;
            break;
          }
          case "\x1b[A":
          case "\x1b[B": {
            if (recall === this.#history.length) draft = line;
            recall = key === "\x1b[A"
              ? Math.max(0, recall - 1)
              : Math.min(this.#history.length, recall + 1);
            line = recall === this.#history.length ? draft : [...this.#history[recall]];
            cursor = line.length;
            break;
          }
          default:
            if (key.startsWith("\x1b") || key < " ") continue;
            line.splice(cursor, 0, key);
            cursor++;
        }
        redraw();
      }
    } finally {
      this.#term.setRaw(false);
    }
  }
}

/** Terminal columns taken by `chars`: 2 for East Asian wide characters, 0 for combining marks. */
export function displayWidth(chars: readonly string[]): number {
  let width = 0;
  for (const ch of chars) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || c === 0xfe0f) continue;
    const wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
      (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
      (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/** The first key of `input`: an escape sequence, or one character. */
function nextKey(input: string): string {
  if (input[0] !== "\x1b") return String.fromCodePoint(input.codePointAt(0)!);
  const m = /^(\[[0-9;]*[~A-Za-z]|O[A-Za-z])/.exec(input.slice(1));
  return m ? "\x1b" + m[0] : "\x1b";
}

/** Reads the last inputs from a history file (JSON strings, one per line). */
export async function loadHistory(path: string): Promise<string[]> {
  try {
    const text = await Deno.readTextFile(path);
    return text.split("\n").filter(Boolean).slice(-HISTORY_LIMIT).flatMap((line) => {
      try {
        const value = JSON.parse(line);
        return typeof value === "string" ? value.split("\n") : [];
      } catch {
        return [line];
      }
    });
  } catch {
    return [];
  }
}
