import assert from "node:assert/strict";
import { loadAttachment } from "../../src/channels/cli/mod.ts";
import { createTempHome } from "../support/mod.ts";

Deno.test("loadAttachment() says why a file cannot be read instead of 'no such file'", async () => {
  await using home = await createTempHome();
  // A name longer than the 255 bytes a file system allows fails with ENAMETOOLONG, not ENOENT.
  await assert.rejects(
    loadAttachment("x".repeat(300) + ".txt", home.root),
    (error: Error) => !/no such file/.test(error.message) && /Cannot attach/.test(error.message),
  );
});

Deno.test("loadAttachment() says 'no such file' for a missing file", async () => {
  await using home = await createTempHome();
  await assert.rejects(loadAttachment("missing.txt", home.root), /no such file/);
});
