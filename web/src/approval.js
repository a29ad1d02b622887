// Approval cards: a tool in tools.require_approval waits for Allow / Deny / Always in the chat.
import { api } from "./api.js";
import { h } from "./dom.js";

const LABELS = {
  allow: "Allowed",
  always: "Allowed for this session",
  deny: "Denied",
  timeout: "Denied: no answer in time",
  aborted: "Cancelled: the reply ended",
};

function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * A card for one `approval_required` event of session `sessionId`: the tool, its arguments and
 * the three buttons. `resolve(decision)` shows the outcome (from `approval_resolved`).
 */
export function approvalCard(sessionId, event) {
  const deadline = Date.now() + event.timeout_seconds * 1000;
  const status = h("span", { class: "approval-status muted" });
  const buttons = [
    ["allow", "Allow", "primary"],
    ["deny", "Deny", ""],
    ["always", "Always for this session", ""],
  ].map(([decision, label, cls]) =>
    h("button", {
      type: "button",
      class: cls,
      "data-decision": decision,
      onclick: () => decide(decision),
    }, label)
  );
  const el = h(
    "div",
    { class: "approval", role: "group", "aria-label": `Approve ${event.tool}` },
    h("div", {}, h("strong", {}, event.tool), " wants to run. Allow it?"),
    h("pre", { class: "approval-args" }, JSON.stringify(event.arguments ?? {}, null, 2)),
    h("div", { class: "approval-actions" }, ...buttons, status),
  );
  el.setAttribute("data-call-id", event.call_id);
  const tick =
    () => (status.textContent = `Denied automatically in ${clock((deadline - Date.now()) / 1000)}`);
  tick();
  const timer = setInterval(tick, 1000);

  async function decide(decision) {
    for (const b of buttons) b.disabled = true;
    status.textContent = "Sending…";
    try {
      await api.post(`/api/sessions/${encodeURIComponent(sessionId)}/approve`, {
        call_id: event.call_id,
        decision,
      });
    } catch (error) {
      // Too late (timed out, turn ended): the resolved event or the error says what happened.
      status.textContent = error.message;
      for (const b of buttons) b.disabled = false;
    }
  }

  function resolve(outcome) {
    if (el.hasAttribute("data-outcome")) return;
    clearInterval(timer);
    for (const b of buttons) b.remove();
    status.textContent = LABELS[outcome] ?? outcome;
    el.setAttribute("data-outcome", outcome);
    el.classList.add(outcome === "allow" || outcome === "always" ? "allowed" : "denied");
  }

  return { el, resolve };
}
