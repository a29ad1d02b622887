import assert from "node:assert/strict";
import { createWebFetchTool, htmlToMarkdown, isPrivateAddress } from "../../src/tools/mod.ts";
import { startFakeServer } from "../support/mod.ts";

Deno.test("isPrivateAddress() refuses loopback, private, link-local and mapped addresses", () => {
  for (
    const ip of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "100.64.0.1",
    ]
  ) {
    assert.equal(isPrivateAddress(ip), true, ip);
  }
  for (const ip of ["93.184.216.34", "2606:4700::1111", "8.8.8.8"]) {
    assert.equal(isPrivateAddress(ip), false, ip);
  }
});

Deno.test("web_fetch refuses loopback URLs and non-HTTP schemes", async () => {
  await using server = await startFakeServer([{ body: "never" }]);
  const tool = createWebFetchTool({ maxBytes: 1000 });
  await assert.rejects(tool.execute({ url: server.url }), /private, loopback or link-local/);
  await assert.rejects(tool.execute({ url: "file:///etc/passwd" }), /only http and https/);
  await assert.rejects(tool.execute({ url: "http://localhost:1/" }), /not allowed/);
  assert.equal(server.requests.length, 0);
});

Deno.test("web_fetch refuses a host that resolves to a private address", async () => {
  const tool = createWebFetchTool({
    maxBytes: 1000,
    resolve: () => Promise.resolve(["10.0.0.5"]),
    fetch: () => Promise.reject(new Error("must not fetch")),
  });
  await assert.rejects(tool.execute({ url: "http://intranet.example/" }), /10\.0\.0\.5/);
});

Deno.test("web_fetch returns readable markdown as external content, capped in size", async () => {
  await using server = await startFakeServer(() => ({
    headers: { "content-type": "text/html" },
    body: "<html><head><title>Cats</title><script>evil()</script></head><body><h1>About cats</h1>" +
      "<p>Cats are <b>great</b>. <a href='/more'>More</a></p><ul><li>one</li><li>two</li></ul>" +
      "<p>" + "z".repeat(3000) + "</p></body></html>",
  }));
  const tool = createWebFetchTool({
    maxBytes: 400,
    resolve: () => Promise.resolve(["93.184.216.34"]),
    fetch: (input, init) => {
      const url = new URL(String(input));
      return fetch(`${server.url}${url.pathname}`, init);
    },
  });
  const r = await tool.execute({ url: "https://cats.example/page" });
  assert.match(
    r.content,
    /^<external_content tool="web_fetch">\nStatus: 200\nURL: https:\/\/cats\.example\/page/,
  );
  assert.match(r.content, /# About cats/);
  assert.match(r.content, /Cats are \*\*great\*\*\. \[More\]\(\/more\)/);
  assert.match(r.content, /- one\n- two/);
  assert.doesNotMatch(r.content, /evil/);
  assert.match(r.content, /page cut at 400 bytes/);
});

Deno.test("web_fetch re-checks every redirect target", async () => {
  const tool = createWebFetchTool({
    maxBytes: 1000,
    resolve: () => Promise.resolve(["93.184.216.34"]),
    fetch: () =>
      Promise.resolve(
        new Response(null, { status: 302, headers: { location: "http://127.0.0.1/admin" } }),
      ),
  });
  await assert.rejects(tool.execute({ url: "https://ok.example/" }), /127\.0\.0\.1/);
});

Deno.test("htmlToMarkdown() keeps code blocks verbatim", () => {
  assert.equal(
    htmlToMarkdown("<p>Run:</p><pre><code>a  &lt; b\n  c</code></pre>"),
    "Run:\n\n```\na  < b\n  c\n```",
  );
});
