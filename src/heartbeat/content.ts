/** What a heartbeat reads and answers: HEARTBEAT.md emptiness, the prompt, HEARTBEAT_OK; pure. */

/** The token a model replies with when nothing needs attention. */
export const HEARTBEAT_TOKEN = "HEARTBEAT_OK";

/** Extra characters an OK reply may carry besides the token ("HEARTBEAT_OK, all quiet."). */
export const OK_SLACK_CHARS = 30;

/** The fixed prompt of a heartbeat turn. */
export const HEARTBEAT_PROMPT =
  "Read HEARTBEAT.md (workspace context) and follow it strictly. Work only on the tasks it lists " +
  "that are not checked yet; do not infer or repeat old tasks from earlier chats. When you finish " +
  "a task, mark it done as `[x]` in HEARTBEAT.md with edit_file; never delete or clear tasks. " +
  `If nothing needs attention, reply exactly ${HEARTBEAT_TOKEN}.`;

/**
 * Whether HEARTBEAT.md gives a heartbeat nothing to do: only blank lines, headings, HTML
 * comments, fence markers, empty list stubs, or tasks that are all checked (`- [x]`).
 */
export function isHeartbeatFileEmpty(text: string): boolean {
  const withoutComments = text.replace(/<!--[\s\S]*?(-->|$)/g, "");
  for (const raw of withoutComments.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || /^#+(\s|$)/.test(line) || /^(```|~~~)/.test(line)) continue;
    if (/^[-*+]\s*(\[[\sxX]?\]\s*)?$/.test(line)) continue;
    if (/^[-*+]\s*\[[xX]\]\s/.test(line)) continue;
    return false;
  }
  return true;
}

/** Whether a reply means "nothing needs attention": the token alone or with ≤ 30 other characters. */
export function isHeartbeatOk(reply: string): boolean {
  const text = reply.replace(/^[\s*_`~]+|[\s*_`~]+$/g, "");
  if (!text.includes(HEARTBEAT_TOKEN)) return false;
  return text.length <= HEARTBEAT_TOKEN.length + OK_SLACK_CHARS;
}

/** The first `max` characters of a reply on one line, for events and logs. */
export function preview(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}
