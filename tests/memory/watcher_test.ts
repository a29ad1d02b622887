import assert from "node:assert/strict";
import { watchMemory } from "../../src/memory/mod.ts";
import { createTempWorkspace } from "../support/mod.ts";

function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - start > ms) return reject(new Error("timed out"));
      setTimeout(tick, 20);
    };
    tick();
  });
}

Deno.test("watchMemory() collapses a burst of markdown changes into one onChange call", async () => {
  await using ws = await createTempWorkspace();
  const calls: string[][] = [];
  const watcher = watchMemory({
    roots: [ws.workspace],
    debounceMs: 150,
    onChange: (p) => void calls.push(p),
  });
  try {
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 5; i++) await ws.write(`memory/n${i}.md`, `note ${i}`);
    await ws.write("memory/ignored.txt", "not markdown");
    await waitFor(() => calls.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(calls.length, 1);
    assert.ok(calls[0].every((p) => p.endsWith(".md")));
    assert.ok(calls[0].some((p) => p.endsWith("n4.md")));
  } finally {
    watcher.close();
    await watcher.closed;
  }
});

Deno.test("watchMemory() runs again for changes made while onChange was running", async () => {
  await using ws = await createTempWorkspace();
  let runs = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  const watcher = watchMemory({
    roots: [ws.workspace],
    debounceMs: 50,
    onChange: async () => {
      runs++;
      if (runs === 1) await gate;
    },
  });
  try {
    await new Promise((r) => setTimeout(r, 50));
    await ws.write("memory/a.md", "a");
    await waitFor(() => runs === 1);
    await ws.write("memory/b.md", "b");
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(runs, 1, "no overlapping run");
    release();
    await waitFor(() => runs === 2);
  } finally {
    watcher.close();
    await watcher.closed;
  }
});
