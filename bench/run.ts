/**
 * `deno task bench`: runs every `bench/*_bench.ts` (or those named on the command line) and prints
 * one JSON object: { "<file>": <figures> }. Each bench module default-exports an async function
 * returning its figures. Figures are reported, never asserted.
 */
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = dirname(fileURLToPath(import.meta.url));
const wanted = new Set(Deno.args);
const results: Record<string, unknown> = {};
const names = [...Deno.readDirSync(dir)]
  .map((e) => e.name)
  .filter((n) => n.endsWith("_bench.ts"))
  .filter((n) => wanted.size === 0 || wanted.has(basename(n, "_bench.ts")))
  .sort();
for (const name of names) {
  const mod = await import(join(dir, name));
  const label = basename(name, "_bench.ts");
  if (Deno.stderr.isTerminal()) console.error(`bench: ${label}…`);
  results[label] = await mod.default();
}
console.log(JSON.stringify(results, null, 2));
