/** The REPL's slash commands (reference §1.2). */
import { dirname, join, resolve } from "node:path";
import {
  expandSkillInvocation,
  type Session,
  sessionMemoryNote,
  transcriptToMarkdown,
} from "../../agent/mod.ts";
import { errorMessage } from "../../core/mod.ts";
import type { ChatDeps } from "./chat_deps.ts";
import { type Attachment, loadAttachment } from "./attachments.ts";
import type { Styles } from "./render.ts";

/** REPL state the commands change. */
export interface ChatState {
  session: Session;
  attachments: Attachment[];
}

/** What a command asks the REPL to do next. */
export type CommandOutcome =
  | { kind: "handled" }
  | { kind: "quit" }
  | { kind: "send"; text: string }
  | { kind: "unknown" };

/** Command names with their help line (aliases after the first). */
export const COMMANDS: readonly [string[], string][] = [
  [["help", "h", "?"], "list commands"],
  [["quit", "exit", "q"], "save and exit"],
  [["new"], "save the conversation to memory, then start a new session"],
  [["clear"], "start a new session without saving to memory"],
  [["model"], "show or switch the model: /model [name]"],
  [["models"], "list models and aliases"],
  [["compact"], "compact the conversation now"],
  [["context"], "context window usage"],
  [["status"], "session, model, tokens and cost"],
  [["memory"], "search memory: /memory <query>"],
  [["reindex"], "reindex memory"],
  [["sessions"], "list recent sessions"],
  [["resume"], "load a saved session: /resume <id-prefix>"],
  [["save"], "save the session now"],
  [["export"], "export the conversation as markdown: /export [file]"],
  [["skills"], "list skills"],
  [["attach"], "attach a file to the next message: /attach <path>"],
  [["attachments"], "list pending attachments"],
  [["clear-attachments"], "drop pending attachments"],
];

/** The command names the REPL reserves (skills never take them). */
export const RESERVED = COMMANDS.flatMap(([names]) => names).concat(["skill"]);

