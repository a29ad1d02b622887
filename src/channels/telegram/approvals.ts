/**
 * Approval of gated tools through inline keyboard buttons: the bot asks "Allow name(detail)?"
 * with Yes/No buttons; the paired user's press answers, and no answer within the timeout denies.
 */
import type { ApprovalRequest } from "../../agent/mod.ts";
import { escapeHtml } from "./format.ts";
import type { Clock } from "./live_reply.ts";

/** What the approvals need from the bot. */
export interface ApprovalPort {
  /** Sends the question with two buttons; returns the message id. */
  ask(chatKey: string, html: string, buttons: { yes: string; no: string }): Promise<number>;
  /** Replaces the question with the outcome (buttons removed). */
  settle(chatKey: string, messageId: number, html: string): Promise<void>;
}

/** Pending approvals, answered by button presses. */
export interface Approvals {
  /** The approval hook of one chat. */
  hookFor(chatKey: string): (request: ApprovalRequest) => Promise<boolean>;
  /** Handles a button's callback data; false when it is not an approval (or already settled). */
  answer(data: string): boolean;
  /** Denies every pending approval (shutdown). */
  denyAll(): void;
  readonly pending: number;
}

const PREFIX = "approve:";

/** Creates the approvals. */
export function createApprovals(
  port: ApprovalPort,
  options: { timeoutMs: number; clock: Clock; onError?(error: unknown): void },
): Approvals {
  const waiting = new Map<string, (allowed: boolean, why: string) => void>();
  let seq = 0;
  return {
    get pending() {
      return waiting.size;
    },
    hookFor: (chatKey) => async (request) => {
      const key = `${++seq}`;
      const what = `${request.name}(${request.detail.slice(0, 200)})`;
      let messageId: number;
      try {
        messageId = await port.ask(
          chatKey,
          `🔐 Allow <code>${escapeHtml(what)}</code>?`,
          { yes: `${PREFIX}${key}:yes`, no: `${PREFIX}${key}:no` },
        );
      } catch (error) {
        options.onError?.(error);
        return false;
      }
      const { promise, resolve } = Promise.withResolvers<[boolean, string]>();
      const timer = options.clock.setTimeout(() => {
        waiting.delete(key);
        resolve([false, "⌛ No answer: denied"]);
      }, options.timeoutMs);
      waiting.set(key, (allowed, why) => {
        options.clock.clearTimeout(timer);
        waiting.delete(key);
        resolve([allowed, why]);
      });
      const [allowed, why] = await promise;
      await port.settle(chatKey, messageId, `${why}: <code>${escapeHtml(what)}</code>`)
        .catch((e) => options.onError?.(e));
      return allowed;
    },
    answer(data) {
      const m = new RegExp(`^${PREFIX}(\\d+):(yes|no)$`).exec(data);
      const settle = m && waiting.get(m[1]);
      if (!settle) return false;
      settle(m[2] === "yes", m[2] === "yes" ? "✅ Allowed" : "❌ Denied");
      return true;
    },
    denyAll() {
      for (const settle of [...waiting.values()]) settle(false, "❌ Denied (the daemon stopped)");
    },
  };
}
