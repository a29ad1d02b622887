/** `openSession()`: resume a transcript (or prepare a new one) as a Session. */
import { Session } from "./session.ts";
import type { SessionDeps } from "./session_types.ts";

/** How to open a session. */
export interface OpenSessionOptions {
  /** Model used unless the transcript recorded a switch (and for new sessions). */
  model: string;
  /** Open this session (id or unique prefix). */
  id?: string;
  /** Open the most recently updated session, or start one when there is none. */
  resume?: boolean;
  /** Use the model recorded by the transcript's last `model_change` (a `/model` switch). */
  preferRecordedModel?: boolean;
}

/** Opens an existing session or creates a new one, and reports `session` to listeners. */
export async function openSession(
  deps: SessionDeps,
  options: OpenSessionOptions,
): Promise<Session> {
  let id = options.id ? await deps.store.resolve(options.id) : undefined;
  if (!id && options.resume) id = (await deps.store.list())[0]?.sessionId;
  if (!id) {
    const newId = crypto.randomUUID();
    const create = () => deps.store.create({ cwd: deps.cwd, id: newId });
    return new Session(deps, { id: newId, create }, { model: options.model });
  }
  const opened = await deps.store.open(id);
  const ctx = opened.context;
  let compactions = 0;
  let flushedCycle = -1;
  for (const e of opened.transcript.entries) {
    if (e.type === "compaction") compactions++;
    if (e.type === "custom" && e.customType === "memory_flush") {
      flushedCycle = Number((e.data as { compactionCount?: number })?.compactionCount ?? -1);
    }
  }
  const recorded = ctx.model ? `${ctx.model.provider}/${ctx.model.modelId}` : undefined;
  return new Session(deps, opened.file, {
    model: options.preferRecordedModel && recorded ? recorded : options.model,
    history: ctx.messages.map((message, i) => ({ id: ctx.entryIds[i], message })),
    summary: ctx.summary,
    compactions,
    flushedCycle,
  });
}