/** Runs `/name args`; `unknown` when it is neither a command nor a skill. */
export async function runCommand(
  line: string,
  state: ChatState,
  deps: ChatDeps,
  s: Styles,
): Promise<CommandOutcome> {
  const m = /^\/(\S+)\s*([\s\S]*)$/.exec(line.trim());
  if (!m) return { kind: "unknown" };
  const name = m[1].toLowerCase();
  const args = m[2].trim();
  const say = (text: string) => deps.write(text.endsWith("\n") ? text : text + "\n");
  const entry = COMMANDS.find(([names]) => names.includes(name));
  if (!entry) {
    const skill = expandSkillInvocation(line, deps.skillCommands, deps.home);
    if (skill?.tool) {
      await dispatchToTool(skill.tool, state.session, say, s);
      return { kind: "handled" };
    }
    if (skill) return { kind: "send", text: skill.prompt };
    return { kind: "unknown" };
  }
  const cmd = entry[0][0];
  try {
    switch (cmd) {
      case "help": {
        const rows = COMMANDS.map(([names, help]) => `  /${names.join(", /").padEnd(22)} ${help}`);
        const skills = deps.skillCommands.slice(0, 5).map((c) =>
          `  /${c.command.padEnd(22)} skill: ${c.skill.description.split("\n")[0].slice(0, 60)}`
        );
        say(["Commands:", ...rows, ...(skills.length ? ["Skills:", ...skills] : [])].join("\n"));
        say(s.dim('Multi-line input: end a line with \\ or wrap the text in """ lines.'));
        return { kind: "handled" };
      }
      case "quit":
        return { kind: "quit" };
      case "new": {
        const path = await saveToMemory(state.session, deps);
        if (path) say(`Saved the conversation to ${path}`);
        await replace(state, deps, await deps.openSession());
        say(`New session ${state.session.id.slice(0, 8)}`);
        return { kind: "handled" };
      }
      case "clear":
        await replace(state, deps, await deps.openSession());
        say(`Cleared. New session ${state.session.id.slice(0, 8)}`);
        return { kind: "handled" };
      case "model":
        if (!args) say(`Model: ${state.session.model}`);
        else {
          await deps.checkModel(args);
          await state.session.setModel(args);
          say(`Model: ${args}`);
        }
        return { kind: "handled" };
      case "models":
        say((await deps.listModels()).map((l) => `  ${l}`).join("\n") || "No models found.");
        return { kind: "handled" };
      case "compact": {
        const r = await state.session.compact({ force: true });
        say(
          r.compacted
            ? `Compacted: tokens ${r.tokensBefore} → ${r.tokensAfter}`
            : `Nothing to compact: tokens ${r.tokensBefore} → ${r.tokensAfter}`,
        );
        return { kind: "handled" };
      }
      case "context": {
        const used = await state.session.contextTokens();
        const total = deps.settings.contextWindow;
        const usable = total - deps.settings.reserveTokens;
        const pct = Math.round((used / usable) * 100);
        say(
          `Context: ${used} used / ${usable} usable / ${total} total (reserve ${deps.settings.reserveTokens}) — ${pct}%`,
        );
        if (pct > 80) say(s.yellow("warning: above 80% of the usable context; /compact soon"));
        return { kind: "handled" };
      }
      case "status": {
        const u = state.session.usage;
        say([
          `Session:      ${state.session.id}`,
          `Model:        ${state.session.model}`,
          `Messages:     ${state.session.messages.length}`,
          `Context:      ${await state.session.contextTokens()} tokens`,
          `Compactions:  ${state.session.compactions}`,
          `Memory:       ${await deps.memoryChunks()} chunks`,
          `Usage:        ${u.input} in / ${u.output} out tokens, ${u.calls} calls, ${costText(u)}`,
          ...(deps.searchStats ? [`Web search:   ${await deps.searchStats()}`] : []),
        ].join("\n"));
        return { kind: "handled" };
      }
      case "memory": {
        if (!args) {
          say("Usage: /memory <query>");
          return { kind: "handled" };
        }
        const hits = await deps.memorySearch(args);
        if (hits.length === 0) say("No memory matches.");
        for (const h of hits) {
          const text = h.snippet.replace(/\s+/g, " ").trim();
          say(
            `${s.cyan(`${h.path}:${h.line}`)} ${s.dim(`(${h.score.toFixed(3)})`)} ${
              text.slice(0, 120)
            }`,
          );
        }
        return { kind: "handled" };
      }
      case "reindex":
        say(await deps.reindex());
        return { kind: "handled" };
      case "sessions": {
        const list = (await deps.listSessions()).slice(0, 10);
        if (list.length === 0) say("No sessions yet.");
        for (const x of list) {
          const mark = x.sessionId === state.session.id ? "*" : " ";
          say(
            `${mark} ${x.sessionId.slice(0, 8)}  ${
              new Date(x.updatedAt).toISOString().slice(0, 16).replace("T", " ")
            }  ${String(x.messageCount).padStart(4)} msgs  ${x.title ?? "(untitled)"}`,
          );
        }
        return { kind: "handled" };
      }
      case "resume": {
        if (!args) {
          say("Usage: /resume <id-prefix>");
          return { kind: "handled" };
        }
        await replace(state, deps, await deps.openSession(args));
        say(
          `Resumed session ${
            state.session.id.slice(0, 8)
          } (${state.session.messages.length} messages)`,
        );
        return { kind: "handled" };
      }
      case "save":
        say(`Session saved: ${state.session.path}`);
        return { kind: "handled" };
      case "export": {
        const md = transcriptToMarkdown(state.session.messages, `Session ${state.session.id}`);
        const target = resolve(args || `localgpt-session-${state.session.id.slice(0, 8)}.md`);
        await Deno.mkdir(dirname(target), { recursive: true });
        await Deno.writeTextFile(target, md);
        say(`Exported to ${target}`);
        return { kind: "handled" };
      }
      case "skills":
        say(deps.skillsText);
        return { kind: "handled" };
      case "attach": {
        if (!args) {
          say("Usage: /attach <path>");
          return { kind: "handled" };
        }
        const a = await loadAttachment(args, Deno.cwd());
        state.attachments.push(a);
        say(`Attached ${a.name} (${a.kind}); it goes with your next message.`);
        return { kind: "handled" };
      }
      case "attachments":
        say(
          state.attachments.length
            ? state.attachments.map((a) => `  ${a.name} (${a.kind})`).join("\n")
            : "No attachments.",
        );
        return { kind: "handled" };
      case "clear-attachments":
        state.attachments.length = 0;
        say("Attachments cleared.");
        return { kind: "handled" };
    }
  } catch (error) {
    say(s.red(`error: ${errorMessage(error)}`));
    return { kind: "handled" };
  }
  return { kind: "unknown" };
}

