// Entry point of the web UI: wiring, theme, keyboard shortcuts, first-run welcome, polling.
import { api } from "./api.js";
import { send, state, stop } from "./chat.js";
import { runCommand } from "./commands.js";
import { loadSessions, loadStatus, showTab, welcome } from "./panels.js";
import { followBackground } from "./background.js";

const $ = (id) => document.getElementById(id);

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  localStorage.setItem("localgpt.theme", theme);
}

function toggleTheme() {
  applyTheme(document.documentElement.dataset.theme === "dark" ? "light" : "dark");
}

function autoGrow() {
  const input = $("input");
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
}

async function submit() {
  const input = $("input");
  const text = input.value.trim();
  if (!text || state.running) return;
  input.value = "";
  autoGrow();
  if (!await runCommand(text)) await send(text);
}

async function start() {
  applyTheme(
    localStorage.getItem("localgpt.theme") ??
      (matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark"),
  );
  const auth = await api.get("/api/auth/status");
  if (auth.auth_required && !auth.authenticated) {
    document.querySelector(".messages").textContent =
      "Not logged in. Open the login link printed by `localgpt daemon status`.";
    return;
  }
  state.onSessionsChanged = () => loadSessions().catch(() => {});
  $("composer").addEventListener("submit", (e) => (e.preventDefault(), submit()));
  $("input").addEventListener("input", autoGrow);
  $("input").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) (e.preventDefault(), submit());
  });
  $("stop").addEventListener("click", stop);
  $("theme").addEventListener("click", toggleTheme);
  $("menu").addEventListener("click", () => document.body.classList.toggle("side-open"));
  $("new-session").addEventListener("click", () => runCommand("/new"));
  $("hb-badge").addEventListener("click", () => {
    document.body.classList.add("side-open");
    showTab("background");
  });
  for (const b of document.querySelectorAll(".tabs button")) {
    b.addEventListener("click", () => showTab(b.dataset.tab));
  }
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && state.running) stop();
    if (!e.altKey) return;
    if (e.key === "t") (e.preventDefault(), toggleTheme());
    if (e.key === "n") (e.preventDefault(), runCommand("/new"));
    if (e.key === "m") (e.preventDefault(), document.body.classList.toggle("side-open"));
  });
  const status = await loadStatus();
  await loadSessions();
  if (status.is_brand_new) welcome();
  followBackground();
  setInterval(() => loadStatus().catch(() => {}), 30_000);
  $("input").focus();
  document.body.dataset.ready = "1";
}

start().catch((e) => {
  document.querySelector(".messages").textContent = `Cannot start the UI: ${e.message}`;
});
