// Client-side slash commands (§6.4): /new /help /model /compact /sessions /status /logs /clear.
import { api } from "./api.js";
import { addMessage, showSession, state } from "./chat.js";
import { showTab } from "./panels.js";

const HELP = [
  "**Commands**",
  "- `/new` — start a new session",
  "- `/model` — show the current model",
  "- `/compact` — summarise this session's history",
  "- `/sessions`, `/status`, `/logs` — open that panel",
  "- `/clear` — clear this session's history",
  "- `/help` — this list",
  "",
  "Keys: Enter sends, Shift+Enter newline, Alt+N new session, Alt+T theme, Alt+M panels, Esc stops.",
].join("\n");

function togglePanel(name) {
  document.body.classList.add("side-open");
  showTab(name);
}

/** Runs `/command`; returns true when `text` was a command. */
export async function runCommand(text) {
  if (!text.startsWith("/")) return false;
  const [cmd] = text.trim().split(/\s+/);
  const id = state.sessionId;
  switch (cmd) {
    case "/new":
      await showSession(null);
      addMessage("system", "New session. Say something to start it.", { markdown: false });
      break;
    case "/help":
      addMessage("system", HELP, { markdown: true });
      break;
    case "/model":
      addMessage("system", `Model: ${(await api.get("/api/status")).model}`, { markdown: false });
      break;
    case "/compact":
      if (!id) return addMessage("system", "No session to compact.", { markdown: false }), true;
      try {
        const r = await api.post(`/api/sessions/${encodeURIComponent(id)}/compact`);
        addMessage(
          "system",
          `Session compacted: ${r.token_count_before} -> ${r.token_count_after} tokens`,
          { markdown: false },
        );
      } catch (e) {
        addMessage("system", e.message, { markdown: false });
      }
      break;
    case "/clear":
      if (id) await api.post(`/api/sessions/${encodeURIComponent(id)}/clear`);
      document.getElementById("messages").replaceChildren();
      addMessage("system", "History cleared.", { markdown: false });
      break;
    case "/sessions":
    case "/status":
    case "/logs":
      togglePanel(cmd.slice(1));
      break;
    default:
      addMessage("system", `Unknown command: ${cmd}. Type /help`, { markdown: false });
  }
  return true;
}
