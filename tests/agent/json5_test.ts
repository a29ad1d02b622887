import assert from "node:assert/strict";
import { Json5SyntaxError, parseJson5 } from "../../src/agent/json5.ts";

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
    return true;
  });
});

Deno.test("parseJson5() rejects trailing text and unclosed objects", () => {
  assert.throws(() => parseJson5("{} x"), /unexpected "x"/);
  assert.throws(() => parseJson5('{"a": 1'), /missing "}"/);
});

Deno.test("parseJson5() with plainScalars reads YAML flow plain values as strings", () => {
  assert.deepEqual(parseJson5("{ a: b c, list: [x, 'y', 3, true] }", { plainScalars: true }), {
    a: "b c",
    list: ["x", "y", 3, true],
  });
});
