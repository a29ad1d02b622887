/** The six probes of `localgpt sandbox test`: each runs through the real sandbox. */
import type { Sandbox } from "./types.ts";

/** One probe's outcome. */
export interface ProbeResult {
  name: string;
  pass: boolean;
  detail: string;
}

const DENY_PATH = "/localgpt-sandbox-test-deny";

/** Runs every probe in order; never throws for a failing probe. */
export async function runProbes(sandbox: Sandbox): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  const probe = async (name: string, run: () => Promise<[boolean, string]>) => {
    try {
      const [pass, detail] = await run();
      results.push({ name, pass, detail });
    } catch (error) {
      results.push({
        name,
        pass: false,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  };
  await probe("echo works", async () => {
    const r = await sandbox.exec("echo localgpt-sandbox-ok");
    return [r.code === 0 && r.stdout.trim() === "localgpt-sandbox-ok", summary(r)];
  });
  await probe(`write outside the workspace (${DENY_PATH}) is denied`, async () => {
    const r = await sandbox.exec(`echo x > ${DENY_PATH}`);
    const written = await Deno.stat(DENY_PATH).then(() => true, () => false);
    if (written) await Deno.remove(DENY_PATH).catch(() => {});
    return [r.code !== 0 && !written, written ? "the file was written" : summary(r)];
  });
  await probe("reading ~/.ssh (the home dir) is denied", async () => {
    const r = await sandbox.exec('ls -a "$HOME/.ssh" "$HOME"');
    return [r.code !== 0 && /Permission denied/.test(r.stderr), summary(r)];
  });
  await probe("network is denied", async () => {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    let accepted = 0;
    const accepting = (async () => {
      for await (const conn of listener) {
        accepted++;
        conn.close();
      }
    })().catch(() => {});
    const port = (listener.addr as Deno.NetAddr).port;
    const r = await sandbox.exec(
      `if command -v curl >/dev/null; then curl -sS -m 3 http://127.0.0.1:${port}/; ` +
        `else exec 3<>/dev/tcp/127.0.0.1/${port}; fi`,
      { timeoutMs: 10_000 },
    );
    listener.close();
    await accepting;
    return [r.code !== 0 && accepted === 0, accepted ? "a connection was accepted" : summary(r)];
  });
  await probe("sleep 30 with a 3 s timeout is killed", async () => {
    const started = Date.now();
    const r = await sandbox.exec("sleep 30", { timeoutMs: 3000 });
    const ms = Date.now() - started;
    return [r.timedOut && ms < 10_000, `timed out: ${r.timedOut}, after ${ms} ms`];
  });
  await probe("a basic command runs", async () => {
    const r = await sandbox.exec(
      'uname -s > /dev/null && ls -a . > /dev/null && printf "%s" "$PWD"',
    );
    return [r.code === 0 && r.stdout === sandbox.policy.workspace, summary(r)];
  });
  return results;
}

function summary(r: { code: number; stdout: string; stderr: string }): string {
  const text = (r.stderr.trim() || r.stdout.trim()).split("\n")[0] ?? "";
  return `exit ${r.code}${text ? `: ${text.slice(0, 120)}` : ""}`;
}
