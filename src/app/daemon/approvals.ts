/**
 * Tool approvals in the daemon: a turn that reaches a tool in `tools.require_approval` asks the
 * client (an `approval` event on its SSE stream or WebSocket) and waits for
 * `POST /api/sessions/{id}/approve`; no answer within the timeout denies, and so does the end of
 * the turn (client gone, daemon stopping). "always" approves that tool for the rest of the
 * session. Every outcome is recorded through `audit` (the hash-chained audit log).
 */
import type { ApprovalRequest } from "../../agent/mod.ts";
import type { ApprovalDecision, ApprovalOutcome, ChatEvent } from "../../channels/http/mod.ts";

/** One recorded outcome. */
export interface ApprovalRecord {
  sessionId: string;
  callId: string;
  tool: string;
  args: Record<string, unknown>;
  outcome: ApprovalOutcome;
  /** True when an earlier "always" of this session answered without asking. */
  remembered?: boolean;
  reason?: string;
}

/** Options of `createApprovalBroker()`. */
export interface ApprovalBrokerOptions {
  /** How long a request waits for an answer before it is denied. */
  timeoutMs: number;
  /** Records an outcome (the audit log); awaited before the turn goes on; must not throw. */
  audit(record: ApprovalRecord): Promise<void>;
  /** Starts a timer and returns its cancel function (tests inject a fake clock). */
  setTimer?: (fn: () => void, ms: number) => () => void;
}

/** What one turn passes when its model calls a gated tool. */
export interface ApprovalAsk {
  sessionId: string;
  request: ApprovalRequest;
  /** The turn's event stream (its SSE response or WebSocket). */
  emit(event: ChatEvent): void;
  /** The turn's signal: its abort denies the request. */
  signal: AbortSignal;
}

/** The daemon's approval requests, by session and tool call id. */
export interface ApprovalBroker {
  /** Asks and waits: true when allowed (now or by an earlier "always"). Never rejects. */
  ask(ask: ApprovalAsk): Promise<boolean>;
  /** Answers a waiting request; false when none with that id waits in that session. */
  decide(sessionId: string, callId: string, decision: ApprovalDecision, reason?: string): boolean;
  /** Call ids waiting in a session. */
  pending(sessionId: string): string[];
  /** Forgets a session's "always" answers (the session was cleared or deleted). */
  forget(sessionId: string): void;
}

interface Waiting {
  settle(outcome: ApprovalOutcome, reason?: string): void;
}

function defaultTimer(fn: () => void, ms: number): () => void {
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
}

/** Creates the broker. */
export function createApprovalBroker(options: ApprovalBrokerOptions): ApprovalBroker {
  const setTimer = options.setTimer ?? defaultTimer;
  const waiting = new Map<string, Waiting>();
  const always = new Map<string, Set<string>>();
  const key = (sessionId: string, callId: string) => `${sessionId}\n${callId}`;

  const ask = async ({ sessionId, request, emit, signal }: ApprovalAsk): Promise<boolean> => {
    const base = { sessionId, callId: request.id, tool: request.name, args: request.args };
    if (always.get(sessionId)?.has(request.name)) {
      await options.audit({ ...base, outcome: "allow", remembered: true });
      return true;
    }
    const k = key(sessionId, request.id);
    // A repeated id (models reuse ids across turns) ends the older request first.
    waiting.get(k)?.settle("aborted");
    const { outcome, reason } = await new Promise<{ outcome: ApprovalOutcome; reason?: string }>(
      (resolve) => {
        const settle = (outcome: ApprovalOutcome, reason?: string) => {
          if (waiting.get(k) !== entry) return;
          waiting.delete(k);
          cancel();
          signal.removeEventListener("abort", onAbort);
          resolve({ outcome, reason });
        };
        const entry: Waiting = { settle };
        const onAbort = () => settle("aborted");
        waiting.set(k, entry);
        const cancel = setTimer(() => settle("timeout"), options.timeoutMs);
        signal.addEventListener("abort", onAbort, { once: true });
        emit({
          type: "approval",
          id: request.id,
          name: request.name,
          args: request.args,
          detail: request.detail,
          timeoutMs: options.timeoutMs,
        });
        if (signal.aborted) onAbort();
      },
    );
    if (outcome === "always") {
      const tools = always.get(sessionId) ?? new Set<string>();
      always.set(sessionId, tools.add(request.name));
    }
    emit({ type: "approval_resolved", id: request.id, name: request.name, outcome });
    await options.audit({ ...base, outcome, reason });
    return outcome === "allow" || outcome === "always";
  };

  return {
    ask,
    decide(sessionId, callId, decision, reason) {
      const entry = waiting.get(key(sessionId, callId));
      if (!entry) return false;
      entry.settle(decision, reason);
      return true;
    },
    pending(sessionId) {
      const prefix = `${sessionId}\n`;
      return [...waiting.keys()].filter((k) => k.startsWith(prefix)).map((k) =>
        k.slice(prefix.length)
      );
    },
    forget(sessionId) {
      always.delete(sessionId);
    },
  };
}

/** The audit log's detail line of an outcome: `allow write_file (call call_1)`. */
export function approvalAuditDetail(record: ApprovalRecord): string {
  const how = record.remembered ? ' by an earlier "always"' : "";
  const reason = record.reason ? `: ${record.reason}` : "";
  return `${record.outcome} ${record.tool} (call ${record.callId})${how}${reason}`;
}
