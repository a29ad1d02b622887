/**
 * The fast paths stay fast: what `deno info` says each path loads. A module counts when it is
 * reachable from the path's entry modules through static imports; dynamic imports count only
 * where the path takes them (main.ts's lazy entries, the command's row of the lazy table,
 * sqlite-vec for the index).
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { COMMANDS, loadCommand } from "../../src/app/cli.ts";
import { COMMAND_TABLE } from "../../src/app/command_table.ts";
import { LAZY_ENTRIES } from "../../compile.ts";

const ROOT = new URL("../../", import.meta.url);
const HEAVY =
  /^(@huggingface\/transformers|onnxruntime-|sharp|@img\/|openai|@anthropic-ai\/|hono|grammy|playwright-core)(@|\/|$)/;

interface GraphModule {
  specifier: string;
  kind?: string;
  npmPackage?: string;
  dependencies?: { code?: { specifier: string }; isDynamic?: boolean }[];
}

let graph: Promise<Map<string, GraphModule>> | undefined;

/** The graph of main.ts and of the entry modules it imports lazily (see LAZY_ENTRIES). */
function moduleGraph(): Promise<Map<string, GraphModule>> {
  graph ??= (async () => {
    const modules = new Map<string, GraphModule>();
    for (const root of ["main.ts", ...LAZY_ENTRIES]) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["info", "--json", root],
        cwd: fileURLToPath(ROOT),
        stdout: "piped",
        stderr: "inherit",
      }).output();
      assert.ok(out.success, `deno info ${root} failed`);
      const info = JSON.parse(new TextDecoder().decode(out.stdout)) as { modules: GraphModule[] };
      for (const m of info.modules) modules.set(m.specifier, m);
    }
    return modules;
  })();
  return graph;
}

/** Local files and npm packages statically reachable from `entries` (paths from the repo root). */
async function loadedBy(entries: string[]): Promise<{ files: Set<string>; npm: Set<string> }> {
  const modules = await moduleGraph();
  const files = new Set<string>();
  const npm = new Set<string>();
  const todo = entries.map((e) => new URL(e, ROOT).href);
  while (todo.length) {
    const spec = todo.pop()!;
    const mod = modules.get(spec);
    if (spec.startsWith("npm:") || mod?.kind === "npm") {
      npm.add((mod?.npmPackage ?? spec.replace(/^npm:\/?/, "")).replace(/@[^@/]+$/, ""));
      continue;
    }
    if (!spec.startsWith("file:") || files.has(spec)) continue;
    files.add(spec);
    for (const dep of mod?.dependencies ?? []) {
      if (dep.code && !dep.isDynamic) todo.push(dep.code.specifier);
    }
  }
  const rel = (href: string) => href.slice(ROOT.href.length);
  return { files: new Set([...files].map(rel)), npm };
}

/** What `localgpt <command> …` loads: main.ts, then (dynamically) config, app, the command. */
function commandPath(name: string): string[] {
  return ["main.ts", "src/config/mod.ts", "src/app/mod.ts", `src/app/commands/${name}.ts`];
}

Deno.test("every row of COMMAND_TABLE names src/app/commands/<name>.ts and its register function", async () => {
  for (const [name, [module, exported]] of Object.entries(COMMAND_TABLE)) {
    assert.equal(module, `commands/${name}.ts`);
    assert.equal(typeof await loadCommand(name), "function", exported);
  }
  // No command module is loaded up front, and cli.ts does not even name them to deno run.
  const { files } = await loadedBy(["main.ts", "src/config/mod.ts", "src/app/mod.ts"]);
  assert.deepEqual([...files].filter((f) => f.startsWith("src/app/commands/")), []);
  const cli = (await moduleGraph()).get(new URL("src/app/cli.ts", ROOT).href)!;
  assert.deepEqual((cli.dependencies ?? []).filter((d) => d.isDynamic), []);
});

Deno.test("the modules every command loads name no other module to deno run through a literal import()", async () => {
  // deno run reads and resolves the targets of literal dynamic imports before the program starts
  // (a literal `import("../heartbeat/mod.ts")` in background_config.ts cost every command ~60 ms).
  const modules = await moduleGraph();
  const { files } = await loadedBy(["main.ts", "src/config/mod.ts", "src/app/mod.ts"]);
  const literal = [...files].flatMap((f) =>
    (modules.get(new URL(f, ROOT).href)?.dependencies ?? [])
      .filter((d) => d.isDynamic && d.code)
      .map((d) => `${f} → ${d.code!.specifier.slice(ROOT.href.length)}`)
  );
  assert.deepEqual(literal, []);
});

Deno.test("localgpt --version loads nothing but main.ts and core, and no npm package", async () => {
  const { files, npm } = await loadedBy(["main.ts"]);
  assert.deepEqual([...npm], []);
  assert.deepEqual([...files].filter((f) => f !== "main.ts" && !f.startsWith("src/core/")), []);
  // Nor does `deno run` read the rest of the program first: main.ts's graph is only that.
  const main = (await moduleGraph()).get(new URL("main.ts", ROOT).href)!;
  const reached = (main.dependencies ?? []).flatMap((d) => d.code ? [d.code.specifier] : []);
  assert.deepEqual(reached.map((s) => s.slice(ROOT.href.length)), ["src/core/mod.ts"]);
});

Deno.test("localgpt memory search/reindex loads only commander, smol-toml and sqlite-vec from npm", async () => {
  const { files, npm } = await loadedBy([...commandPath("memory"), "npm:sqlite-vec"]);
  assert.deepEqual([...npm].filter((p) => !/^(commander|smol-toml|sqlite-vec)/.test(p)), []);
  const others = [...files].filter((f) => /^src\/app\/commands\//.test(f));
  assert.deepEqual(others, ["src/app/commands/memory.ts"]);
  for (const module of ["src/agent/", "src/llm/", "src/sandbox/", "src/channels/", "src/tools/"]) {
    assert.deepEqual([...files].filter((f) => f.startsWith(module)), [], module);
  }
});

Deno.test("no command loads transformers, onnxruntime, SDKs, Hono or grammY before it needs them", async () => {
  for (const name of Object.keys(COMMANDS)) {
    const { npm } = await loadedBy(commandPath(name));
    assert.deepEqual([...npm].filter((p) => HEAVY.test(p)), [], name);
  }
  // The check can fail: the full graph (dynamic imports included) does reach them.
  const modules = await moduleGraph();
  const all = [...modules.values()].map((m) => m.npmPackage ?? "").filter((p) => HEAVY.test(p));
  assert.ok(all.some((p) => p.startsWith("@huggingface/transformers")));
  assert.ok(all.some((p) => p.startsWith("hono")));
});
