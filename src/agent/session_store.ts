/** The sessions of one agent: transcripts in `<sessions_dir>/<id>.jsonl` plus `sessions.json`. */
import { join } from "node:path";
import {
  isValidSessionId,
  SESSION_KINDS,
  type SessionKind,
  type TranscriptEntry,
} from "./transcript.ts";
import {
  buildSessionContext,
  type ParsedTranscript,
  parseTranscript,
  type SessionContext,
} from "./transcript_read.ts";
import { createTranscript, openTranscript, type TranscriptFile } from "./transcript_file.ts";
import {
  applyEntry,
  newIndexEntry,
  readSessionIndex,
  type SessionIndexEntry,
  summarizeEntries,
  writeSessionIndex,
} from "./session_index.ts";

/** A session as listed: its index entry and transcript path. */
export interface SessionSummary extends SessionIndexEntry {
  path: string;
}

/** An opened session: the file to append to, what was on disk, and the model's context. */
export interface OpenedSession {
  file: TranscriptFile;
  transcript: ParsedTranscript;
  context: SessionContext;
}

/** Options for `createSessionStore()`. */
export interface SessionStoreOptions {
  /** The agent's sessions folder (`paths.sessionsDir`). */
  dir: string;
  /** Clock (default: `new Date()`). */
  now?: () => Date;
}

/** Creating, opening, listing and deleting sessions. */
export interface SessionStore {
  readonly dir: string;
  /** Starts a new session with a fresh id (or the given one). */
  create(
    options: { cwd: string; id?: string; parentSession?: string; kind?: SessionKind },
  ): Promise<TranscriptFile>;
  /** Opens a session for appending; repairs a cut-off last line. */
  open(id: string): Promise<OpenedSession>;
  /** Reads a transcript without opening it for writing. */
  read(id: string): Promise<ParsedTranscript>;
  /** Every session, most recently updated first. */
  list(): Promise<SessionSummary[]>;
  /** The full id for an id or a unique id prefix; throws when none or several match. */
  resolve(idOrPrefix: string): Promise<string>;
  /** Deletes a session's transcript and index entry; false when it did not exist. */
  delete(id: string): Promise<boolean>;
  /**
   * Copies a transcript to `<dir>/../checkpoints/<id>.<n>.jsonl` (before a compaction) and keeps
   * the newest `keep` copies; returns the new checkpoint's path, or undefined when `keep` is 0.
   */
  checkpoint(id: string, keep: number): Promise<string | undefined>;
  /** Checkpoint files of a session, oldest first. */
  checkpoints(id: string): Promise<string[]>;
  /** Deletes sessions not updated within `maxAgeMs` or beyond the newest `maxCount`. */
  prune(options: PruneOptions): Promise<string[]>;
}

/** Limits for `SessionStore.prune()` (config `agent.session_max_age`, `session_max_count`). */
export interface PruneOptions {
  maxAgeMs: number;
  maxCount: number;
  /** Sessions never pruned, e.g. the one in use. */
  keep?: readonly string[];
}

