/**
 * `deno task lint:deps`: checks the layer rules of ARCHITECTURE.md over src/ and main.ts.
 * - a module imports lower layers (or its allowed peers) only, and only through their mod.ts;
 * - no cycles between modules; channels never import each other;
 * - each third-party library is imported only by its owner;
 * - only src/config reads Deno.env; only main.ts calls Deno.exit; src/ never imports tests/.
 */
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** Layer of each module (folder under src/; channels/<name> are separate modules). */
export const LAYERS: Record<string, number> = {
  core: 0,
  config: 1,
  store: 1,
  llm: 1,
  sandbox: 1,
  security: 2,
  memory: 2,
  tools: 2,
  agent: 3,
  heartbeat: 4,
  "channels/cli": 4,
  "channels/http": 4,
  "channels/telegram": 4,
  app: 5,
  main: 5,
};

/** Same-layer imports the architecture allows (importer → imported). */
export const PEERS: Record<string, string[]> = {
  store: ["config"],
  llm: ["config"],
  sandbox: ["config"],
  tools: ["memory", "security"],
  main: ["app"],
};

/** Third-party specifiers (prefix) → the modules allowed to import them. */
export const OWNERS: [RegExp, string[]][] = [
  [/^(npm:)?hono(\/|$)/, ["channels/http"]],
  [/^(npm:)?grammy(\/|$)/, ["channels/telegram"]],
  [/^node:sqlite$|^(npm:)?sqlite-vec(\/|$)/, ["store"]],
  [/^(npm:)?openai(\/|$)|^(npm:)?@anthropic-ai\//, ["llm"]],
  [/^(npm:)?@huggingface\/transformers/, ["memory"]],
  [/^(npm:)?commander(\/|$)/, ["app"]],
  [/^(npm:)?smol-toml(\/|$)/, ["config"]],
  [/^(npm:)?playwright-core/, []],
  [/^(npm:)?croner(\/|$)/, ["heartbeat"]],
];

/** Which module a file belongs to (`src/channels/http/x.ts` → `channels/http`), or undefined. */
export function moduleOf(file: string): string | undefined {
  if (file === "main.ts") return "main";
  const parts = file.split("/");
  if (parts[0] !== "src" || parts.length < 3) return undefined;
  return parts[1] === "channels" ? `channels/${parts[2]}` : parts[1];
}

const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

/** Checks every rule over `files` (path relative to the repo → text); returns violations. */
export function checkDeps(files: Map<string, string>): string[] {
  const problems: string[] = [];
  const edges = new Map<string, Set<string>>();
  for (const [file, raw] of files) {
    const from = moduleOf(file);
    if (!from) continue;
    const text = stripComments(raw);
    if (from !== "config" && /\bDeno\.env\b/.test(text)) {
      problems.push(`${file}: reads Deno.env (only src/config may)`);
    }
    if (from !== "main" && /\bDeno\.exit\s*\(/.test(text)) {
      problems.push(`${file}: calls Deno.exit (only main.ts may)`);
    }
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith(".")) {
        checkLocal(file, from, spec, files, problems, edges);
        continue;
      }
      for (const [re, owners] of OWNERS) {
        if (re.test(spec) && !owners.includes(from)) {
          problems.push(
            `${file}: imports "${spec}" (owned by ${owners.join(", ") || "tests only"})`,
          );
        }
      }
    }
  }
  problems.push(...findCycles(edges));
  return problems;
}

function checkLocal(
  file: string,
  from: string,
  spec: string,
  files: Map<string, string>,
  problems: string[],
  edges: Map<string, Set<string>>,
): void {
  const target = normalize(join(dirname(file), spec));
  if (target.startsWith("tests/")) {
    problems.push(`${file}: imports test code "${spec}"`);
    return;
  }
  const to = moduleOf(target);
  if (!to || to === from) return;
  if (!files.has(target)) problems.push(`${file}: imports missing file "${spec}"`);
  const modRoot = to === "main" ? "main.ts" : `src/${to}/mod.ts`;
  if (target !== modRoot) {
    problems.push(`${file}: imports "${spec}" instead of ${to}'s mod.ts`);
  }
  const allowed = LAYERS[to] < LAYERS[from] || (PEERS[from] ?? []).includes(to);
  if (LAYERS[to] === undefined || LAYERS[from] === undefined) {
    problems.push(`${file}: module "${LAYERS[to] === undefined ? to : from}" has no layer`);
  } else if (!allowed) {
    problems.push(`${file}: ${from} (L${LAYERS[from]}) may not import ${to} (L${LAYERS[to]})`);
  }
  if (!edges.has(from)) edges.set(from, new Set());
  edges.get(from)!.add(to);
}

function findCycles(edges: Map<string, Set<string>>): string[] {
  const problems: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (node: string, path: string[]) => {
    if (state.get(node) === "done") return;
    if (state.get(node) === "visiting") {
      problems.push(`cycle: ${[...path.slice(path.indexOf(node)), node].join(" → ")}`);
      return;
    }
    state.set(node, "visiting");
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, "done");
  };
  for (const node of edges.keys()) visit(node, []);
  return problems;
}

async function collect(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.name.endsWith(".ts")) {
        files.set(relative(root, path), await Deno.readTextFile(path));
      }
    }
  };
  await walk(join(root, "src"));
  files.set("main.ts", await Deno.readTextFile(join(root, "main.ts")));
  return files;
}

if (import.meta.main) {
  const root = fileURLToPath(new URL("../", import.meta.url));
  const files = await collect(root);
  const problems = checkDeps(files);
  for (const p of problems) console.error(p);
  console.log(`lint:deps: ${files.size} files, ${problems.length} problems`);
  if (problems.length) Deno.exit(1);
}
