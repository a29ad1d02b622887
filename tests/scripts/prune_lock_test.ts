import assert from "node:assert/strict";
import { GPU_BUILD, pruneLock } from "../../scripts/prune_lock.ts";

const LOCK = `{
  "version": "5",
  "npm": {
    "@node-llama-cpp/linux-x64@3.21.1": {
      "integrity": "sha512-a",
      "os": ["linux"],
      "cpu": ["x64"]
    },
    "@node-llama-cpp/linux-x64-cuda@3.21.1": {
      "integrity": "sha512-b",
      "os": ["linux"],
      "cpu": ["x64"]
    },
    "node-llama-cpp@3.21.1": {
      "integrity": "sha512-c",
      "optionalDependencies": [
        "@node-llama-cpp/linux-x64",
        "@node-llama-cpp/linux-x64-cuda",
        "@node-llama-cpp/win-x64-vulkan"
      ]
    }
  }
}
`;

Deno.test("pruneLock() drops GPU builds and their optional dependency entries", () => {
  assert.equal(
    pruneLock(LOCK),
    `{
  "version": "5",
  "npm": {
    "@node-llama-cpp/linux-x64@3.21.1": {
      "integrity": "sha512-a",
      "os": ["linux"],
      "cpu": ["x64"]
    },
    "node-llama-cpp@3.21.1": {
      "integrity": "sha512-c",
      "optionalDependencies": [
        "@node-llama-cpp/linux-x64"
      ]
    }
  }
}
`,
  );
});

Deno.test("pruneLock() leaves a lock without GPU builds byte for byte", () => {
  const pruned = pruneLock(LOCK);
  assert.equal(pruneLock(pruned), pruned);
});

Deno.test("deno.lock has no GPU build of node-llama-cpp (run scripts/prune_lock.ts)", async () => {
  const lock = JSON.parse(await Deno.readTextFile(new URL("../../deno.lock", import.meta.url)));
  const gpu = Object.keys(lock.npm ?? {}).filter((k) => GPU_BUILD.test(k));
  assert.deepEqual(gpu, []);
  assert.ok("node-llama-cpp@3.21.1" in lock.npm, "node-llama-cpp is locked");
});
