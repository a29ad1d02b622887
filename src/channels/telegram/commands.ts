/**
 * The bot's slash commands (`/start`, `/help`, `/new`, `/clear`, `/status`, `/compact`, `/memory`,
 * `/model`, `/skills`, `/unpair`) and skill commands. Each answers with HTML, or turns into a
 * message for the model (skills).
 */
import { expandSkillInvocation, type Session, type SkillCommand } from "../../agent/mod.ts";
import type { ChatSessions } from "./chats.ts";
import { escapeHtml } from "./format.ts";
import type { Pairing } from "./pairing.ts";

/** The built-in commands with their menu descriptions (registered with setMyCommands). */
export const COMMANDS: readonly [string, string][] = [
  ["start", "welcome and help"],
  ["help", "list the commands"],
  ["new", "start a new session"],
  ["clear", "forget the conversation (the transcript stays)"],
  ["status", "model, tokens and session"],
  ["compact", "summarise older messages to free context"],
  ["memory", "search memory: /memory <query>"],
  ["model", "show or switch the model: /model [name]"],
  ["skills", "list skills"],
  ["unpair", "unpair this Telegram account"],
];

/** Telegram's limit for commands in the menu. */
const MAX_MENU = 100;

/** A memory search hit as the bot shows it. */
export interface MemoryHit {
  /** `path#Lstart-Lend`. */
  citation: string;
  score: number;
  snippet: string;
}

/** What the commands work with. */
export interface CommandEnv {
  chatKey: string;
  chats: ChatSessions;
  pairing: Pairing;
  skillCommands: readonly SkillCommand[];
  skillsText: string;
  home?: string;
  models?(): Promise<string[]>;
  /** Throws for a model id that cannot be used. */
  checkModel?(model: string): void;
  searchMemory?(query: string, limit: number): Promise<MemoryHit[]>;
  contextWindow: number;
}

/** A command's result: an HTML reply, or a message to send to the model instead. */
export type CommandResult = { reply: string } | { send: string };

/** Telegram command names allow only `a-z0-9_`: skill commands use `_` for `-`. */
export function telegramCommandName(command: string): string {
  return command.replace(/-/g, "_").slice(0, 32);
}

/** The command menu for setMyCommands: the built-ins, then skills (at most 100 in all). */
export function menuCommands(
  skills: readonly SkillCommand[],
): { command: string; description: string }[] {
  const builtins = COMMANDS.map(([command, description]) => ({ command, description }));
  const taken = new Set(builtins.map((c) => c.command));
  const fromSkills = skills.map((c) => ({
    command: telegramCommandName(c.command),
    description: `skill: ${c.skill.description.split("\n")[0]}`.slice(0, 256),
  })).filter((c) => /^[a-z0-9_]{1,32}$/.test(c.command) && !taken.has(c.command));
  return [...builtins, ...fromSkills].slice(0, MAX_MENU);
}

