import assert from "node:assert/strict";
import { checkDeps, moduleOf } from "../../scripts/lint_deps.ts";

const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

Deno.test("moduleOf() names channel modules by their subfolder", () => {
  assert.equal(moduleOf("src/channels/http/routes.ts"), "channels/http");
  assert.equal(moduleOf("src/memory/index.ts"), "memory");
  assert.equal(moduleOf("main.ts"), "main");
  assert.equal(moduleOf("tests/x_test.ts"), undefined);
});

Deno.test("checkDeps() accepts a downward import through mod.ts", () => {
  assert.deepEqual(
    checkDeps(files({
      "src/memory/index.ts": 'import { openDatabase } from "../store/mod.ts";',
      "src/store/mod.ts": "export const x = 1;",
    })),
    [],
  );
});

Deno.test("checkDeps() flags an upward import, a deep import and a cycle", () => {
  const problems = checkDeps(files({
    "src/store/a.ts": 'import { x } from "../memory/index.ts";',
    "src/memory/index.ts": 'import { y } from "../store/mod.ts";',
    "src/store/mod.ts": "",
  }));
  assert.ok(problems.some((p) => /store \(L1\) may not import memory \(L2\)/.test(p)));
  assert.ok(problems.some((p) => /instead of memory's mod.ts/.test(p)));
  assert.ok(problems.some((p) => /^cycle: /.test(p)));
});

Deno.test("checkDeps() flags channels importing each other and foreign owners of libraries", () => {
  const problems = checkDeps(files({
    "src/channels/http/app.ts":
      'import { Bot } from "grammy";\nimport { t } from "../telegram/mod.ts";',
    "src/channels/telegram/mod.ts": "",
    "src/memory/x.ts": 'const { DatabaseSync } = await import("node:sqlite");',
  }));
  assert.ok(problems.some((p) => /imports "grammy" \(owned by channels\/telegram\)/.test(p)));
  assert.ok(
    problems.some((p) => /channels\/http \(L4\) may not import channels\/telegram/.test(p)),
  );
  assert.ok(problems.some((p) => /src\/memory\/x.ts: imports "node:sqlite"/.test(p)));
});

Deno.test("checkDeps() flags Deno.env outside config and Deno.exit outside main.ts", () => {
  const problems = checkDeps(files({
    "src/llm/a.ts": "const k = Deno.env.get('X');\nDeno.exit(1);",
    "src/config/env.ts": "Deno.env.toObject();",
  }));
  assert.deepEqual(problems, [
    "src/llm/a.ts: reads Deno.env (only src/config may)",
    "src/llm/a.ts: calls Deno.exit (only main.ts may)",
  ]);
});
