/** Line-based, heading-aware markdown chunking (pure). */
import { createHash } from "node:crypto";

/** One piece of a file, the unit of indexing and search. */
export interface Chunk {
  /** 1-based first line. */
  startLine: number;
  /** 1-based last line (inclusive). */
  endLine: number;
  /** Headings above the chunk's first line, outermost first, e.g. ["Memory", "Preferences"]. */
  headings: string[];
  text: string;
  /** sha256 of `text`, hex. */
  hash: string;
}

/** Sizes in tokens; a token is counted as ~4 characters. */
export interface ChunkOptions {
  /** Target chunk size in tokens. Default: 400. */
  chunkSize?: number;
  /** Overlap between consecutive chunks in tokens. Default: 80. */
  chunkOverlap?: number;
}

const CHARS_PER_TOKEN = 4;
const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const FENCE = /^\s{0,3}(```|~~~)/;

interface Line {
  no: number;
  text: string;
  headings: string[];
  /** True for a heading line outside a code fence. */
  heading: boolean;
}

/** Splits markdown into chunks of about `chunkSize` tokens, starting a new chunk at headings. */
export function chunkMarkdown(text: string, options: ChunkOptions = {}): Chunk[] {
  const maxChars = Math.max(32, (options.chunkSize ?? 400) * CHARS_PER_TOKEN);
  const overlapChars = Math.max(
    0,
    Math.min((options.chunkOverlap ?? 80) * CHARS_PER_TOKEN, maxChars / 2),
  );
  const chunks: Chunk[] = [];
  let current: Line[] = [];
  let size = 0;

  const flush = (carryOverlap: boolean) => {
    if (current.length && current.some((l) => l.text.trim() !== "")) chunks.push(toChunk(current));
    if (!carryOverlap) {
      current = [];
      size = 0;
      return;
    }
    // Keep trailing whole lines as the overlap of the next chunk.
    const carried: Line[] = [];
    let carriedSize = 0;
    for (let i = current.length - 1; i > 0 && carriedSize < overlapChars; i--) {
      carried.unshift(current[i]);
      carriedSize += current[i].text.length + 1;
    }
    current = carriedSize > 0 && carriedSize < maxChars ? carried : [];
    size = current.length ? carriedSize : 0;
  };

  for (const line of annotate(text, maxChars)) {
    const cost = line.text.length + 1;
    // A heading opens a new chunk once the current one holds a reasonable amount of text.
    if (line.heading && size >= maxChars / 4) flush(false);
    else if (size + cost > maxChars && current.length) flush(true);
    current.push(line);
    size += cost;
  }
  flush(false);
  return chunks;
}

function* annotate(text: string, maxChars: number): Generator<Line> {
  const stack: { level: number; title: string }[] = [];
  let inFence = false;
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  for (const [index, raw] of lines.entries()) {
    let heading = false;
    if (FENCE.test(raw)) inFence = !inFence;
    else if (!inFence) {
      const m = HEADING.exec(raw);
      if (m) {
        const level = m[1].length;
        while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
        stack.push({ level, title: m[2] });
        heading = true;
      }
    }
    const headings = stack.map((h) => h.title);
    // Lines longer than a chunk are cut into chunk-sized segments that share the line number.
    for (let start = 0; start === 0 || start < raw.length; start += maxChars) {
      yield { no: index + 1, text: raw.slice(start, start + maxChars), headings, heading };
      heading = false;
    }
  }
}

function toChunk(lines: Line[]): Chunk {
  const text = lines.map((l) => l.text).join("\n");
  const first = lines[0];
  // A chunk that starts with a heading is filed under that heading's trail.
  return {
    startLine: first.no,
    endLine: lines[lines.length - 1].no,
    headings: first.headings,
    text,
    hash: sha256(text),
  };
}

/** sha256 of a string or bytes, hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
