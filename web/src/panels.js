// Side panels: sessions, memory search, workspace files and editor, status, logs, config.
import { api } from "./api.js";
import { ago, h, mount } from "./dom.js";
import { addMessage, showSession, state } from "./chat.js";
import { loadBackground, renderBadge } from "./background.js";

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;

/** Shows a tab's panel and loads it. */
export function showTab(name) {
  for (const b of document.querySelectorAll(".tabs button")) {
    b.setAttribute("aria-selected", String(b.dataset.tab === name));
  }
  for (const p of document.querySelectorAll(".panel")) p.hidden = p.id !== `panel-${name}`;
  LOADERS[name]?.();
}

// ---- sessions
export async function loadSessions() {
  const { sessions } = await api.get("/api/sessions");
  const list = h("ul", { id: "session-list" });
  for (const s of sessions) {
    const title = s.title || s.session_id.slice(0, 8);
    list.append(h(
      "li",
      {
        class: s.session_id === state.sessionId ? "active" : undefined,
        "data-session": s.session_id,
      },
      h(
        "div",
        { class: "row" },
        h("button", {
          class: "link grow",
          title: s.session_id,
          onclick: () => {
            document.body.classList.remove("side-open");
            showSession(s.session_id).then(loadSessions);
          },
        }, title),
        h("button", {
          class: "icon",
          "aria-label": `Delete session ${title}`,
          title: "Delete",
          onclick: async () => {
            if (!confirm(`Delete session "${title}"?`)) return;
            await api.del(`/api/sessions/${enc(s.session_id)}`);
            if (state.sessionId === s.session_id) await showSession(null);
            loadSessions();
          },
        }, "✕"),
      ),
      h("div", { class: "muted" }, `${s.message_count} messages · ${ago(s.idle_seconds)} ago`),
    ));
  }
  mount(
    $("panel-sessions"),
    sessions.length ? list : h("p", { class: "muted" }, "No sessions yet."),
  );
}

// ---- viewer / editor
function closeViewer() {
  $("viewer").hidden = true;
  $("viewer").replaceChildren();
}

/** Opens a workspace file in the viewer, highlighting lines `from..to`. */
export async function openFile(path, from, to) {
  document.body.classList.remove("side-open");
  const file = await api.get(`/api/files/read?path=${enc(path)}`);
  const lines = file.text.split("\n");
  const pre = h("pre", { class: "file-view" });
  lines.forEach((line, i) => {
    const n = i + 1;
    const hl = from && n >= from && n <= (to ?? from);
    pre.append(h("span", { class: hl ? "hl" : undefined, "data-line": n }, `${line}\n`));
  });
  const editable = path.toLowerCase().endsWith(".md");
  mount(
    $("viewer"),
    h(
      "div",
      { class: "row" },
      h("strong", { class: "grow" }, path),
      editable ? h("button", { onclick: () => editFile(path) }, "Edit") : null,
      h("button", { onclick: closeViewer, "aria-label": "Close" }, "Close"),
    ),
    pre,
  );
  $("viewer").hidden = false;
  pre.querySelector(".hl")?.scrollIntoView({ block: "center" });
}

/** Opens a markdown file in the editor; saving writes it and reindexes memory. */
export async function editFile(path) {
  document.body.classList.remove("side-open");
  const file = await api.get(`/api/files/read?path=${enc(path)}`).catch((e) => {
    if (e.status === 404) return { text: "" };
    throw e;
  });
  const area = h("textarea", { id: "editor", "aria-label": `Edit ${path}` });
  area.value = file.text;
  const note = h("span", { class: "muted", id: "save-note" });
  const save = async () => {
    const r = await api.put("/api/files/write", { path, content: area.value });
    note.textContent = `Saved and reindexed (${r.chunks_indexed} chunks)`;
  };
  area.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") (e.preventDefault(), save());
    if (e.key === "Escape") closeViewer();
  });
  mount(
    $("viewer"),
    h(
      "div",
      { class: "row" },
      h("strong", { class: "grow" }, `Editing ${path}`),
      note,
      h("button", { id: "save", onclick: save, title: "Save (Ctrl+S)" }, "Save"),
      h("button", { onclick: closeViewer }, "Close"),
    ),
    area,
  );
  $("viewer").hidden = false;
  area.focus();
}

// ---- memory
function loadMemory() {
  if ($("memory-q")) return $("memory-q").focus();
  const input = h("input", {
    type: "search",
    id: "memory-q",
    placeholder: "Search memory…",
    "aria-label": "Search memory",
  });
  const results = h("ul", { id: "memory-results" });
  const today = new Date().toISOString().slice(0, 10);
  const quick = ["MEMORY.md", "HEARTBEAT.md", "SOUL.md", `memory/${today}.md`].map((p) =>
    h(
      "button",
      { class: "link", onclick: () => editFile(p) },
      p.startsWith("memory/") ? "Today's note" : p,
    )
  );
  input.addEventListener("keydown", async (e) => {
    if (e.key !== "Enter" || !input.value.trim()) return;
    const r = await api.get(`/api/memory/search?q=${enc(input.value)}&limit=20`);
    mount(
      results,
      r.results.length
        ? r.results.map((hit) =>
          h(
            "li",
            { "data-file": hit.file },
            h("button", {
              class: "link",
              onclick: () => openFile(hit.file, hit.line_start, hit.line_end),
            }, `${hit.file}:${hit.line_start}-${hit.line_end}`),
            h("span", { class: "muted" }, ` ${hit.score.toFixed(2)}`),
            h("div", { class: "muted" }, hit.content.slice(0, 200)),
          )
        )
        : [h("li", { class: "muted" }, `No results (${r.mode} search)`)],
    );
  });
  mount($("panel-memory"), input, h("div", { class: "row muted" }, "Edit: ", ...quick), results);
  input.focus();
}