async function replace(state: ChatState, _deps: ChatDeps, next: Session): Promise<void> {
  const old = state.session;
  state.session = next;
  state.attachments.length = 0;
  await old.close();
}

/** Writes the `/new` note (`memory/YYYY-MM-DD-<slug>.md`); returns its path, or undefined when empty. */
export async function saveToMemory(session: Session, deps: ChatDeps): Promise<string | undefined> {
  const messages = session.messages.filter((m) => m.role === "user" || m.role === "assistant");
  if (messages.length === 0) return undefined;
  const note = sessionMemoryNote(session.messages, {
    sessionId: session.id,
    now: deps.now?.() ?? new Date(),
    maxMessages: deps.settings.sessionMaxMessages,
    maxChars: deps.settings.sessionMaxChars,
    source: "cli",
  });
  let path = join(deps.workspace, note.path);
  for (let n = 2; await Deno.stat(path).then(() => true, () => false); n++) {
    path = join(deps.workspace, note.path.replace(/\.md$/, `-${n}.md`));
  }
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeTextFile(path, note.content);
  return path.slice(deps.workspace.length + 1);
}

/** `command-dispatch: tool`: runs the skill's tool with the command text, without the model. */
async function dispatchToTool(
  call: { name: string; args: Record<string, string> },
  session: Session,
  say: (text: string) => void,
  s: Styles,
): Promise<void> {
  const tool = session.deps.tools.find((t) => t.name === call.name);
  if (!tool) {
    say(s.red(`error: the skill's tool "${call.name}" is not available`));
    return;
  }
  // Only the arguments the tool declares (built-in tools refuse unknown properties).
  const declared = tool.parameters.properties;
  const args = declared
    ? Object.fromEntries(Object.entries(call.args).filter(([k]) => k in declared))
    : call.args;
  const { requireApproval } = session.deps.settings;
  if (requireApproval.includes(tool.name)) {
    const request = {
      id: "dispatch",
      name: tool.name,
      args: call.args,
      detail: tool.detail(call.args),
    };
    if (!(await session.deps.approve?.(request))) {
      say(s.yellow(`Refused ${tool.name}: not approved`));
      return;
    }
  }
  try {
    const result = await tool.execute(args, { delimiters: false });
    for (const w of result.warnings) say(s.yellow(`warning: ${w}`));
    say(result.content);
  } catch (error) {
    say(s.red(`error: ${errorMessage(error)}`));
  }
}

/** The cost of a session: unknown prices are said so, never shown as $0 (README: no wrong cost). */
function costText(u: { cost?: number; calls: number; unpricedCalls: number }): string {
  if (u.calls > 0 && u.unpricedCalls === u.calls) return "cost unknown (no price for this model)";
  const cost = `cost $${(u.cost ?? 0).toFixed(4)}`;
  return u.unpricedCalls > 0 ? `${cost} (+ ${u.unpricedCalls} unpriced calls)` : cost;
}
