import assert from "node:assert/strict";
import { globToRegExp, IgnoreRules } from "../../src/memory/mod.ts";

Deno.test("globToRegExp() matches ** across folders and * within one", () => {
  const re = globToRegExp("**/*.md");
  assert.ok(re.test("a.md"));
  assert.ok(re.test("x/y/a.md"));
  assert.ok(!re.test("a.txt"));
  assert.ok(!globToRegExp("*.md").test("x/a.md"));
  assert.ok(globToRegExp("notes/{a,b}?.md").test("notes/b1.md"));
});

Deno.test("IgnoreRules.ignores() applies .gitignore rules: unanchored, anchored, folders, negation", () => {
  const rules = new IgnoreRules().add("*.tmp\n/drafts/\nprivate/\n!keep.tmp\n# comment");
  assert.ok(rules.ignores("a.tmp"));
  assert.ok(rules.ignores("memory/deep/a.tmp"));
  assert.ok(!rules.ignores("memory/keep.tmp"));
  assert.ok(rules.ignores("drafts/x.md"));
  assert.ok(!rules.ignores("memory/drafts/x.md"));
  assert.ok(rules.ignores("memory/private/x.md"));
  assert.ok(!rules.ignores("memory/public.md"));
});

Deno.test("IgnoreRules.ignores() answers the same with a shared folder cache as without", () => {
  const rules = new IgnoreRules().add("secret/\n*.tmp\n!keep.tmp\nlogs/*\n!logs/today.md\n");
  const paths = [
    "memory/secret/a.md",
    "memory/secret/deep/b.md",
    "memory/a.tmp",
    "memory/keep.tmp",
    "logs/today.md",
    "logs/old.md",
    "memory/ok.md",
  ];
  const folders = new Map<string, boolean>();
  const cached = paths.map((p) => rules.ignores(p, false, folders));
  assert.deepEqual(cached, paths.map((p) => rules.ignores(p)));
  assert.deepEqual(cached, [true, true, true, false, false, true, false]);
  assert.equal(folders.get("memory/secret"), true);
  assert.equal(folders.get("memory"), false);
});