// ---- files
async function loadFiles(dir = "") {
  const { entries } = await api.get(`/api/files?dir=${enc(dir)}`);
  const up = dir ? dir.split("/").slice(0, -1).join("/") : null;
  mount(
    $("panel-files"),
    h("div", { class: "muted" }, `/${dir}`),
    h(
      "ul",
      {},
      up !== null
        ? h("li", {}, h("button", { class: "link", onclick: () => loadFiles(up) }, ".."))
        : null,
      entries.map((e) =>
        h(
          "li",
          { "data-path": e.path },
          h("button", {
            class: "link",
            onclick: () => (e.type === "dir" ? loadFiles(e.path) : openFile(e.path)),
          }, e.type === "dir" ? `${e.name}/` : e.name),
          e.type === "file" ? h("span", { class: "muted" }, ` ${e.size} B`) : null,
        )
      ),
    ),
  );
}

// ---- status
export async function loadStatus() {
  const [s, hb, ch] = await Promise.all([
    api.get("/api/status"),
    api.get("/api/heartbeat/status"),
    api.get("/api/channels/status").catch(() => ({})),
  ]);
  const ev = hb.last_event;
  const badge = !hb.enabled
    ? "Disabled"
    : !hb.running
    ? "Not running"
    : ev
    ? ev.status
    : "No events yet";
  renderBadge(hb);
  const b = $("badge");
  b.textContent = s.model;
  b.className = `badge ${s.model === "none" ? "fail" : "ok"}`;
  mount(
    $("panel-status"),
    h(
      "dl",
      { id: "status-list" },
      ...[
        ["Version", s.version],
        ["Model", s.model],
        ["Memory", `${s.memory_chunks} chunks (${s.memory_mode})`],
        ["Active sessions", s.active_sessions],
        ["Heartbeat", `${badge}${hb.running ? ` · every ${hb.interval}` : ""}`],
        [
          "Last run",
          ev
            ? `${ago(ev.age_seconds)} ago, ${ev.duration_ms} ms — ${ev.reason ?? ev.preview ?? ""}`
            : "–",
        ],
        ["Telegram", telegramText(ch.telegram)],
        ["Uptime", ago(s.uptime_seconds)],
      ].flatMap(([k, v]) => [h("dt", { class: "muted" }, k), h("dd", {}, String(v))]),
    ),
  );
  return s;
}

/** One line for the Telegram bot: connected, bot name, paired user, last error. */
function telegramText(t) {
  if (!t || !t.enabled) return "Disabled";
  if (!t.connected) return `Not connected${t.last_error ? ` — ${t.last_error}` : ""}`;
  const who = t.paired_user
    ? `paired with ${t.paired_user.username ? "@" + t.paired_user.username : t.paired_user.user_id}`
    : t.pairing_pending
    ? "waiting for the pairing code"
    : "not paired";
  return `Connected as ${t.bot} · ${who}${t.last_error ? ` · last error: ${t.last_error}` : ""}`;
}

// ---- logs
let logTimer;
async function loadLogs() {
  const pre = h("pre", { id: "log-lines" });
  const refresh =
    async () => (pre.textContent = (await api.get("/api/logs/daemon?lines=200")).lines.join("\n"));
  const auto = h("input", { type: "checkbox", id: "log-auto" });
  auto.addEventListener("change", () => {
    clearInterval(logTimer);
    if (auto.checked) {
      logTimer = setInterval(() => $("log-lines") ? refresh() : clearInterval(logTimer), 3000);
    }
  });
  mount(
    $("panel-logs"),
    h(
      "div",
      { class: "row logs" },
      h("button", { onclick: refresh }, "Refresh"),
      h("label", {}, auto, " auto (3 s)"),
    ),
    h("div", { class: "logs" }, pre),
  );
  await refresh();
}

// ---- config
async function loadConfig() {
  const config = await api.get("/api/config");
  mount(
    $("panel-config"),
    h("p", { class: "muted" }, "Secrets are shown as ***."),
    h("pre", { id: "config-view" }, JSON.stringify(config, null, 2)),
  );
}

const LOADERS = {
  sessions: loadSessions,
  memory: loadMemory,
  files: () => loadFiles(""),
  status: loadStatus,
  background: loadBackground,
  logs: loadLogs,
  config: loadConfig,
};

/** The first-run welcome of the reference's web UI. */
export function welcome() {
  addMessage(
    "system",
    [
      "## Welcome to LocalGPT",
      "I keep what matters in plain markdown files in your workspace:",
      "- **MEMORY.md** — lasting facts, preferences and decisions (curated).",
      "- **SOUL.md** — who I am and how I should talk to you.",
      "- **HEARTBEAT.md** — tasks I check on by myself at regular intervals.",
      "",
      "Edit them any time under *Memory*. To start: **tell me about yourself** — your name, what you",
      "work on, and how you like answers. Type `/help` for commands.",
    ].join("\n"),
    { markdown: true },
  );
}
