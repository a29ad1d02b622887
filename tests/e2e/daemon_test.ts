import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createTempHome,
  fakeModelConfig,
  pidFileOf,
  runLocalgpt,
  spawnLocalgpt,
  startFakeServer,
  waitForHealth,
  writeDaemonConfig,
} from "../support/mod.ts";

Deno.test("daemon start detaches, status reports it, stop ends it", async () => {
  await using home = await createTempHome();
  const port = await writeDaemonConfig(home);
  const started = await runLocalgpt(["daemon", "start"], { vars: home.vars });
  try {
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, /Daemon started successfully \(pid \d+\)/);
    assert.match(
      started.stdout,
      new RegExp(`Login: +http://127\\.0\\.0\\.1:${port}/login\\?code=`),
    );
    const status = await runLocalgpt(["daemon", "status", "--json"], { vars: home.vars });
    const s = JSON.parse(status.stdout);
    assert.equal(s.running, true);
    assert.equal(s.address, `http://127.0.0.1:${port}`);
    const text = (await runLocalgpt(["daemon", "status"], { vars: home.vars })).stdout;
    const columns = new Set(
      text.split("\n").filter((l) => l.startsWith("  ")).map((l) =>
        /^ +\S+(?: \S+)* {2,}/.exec(l)![0].length
      ),
    );
    assert.equal(columns.size, 1, `values line up:\n${text}`);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(await health.text(), "OK");
    const again = await runLocalgpt(["daemon", "start"], { vars: home.vars });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already running/);
  } catch (error) {
    // Stop the daemon without masking the failure with an assertion of the clean-up.
    await runLocalgpt(["daemon", "stop"], { vars: home.vars });
    throw error;
  }
  const stopped = await runLocalgpt(["daemon", "stop"], { vars: home.vars });
  assert.match(stopped.stdout, /Daemon stopped/, stopped.stderr);
  const after = await runLocalgpt(["daemon", "status", "--json"], { vars: home.vars });
  assert.equal(JSON.parse(after.stdout).running, false);
  const logs = await runLocalgpt(["daemon", "logs", "-n", "2"], { vars: home.vars });
  assert.match(logs.stdout, /INFO daemon stopped\n$/);
  assert.equal(logs.stdout.trim().split("\n").length, 2);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/health`));
});

Deno.test("daemon restart replaces the running daemon with a new one", async () => {
  await using home = await createTempHome();
  const port = await writeDaemonConfig(home);
  const first = await runLocalgpt(["daemon", "start"], { vars: home.vars });
  try {
    assert.equal(first.code, 0, first.stderr);
    const restarted = await runLocalgpt(["daemon", "restart"], { vars: home.vars });
    assert.match(restarted.stdout, /Daemon stopped \(pid \d+\)\nDaemon started successfully/);
    const oldPid = /pid (\d+)/.exec(first.stdout)![1];
    const status = JSON.parse(
      (await runLocalgpt(["daemon", "status", "--json"], { vars: home.vars })).stdout,
    );
    assert.notEqual(String(status.pid), oldPid);
    assert.equal(status.address, `http://127.0.0.1:${port}`);
  } finally {
    await runLocalgpt(["daemon", "stop"], { vars: home.vars });
  }
});

Deno.test("daemon stop without a daemon says so and exits 1", async () => {
  await using home = await createTempHome();
  await writeDaemonConfig(home);
  const r = await runLocalgpt(["daemon", "stop"], { vars: home.vars });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "Daemon is not running\n");
});

