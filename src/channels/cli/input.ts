/** Line input for the REPL and the approval prompt: one reader over stdin shared by both. */
import type { LineSource } from "./line_editor.ts";

/** Reads lines from a byte stream; `null` at end of input. */
export class LineReader implements LineSource {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #decoder = new TextDecoder();
  #buffer = "";
  #done = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  /** The next line without its newline, or null when the input ended. */
  async readLine(): Promise<string | null> {
    while (true) {
      const nl = this.#buffer.indexOf("\n");
      if (nl >= 0) {
        const line = this.#buffer.slice(0, nl).replace(/\r$/, "");
        this.#buffer = this.#buffer.slice(nl + 1);
        return line;
      }
      if (this.#done) {
        if (this.#buffer === "") return null;
        const rest = this.#buffer;
        this.#buffer = "";
        return rest;
      }
      const { done, value } = await this.#reader.read();
      if (done) this.#done = true;
      else this.#buffer += this.#decoder.decode(value, { stream: true });
    }
  }

  /** Releases the stream. */
  release(): void {
    this.#reader.releaseLock();
  }
}

/**
 * Reads one user input: a line; a line ending in `\` continues on the next; a line `"""` starts a
 * block that ends at the next `"""`. Null at end of input.
 */
export async function readInput(
  reader: LineSource,
  prompt: () => void,
  continuation: () => void,
): Promise<string | null> {
  prompt();
  const first = await reader.readLine();
  if (first === null) return null;
  if (first.trim() === '"""') {
    const lines: string[] = [];
    while (true) {
      continuation();
      const line = await reader.readLine();
      if (line === null || line.trim() === '"""') break;
      lines.push(line);
    }
    return lines.join("\n");
  }
  const lines = [first];
  while (lines.at(-1)!.endsWith("\\")) {
    lines[lines.length - 1] = lines.at(-1)!.slice(0, -1);
    continuation();
    const next = await reader.readLine();
    if (next === null) break;
    lines.push(next);
  }
  return lines.join("\n");
}
