/** `localgpt md sign|verify|status|audit`: the signed LocalGPT.md and the audit chain. */
import { type Command, Option } from "commander";
import { join } from "node:path";
import type { LoadedConfig } from "../../config/mod.ts";
import {
  appendAudit,
  AUDIT_ACTIONS,
  type AuditEntry,
  MANIFEST_FILE,
  POLICY_FILE,
  PROTECTED_FILE_NAMES,
  readAudit,
  readDeviceKey,
  signPolicy,
  STATE_ACTIONS,
  STATE_LABELS,
  verifyAuditLog,
  verifyPolicy,
} from "../../security/mod.ts";
import type { CliContext } from "../context.ts";
import { aligned, printJson, styles } from "../output.ts";

const short = (hex: string | undefined) => (hex ?? "").slice(0, 16);
const exists = (p: string) => Deno.stat(p).then(() => true, () => false);

/** Adds `md` with its subcommands. */
export function registerMd(program: Command, ctx: CliContext): void {
  const md = program
    .command("md")
    .description("sign and verify LocalGPT.md (the workspace security policy); read the audit log")
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt md sign\n  localgpt md verify --json\n  localgpt md audit --filter tamper_detected",
    );

  md.command("sign")
    .description("sign LocalGPT.md with the device key (created if needed)")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { paths } = await ctx.load();
      const result = await signPolicy({ workspace: paths.workspace, deviceKey: paths.deviceKey });
      if (result.keyCreated) {
        await appendAudit(paths.auditLog, {
          action: "created",
          source: "cli",
          detail: "device key",
        });
      }
      await appendAudit(paths.auditLog, {
        action: "signed",
        source: "cli",
        contentSha256: result.manifest.content_sha256,
      });
      if (opts.json) {
        return printJson(ctx.output, { ...result.manifest, key_created: result.keyCreated });
      }
      const m = result.manifest;
      ctx.output.out(
        `Signed LocalGPT.md (sha256: ${short(m.content_sha256)} | hmac: ${short(m.hmac_sha256)})\n`,
      );
    });

  md.command("verify")
    .description("check LocalGPT.md against its manifest (exit 1 unless VALID)")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { paths } = await ctx.load();
      const v = await verifyPolicy({ workspace: paths.workspace, deviceKey: paths.deviceKey });
      await appendAudit(paths.auditLog, {
        action: STATE_ACTIONS[v.state],
        source: "cli",
        contentSha256: v.contentSha256,
        detail: v.detail,
      });
      if (v.state !== "valid") ctx.exitCode = 1;
      if (opts.json) {
        return printJson(ctx.output, {
          state: v.state,
          label: STATE_LABELS[v.state],
          path: v.policyPath,
          content_sha256: v.contentSha256 ?? null,
          detail: v.detail ?? null,
        });
      }
      const s = styles(ctx.output);
      const label = STATE_LABELS[v.state];
      ctx.output.out(
        `${v.state === "valid" ? s.green(label) : s.red(label)}${
          v.detail ? `  ${v.detail}` : ""
        }\n`,
      );
    });

  md.command("status")
    .description("policy file, signature state, device key, audit entries, protected files")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const loaded = await ctx.load();
      const data = await status(loaded);
      if (opts.json) return printJson(ctx.output, data);
      ctx.output.out(aligned([
        ["policy file", `${data.policy_file}${data.policy_exists ? "" : " (missing)"}`],
        ["signature", data.label],
        ["device key", data.device_key_present ? `present (${data.device_key})` : "missing"],
        ["audit entries", `${data.audit_entries} (${data.audit_intact ? "INTACT" : "BROKEN"})`],
        ["protected files", `${data.protected_present} present of ${data.protected_total}`],
      ], ""));
    });

  md.command("audit")
    .description("list audit entries and check the hash chain (exit 1 when BROKEN)")
    .option("--json", "print as JSON")
    .addOption(
      new Option("--filter <action>", "only entries with this action, e.g. tamper_detected")
        .choices(AUDIT_ACTIONS),
    )
    .action(async (opts: { json?: boolean; filter?: string }) => {
      const { paths } = await ctx.load();
      const { entries } = await readAudit(paths.auditLog);
      const report = await verifyAuditLog(paths.auditLog);
      if (!report.intact) ctx.exitCode = 1;
      const listed = entries
        .map((entry, index) => ({ index, entry }))
        .filter(({ entry }) => !opts.filter || entry?.action === opts.filter);
      if (opts.json) {
        return printJson(ctx.output, {
          path: paths.auditLog,
          intact: report.intact,
          count: report.count,
          broken: report.broken,
          entries: listed.map(({ index, entry }) => ({ index, ...(entry ?? { corrupted: true }) })),
        });
      }
      const s = styles(ctx.output);
      for (const { index, entry } of listed) ctx.output.out(formatEntry(index, entry) + "\n");
      ctx.output.out(
        report.intact
          ? `${s.green("INTACT")}  ${report.count} entries\n`
          : `${s.red("BROKEN")}  ${report.count} entries; broken at ${report.broken.join(", ")}\n`,
      );
    });
}

function formatEntry(index: number, e: AuditEntry | undefined): string {
  if (!e) return `${String(index).padStart(4)}  (corrupted line)`;
  const detail = e.detail ? `  ${e.detail}` : "";
  return `${String(index).padStart(4)}  ${e.ts}  ${e.action.padEnd(18)} ${e.source.padEnd(14)} ${
    short(e.content_sha256)
  }${detail}`;
}

async function status(loaded: LoadedConfig) {
  const { paths } = loaded;
  const v = await verifyPolicy({ workspace: paths.workspace, deviceKey: paths.deviceKey });
  const key = await readDeviceKey(paths.deviceKey).then((k) => k !== undefined, () => false);
  const chain = await verifyAuditLog(paths.auditLog);
  const files = [
    ...PROTECTED_FILE_NAMES.workspace.map((n) => join(paths.workspace, n)),
    paths.deviceKey,
    paths.auditLog,
  ];
  let present = 0;
  for (const f of files) if (await exists(f)) present++;
  return {
    policy_file: join(paths.workspace, POLICY_FILE),
    policy_exists: v.state !== "missing",
    manifest_file: join(paths.workspace, MANIFEST_FILE),
    state: v.state,
    label: STATE_LABELS[v.state],
    device_key: paths.deviceKey,
    device_key_present: key,
    audit_log: paths.auditLog,
    audit_entries: chain.count,
    audit_intact: chain.intact,
    protected_total: files.length,
    protected_present: present,
  };
}
