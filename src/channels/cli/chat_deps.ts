/** The ports the chat REPL is driven through; the composition root (app/) supplies them. */
import type { Session, SessionSummary, SkillCommand } from "../../agent/mod.ts";
import type { LineSource } from "./line_editor.ts";

/** A memory hit as `/memory` shows it. */
export interface MemoryHit {
  path: string;
  line: number;
  score: number;
  snippet: string;
}

/** Everything `runChat()` needs. */
export interface ChatDeps {
  /** The session to start with. */
  session: Session;
  input: LineSource;
  write(text: string): void;
  color: boolean;
  /** Facts for the banner. */
  banner: { version: string; agent: string; memoryChunks: number; embeddings: boolean };
  /** Opens a session by id or prefix, or a new one when `id` is undefined. */
  openSession(id?: string): Promise<Session>;
  /** Creates the stream for a model id; throws with a clear message for an unknown one. */
  checkModel(model: string): Promise<void>;
  listModels(): Promise<string[]>;
  listSessions(): Promise<SessionSummary[]>;
  memorySearch(query: string): Promise<MemoryHit[]>;
  /** Reindexes memory; returns a one-line report. */
  reindex(): Promise<string>;
  memoryChunks(): Promise<number>;
  /** One line of web search usage for `/status` (undefined: web search is off). */
  searchStats?(): Promise<string>;
  /** The `skills list` text and the slash commands of user-invocable skills. */
  skillsText: string;
  skillCommands: readonly SkillCommand[];
  home: string;
  workspace: string;
  /** Appended with every input (created 0600); undefined = no history. */
  historyFile?: string;
  settings: {
    contextWindow: number;
    reserveTokens: number;
    sessionMaxMessages: number;
    sessionMaxChars: number;
  };
  now?: () => Date;
  /** Registers a Ctrl-C handler for the running turn; returns the unregister function. */
  onInterrupt?(handler: () => void): () => void;
}
