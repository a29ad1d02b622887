/** One background turn: a fresh saved Session of a kind, a prompt, a timeout; the session is always closed. */
import { Session, type SessionDeps, type SessionKind } from "../agent/mod.ts";
import { REAL_TIMERS, type Timers } from "./timers.ts";

/** What a background turn needs. */
export interface BackgroundTurnOptions {
  kind: SessionKind;
  model: string;
  prompt: string;
  timeoutMs: number;
  /** Aborts the turn (daemon shutdown); what was said so far is saved. */
  signal?: AbortSignal;
  timers?: Timers;
}

/** How a background turn ended. */
export interface BackgroundTurnResult {
  sessionId: string;
  text: string;
  tokens: number;
  cost: number;
  timedOut: boolean;
  /** Aborted by `signal` (not the timeout). */
  aborted: boolean;
  error?: string;
}

/** Runs the prompt in a new session; never throws for model failures (they come back as `error`). */
export async function runBackgroundTurn(
  deps: SessionDeps,
  options: BackgroundTurnOptions,
): Promise<BackgroundTurnResult> {
  const timers = options.timers ?? REAL_TIMERS;
  const file = await deps.store.create({ cwd: deps.cwd, kind: options.kind });
  const session = new Session(deps, file, { model: options.model });
  const abort = new AbortController();
  let timedOut = false;
  const timer = timers.setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, options.timeoutMs);
  const onOuter = () => abort.abort();
  if (options.signal?.aborted) abort.abort();
  options.signal?.addEventListener("abort", onOuter, { once: true });
  try {
    const r = await session.send(options.prompt, { signal: abort.signal });
    return {
      sessionId: session.id,
      text: r.text,
      tokens: r.usage.total || r.usage.input + r.usage.output,
      cost: r.usage.cost ?? 0,
      timedOut,
      aborted: !timedOut && abort.signal.aborted,
      error: r.error,
    };
  } catch (error) {
    return {
      sessionId: session.id,
      text: "",
      tokens: 0,
      cost: 0,
      timedOut,
      aborted: !timedOut && abort.signal.aborted,
      error: (error as Error).message,
    };
  } finally {
    timers.clearTimeout(timer);
    options.signal?.removeEventListener("abort", onOuter);
    await session.close();
  }
}
