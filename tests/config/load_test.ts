import assert from "node:assert/strict";
import { ConfigError } from "../../src/core/mod.ts";
import { loadConfig, parseConfig } from "../../src/config/mod.ts";
import { createTempHome } from "../support/mod.ts";

function problemsOf(text: string, vars: Record<string, string> = {}) {
  try {
    parseConfig(text, { file: "/c/config.toml", vars });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  assert.fail("expected a ConfigError");
}

Deno.test("parseConfig() fills every default for an empty file", () => {
  const { config } = parseConfig("", { vars: {} });
  assert.equal(config.agent.context_window, 128000);
  assert.equal(config.agent.default_model, undefined);
  assert.equal(config.heartbeat.interval, 30 * 60_000);
  assert.equal(config.server.port, 31327);
  assert.equal(config.server.bind, "127.0.0.1");
  assert.equal(config.memory.chunk_size, 400);
  assert.equal(config.memory.embedding.model, "Xenova/all-MiniLM-L6-v2");
  assert.deepEqual(config.memory.paths, []);
  assert.equal(config.sandbox.timeout_secs, 120);
  assert.equal(config.providers.ollama.endpoint, "http://localhost:11434");
  assert.equal(config.providers.anthropic.base_url, "https://api.anthropic.com");
});

Deno.test("parseConfig() reads durations, arrays of tables and custom providers", () => {
  const { config } = parseConfig(
    `[heartbeat]
interval = "2h30m"
[[memory.paths]]
path = "notes"
pattern = "*.md"
[providers.lmstudio]
type = "openai_compatible"
base_url = "http://127.0.0.1:1234/v1"
`,
    { vars: {} },
  );
  assert.equal(config.heartbeat.interval, 150 * 60_000);
  assert.deepEqual(config.memory.paths, [{ path: "notes", pattern: "*.md" }]);
  assert.equal(config.providers.lmstudio?.type, "openai_compatible");
  assert.deepEqual(config.providers.lmstudio?.extra_headers, {});
});

Deno.test("parseConfig() reports a syntax error with its line", () => {
  const error = problemsOf(`[agent]\ncontext_window = 1\nmax_tokens = = 3\n`);
  assert.equal(error.problems.length, 1);
  assert.equal(error.problems[0].line, 3);
  assert.match(error.message, /^Cannot load config "\/c\/config\.toml": line 3: syntax error/);
});

Deno.test("parseConfig() reports an unknown key with its line and a suggestion", () => {
  const error = problemsOf(`[agent]\n\ncontext_windw = 1000\n`);
  assert.deepEqual(error.problems, [{
    key: "agent.context_windw",
    line: 3,
    message: 'unknown key "context_windw" (did you mean "context_window"?)',
  }]);
});

Deno.test("parseConfig() reports a wrong type, an out-of-range value and a bad choice", () => {
  const error = problemsOf(
    `[server]\nport = "eighty"\n[agent]\nmax_tokens = 0\n[sandbox]\nlevel = "maximal"\n`,
  );
  assert.deepEqual(error.problems.map((p) => [p.key, p.line]), [
    ["server.port", 2],
    ["agent.max_tokens", 4],
    ["sandbox.level", 6],
  ]);
  assert.match(error.problems[0].message, /must be an integer, not "eighty"/);
  assert.match(error.problems[1].message, /must be at least 1/);
  assert.match(error.problems[2].message, /must be one of "auto", "full"/);
});

Deno.test("parseConfig() lists every problem in one error, in line order", () => {
  const error = problemsOf(
    `[telegram]\napi_token = "\${NO_SUCH_VAR}"\n[heartbeat]\ninterval = "soon"\n[bogus]\nx = 1\n`,
  );
  assert.equal(error.problems.length, 3);
  assert.deepEqual(error.problems.map((p) => p.line), [2, 4, 5]);
  assert.match(error.message, /3 problems/);
  assert.match(
    error.message,
    /line 2: "telegram.api_token": environment variable "NO_SUCH_VAR" is not set/,
  );
  assert.match(error.message, /line 5: "bogus": unknown key/);
});

Deno.test("parseConfig() locates problems inside [[array]] tables", () => {
  const error = problemsOf(
    `[[cron.jobs]]\nname = "a"\nschedule = "every 1h"\nprompt = "p"\n\n[[cron.jobs]]\nname = "b"\nprompt = "q"\ntimeout = "never"\n`,
  );
  assert.deepEqual(error.problems.map((p) => [p.key, p.line]), [
    ["cron.jobs[1].schedule", 6],
    ["cron.jobs[1].timeout", 9],
  ]);
});

Deno.test("parseConfig() expands whole-value ${VAR} and ${VAR:-default}", () => {
  const { config } = parseConfig(
    `[providers.openai]\napi_key = "\${MY_KEY}"\n[server]\nport = "\${PORT}"\nbind = "\${BIND:-0.0.0.0}"\nauth_token = "x\${MY_KEY}"\n`,
    { vars: { MY_KEY: "sk-123", PORT: "8080" } },
  );
  assert.equal(config.providers.openai.api_key, "sk-123");
  assert.equal(config.server.port, 8080);
  assert.equal(config.server.bind, "0.0.0.0");
  assert.equal(config.server.auth_token, "x${MY_KEY}");
});

Deno.test("parseConfig() falls back to provider key env vars only when no key is configured", () => {
  const { config } = parseConfig(`[providers.openai]\napi_key = "from-file"\n`, {
    vars: { OPENAI_API_KEY: "from-env", ANTHROPIC_API_KEY: "ant-env" },
  });
  assert.equal(config.providers.openai.api_key, "from-file");
  assert.equal(config.providers.anthropic.api_key, "ant-env");
  assert.equal(config.providers.gemini.api_key, undefined);
});

Deno.test("parseConfig() requires `type` on a custom provider", () => {
  const error = problemsOf(`[providers.vllm]\nbase_url = "http://127.0.0.1:8000/v1"\n`);
  assert.equal(error.problems[0].key, "providers.vllm");
  assert.match(error.problems[0].message, /needs `type`/);
});

Deno.test("parseConfig() accepts the original's flat embedding keys with a warning", () => {
  const { config, warnings } = parseConfig(`[memory]\nembedding_provider = "none"\n`, { vars: {} });
  assert.equal(config.memory.embedding.provider, "none");
  assert.match(
    warnings[0],
    /line 2: "memory.embedding_provider" is now "memory.embedding.provider"/,
  );
});

Deno.test("loadConfig() uses defaults when the config file is missing", async () => {
  await using home = await createTempHome();
  const loaded = await loadConfig({ host: home.host });
  assert.equal(loaded.configExists, false);
  assert.equal(loaded.agent, "main");
  assert.equal(loaded.config.memory.embedding.model_dir, loaded.paths.modelsDir);
});

Deno.test("loadConfig() fails when an explicit --config file is missing", async () => {
  await using home = await createTempHome();
  await assert.rejects(
    loadConfig({ host: home.host, configFile: `${home.root}/nope.toml` }),
    (e: unknown) => e instanceof ConfigError && /nope\.toml": file not found/.test(e.message),
  );
});

Deno.test("loadConfig() rejects an agent id with a path separator", async () => {
  await using home = await createTempHome();
  await assert.rejects(
    loadConfig({ host: home.host, agent: "../etc" }),
    (e: unknown) => e instanceof ConfigError && /invalid agent id "..\/etc"/.test(e.message),
  );
});

Deno.test("loadConfig() reads the profile and agent from LOCALGPT_PROFILE and LOCALGPT_AGENT", async () => {
  await using home = await createTempHome();
  const host = {
    ...home.host,
    vars: { HOME: home.vars.HOME, LOCALGPT_PROFILE: "work", LOCALGPT_AGENT: "bot" },
  };
  const loaded = await loadConfig({ host });
  assert.equal(loaded.profile, "work");
  assert.equal(
    loaded.paths.memoryIndex,
    `${home.vars.HOME}/.cache/localgpt-work/memory/bot.sqlite`,
  );
});

Deno.test("parseConfig() accepts the original's unsupported keys with a warning naming the line", () => {
  const { config, warnings } = parseConfig(`[server]\ntls_enabled = true\n`, { vars: {} });
  assert.equal(config.server.tls_enabled, true);
  assert.deepEqual(warnings, [
    'line 2: "server.tls_enabled" has no effect in this version (kept for compatibility)',
  ]);
});

Deno.test("parseConfig() reads per-tool filters as named tables", () => {
  const { config } = parseConfig(`[tools.filters.bash]\ndeny_substrings = ["rm -rf /"]\n`, {
    vars: {},
  });
  assert.deepEqual(config.tools.filters.bash?.deny_substrings, ["rm -rf /"]);
});

Deno.test("parseConfig() refuses an empty server.bind", () => {
  const error = problemsOf(`[server]\nbind = ""\n`);
  assert.deepEqual(error.problems, [{ key: "server.bind", line: 2, message: "must not be empty" }]);
});

Deno.test("loadConfig() warns once about a relative LOCALGPT_*_DIR", async () => {
  await using home = await createTempHome();
  const host = { ...home.host, vars: { ...home.host.vars, LOCALGPT_STATE_DIR: "relative" } };
  const loaded = await loadConfig({ host });
  assert.deepEqual(loaded.warnings, [
    'Ignoring LOCALGPT_STATE_DIR="relative": not an absolute path',
  ]);
});

Deno.test("parseConfig() refuses a reserve_tokens that leaves no room in the context window", () => {
  const error = problemsOf(`[agent]\ncontext_window = 4096\n`);
  assert.deepEqual(error.problems, [{
    key: "agent.reserve_tokens",
    line: 1,
    message: "must be less than half of agent.context_window (4096), not 8000",
  }]);
});
