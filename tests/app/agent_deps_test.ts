import assert from "node:assert/strict";
import { join } from "node:path";
import { createAgentDeps, type ToolSelection } from "../../src/app/agent_deps.ts";
import { openMemory } from "../../src/app/memory.ts";
import { openSession, type SessionEvent } from "../../src/agent/mod.ts";
import { findSchemaNode, loadConfig } from "../../src/config/mod.ts";
import { ConfigError } from "../../src/core/mod.ts";
import { BUILTIN_TOOL_NAMES } from "../../src/tools/mod.ts";
import {
  createTempHome,
  FakeProvider,
  fakeStream,
  type TempHome,
  textReply,
  toolCallReply,
} from "../support/mod.ts";

const SERVER: ToolSelection = { confineWrites: true, noApproval: true };

async function depsFor(
  home: TempHome,
  config: string,
  selection: (c: string[]) => ToolSelection,
  warn: (text: string) => void = () => {},
) {
  await home.writeConfig(`[memory.embedding]\nprovider = "none"\n${config}`);
  const loaded = await loadConfig({ host: home.host });
  const memory = openMemory(loaded, { home: home.host.home });
  const built = await createAgentDeps(loaded, home.host, {
    choice: () =>
      Promise.resolve({ model: "fake/fake-model", source: "config", detail: "", baseUrls: {} }),
    memory,
    tools: selection(loaded.config.server.tools),
    warn,
  });
  return { ...built, loaded, memory, [Symbol.dispose]: () => memory.close() };
}

Deno.test("createAgentDeps() with the default server.tools offers no bash", async () => {
  await using home = await createTempHome();
  using t = await depsFor(home, "", (only) => ({ ...SERVER, only }));
  assert.deepEqual(t.deps.tools.map((x) => x.name), [
    "read_file",
    "write_file",
    "edit_file",
    "memory_search",
    "memory_get",
    "memory_save",
    "web_fetch",
  ]);
});

Deno.test("createAgentDeps() without a selection offers every built-in tool but an unconfigured web_search", async () => {
  await using home = await createTempHome();
  using t = await depsFor(home, "", () => ({}));
  assert.deepEqual(
    t.deps.tools.map((x) => x.name),
    BUILTIN_TOOL_NAMES.filter((n) => n !== "web_search"),
  );
});

Deno.test("createAgentDeps() offers web_search once a provider is configured, in the daemon too", async () => {
  await using home = await createTempHome();
  const toml = `[tools.web_search]\nprovider = "searxng"\n[tools.web_search.searxng]\n` +
    `base_url = "http://127.0.0.1:9"\n`;
  using all = await depsFor(home, toml, () => ({}));
  assert.equal(all.deps.tools.at(-1)?.name, "web_search");
  using server = await depsFor(home, toml, (only) => ({ ...SERVER, only }));
  assert.ok(server.deps.tools.some((x) => x.name === "web_search"));
});

Deno.test("createAgentDeps() with confineWrites refuses writes to allowed_directories but reads them", async () => {
  await using home = await createTempHome();
  const other = join(home.root, "other");
  await Deno.mkdir(other);
  await Deno.writeTextFile(join(other, "a.txt"), "outside text\n");
  using t = await depsFor(
    home,
    `[security]\nallowed_directories = ["${other}"]\n`,
    (only) => ({ ...SERVER, only }),
  );
  const tool = (name: string) => t.deps.tools.find((x) => x.name === name)!;
  const read = await tool("read_file").execute({ path: join(other, "a.txt") });
  assert.match(read.content, /outside text/);
  await assert.rejects(
    tool("write_file").execute({ path: join(other, "b.txt"), content: "x" }),
    /outside the workspace/,
  );
  await tool("write_file").execute({ path: "notes/b.txt", content: "inside" });
  const workspace = t.loaded.paths.workspace;
  assert.equal(await Deno.readTextFile(join(workspace, "notes", "b.txt")), "inside");
});

Deno.test("createAgentDeps() with noApproval makes a gated tool fail with a clear error for the model", async () => {
  await using home = await createTempHome();
  using t = await depsFor(
    home,
    `[tools]\nrequire_approval = ["memory_save"]\n`,
    (only) => ({ ...SERVER, only }),
  );
  assert.deepEqual(t.deps.settings.requireApproval, []);
  const provider = new FakeProvider([
    toolCallReply("memory_save", { content: "remember this" }),
    textReply("I could not save it."),
  ]);
  const session = await openSession(
    { ...t.deps, streamFor: () => Promise.resolve(fakeStream(provider)) },
    { model: "fake/fake-model" },
  );
  const events: SessionEvent[] = [];
  await session.send("save a note", { onEvent: (e) => events.push(e) });
  await session.close();
  const end = events.find((e) => e.type === "tool_end");
  assert.ok(end?.type === "tool_end" && end.isError);
  assert.match(end.output, /Cannot run "memory_save" here: it needs the user's approval/);
  const toolMessage = provider.calls[1].context.messages.at(-1);
  assert.match(JSON.stringify(toolMessage), /tools\.require_approval/);
});

Deno.test("loadConfig() rejects an unknown tool name in server.tools", async () => {
  await using home = await createTempHome();
  await home.writeConfig(`[server]\ntools = ["read_file", "shell"]\n`);
  await assert.rejects(
    loadConfig({ host: home.host }),
    (e) => e instanceof ConfigError && /server\.tools.*"shell" is not one of/.test(e.message),
  );
});

Deno.test("findSchemaNode() server.tools defaults to every built-in tool but bash", () => {
  const node = findSchemaNode("server.tools");
  assert.ok(node?.kind === "field");
  assert.deepEqual(node.default, BUILTIN_TOOL_NAMES.filter((n) => n !== "bash"));
});

Deno.test("createAgentDeps() toolFreePrompt() tells the model it has no tools", async () => {
  await using home = await createTempHome();
  using t = await depsFor(home, "", (only) => ({ ...SERVER, only }));
  const withTools = await t.deps.systemPrompt("fake/fake-model");
  const without = await t.toolFreePrompt("fake/fake-model");
  assert.match(withTools.system, /- read_file:/);
  assert.doesNotMatch(without.system, /- read_file:/);
  assert.match(without.system, /No tools are available/);
});

Deno.test("createAgentDeps() warns about a broken skill once per change of its file", async () => {
  await using home = await createTempHome();
  const warnings: string[] = [];
  const start = async () => {
    warnings.length = 0;
    using _ = await depsFor(home, "", () => ({}), (w) => warnings.push(w));
    return warnings.filter((w) => w.includes("skill")).length;
  };
  const loaded = await loadConfig({ host: home.host });
  const file = join(loaded.paths.workspace, "skills", "broken", "SKILL.md");
  await Deno.mkdir(join(loaded.paths.workspace, "skills", "broken"), { recursive: true });
  await Deno.writeTextFile(file, "no frontmatter here\n");
  assert.equal(await start(), 1);
  assert.match(warnings.join(""), /broken\/SKILL\.md: .*no frontmatter/);
  assert.equal(await start(), 0);
  await Deno.writeTextFile(file, "still no frontmatter, but changed\n");
  assert.equal(await start(), 1);
  assert.equal(await start(), 0);
});
