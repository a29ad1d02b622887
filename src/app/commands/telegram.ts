/** `localgpt telegram status|unpair`: the Telegram bot's pairing and state, from this machine. */
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { aligned, printJson } from "../output.ts";

/** Adds the `telegram` command tree. */
export function registerTelegram(program: Command, ctx: CliContext): void {
  const telegram = program
    .command("telegram")
    .description("the Telegram bot of the daemon: status and pairing")
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt telegram status\n  localgpt telegram unpair",
    );
  telegram
    .command("status")
    .description("show whether the bot runs, its name, the paired user and a pending pairing code")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt telegram status\n  localgpt telegram status --json",
    )
    .action(async (opts: { json?: boolean }) => {
      const loaded = await ctx.load();
      const { readPairedUser, PAIRED_USER_FILE } = await import("../../channels/telegram/mod.ts");
      const { daemonStatus } = await import("../daemon/control.ts");
      const tg = loaded.config.telegram;
      const daemon = await daemonStatus(loaded);
      const paired = await readPairedUser(loaded.paths.stateDir);
      const bot = daemon.telegram;
      const out = {
        enabled: tg.enabled,
        token_set: !!tg.api_token,
        api_root: tg.api_root,
        daemon_running: daemon.running,
        connected: !!bot?.connected,
        bot_username: bot?.bot_username ?? null,
        paired_user: paired ?? null,
        pending_code: bot?.pending_code ?? null,
        pending_code_expires_at: bot?.pending_code_expires_at ?? null,
        last_error: bot?.last_error ?? null,
        pairing_file: `${loaded.paths.stateDir}/${PAIRED_USER_FILE}`,
      };
      if (opts.json) return printJson(ctx.output, out);
      const state = !tg.enabled
        ? "disabled (set telegram.enabled = true and telegram.api_token)"
        : !daemon.running
        ? "enabled, but the daemon is not running (localgpt daemon start)"
        : bot?.connected
        ? `running as @${bot.bot_username}`
        : `not connected${bot?.last_error ? `: ${bot.last_error}` : ""}`;
      ctx.output.out(aligned([
        ["Telegram", state],
        [
          "Paired user",
          paired
            ? `${
              paired.username ? `@${paired.username} ` : ""
            }(id ${paired.user_id}) since ${paired.paired_at}`
            : "none",
        ],
        ...(out.pending_code
          ? [["Pairing code", `${out.pending_code} (send it to the bot)`] as [string, string]]
          : []),
        ["Pairing file", out.pairing_file],
      ]));
    });
  telegram
    .command("unpair")
    .description("forget the paired Telegram user (the next person to send the code pairs)")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  localgpt telegram unpair")
    .action(async (opts: { json?: boolean }) => {
      const loaded = await ctx.load();
      const { readPairedUser, removePairedUser } = await import("../../channels/telegram/mod.ts");
      const paired = await readPairedUser(loaded.paths.stateDir).catch(() => undefined);
      const removed = await removePairedUser(loaded.paths.stateDir);
      if (opts.json) return printJson(ctx.output, { unpaired: removed, user: paired ?? null });
      if (!removed) {
        ctx.output.out("No Telegram user is paired\n");
        return;
      }
      const who = paired
        ? `${paired.username ? `@${paired.username} ` : ""}(id ${paired.user_id})`
        : "the paired user";
      ctx.output.out(`Unpaired ${who}. The bot asks for a new pairing code on the next message.\n`);
    });
}
