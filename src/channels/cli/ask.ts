/** `runAsk()`: one turn on a Session, printed as text or JSON. */
import type { Session, TurnResult } from "../../agent/mod.ts";
import { createRenderer, makeStyles } from "./render.ts";

/** What `runAsk()` needs. */
export interface AskDeps {
  session: Session;
  question: string;
  json: boolean;
  out(text: string): void;
  err(text: string): void;
  color: boolean;
  onInterrupt?(handler: () => void): () => void;
}

/** The JSON printed by `ask --json`. */
export interface AskJson {
  question: string;
  response: string;
  model: string;
  session: string;
  usage: { input: number; output: number; total: number; cost: number | null };
  stop_reason: string;
  error?: string;
}

/** Runs the turn; exit code 1 when the model failed. */
export async function runAsk(deps: AskDeps): Promise<number> {
  const s = makeStyles(deps.color);
  const render = createRenderer(deps.json ? () => {} : deps.out, s, {
    toolLines: "ask",
    warn: (t) => deps.err(t),
  });
  const controller = new AbortController();
  const off = deps.onInterrupt?.(() => controller.abort());
  let result: TurnResult;
  try {
    result = await deps.session.send(deps.question, {
      signal: controller.signal,
      onEvent: deps.json
        ? (e) => {
          if (e.type === "warning" || e.type === "error") render(e);
        }
        : render,
    });
  } finally {
    off?.();
    await deps.session.close();
  }
  if (deps.json) {
    const body: AskJson = {
      question: deps.question,
      response: result.text,
      model: result.model,
      session: deps.session.id,
      usage: {
        input: result.usage.input,
        output: result.usage.output,
        total: result.usage.total,
        cost: result.usage.cost ?? null,
      },
      stop_reason: result.stopReason,
      ...(result.error ? { error: result.error } : {}),
    };
    deps.out(JSON.stringify(body, null, 2) + "\n");
  }
  return result.stopReason === "error" ? 1 : 0;
}