Deno.test("daemon status detects a stale pid file and start replaces it", async () => {
  await using home = await createTempHome();
  const port = await writeDaemonConfig(home);
  await Deno.mkdir(home.vars.LOCALGPT_STATE_DIR, { recursive: true });
  await Deno.writeTextFile(pidFileOf(home), JSON.stringify({ pid: 999999, startedAt: 1 }));
  const status = await runLocalgpt(["daemon", "status"], { vars: home.vars });
  assert.match(status.stdout, /not running \(stale pid file: pid 999999 is gone\)/);
  const child = spawnLocalgpt(["daemon", "start", "-f"], { vars: home.vars });
  try {
    await waitForHealth(port);
    const info = JSON.parse(await Deno.readTextFile(pidFileOf(home)));
    assert.equal(info.pid, child.pid);
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
});

Deno.test("daemon writes the API token with mode 0600 and requires it with server.auth = token", async () => {
  await using home = await createTempHome();
  const port = await writeDaemonConfig(home, { server: `auth = "token"\n` });
  const child = spawnLocalgpt(["daemon", "start", "-f"], { vars: home.vars });
  try {
    await waitForHealth(port);
    const tokenFile = join(home.vars.LOCALGPT_STATE_DIR, "daemon", "api_token");
    assert.equal((await Deno.stat(tokenFile)).mode! & 0o777, 0o600);
    const token = (await Deno.readTextFile(tokenFile)).trim();
    const none = await fetch(`http://127.0.0.1:${port}/api/status`);
    await none.body?.cancel();
    assert.equal(none.status, 401);
    const ok = await fetch(`http://127.0.0.1:${port}/api/status`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal((await ok.json()).version.length > 0, true);
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
});

Deno.test("SIGTERM during a streaming turn ends it, saves the transcript and releases the port", async () => {
  await using fake = await startFakeServer(() => ({
    headers: { "content-type": "text/event-stream" },
    body:
      'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Partial answer"},"finish_reason":null}]}\n\n',
    hang: true,
  }));
  await using home = await createTempHome();
  const port = await writeDaemonConfig(home, { before: fakeModelConfig(fake.url) });
  const child = spawnLocalgpt(["daemon", "start", "-f"], { vars: home.vars });
  let status: Deno.CommandStatus | undefined;
  try {
    await waitForHealth(port);
    const res = await fetch(`http://127.0.0.1:${port}/api/chat/stream`, {
      method: "POST",
      body: JSON.stringify({ message: "tell me a long story" }),
    });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("Partial answer")) text += (await reader.read()).value ?? "";
    const sessionId = /"session_id":"([^"]+)"/.exec(text)![1];
    child.kill("SIGTERM");
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
    }
    assert.match(text, /data: \[DONE\]/);
    status = await child.status;
    assert.equal(status.code, 0);
    const transcript = await Deno.readTextFile(
      join(home.vars.LOCALGPT_STATE_DIR, "agents", "main", "sessions", `${sessionId}.jsonl`),
    );
    assert.match(transcript, /tell me a long story/);
    assert.match(transcript, /"text":"Partial answer"/);
    assert.match(transcript, /"stopReason":"aborted"/);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/health`));
  } finally {
    if (!status) {
      child.kill("SIGKILL");
      await child.status;
    }
  }
});

Deno.test("a web session is a CLI session: sessions list shows it", async () => {
  await using fake = await startFakeServer(() => ({
    headers: { "content-type": "text/event-stream" },
    body:
      'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi!"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
  }));
  await using home = await createTempHome();
  const port = await writeDaemonConfig(home, { before: fakeModelConfig(fake.url) });
  const child = spawnLocalgpt(["daemon", "start", "-f"], { vars: home.vars });
  try {
    await waitForHealth(port);
    const res = await fetch(`http://127.0.0.1:${port}/api/chat`, {
      method: "POST",
      body: JSON.stringify({ message: "hello from the web" }),
    });
    const body = await res.json();
    assert.equal(body.response, "Hi!");
    const list = await runLocalgpt(["sessions", "list", "--json"], { vars: home.vars });
    const ids = JSON.parse(list.stdout).sessions.map((s: { id?: string; sessionId?: string }) =>
      s.id ?? s.sessionId
    );
    assert.ok(ids.includes(body.session_id), list.stdout);
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
});

Deno.test("daemon start reports a port in use and exits 1", async () => {
  await using home = await createTempHome();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    await home.writeConfig(
      `[server]\nport = ${listener.addr.port}\n[memory.embedding]\nprovider = "none"\n`,
    );
    const r = await runLocalgpt(["daemon", "start"], { vars: home.vars });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Cannot listen on 127\.0\.0\.1:\d+: the port is in use/);
    const status = await runLocalgpt(["daemon", "status", "--json"], { vars: home.vars });
    assert.equal(JSON.parse(status.stdout).running, false);
  } finally {
    listener.close();
  }
});

Deno.test("the daemon process answers a WebSocket chat and the openai client", async () => {
  const reply = (text: string) =>
    `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"${text}"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`;
  await using fake = await startFakeServer(() => ({
    headers: { "content-type": "text/event-stream" },
    body: reply("From the model"),
  }));
  await using home = await createTempHome();
  const port = await writeDaemonConfig(home, { before: fakeModelConfig(fake.url) });
  const child = spawnLocalgpt(["daemon", "start", "-f"], { vars: home.vars });
  try {
    await waitForHealth(port);
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/ws`);
    const got: Record<string, unknown>[] = [];
    await new Promise<void>((resolve, reject) => {
      socket.onmessage = (e) => {
        const m = JSON.parse(e.data);
        got.push(m);
        if (m.type === "connected") socket.send(JSON.stringify({ type: "chat", message: "hi" }));
        if (m.type === "done") resolve();
      };
      socket.onerror = () => reject(new Error("socket error"));
    });
    socket.close();
    await new Promise((r) => socket.onclose = r);
    assert.equal(
      got.filter((m) => m.type === "content").map((m) => m.delta).join(""),
      "From the model",
    );

    const { default: OpenAI } = await import("openai");
    const client = new OpenAI({
      apiKey: "unused-on-loopback",
      baseURL: `http://127.0.0.1:${port}/v1`,
      maxRetries: 0,
    });
    const r = await client.chat.completions.create({
      model: "openai-compatible/m",
      messages: [{ role: "user", content: "hello" }],
    });
    assert.equal(r.choices[0].message.content, "From the model");
    const stream = await client.chat.completions.create({
      model: "openai-compatible/m",
      messages: [{ role: "user", content: "hello" }],
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    assert.equal(text, "From the model");
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
});

Deno.test("daemon start -f removes its pid file on SIGINT right after taking it", async () => {
  await using home = await createTempHome();
  await writeDaemonConfig(home);
  const pidFile = pidFileOf(home);
  const child = spawnLocalgpt(["daemon", "start", "-f"], { vars: home.vars });
  // Ctrl-C as early as possible: the moment the pid file exists (busy check, no timed sleep).
  let seen = false;
  const deadline = Date.now() + 30_000;
  while (!seen && Date.now() < deadline) {
    try {
      Deno.statSync(pidFile);
      seen = true;
    } catch {
      await Promise.resolve();
    }
  }
  child.kill("SIGINT");
  await child.status;
  assert.ok(seen, "the daemon never created its pid file");
  await assert.rejects(Deno.stat(pidFile), Deno.errors.NotFound);
});
