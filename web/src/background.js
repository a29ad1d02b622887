// Background work in the UI: the heartbeat badge, the Background panel (heartbeat history, next
// run, today's spend, cron jobs) and live deliveries from GET /api/events.
import { api } from "./api.js";
import { ago, h, mount } from "./dom.js";
import { addMessage } from "./chat.js";

const $ = (id) => document.getElementById(id);

const CLASS = {
  ok: "ok",
  sent: "ok",
  skipped: "",
  skipped_may_try: "warn",
  failed: "fail",
  timed_out: "fail",
};

const time = (ms) => new Date(ms).toLocaleString();
const until = (iso) => {
  const s = (Date.parse(iso) - Date.now()) / 1000;
  return s <= 0 ? "due" : `in ${ago(s)}`;
};

/** Updates the header's heartbeat badge from a status answer. */
export function renderBadge(hb) {
  const b = $("hb-badge");
  if (!b) return;
  const ev = hb.last_event;
  const state = !hb.enabled ? "off" : !hb.running ? "stopped" : ev ? ev.status : "waiting";
  b.textContent = `♥ ${state.replace("_", " ")}`;
  b.className = `badge ${!hb.running ? "" : ev ? CLASS[ev.status] ?? "" : "ok"}`;
  b.dataset.status = state;
  b.title = hb.next_run
    ? `Heartbeat every ${hb.interval}; next ${until(hb.next_run)}`
    : `Heartbeat ${state}`;
}

/** Loads and draws the Background panel. */
export async function loadBackground() {
  const [hb, cron] = await Promise.all([
    api.get("/api/heartbeat/status"),
    api.get("/api/cron"),
  ]);
  renderBadge(hb);
  const ev = hb.last_event;
  const budget = hb.max_tokens_per_day ? ` of ${hb.max_tokens_per_day}` : "";
  const facts = [
    [
      "Heartbeat",
      hb.running ? `running · every ${hb.interval}` : hb.enabled ? "not running" : "disabled",
    ],
    ["Next run", hb.next_run ? `${time(Date.parse(hb.next_run))} (${until(hb.next_run)})` : "–"],
    ["Last run", ev ? `${ev.status} · ${ago(ev.age_seconds)} ago · ${ev.duration_ms} ms` : "–"],
    [
      "Active hours",
      hb.active_hours
        ? `${hb.active_hours.start}–${hb.active_hours.end} (${hb.timezone})`
        : "always",
    ],
    ["Today", `${hb.today?.tokens ?? 0}${budget} tokens · $${(hb.today?.cost ?? 0).toFixed(4)}`],
  ];
  const history = [...(hb.history ?? [])].reverse().slice(0, 50);
  mount(
    $("panel-background"),
    h("h3", {}, "Heartbeat"),
    h(
      "dl",
      { id: "hb-facts" },
      ...facts.flatMap(([k, v]) => [h("dt", { class: "muted" }, k), h("dd", {}, v)]),
    ),
    h("h3", {}, "History"),
    history.length === 0 ? h("p", { class: "muted" }, "No ticks yet.") : h(
      "ul",
      { id: "hb-history", class: "events" },
      ...history.map((e) =>
        h(
          "li",
          { "data-status": e.status },
          h("span", { class: `badge ${CLASS[e.status] ?? ""}` }, e.status.replace("_", " ")),
          " ",
          h("span", { class: "muted" }, `${time(e.ts)} · ${e.duration_ms} ms`),
          e.reason || e.preview ? h("div", { class: "detail" }, e.reason ?? e.preview) : null,
        )
      ),
    ),
    h("h3", {}, "Cron jobs"),
    cron.jobs.length === 0
      ? h("p", { class: "muted" }, "No jobs. Add one with localgpt cron add.")
      : h(
        "ul",
        { id: "cron-jobs", class: "events" },
        ...cron.jobs.map((j) =>
          h(
            "li",
            { "data-job": j.name },
            h("strong", {}, j.name),
            " ",
            h("code", {}, j.schedule),
            " ",
            h(
              "span",
              { class: `badge ${j.running ? "warn" : CLASS[j.last_run?.status] ?? ""}` },
              j.running ? "running" : j.enabled ? j.last_run?.status ?? "never run" : "disabled",
            ),
            h(
              "div",
              { class: "muted detail" },
              `next ${
                j.next_run ? `${time(Date.parse(j.next_run))} (${until(j.next_run)})` : "–"
              }` +
                (j.last_run ? ` · last ${time(j.last_run.ts)}, ${j.last_run.duration_ms} ms` : ""),
            ),
          )
        ),
      ),
  );
}

/** Follows GET /api/events: deliveries appear in the chat; ticks refresh the badge and panel. */
export function followBackground() {
  const source = new EventSource("/api/events");
  source.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (e.type === "delivery") {
      const what = e.source === "cron" ? `Cron job “${e.name}”` : "Heartbeat";
      addMessage("system", `**${what}**\n\n${e.text}`, { markdown: true }).dataset.delivery =
        e.source;
    }
    if (e.type === "heartbeat" || e.type === "cron_run" || e.type === "delivery") {
      const open = !$("panel-background")?.hidden;
      (open ? loadBackground() : api.get("/api/heartbeat/status").then(renderBadge)).catch(
        () => {},
      );
    }
  };
  return source;
}
