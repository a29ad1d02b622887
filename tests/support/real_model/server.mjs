/**
 * Test-only OpenAI-compatible server that generates real tokens from a local GGUF model through
 * node-llama-cpp's prebuilt CPU binary (never built from source, never downloaded at run time).
 * Run with Node.js: `node server.mjs --model <file.gguf> [--id <model id>] [--max-tokens 32]`.
 * It listens on 127.0.0.1 on a random port and prints one JSON line `{"port":N,"model":"<id>"}`
 * once ready. It serves `GET /v1/models` and `POST /v1/chat/completions` (streaming SSE or not).
 * The model has no chat template, so the messages' text is joined into a plain prompt; decoding is
 * greedy (temperature 0), so a prompt always yields the same reply. Exits when stdin closes.
 */
import { createServer } from "node:http";
import { basename } from "node:path";
import { parseArgs } from "node:util";

import { getCpuLlama } from "./llama.mjs";

const { values } = parseArgs({
  options: {
    model: { type: "string" },
    id: { type: "string" },
    "max-tokens": { type: "string", default: "32" },
  },
});
if (!values.model) {
  throw new TypeError(
    "Cannot start the real-model server: --model is required",
  );
}
const MODEL_ID = values.id ?? basename(values.model, ".gguf");
const MAX_TOKENS = Number(values["max-tokens"]);

const llama = await getCpuLlama();
const model = await llama.loadModel({ modelPath: values.model });
const contextSize = Math.min(model.trainContextSize, 512);
const context = await model.createContext({ contextSize, threads: 1 });
const sequence = context.getSequence();

/** Joins the text of every message (string or text parts) into one prompt. */
function renderPrompt(messages) {
  const text = (content) =>
    typeof content === "string"
      ? content
      : Array.isArray(content)
      ? content.filter((p) => p?.type === "text").map((p) => p.text).join("\n")
      : "";
  return messages.map((m) => text(m.content).trim()).filter(Boolean).join(
    "\n\n",
  );
}

let queue = Promise.resolve();

/** Generates greedily; calls `onText` with each new piece of text; requests run one at a time. */
function generate(prompt, maxTokens, onText) {
  const run = queue.then(async () => {
    const all = model.tokenize(prompt);
    const room = contextSize - maxTokens - 1;
    const input = all.length > room ? all.slice(all.length - room) : all;
    await sequence.clearHistory();
    const out = [];
    let sent = "";
    let finish = "length";
    for await (const token of sequence.evaluate(input, { temperature: 0 })) {
      if (model.isEogToken(token)) {
        finish = "stop";
        break;
      }
      out.push(token);
      const text = model.detokenize(out);
      // A multi-byte character split across tokens decodes as U+FFFD until its last byte arrives.
      if (!text.endsWith("\uFFFD") && text.length > sent.length) {
        onText(text.slice(sent.length));
        sent = text;
      }
      if (out.length >= maxTokens) break;
    }
    return { text: sent, finish, usage: usage(input.length, out.length) };
  });
  queue = run.catch(() => {});
  return run;
}

function usage(prompt, completion) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
}

function sendJson(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function chatCompletions(req, res) {
  const body = await readJson(req);
  const id = `chatcmpl-${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);
  const maxTokens = Math.min(
    body.max_tokens ?? body.max_completion_tokens ?? MAX_TOKENS,
    MAX_TOKENS,
  );
  const prompt = renderPrompt(body.messages ?? []);
  if (!body.stream) {
    const result = await generate(prompt, maxTokens, () => {});
    return sendJson(res, 200, {
      id,
      object: "chat.completion",
      created,
      model: MODEL_ID,
      choices: [{
        index: 0,
        message: { role: "assistant", content: result.text },
        finish_reason: result.finish,
      }],
      usage: result.usage,
    });
  }
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
  });
  const chunk = (choices, extra = {}) =>
    res.write(
      `data: ${
        JSON.stringify({
          id,
          object: "chat.completion.chunk",
          created,
          model: MODEL_ID,
          choices,
          ...extra,
        })
      }\n\n`,
    );
  chunk([{
    index: 0,
    delta: { role: "assistant", content: "" },
    finish_reason: null,
  }]);
  const result = await generate(
    prompt,
    maxTokens,
    (text) => chunk([{ index: 0, delta: { content: text }, finish_reason: null }]),
  );
  chunk([{ index: 0, delta: {}, finish_reason: result.finish }]);
  if (body.stream_options?.include_usage) chunk([], { usage: result.usage });
  res.end("data: [DONE]\n\n");
}

const server = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
  if (req.method === "GET" && path === "/v1/models") {
    return sendJson(res, 200, {
      object: "list",
      data: [{ id: MODEL_ID, object: "model", created: 0, owned_by: "local" }],
    });
  }
  if (req.method === "POST" && path === "/v1/chat/completions") {
    return chatCompletions(req, res).catch((error) => {
      if (res.headersSent) return res.end();
      sendJson(res, 400, {
        error: {
          message: String(error?.message ?? error),
          type: "invalid_request_error",
        },
      });
    });
  }
  sendJson(res, 404, {
    error: { message: `Cannot ${req.method} ${path}`, type: "not_found" },
  });
});

server.listen(0, "127.0.0.1", () => {
  process.stdout.write(
    `${JSON.stringify({ port: server.address().port, model: MODEL_ID })}\n`,
  );
});

async function shutdown() {
  server.close();
  server.closeAllConnections();
  await llama.dispose().catch(() => {});
  process.exit(0);
}
process.stdin.on("end", shutdown);
process.stdin.on("close", shutdown);
process.stdin.resume();
process.on("SIGTERM", shutdown);
