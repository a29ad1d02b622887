/**
 * Child process for the kill test: creates session `<id>` in `<dir>` and appends large user
 * messages forever, printing each entry id once its append has resolved.
 * Usage: deno run -A tests/support/append_child.ts <dir> <id>
 */
import { createSessionStore } from "../../src/agent/mod.ts";
import { userMessage } from "./transcript.ts";

const [dir, id] = Deno.args;
const file = await createSessionStore({ dir }).create({ cwd: "/", id });
const filler = "x".repeat(200_000);
for (let i = 0;; i++) {
  const entry = await file.appendMessage(userMessage(`${i} ${filler}`));
  await Deno.stdout.write(new TextEncoder().encode(entry.id + "\n"));
}
