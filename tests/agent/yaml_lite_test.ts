import assert from "node:assert/strict";
import { parseYamlLite, YamlSyntaxError } from "../../src/agent/yaml_lite.ts";

Deno.test("parseYamlLite() reads a literal block scalar keeping its trailing newline", () => {
  const doc = parseYamlLite("description: |\n  Line one.\n  Line two: with colon\n\nname: x\n");
  assert.deepEqual(doc, { description: "Line one.\nLine two: with colon\n", name: "x" });
});

Deno.test("parseYamlLite() folds a > block scalar and honours the strip indicator", () => {
  const doc = parseYamlLite("a: >-\n  one\n  two\n\n  three\nb: 1\n");
  assert.deepEqual(doc, { a: "one two\nthree", b: 1 });
});

Deno.test("parseYamlLite() unquotes double- and single-quoted strings with escapes", () => {
  const doc = parseYamlLite(
    `d: "Use when: \\"x\\" NOT for: y"\ns: 'it''s "quoted" ~/path'\n`,
  );
  assert.deepEqual(doc, { d: 'Use when: "x" NOT for: y', s: `it's "quoted" ~/path` });
});

Deno.test("parseYamlLite() keeps an unquoted value containing ': ' as text", () => {
  const doc = parseYamlLite("description: Search issues. Use when: the user asks\nname: gh\n");
  assert.deepEqual(doc, { description: "Search issues. Use when: the user asks", name: "gh" });
});

Deno.test("parseYamlLite() reads a multi-line flow mapping with trailing commas and emoji", () => {
  const doc = parseYamlLite(
    'metadata:\n  {\n    "openclaw":\n      {\n        "emoji": "🌤️",\n        "requires": { "bins": ["curl"], },\n      },\n  }\nname: w\n',
  );
  assert.deepEqual(doc, {
    metadata: { openclaw: { emoji: "🌤️", requires: { bins: ["curl"] } } },
    name: "w",
  });
});

Deno.test("parseYamlLite() reads nested block mappings and sequences of mappings", () => {
  const doc = parseYamlLite(
    "metadata:\n  openclaw:\n    os: [darwin, linux]\n    install:\n      - kind: brew\n        formula: jq\n      - id: x\n    requires:\n      bins:\n      - jq\n      - rg # comment\n",
  );
  assert.deepEqual(doc, {
    metadata: {
      openclaw: {
        os: ["darwin", "linux"],
        install: [{ kind: "brew", formula: "jq" }, { id: "x" }],
        requires: { bins: ["jq", "rg"] },
      },
    },
  });
});

Deno.test("parseYamlLite() resolves core-schema scalars and folds plain multi-line values", () => {
  const doc = parseYamlLite(
    "a: true\nb: no\nc: 12\nd: 1.5\ne: ~\nf: long\n  continued\ng: 'true'\n",
  );
  assert.deepEqual(doc, {
    a: true,
    b: "no",
    c: 12,
    d: 1.5,
    e: null,
    f: "long continued",
    g: "true",
  });
});

Deno.test("parseYamlLite() reports the line of an unterminated quote", () => {
  assert.throws(() => parseYamlLite('name: x\ndescription: "open\nother: y'), (e: unknown) => {
    assert.ok(e instanceof YamlSyntaxError);
    assert.equal(e.line, 2);
    return true;
  });
});

Deno.test("parseYamlLite() rejects tabs in indentation and bad nesting", () => {
  assert.throws(() => parseYamlLite("a:\n\tb: 1\n"), /tab/);
  assert.throws(() => parseYamlLite("a:\n    b: 1\n  c: 2\n"), /unexpected indentation/);
});