/** Creates the store for one sessions folder. */
export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const { dir } = options;
  const now = options.now ?? (() => new Date());
  let indexQueue: Promise<unknown> = Promise.resolve();
  const updateIndex = (
    mutate: (index: Record<string, SessionIndexEntry>) => void,
  ): Promise<void> => {
    const run = indexQueue.then(async () => {
      const index = await readSessionIndex(dir).catch(() => ({}));
      mutate(index);
      await writeSessionIndex(dir, index);
    });
    indexQueue = run.catch(() => {});
    return run;
  };
  const checkpointDir = join(dir, "..", "checkpoints");
  const pathOf = (id: string) => {
    if (!isValidSessionId(id)) throw new TypeError(`Invalid session id "${id}"`);
    return join(dir, `${id}.jsonl`);
  };
  const onAppend =
    (id: string, createdAt: number, kind?: SessionKind) => (entry: TranscriptEntry) =>
      updateIndex((index) => {
        index[id] = applyEntry(index[id] ?? newIndexEntry(id, createdAt, kind), entry);
      });

  const store: SessionStore = {
    dir,
    async create({ cwd, id = crypto.randomUUID(), parentSession, kind }) {
      pathOf(id);
      const started = now();
      const file = await createTranscript(
        dir,
        {
          id,
          timestamp: started.toISOString(),
          cwd,
          ...(parentSession ? { parentSession } : {}),
          ...(kind && kind !== "chat" ? { kind } : {}),
        },
        { now, onAppend: onAppend(id, started.getTime(), kind) },
      );
      await updateIndex((index) => {
        index[id] = newIndexEntry(id, started.getTime(), kind);
      });
      return file;
    },
    async open(id) {
      const path = pathOf(id);
      const head = await headerFields(path);
      const { file, transcript } = await openTranscript(path, {
        now,
        onAppend: onAppend(id, head.createdAt, head.kind),
      });
      return { file, transcript, context: buildSessionContext(transcript.entries) };
    },
    async read(id) {
      return parseTranscript(await Deno.readTextFile(pathOf(id)));
    },
    async list() {
      const index = await readSessionIndex(dir).catch(
        () => ({} as Record<string, SessionIndexEntry>),
      );
      const out: SessionSummary[] = [];
      for (const id of await transcriptIds(dir)) {
        const path = join(dir, `${id}.jsonl`);
        let entry = index[id];
        if (!entry) {
          try {
            const parsed = parseTranscript(await Deno.readTextFile(path));
            const created = Date.parse(parsed.header.timestamp) || 0;
            entry = summarizeEntries(id, created, parsed.entries, parsed.header.kind);
          } catch {
            continue;
          }
        }
        out.push({ ...entry, sessionId: id, path });
      }
      return out.sort((a, b) =>
        b.updatedAt - a.updatedAt || a.sessionId.localeCompare(b.sessionId)
      );
    },
    async resolve(idOrPrefix) {
      const ids = await transcriptIds(dir);
      if (ids.includes(idOrPrefix)) return idOrPrefix;
      const matches = ids.filter((id) => id.startsWith(idOrPrefix));
      if (matches.length === 1 && idOrPrefix !== "") return matches[0];
      if (matches.length === 0 || idOrPrefix === "") {
        throw new Error(`Cannot find session "${idOrPrefix}": no such session in ${dir}`);
      }
      throw new Error(
        `Cannot find session "${idOrPrefix}": the prefix matches ${matches.length} sessions`,
      );
    },
    async delete(id) {
      const path = pathOf(id);
      let existed = true;
      await Deno.remove(path).catch((error) => {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
        existed = false;
      });
      let indexed = false;
      await updateIndex((index) => {
        indexed = id in index;
        delete index[id];
      });
      return existed || indexed;
    },
    async checkpoint(id, keep) {
      const source = pathOf(id);
      if (keep <= 0) return undefined;
      const existing = await store.checkpoints(id);
      const last = existing.length ? checkpointNumber(existing.at(-1)!) : 0;
      await Deno.mkdir(checkpointDir, { recursive: true, mode: 0o700 });
      const target = join(checkpointDir, `${id}.${last + 1}.jsonl`);
      await Deno.copyFile(source, target);
      await Deno.chmod(target, 0o600).catch(() => {});
      for (const old of [...existing, target].slice(0, -keep)) await Deno.remove(old);
      return target;
    },
    async checkpoints(id) {
      pathOf(id);
      const found: string[] = [];
      try {
        for await (const entry of Deno.readDir(checkpointDir)) {
          const m = /^(.+)\.(\d+)\.jsonl$/.exec(entry.name);
          if (entry.isFile && m && m[1] === id) found.push(join(checkpointDir, entry.name));
        }
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
      return found.sort((a, b) => checkpointNumber(a) - checkpointNumber(b));
    },
    async prune({ maxAgeMs, maxCount, keep = [] }) {
      const cutoff = now().getTime() - maxAgeMs;
      const doomed = (await store.list())
        .filter((s, i) => i >= maxCount || s.updatedAt < cutoff)
        .map((s) => s.sessionId)
        .filter((id) => !keep.includes(id));
      for (const id of doomed) await store.delete(id);
      return doomed;
    },
  };
  return store;
}

function checkpointNumber(path: string): number {
  return Number(/\.(\d+)\.jsonl$/.exec(path)?.[1] ?? 0);
}

async function transcriptIds(dir: string): Promise<string[]> {
  const ids: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !entry.name.endsWith(".jsonl")) continue;
      const id = entry.name.slice(0, -".jsonl".length);
      if (isValidSessionId(id)) ids.push(id);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return ids.sort();
}

async function headerFields(path: string): Promise<{ createdAt: number; kind?: SessionKind }> {
  const file = await Deno.open(path, { read: true });
  try {
    const buf = new Uint8Array(4096);
    const n = await file.read(buf) ?? 0;
    const first = new TextDecoder().decode(buf.subarray(0, n)).split("\n")[0];
    const header = JSON.parse(first);
    const kind = SESSION_KINDS.find((k) => k === header.kind);
    return { createdAt: Date.parse(header.timestamp) || 0, ...(kind ? { kind } : {}) };
  } catch {
    return { createdAt: 0 };
  } finally {
    file.close();
  }
}
