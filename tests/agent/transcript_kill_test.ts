import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSessionStore } from "../../src/agent/mod.ts";
import { createTempHome, userMessage } from "../support/mod.ts";

const CHILD = fileURLToPath(new URL("../support/append_child.ts", import.meta.url));

Deno.test("SessionStore.open() keeps every acknowledged message after the writer is SIGKILLed", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "sessions");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "--allow-read", "--allow-write", CHILD, dir, "killed"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const acknowledged: string[] = [];
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  while (acknowledged.length < 5) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    acknowledged.push(...lines);
  }
  child.kill("SIGKILL");
  await child.status;
  await reader.cancel();

  const store = createSessionStore({ dir });
  const opened = await store.open("killed");
  const ids = new Set(opened.transcript.entries.map((e) => e.id));
  for (const id of acknowledged) assert.ok(ids.has(id), `acknowledged entry ${id} was lost`);
  assert.deepEqual(opened.transcript.warnings, []);
  await opened.file.appendMessage(userMessage("resumed"));
  await opened.file.close();
  const reread = await store.read("killed");
  assert.equal(reread.truncatedTail, false);
  const last = reread.entries.at(-1);
  assert.equal(last?.type === "message" ? last.message.content : undefined, "resumed");
  assert.equal(reread.entries.length, opened.transcript.entries.length + 1);
});
