import assert from "node:assert/strict";
import { ConfigError } from "../../src/core/mod.ts";
import { configTemplate, parseConfig, setKeyInText, tomlLiteral } from "../../src/config/mod.ts";

const set = (text: string, key: string, value: string) =>
  setKeyInText(text, key, tomlLiteral(key, value), { vars: {} });

const USER_FILE = `# My LocalGPT setup
[agent]
# which model I use
default_model = "anthropic/claude-sonnet"   # keep this comment
max_tokens = 2048

[server]
port = 31327 # default port
`;

Deno.test("setKeyInText() replaces a value in place and keeps comments and layout", () => {
  const out = set(USER_FILE, "agent.default_model", "ollama/llama3.2");
  assert.equal(
    out,
    USER_FILE.replace('"anthropic/claude-sonnet"', '"ollama/llama3.2"'),
  );
});

Deno.test("setKeyInText() adds a missing key at the end of its table", () => {
  const out = set(USER_FILE, "server.bind", "0.0.0.0");
  assert.equal(
    out,
    USER_FILE.replace(
      "port = 31327 # default port\n",
      'port = 31327 # default port\nbind = "0.0.0.0"\n',
    ),
  );
});

Deno.test("setKeyInText() adds a missing table at the end of the file", () => {
  const out = set(USER_FILE, "memory.embedding.provider", "none");
  assert.ok(out.startsWith(USER_FILE.trimEnd()));
  assert.ok(out.endsWith('\n[memory.embedding]\nprovider = "none"\n'));
  assert.equal(parseConfig(out, { vars: {} }).config.memory.embedding.provider, "none");
});

Deno.test("setKeyInText() replaces a multi-line array whole", () => {
  const text = `[agent]\nfallback_models = [\n  "a/b",\n  "c/d",\n]\nmax_tokens = 10\n`;
  const out = set(text, "agent.fallback_models", "x/y, z/w");
  assert.equal(out, `[agent]\nfallback_models = ["x/y", "z/w"]\nmax_tokens = 10\n`);
});

Deno.test("setKeyInText() writes a custom provider's key into its own table", () => {
  const text = `[providers.lmstudio]\ntype = "openai_compatible"\n`;
  const out = set(text, "providers.lmstudio.base_url", "http://127.0.0.1:1234/v1");
  assert.equal(out, `${text}base_url = "http://127.0.0.1:1234/v1"\n`);
});

Deno.test("setKeyInText() sets a key of the generated template below its section header", () => {
  const out = set(configTemplate(), "agent.default_model", "openai/gpt-5");
  assert.match(out, /\[agent\]\ndefault_model = "openai\/gpt-5"\n# model id/);
  assert.equal(parseConfig(out, { vars: {} }).config.agent.default_model, "openai/gpt-5");
});

Deno.test("tomlLiteral() rejects a value of the wrong type, naming the key", () => {
  assert.throws(
    () => tomlLiteral("server.port", "http"),
    (e: unknown) =>
      e instanceof ConfigError && /"server.port".*"http" is not a number/.test(e.message),
  );
  assert.throws(() => tomlLiteral("heartbeat.enabled", "yes"), /not true or false/);
  assert.throws(() => tomlLiteral("heartbeat.interval", "soon"), /not a duration/);
  assert.throws(() => tomlLiteral("agent.nope", "1"), /unknown key "agent.nope"/);
  assert.throws(() => tomlLiteral("agent", "1"), /is a table/);
});

Deno.test("setKeyInText() refuses a value the schema rejects and names the problem", () => {
  assert.throws(
    () => set(USER_FILE, "server.port", "70000"),
    (e: unknown) =>
      e instanceof ConfigError && /the file is unchanged/.test(e.message) &&
      /line 8: "server.port": must be at most 65535/.test(e.message),
  );
});

Deno.test("tomlLiteral() keeps a ${VAR} reference for any type", () => {
  assert.equal(tomlLiteral("server.port", "${PORT}"), '"${PORT}"');
});

Deno.test("configTemplate() parses to the defaults and mentions every top-level section", () => {
  const text = configTemplate();
  const { config } = parseConfig(text, { vars: {} });
  assert.deepEqual(config, parseConfig("", { vars: {} }).config);
  for (
    const section of [
      "agent",
      "heartbeat",
      "memory",
      "server",
      "logging",
      "tools",
      "security",
      "sandbox",
      "telegram",
    ]
  ) {
    assert.match(text, new RegExp(`^\\[${section}\\]$`, "m"));
  }
  assert.match(text, /\[providers\.openai_compatible\]/);
});

Deno.test("configTemplate() leaves out keys kept only for compatibility", () => {
  const text = configTemplate();
  assert.doesNotMatch(text, /tls_enabled|active_memory|dreaming/);
  assert.match(text, /# max_checkpoints = 5/);
});

Deno.test("setKeyInText() repairs one problem of a broken file while others remain", () => {
  const broken = `[server]\nport = "x"\n[agent]\ncontext_windw = 5\n`;
  const out = set(broken, "server.port", "8080");
  assert.equal(out, `[server]\nport = 8080\n[agent]\ncontext_windw = 5\n`);
});

Deno.test("setKeyInText() edits a file that names an unset environment variable", () => {
  const text = `[providers.openai]\napi_key = "\${MY_KEY}"\n[server]\nport = 1\n`;
  const out = set(text, "server.port", "8080");
  assert.match(out, /port = 8080/);
});

Deno.test("setKeyInText() reports only the problem the edit brings in", () => {
  const broken = `[agent]\ncontext_windw = 5\n`;
  assert.throws(() => set(broken, "server.port", "99999"), (error: ConfigError) => {
    assert.deepEqual(error.problems.map((p) => p.key), ["server.port"]);
    return true;
  });
});

Deno.test("setKeyInText() refuses to edit a file with a TOML syntax error", () => {
  assert.throws(() => set(`[server\nport = 1\n`, "server.port", "2"), /syntax error/);
});
