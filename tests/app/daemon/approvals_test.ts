import assert from "node:assert/strict";
import {
  approvalAuditDetail,
  type ApprovalRecord,
  createApprovalBroker,
} from "../../../src/app/daemon/approvals.ts";
import type { ChatEvent } from "../../../src/channels/http/mod.ts";

/** A broker over a fake timer: `fire()` runs the pending timeouts. */
function setup(timeoutMs = 60_000) {
  const records: ApprovalRecord[] = [];
  const timers = new Set<() => void>();
  const broker = createApprovalBroker({
    timeoutMs,
    audit: (r) => Promise.resolve(void records.push(r)),
    setTimer: (fn) => {
      timers.add(fn);
      return () => timers.delete(fn);
    },
  });
  const events: ChatEvent[] = [];
  const abort = new AbortController();
  const ask = (id = "call_1", name = "write_file") =>
    broker.ask({
      sessionId: "s1",
      request: { id, name, args: { path: "a.md" }, detail: "a.md" },
      emit: (e) => events.push(e),
      signal: abort.signal,
    });
  const fire = () => [...timers].forEach((fn) => fn());
  return { broker, records, events, abort, ask, fire, timers };
}

Deno.test("ApprovalBroker.ask() emits the request and resolves true on allow", async () => {
  const t = setup();
  const answer = t.ask();
  assert.deepEqual(t.events[0], {
    type: "approval",
    id: "call_1",
    name: "write_file",
    args: { path: "a.md" },
    detail: "a.md",
    timeoutMs: 60_000,
  });
  assert.deepEqual(t.broker.pending("s1"), ["call_1"]);
  assert.equal(t.broker.decide("s1", "call_1", "allow"), true);
  assert.equal(await answer, true);
  assert.deepEqual(t.events[1], {
    type: "approval_resolved",
    id: "call_1",
    name: "write_file",
    outcome: "allow",
  });
  assert.deepEqual(t.broker.pending("s1"), []);
  assert.equal(t.timers.size, 0);
  assert.equal(t.records[0].outcome, "allow");
});

Deno.test("ApprovalBroker.ask() resolves false on deny and records the reason", async () => {
  const t = setup();
  const answer = t.ask();
  t.broker.decide("s1", "call_1", "deny", "not now");
  assert.equal(await answer, false);
  assert.equal(approvalAuditDetail(t.records[0]), "deny write_file (call call_1): not now");
});

Deno.test("ApprovalBroker.ask() denies when the timeout passes without an answer", async () => {
  const t = setup(30_000);
  const answer = t.ask();
  t.fire();
  assert.equal(await answer, false);
  assert.equal(t.records[0].outcome, "timeout");
  assert.equal(t.broker.decide("s1", "call_1", "allow"), false);
});

Deno.test("ApprovalBroker.ask() denies when the turn is aborted", async () => {
  const t = setup();
  const answer = t.ask();
  t.abort.abort();
  assert.equal(await answer, false);
  assert.equal(t.records[0].outcome, "aborted");
  assert.equal(t.timers.size, 0);
});

Deno.test("ApprovalBroker always allows the tool for the rest of the session without asking", async () => {
  const t = setup();
  const first = t.ask("call_1");
  t.broker.decide("s1", "call_1", "always");
  assert.equal(await first, true);
  assert.equal(await t.ask("call_2"), true);
  assert.equal(t.events.filter((e) => e.type === "approval").length, 1);
  assert.deepEqual(t.records.map((r) => [r.outcome, r.remembered ?? false]), [
    ["always", false],
    ["allow", true],
  ]);
  assert.match(approvalAuditDetail(t.records[1]), /by an earlier "always"/);
  // Another tool still asks; a forgotten session asks again.
  const other = t.ask("call_3", "edit_file");
  assert.equal(t.broker.decide("s1", "call_3", "deny"), true);
  assert.equal(await other, false);
  t.broker.forget("s1");
  const again = t.ask("call_4");
  assert.deepEqual(t.broker.pending("s1"), ["call_4"]);
  t.broker.decide("s1", "call_4", "deny");
  assert.equal(await again, false);
});

Deno.test("ApprovalBroker.decide() finds nothing for another session or an unknown call", () => {
  const t = setup();
  void t.ask();
  assert.equal(t.broker.decide("s2", "call_1", "allow"), false);
  assert.equal(t.broker.decide("s1", "call_9", "allow"), false);
  t.broker.decide("s1", "call_1", "deny");
});
