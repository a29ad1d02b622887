/** Sandbox figures: per-command latency of `exec("true")` at each level this host provides. */
import { join } from "node:path";
import {
  availableLevels,
  createSandbox,
  detectCapabilities,
  type SandboxLevel,
} from "../src/sandbox/mod.ts";

const RUNS = 15;

/** Median and p90 milliseconds of `exec("true")` per level, plus the capabilities. */
export default async function sandboxBench(): Promise<Record<string, unknown>> {
  const caps = await detectCapabilities();
  const root = await Deno.makeTempDir({ prefix: "localgpt-bench-" });
  const workspace = join(root, "workspace");
  await Deno.mkdir(join(workspace, "memory"), { recursive: true });
  const figures: Record<string, unknown> = { capabilities: caps };
  try {
    for (const level of availableLevels(caps) as SandboxLevel[]) {
      const sandbox = await createSandbox({
        settings: {
          enabled: true,
          level,
          timeout_secs: 30,
          max_output_bytes: 1_048_576,
          max_file_size_bytes: 52_428_800,
          max_processes: 64,
          allow_paths: { read: [], write: [] },
          network: { policy: "deny" },
        },
        workspace,
        home: join(root, "home"),
        vars: { PATH: "/usr/bin:/bin" },
      });
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await sandbox.exec("true");
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      figures[level] = {
        median_ms: Math.round(times[Math.floor(RUNS / 2)]),
        p90_ms: Math.round(times[Math.floor(RUNS * 0.9)]),
        runs: RUNS,
      };
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
  return figures;
}
