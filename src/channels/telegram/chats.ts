/**
 * One persistent Session per chat (and forum topic): the chat → session id map lives in
 * `<state_dir>/telegram_sessions.json`; transcripts are the agent's JSONL store, so a chat shows
 * in `sessions list` and continues with `chat --session`. A transcript written meanwhile by
 * another process is reloaded before the next turn.
 */
import { join } from "node:path";
import { openSession, Session, type SessionDeps } from "../../agent/mod.ts";
import type { ApprovalRequest } from "../../agent/mod.ts";
import { writePrivateJson } from "./pairing.ts";

/** The chat map's file name in the state dir. */
export const CHAT_SESSIONS_FILE = "telegram_sessions.json";

/** What the chats are built from. */
export interface ChatSessionsOptions {
  deps: SessionDeps;
  defaultModel: () => string;
  stateDir: string;
  /** The approval hook of one chat (inline keyboard); absent = gated tools refused. */
  approveFor?(chatKey: string): (request: ApprovalRequest) => Promise<boolean>;
  /** Called when a job on a chat's session starts; the function it returns when it ends. */
  onTurn?: () => () => void;
}

/** The chats' sessions. */
export interface ChatSessions {
  /** The chat's live session, opened (or created) on first use. */
  get(chatKey: string): Promise<Session>;
  /**
   * Runs `job` on the chat's session, held busy meanwhile (a busy session is never reloaded),
   * and records the transcript as ours afterwards.
   */
  use<T>(chatKey: string, job: (session: Session) => Promise<T>): Promise<T>;
  /** The chat's session id, if it has one. */
  idOf(chatKey: string): Promise<string | undefined>;
  /** Forgets the chat's session: the next message starts a new one (the transcript stays). */
  reset(chatKey: string): Promise<void>;
  /** Keeps the session id but starts the live conversation afresh (`/clear`). */
  clear(chatKey: string): Promise<void>;
  /** Closes every live session (waits for queued turns). */
  close(): Promise<void>;
}

async function stampOf(path: string): Promise<string> {
  const info = await Deno.stat(path).catch(() => undefined);
  return info ? `${info.size}:${info.mtime?.getTime()}` : "";
}

/** Creates the chat sessions over the store in `deps`. */
export function createChatSessions(options: ChatSessionsOptions): ChatSessions {
  const file = join(options.stateDir, CHAT_SESSIONS_FILE);
  const live = new Map<string, { session: Session; stamp: string; busy: number }>();
  const opening = new Map<string, Promise<Session>>();
  let queue: Promise<unknown> = Promise.resolve();

  const readMap = async (): Promise<Record<string, string>> => {
    try {
      const data = JSON.parse(await Deno.readTextFile(file));
      return data && typeof data === "object" ? data : {};
    } catch {
      return {};
    }
  };
  const updateMap = (mutate: (m: Record<string, string>) => void) => {
    const run = queue.then(async () => {
      const map = await readMap();
      mutate(map);
      await Deno.mkdir(options.stateDir, { recursive: true, mode: 0o700 });
      await writePrivateJson(file, map);
    });
    queue = run.catch(() => {});
    return run;
  };
  const depsFor = (chatKey: string): SessionDeps => ({
    ...options.deps,
    approve: options.approveFor?.(chatKey),
  });
  const release = async (chatKey: string) => {
    const held = live.get(chatKey);
    live.delete(chatKey);
    await held?.session.close();
  };
  const open = async (chatKey: string): Promise<Session> => {
    const held = live.get(chatKey);
    // A transcript written meanwhile by another process (`chat --session`) is reloaded, but
    // never under a running turn: its own writes change the stamp too.
    if (held && (held.busy > 0 || await stampOf(held.session.path) === held.stamp)) {
      return held.session;
    }
    if (held) await release(chatKey);
    const id = (await readMap())[chatKey];
    const store = options.deps.store;
    const known = id && (await store.list()).some((s) => s.sessionId === id);
    const session = known
      ? await openSession(depsFor(chatKey), {
        model: options.defaultModel(),
        id,
        preferRecordedModel: true,
      })
      : new Session(depsFor(chatKey), await store.create({ cwd: options.deps.cwd }), {
        model: options.defaultModel(),
      });
    if (!known) await updateMap((m) => void (m[chatKey] = session.id));
    const entry = { session, stamp: await stampOf(session.path), busy: 0 };
    live.set(chatKey, entry);
    return session;
  };

  return {
    get(chatKey) {
      let pending = opening.get(chatKey);
      if (!pending) {
        pending = open(chatKey).finally(() => opening.delete(chatKey));
        opening.set(chatKey, pending);
      }
      return pending;
    },
    async idOf(chatKey) {
      return live.get(chatKey)?.session.id ?? (await readMap())[chatKey];
    },
    async reset(chatKey) {
      await release(chatKey);
      await updateMap((m) => void delete m[chatKey]);
    },
    async clear(chatKey) {
      const held = live.get(chatKey);
      const id = held?.session.id ?? (await readMap())[chatKey];
      const model = held?.session.model ?? options.defaultModel();
      await release(chatKey);
      if (!id || !(await options.deps.store.list()).some((s) => s.sessionId === id)) return;
      const opened = await options.deps.store.open(id);
      const session = new Session(depsFor(chatKey), opened.file, { model });
      live.set(chatKey, { session, stamp: await stampOf(session.path), busy: 0 });
    },
    async use(chatKey, job) {
      const session = await this.get(chatKey);
      const held = live.get(chatKey);
      if (held) held.busy++;
      const ended = options.onTurn?.();
      try {
        return await job(session);
      } finally {
        ended?.();
        if (held) {
          held.busy--;
          held.stamp = await stampOf(session.path);
        }
      }
    },
    async close() {
      const all = [...live.keys()];
      for (const key of all) await release(key);
      await queue;
    },
  };
}
