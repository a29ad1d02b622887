/** Terminal output: where text goes, colours (TTY only, never with NO_COLOR), JSON printing. */

/** Where a command writes; injected so tests can capture output. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (progress bars, colours). */
  isTty: boolean;
  /** True when colours may be used. */
  color: boolean;
}

const encoder = new TextEncoder();

/** The real terminal. */
export function terminalOutput(vars: Record<string, string | undefined>): Output {
  const isTty = Deno.stdout.isTerminal();
  return {
    out: (text) => writeAll(Deno.stdout, text),
    err: (text) => writeAll(Deno.stderr, text),
    isTty,
    color: isTty && vars.NO_COLOR === undefined && vars.TERM !== "dumb",
  };
}

function writeAll(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  let data = encoder.encode(text);
  while (data.length > 0) data = data.subarray(stream.writeSync(data));
}

/** Prints a value as indented JSON and a newline. */
export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2) + "\n");
}

/** ANSI styles that collapse to plain text when colours are off. */
export function styles(output: Output) {
  const wrap = (code: string) => (s: string) => output.color ? `\x1b[${code}m${s}\x1b[0m` : s;
  return {
    bold: wrap("1"),
    dim: wrap("2"),
    red: wrap("31"),
    green: wrap("32"),
    yellow: wrap("33"),
    cyan: wrap("36"),
  };
}

/** Lays out `[label, value]` rows with the values aligned. */
export function aligned(
  rows: [string, string][],
  indent = "  ",
  width = Math.max(0, ...rows.map(([label]) => label.length)),
): string {
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`).join("\n") +
    "\n";
}

/** `configDir` → `config_dir`, for JSON output. */
export function snakeKeys(obj: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(obj).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  );
}

/** `snakeKeys()` through nested objects and arrays (values that are not plain objects stay). */
export function snakeKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeysDeep);
  if (value === null || typeof value !== "object" || value.constructor !== Object) return value;
  const out = snakeKeys(value);
  for (const key of Object.keys(out)) out[key] = snakeKeysDeep(out[key]);
  return out;
}
