/**
 * The reply of one turn as it streams: a "Thinking…" message at once, edited with the text so far
 * at most once per interval (2 s), tool lines `🔧 name(detail)` and warnings; then the final render
 * as Telegram HTML split into 4096-character messages, resent as plain text when Telegram rejects
 * the HTML. Talks to Telegram only through `ReplyTarget`; time only through `Clock`.
 */
import type { SessionEvent } from "../../agent/mod.ts";
import {
  escapeHtml,
  markdownToTelegramHtml,
  splitMessage,
  TELEGRAM_MESSAGE_LIMIT,
} from "./format.ts";

/** The first message of every reply. */
export const THINKING = "Thinking…";
/** Least time between two edits of the streaming message. */
export const EDIT_INTERVAL_MS = 2000;

/** Timers and time, injected so tests control them. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as number),
};

/** Where a reply goes: one chat (and topic). Methods throw the Bot API's errors. */
export interface ReplyTarget {
  /** Sends a message; returns its message id. */
  send(text: string, options: { html: boolean }): Promise<number>;
  edit(messageId: number, text: string, options: { html: boolean }): Promise<void>;
}

/** True for Telegram's "can't parse entities" rejection of bad HTML. */
export function isParseError(error: unknown): boolean {
  return /can't parse entities|can't find end of the entity|unsupported start tag/i.test(
    String((error as Error)?.message ?? error),
  );
}

/** A streaming reply: feed it session events, then `finish()`. */
export interface LiveReply {
  /** Sends the "Thinking…" message. */
  start(): Promise<void>;
  /** Takes one event of the turn (text, tools, warnings, errors). */
  onEvent(event: SessionEvent): void;
  /** Renders the final answer (markdown) and sends what does not fit as more messages. */
  finish(text?: string): Promise<void>;
  /** Edits of the streaming message so far (for the status line and tests). */
  readonly edits: number;
}

/** Options of `createLiveReply()`. */
export interface LiveReplyOptions {
  target: ReplyTarget;
  clock?: Clock;
  intervalMs?: number;
  /** Told about failed edits/sends that did not end the reply. */
  onError?(error: unknown): void;
}

const MAX_DETAIL = 80;

/** Creates the live reply of one turn. */
export function createLiveReply(options: LiveReplyOptions): LiveReply {
  const { target } = options;
  const clock = options.clock ?? SYSTEM_CLOCK;
  const interval = options.intervalMs ?? EDIT_INTERVAL_MS;
  const onError = options.onError ?? (() => {});
  let messageId: number | undefined;
  let text = "";
  const tools: string[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  let lastEditAt = -Infinity;
  let lastShown = THINKING;
  let timer: unknown;
  let inFlight: Promise<void> | undefined;
  let dirty = false;
  let finished = false;
  let edits = 0;

  const preview = () => {
    const parts = [tools.join("\n"), text.trim() ? text + " …" : THINKING, ...errors];
    const body = parts.filter(Boolean).join("\n\n");
    // While streaming, the tail is what the user wants to see.
    return body.length > TELEGRAM_MESSAGE_LIMIT
      ? "…" + body.slice(body.length - TELEGRAM_MESSAGE_LIMIT + 1)
      : body;
  };
  const editNow = () => {
    timer = undefined;
    if (finished || messageId === undefined) return;
    const shown = preview();
    dirty = false;
    if (shown === lastShown) return;
    lastEditAt = clock.now();
    lastShown = shown;
    edits++;
    inFlight = target.edit(messageId, shown, { html: false }).catch(onError).finally(() => {
      inFlight = undefined;
      if (dirty) schedule();
    });
  };
  const schedule = () => {
    if (finished) return;
    dirty = true;
    if (timer !== undefined || inFlight) return;
    const wait = lastEditAt + interval - clock.now();
    if (wait <= 0) editNow();
    else timer = clock.setTimeout(editNow, wait);
  };
  const waitForSlot = async () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    await inFlight;
    const wait = lastEditAt + interval - clock.now();
    if (wait > 0) await new Promise<void>((resolve) => clock.setTimeout(resolve, wait));
  };
  // Each chunk goes as HTML; a chunk Telegram rejects is resent as its plain text.
  const deliverChunk = async (chunk: string, first: boolean) => {
    const put = (body: string, html: boolean) =>
      first && messageId !== undefined
        ? target.edit(messageId, body, { html })
        : target.send(body, { html }).then((id) => void (messageId ??= id));
    try {
      await put(chunk, true);
    } catch (error) {
      if (!isParseError(error)) throw error;
      onError(error);
      await put(htmlToPlain(chunk), false);
    }
    if (first) edits++;
  };

  return {
    get edits() {
      return edits;
    },
    async start() {
      messageId = await target.send(THINKING, { html: false });
      lastEditAt = clock.now();
    },
    onEvent(e) {
      switch (e.type) {
        case "text_delta":
          text += e.text;
          break;
        case "tool_start": {
          const detail = e.detail.length > MAX_DETAIL
            ? e.detail.slice(0, MAX_DETAIL - 1) + "…"
            : e.detail;
          tools.push(`🔧 ${e.name}(${detail})`);
          break;
        }
        case "tool_end":
          for (const w of e.warnings) if (!warnings.includes(w)) warnings.push(w);
          break;
        case "warning":
          if (!warnings.includes(e.message)) warnings.push(e.message);
          break;
        case "error":
          errors.push(`⚠️ ${e.message}`);
          break;
        default:
          return;
      }
      schedule();
    },
    async finish(final) {
      if (final !== undefined && final.trim()) text = final;
      await waitForSlot();
      finished = true;
      const answer = text.trim() || (errors.length ? "" : "(no reply)");
      const notes = warnings.map((w) => `⚠️ ${w}`);
      const html = [
        escapeHtml(tools.join("\n")),
        markdownToTelegramHtml(answer),
        escapeHtml([...errors, ...notes].join("\n")),
      ].filter(Boolean).join("\n\n");
      const chunks = splitMessage(html, { html: true });
      for (let i = 0; i < chunks.length; i++) await deliverChunk(chunks[i], i === 0);
    },
  };
}

/** The text Telegram would show for an HTML chunk: tags dropped, links as "text (url)". */
export function htmlToPlain(html: string): string {
  return html
    .replace(
      /<a href="([^"]*)">([\s\S]*?)<\/a>/g,
      (_, url: string, label: string) => label === url ? label : `${label} (${url})`,
    )
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}
