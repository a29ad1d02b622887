/**
 * `POST /api/sessions/{id}/approve {call_id, decision, reason?}`: the answer to an
 * `approval_required` event of the session's running turn (decision allow, deny or always, the
 * last meaning "this tool, for the rest of this session"). `request_id` is accepted for
 * `call_id` (the reference's name).
 */
import type { Hono } from "hono";
import { APPROVAL_DECISIONS, type ApprovalDecision, UnknownSessionError } from "./backend.ts";
import type { HttpDeps } from "./deps.ts";
import { HttpError, optionalString, readJson } from "./_errors.ts";

/** Adds the approval route. */
export function addApprovalRoutes(app: Hono, deps: HttpDeps): void {
  const { backend } = deps;
  app.post("/api/sessions/:id/approve", async (c) => {
    const id = c.req.param("id");
    const body = await readJson(c, deps.security.maxBody);
    const callId = optionalString(body, "call_id") ?? optionalString(body, "request_id");
    if (!callId) {
      throw new HttpError(400, 'Cannot read field "call_id": expected a non-empty string');
    }
    const decision = body.decision;
    if (!APPROVAL_DECISIONS.includes(decision as ApprovalDecision)) {
      throw new HttpError(
        400,
        `Cannot read field "decision": expected one of ${APPROVAL_DECISIONS.join(", ")}`,
      );
    }
    const reason = optionalString(body, "reason");
    if (!await backend.getSession(id)) throw new UnknownSessionError(id);
    if (!await backend.decideApproval(id, callId, decision as ApprovalDecision, { reason })) {
      throw new HttpError(
        409,
        `Cannot decide "${callId}": no tool call with that id is waiting for approval in ` +
          `session "${id}" (answered already, timed out, or its turn ended)`,
      );
    }
    return c.json({ session_id: id, call_id: callId, decision, approved: decision !== "deny" });
  });
}
