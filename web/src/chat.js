// The conversation view: messages, streaming replies with tool blocks, sending and stopping.
import { api, streamChat } from "./api.js";
import { approvalCard } from "./approval.js";
import { h } from "./dom.js";
import { renderMarkdown } from "./markdown.js";
import { renderCitations, renderNativeSearch, renderSearchResults } from "./search_results.js";

/** Shared UI state. */
export const state = { sessionId: null, running: null, onSessionsChanged: () => {} };

const $ = (id) => document.getElementById(id);

function scroll() {
  const box = $("messages");
  box.scrollTop = box.scrollHeight;
}

/** Appends a message bubble; returns its element. */
export function addMessage(role, text, { markdown = role === "assistant" } = {}) {
  const el = h("div", { class: `msg ${role}`, "data-role": role });
  if (markdown) el.append(renderMarkdown(text));
  else el.textContent = text;
  $("messages").append(el);
  scroll();
  return el;
}

/** A collapsible block for one tool call. */
export function toolBlock(name, detail) {
  const output = h("pre", { class: "tool-output" }, "Running…");
  const el = h(
    "details",
    { class: "tool", "data-tool": name },
    h(
      "summary",
      {},
      h("strong", {}, name),
      " ",
      h("span", { class: "muted" }, shorten(detail, 80)),
    ),
    h("div", { class: "muted" }, "Arguments"),
    h("pre", { class: "tool-args" }, pretty(detail)),
    h("div", { class: "muted" }, "Output"),
    output,
  );
  const done = (text) => {
    output.textContent = text || "(no output)";
    // Search results become links; the raw text stays below for the curious.
    const links = name === "web_search" ? renderSearchResults(text) : null;
    el.querySelector(".search-block")?.remove();
    if (links) {
      el.insertBefore(links, el.querySelector(".tool-args").previousElementSibling);
      el.open = true;
    }
  };
  return { el, done };
}

function pretty(detail) {
  try {
    return JSON.stringify(JSON.parse(detail), null, 2);
  } catch {
    return detail ?? "";
  }
}

function shorten(s, n) {
  const t = String(s ?? "").replace(/\s+/g, " ");
  return t.length > n ? t.slice(0, n - 1) + "…" : t;
}

/** Clears the view and shows a session's saved messages. */
export async function showSession(id) {
  state.sessionId = id;
  $("messages").replaceChildren();
  if (!id) return;
  const { messages } = await api.get(`/api/sessions/${encodeURIComponent(id)}/messages`);
  for (const m of messages) {
    if (m.role === "user") addMessage("user", m.content, { markdown: false });
    else if (m.role === "assistant") {
      const el = addMessage("assistant", m.content);
      for (const c of m.tool_calls ?? []) {
        const block = toolBlock(c.name, c.arguments);
        block.done("");
        block.el.dataset.call = c.id;
        el.append(block.el);
      }
      for (const search of m.web_searches ?? []) {
        const block = toolBlock("web_search", search.query);
        block.done(
          search.error ? `The search failed: ${search.error}` : "(searched by the provider)",
        );
        const links = renderNativeSearch(search);
        if (links) {
          block.el.insertBefore(links, block.el.querySelector(".tool-args").previousElementSibling);
          block.el.open = true;
        }
        el.prepend(block.el);
      }
      const sources = renderCitations(m.citations);
      if (sources) el.append(sources);
    } else if (m.role === "tool") {
      const last = $("messages").lastElementChild?.querySelector(
        "details.tool:last-of-type .tool-output",
      );
      const block = $("messages").lastElementChild?.querySelector(
        `details.tool[data-call="${CSS.escape(m.tool_call_id ?? "")}"]`,
      );
      if (block?.dataset.tool === "web_search") {
        const links = renderSearchResults(m.content);
        if (links) {
          block.insertBefore(links, block.querySelector(".tool-args").previousElementSibling);
          block.open = true;
        }
      }
      if (last) last.textContent = m.content.slice(0, 2000);
    }
  }
}

/** Sends `text` to the current session (a new one when none) and streams the reply. */
export async function send(text) {
  addMessage("user", text, { markdown: false });
  const bubble = addMessage("assistant", "");
  bubble.classList.add("streaming");
  const body = h("div", { class: "body" });
  bubble.append(body);
  let answer = "";
  const tools = new Map();
  const approvals = new Map();
  const abort = new AbortController();
  state.running = abort;
  setRunning(true);
  const render = () => {
    body.replaceChildren(renderMarkdown(answer));
    scroll();
  };
  try {
    await streamChat({ message: text, session_id: state.sessionId ?? undefined }, (e) => {
      if (e.type === "session") {
        if (state.sessionId !== e.session_id) {
          state.sessionId = e.session_id;
          state.onSessionsChanged();
        }
      } else if (e.type === "content") {
        answer += e.delta;
        render();
      } else if (e.type === "tool_start") {
        const block = toolBlock(e.name, e.detail);
        tools.set(e.id, block);
        bubble.insertBefore(block.el, body);
      } else if (e.type === "approval_required") {
        const card = approvalCard(state.sessionId, e);
        approvals.set(e.call_id, card);
        bubble.insertBefore(card.el, body);
        card.el.querySelector("button")?.focus();
        scroll();
      } else if (e.type === "approval_resolved") {
        approvals.get(e.call_id)?.resolve(e.decision);
      } else if (e.type === "tool_end") {
        tools.get(e.id)?.done(e.output);
      } else if (e.type === "citations") {
        const sources = renderCitations(e.citations);
        if (sources) bubble.append(sources);
      } else if (e.type === "error") {
        bubble.append(h("div", { class: "msg error" }, e.message));
      }
    }, abort.signal);
  } catch (error) {
    if (error.name !== "AbortError") bubble.append(h("div", { class: "msg error" }, error.message));
  } finally {
    // A card still open when the stream ended: its turn is over, the daemon denied the call.
    for (const card of approvals.values()) card.resolve("aborted");
    bubble.classList.remove("streaming");
    bubble.setAttribute("data-done", "1");
    state.running = null;
    setRunning(false);
    state.onSessionsChanged();
  }
}

function setRunning(on) {
  $("send").hidden = on;
  $("stop").hidden = !on;
}

/** Stops the running reply. */
export function stop() {
  state.running?.abort();
}
