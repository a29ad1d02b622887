import assert from "node:assert/strict";
import {
  Json5SyntaxError,
  parseJson5,
  parseYaml,
  tolerateYaml,
  YamlSyntaxError,
} from "../../src/agent/frontmatter_yaml.ts";

// Ported from the former yaml_lite tests: the same documents, the same results.

Deno.test("parseYaml() reads a literal block scalar keeping its trailing newline", () => {
  const doc = parseYaml("description: |\n  Line one.\n  Line two: with colon\n\nname: x\n");
  assert.deepEqual(doc, { description: "Line one.\nLine two: with colon\n", name: "x" });
});

Deno.test("parseYaml() folds a > block scalar and honours the strip indicator", () => {
  const doc = parseYaml("a: >-\n  one\n  two\n\n  three\nb: 1\n");
  assert.deepEqual(doc, { a: "one two\nthree", b: 1 });
});

Deno.test("parseYaml() unquotes double- and single-quoted strings with escapes", () => {
  const doc = parseYaml(`d: "Use when: \\"x\\" NOT for: y"\ns: 'it''s "quoted" ~/path'\n`);
  assert.deepEqual(doc, { d: 'Use when: "x" NOT for: y', s: `it's "quoted" ~/path` });
});

Deno.test("parseYaml() keeps an unquoted value containing ': ' as text", () => {
  const doc = parseYaml("description: Search issues. Use when: the user asks\nname: gh\n");
  assert.deepEqual(doc, { description: "Search issues. Use when: the user asks", name: "gh" });
});

Deno.test("parseYaml() reads a multi-line flow mapping with trailing commas and emoji", () => {
  const doc = parseYaml(
    'metadata:\n  {\n    "openclaw":\n      {\n        "emoji": "🌤️",\n        "requires": { "bins": ["curl"], },\n      },\n  }\nname: w\n',
  );
  assert.deepEqual(doc, {
    metadata: { openclaw: { emoji: "🌤️", requires: { bins: ["curl"] } } },
    name: "w",
  });
});

Deno.test("parseYaml() reads nested block mappings and sequences of mappings", () => {
  const doc = parseYaml(
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

Deno.test("parseYaml() resolves core-schema scalars and folds plain multi-line values", () => {
  const doc = parseYaml("a: true\nb: no\nc: 12\nd: 1.5\ne: ~\nf: long\n  continued\ng: 'true'\n");
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

Deno.test("parseYaml() reads YAML flow plain values as strings", () => {
  assert.deepEqual(parseYaml("x: { a: b c, list: [x, 'y', 3, true] }"), {
    x: { a: "b c", list: ["x", "y", 3, true] },
  });
});

Deno.test("parseYaml() reports an unterminated quote as a YamlSyntaxError with its line", () => {
  assert.throws(() => parseYaml('name: x\ndescription: "open\nother: y'), (e: unknown) => {
    assert.ok(e instanceof YamlSyntaxError);
    // The library reports where it gave up looking for the quote: the end of the document.
    assert.equal(e.line, 3);
    assert.match(e.message, /^line 3: Missing closing "quote$/);
    return true;
  });
});

Deno.test("parseYaml() rejects tabs in indentation and bad nesting", () => {
  assert.throws(() => parseYaml("a:\n\tb: 1\n"), /line 2: Tabs are not allowed/);
  assert.throws(() => parseYaml("a:\n    b: 1\n  c: 2\n"), /line 3: .*same column/);
});

Deno.test("parseYaml() returns null for an empty document and keeps the last duplicate key", () => {
  assert.equal(parseYaml("# only a comment\n"), null);
  assert.deepEqual(parseYaml("name: a\nname: b\n"), { name: "b" });
});

// The tolerance pre-pass.

Deno.test("tolerateYaml() quotes a plain value with ': ' and leaves valid YAML untouched", () => {
  assert.equal(
    tolerateYaml("name: gh\ndescription: Use when: asked # why\n"),
    "name: gh\ndescription: 'Use when: asked'\n",
  );
  const valid = "a: 'x: y'\nb: http://h:80/p\nc:\n  - k: v\n";
  assert.equal(tolerateYaml(valid), valid);
});

Deno.test("tolerateYaml() quotes a multi-line plain value and keeps the line count", () => {
  const out = tolerateYaml("description: Does it.\n  Use when: it's asked\nname: x\n");
  assert.equal(out, "description: 'Does it.\n  Use when: it''s asked'\nname: x\n");
  assert.deepEqual(parseYaml("description: Does it.\n  Use when: it's asked\nname: x\n"), {
    description: "Does it. Use when: it's asked",
    name: "x",
  });
});

Deno.test("tolerateYaml() copies block scalars and flow collections as written", () => {
  const text = "d: |\n  Use when: a: b\nm:\n  {\n    k: v,\n  }\nlist: [a, b]\nn: >\n  x: y\n  z\n";
  assert.equal(tolerateYaml(text), text);
  assert.deepEqual(parseYaml(text), {
    d: "Use when: a: b\n",
    m: { k: "v" },
    list: ["a", "b"],
    n: "x: y z\n",
  });
});

Deno.test("tolerateYaml() quotes such values inside nested mappings and sequence items", () => {
  assert.deepEqual(parseYaml("meta:\n  note: see: here\nsteps:\n  - say: hi: there\n"), {
    meta: { note: "see: here" },
    steps: [{ say: "hi: there" }],
  });
});

// Ported from the former json5 tests.

Deno.test("parseJson5() accepts trailing commas, comments, unquoted keys and single quotes", () => {
  const text = `{
    // a comment
    openclaw: { 'emoji': '🐙', requires: { bins: ["gh", ], }, /* inline */ },
  }`;
  assert.deepEqual(parseJson5(text), { openclaw: { emoji: "🐙", requires: { bins: ["gh"] } } });
});

Deno.test("parseJson5() reads hex, signed, leading-dot numbers, Infinity and escapes", () => {
  assert.deepEqual(parseJson5("[0x1F, -.5, +3, Infinity, 'a\\'b\\u0041']"), [
    31,
    -0.5,
    3,
    Infinity,
    "a'bA",
  ]);
});

Deno.test("parseJson5() throws with the line and column of the error", () => {
  assert.throws(() => parseJson5("{\n  a: 1,\n  b: }"), (e: unknown) => {
    assert.ok(e instanceof Json5SyntaxError);
    assert.equal(e.line, 3);
    assert.equal(e.column, 6);
    assert.equal(e.message, `invalid character '}' at line 3 column 6`);
    return true;
  });
});

Deno.test("parseJson5() rejects trailing text and unclosed objects", () => {
  assert.throws(() => parseJson5("{} x"), /invalid character 'x' at line 1 column 4/);
  assert.throws(() => parseJson5('{"a": 1'), /invalid end of input/);
});