/** Splits `/name@bot args` into the name and the arguments; undefined for a non-command. */
export function parseCommand(text: string): { name: string; args: string } | undefined {
  const m = /^\/([A-Za-z0-9_-]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  return m ? { name: m[1].toLowerCase(), args: (m[2] ?? "").trim() } : undefined;
}

function helpText(skills: readonly SkillCommand[]): string {
  const rows = COMMANDS.map(([name, description]) => `/${name} — ${escapeHtml(description)}`);
  const skillRows = skills.slice(0, 20).map((c) =>
    `/${telegramCommandName(c.command)} — ${escapeHtml(c.skill.description.split("\n")[0])}`
  );
  return [
    "<b>LocalGPT</b> — your local assistant. Send a message, a photo or a text file.",
    "",
    ...rows,
    ...(skillRows.length ? ["", "<b>Skills</b>", ...skillRows] : []),
  ].join("\n");
}

/** Runs a slash command; undefined when `text` is neither a command nor a skill. */
export async function runCommand(
  text: string,
  env: CommandEnv,
): Promise<CommandResult | undefined> {
  const parsed = parseCommand(text);
  if (!parsed) return undefined;
  const { name, args } = parsed;
  switch (name) {
    case "start":
    case "help":
      return { reply: helpText(env.skillCommands) };
    case "new":
      await env.chats.reset(env.chatKey);
      return { reply: "🆕 Started a new session." };
    case "clear":
      await env.chats.clear(env.chatKey);
      return { reply: "🧹 Cleared the conversation (the transcript stays on disk)." };
    case "status":
      return { reply: await statusText(env) };
    case "compact": {
      let failed: string | undefined;
      const r = await env.chats.use(env.chatKey, (session) =>
        session.compact({
          force: true,
          onEvent: (e) => void (e.type === "error" && (failed = e.message)),
        }));
      if (failed) return { reply: `⚠️ ${escapeHtml(failed)}` };
      return {
        reply: r.compacted
          ? `🗜 Compacted: ${r.tokensBefore} → ${r.tokensAfter} tokens.`
          : `Nothing to compact yet (${r.tokensBefore} tokens).`,
      };
    }
    case "memory":
      return { reply: await memoryText(args, env) };
    case "model":
      return { reply: await modelText(args, env) };
    case "skills":
      return { reply: `<pre>${escapeHtml(env.skillsText.trim() || "No skills.")}</pre>` };
    case "unpair":
      await env.pairing.unpair();
      return { reply: "👋 Unpaired. Send any message to pair again." };
  }
  const skill = expandSkillInvocation(
    `/${name.replace(/_/g, "-")} ${args}`,
    env.skillCommands,
    env.home,
  );
  if (skill) return { send: skill.prompt };
  return { reply: `Unknown command /${escapeHtml(name)}. Send /help for the list.` };
}

async function statusText(env: CommandEnv): Promise<string> {
  return await env.chats.use(env.chatKey, (session) => statusOf(session, env.contextWindow));
}

async function statusOf(session: Session, contextWindow: number): Promise<string> {
  const tokens = await session.contextTokens().catch(() => 0);
  const u = session.usage;
  return [
    "<b>Status</b>",
    `Model: <code>${escapeHtml(session.model)}</code>`,
    `Session: <code>${escapeHtml(session.id)}</code>`,
    `Messages: ${session.messages.length}`,
    `Context: ~${tokens} / ${contextWindow} tokens`,
    `Compactions: ${session.compactions}`,
    `Usage (this daemon): ${u.input} in, ${u.output} out`,
  ].join("\n");
}

async function memoryText(query: string, env: CommandEnv): Promise<string> {
  if (!query) return "Usage: /memory &lt;query&gt;";
  if (!env.searchMemory) return "Memory search is not available here.";
  const hits = await env.searchMemory(query, 5);
  if (!hits.length) return `No memory matches for “${escapeHtml(query)}”.`;
  return hits.map((h, i) => {
    const snippet = h.snippet.replace(/\s+/g, " ").trim();
    const cut = snippet.length > 300 ? snippet.slice(0, 299) + "…" : snippet;
    return `${i + 1}. <code>${escapeHtml(h.citation)}</code> (${h.score.toFixed(2)})\n${
      escapeHtml(cut)
    }`;
  }).join("\n\n");
}

function modelText(name: string, env: CommandEnv): Promise<string> {
  return env.chats.use(env.chatKey, (session) => switchModel(session, name, env));
}

async function switchModel(session: Session, name: string, env: CommandEnv): Promise<string> {
  if (!name) {
    const models = (await env.models?.().catch(() => [])) ?? [];
    const list = models.length
      ? "\n\nAvailable:\n" + models.map((m) => `• <code>${escapeHtml(m)}</code>`).join("\n")
      : "";
    return `Model: <code>${escapeHtml(session.model)}</code>${list}`;
  }
  try {
    env.checkModel?.(name);
  } catch (error) {
    return `⚠️ ${escapeHtml((error as Error).message)}`;
  }
  await session.setModel(name);
  return `Model switched to <code>${escapeHtml(name)}</code>.`;
}
