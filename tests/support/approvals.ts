/** Helpers for approval tests: a recording broker, and a chat stream that answers approvals. */
import { createAgentChatBackend } from "../../src/app/daemon/agent_backend.ts";
import { type ApprovalRecord, createApprovalBroker } from "../../src/app/daemon/approvals.ts";
import type { SessionDeps } from "../../src/agent/mod.ts";
import { sseEvents } from "./read_sse.ts";

/** A broker whose audit records land in `records` (real timers; use a long timeout). */
export function recordingApprovals(timeoutMs = 120_000) {
  const records: ApprovalRecord[] = [];
  const approvals = createApprovalBroker({
    timeoutMs,
    audit: (r) => Promise.resolve(void records.push(r)),
  });
  return { approvals, records };
}

/** The daemon's backend over `deps` with a recording broker (`close()` it at the end). */
export function approvingBackend(deps: SessionDeps) {
  const { approvals, records } = recordingApprovals();
  const backend = createAgentChatBackend({ deps, defaultModel: "fake/fake-model", approvals });
  return { backend, records };
}

/** The wire event types of a turn whose one gated tool call was allowed. */
export const ALLOWED_TURN_EVENTS = [
  "session",
  "tool_start",
  "approval_required",
  "approval_resolved",
  "tool_end",
  "content",
  "done",
] as const;

/** An event of the chat stream. */
export type WireEvent = Record<string, unknown>;

/**
 * Reads a `/api/chat/stream` response to its end; each `approval_required` is passed to
 * `answer` with the session id (awaited before reading on). Returns every JSON event.
 */
export async function readChatAnswering(
  response: Response,
  answer: (event: WireEvent, sessionId: string) => Promise<void>,
): Promise<WireEvent[]> {
  const seen: WireEvent[] = [];
  let sessionId = "";
  for await (const e of sseEvents(response)) {
    if (typeof e === "string") continue;
    const event = e as WireEvent;
    seen.push(event);
    if (event.type === "session") sessionId = String(event.session_id);
    if (event.type === "approval_required") await answer(event, sessionId);
  }
  return seen;
}
