/** `bash`: a shell command in the workspace, always through the Sandbox port. */
import type { Sandbox } from "../sandbox/mod.ts";
import { mentionsProtectedFile } from "../security/mod.ts";
import { defineTool, type Tool } from "./tool.ts";

/** Argument filters for one tool (config `[tools.filters.<tool>]`). */
export interface ToolFilter {
  deny_patterns: readonly string[];
  allow_patterns: readonly string[];
  deny_substrings: readonly string[];
}

/** Options of `createBashTool()`. */
export interface BashToolOptions {
  /** The sandbox, created on first use; when it cannot be created the tool refuses to run. */
  sandbox: () => Promise<Sandbox>;
  /** Default timeout (config `tools.bash_timeout_ms`). */
  timeoutMs: number;
  filter?: ToolFilter;
  /** Refuse commands that mention protected files (config `security.strict_policy`). */
  strict?: boolean;
}

/** Commands refused whatever the config says (the reference's hard-coded list). */
export const HARD_DENY: readonly RegExp[] = [
  /localgpt\.device\.key/i,
  /\brm\s+-[a-z]*r[a-z]*f?[a-z]*\s+\/(\s|$|\*)/i,
  /\bmkfs(\.\w+)?\b/i,
  /:\(\)\s*\{\s*:\|:&\s*\}\s*;\s*:/,
  /\bchmod\s+(-R\s+)?777\b/,
  /\bsudo\b/,
  /\b(curl|wget)\b[^|]*\|\s*(sudo\s+)?(sh|bash|zsh|python3?)\b/i,
];

/** Why `command` is refused by the filters, or undefined. */
export function checkCommand(command: string, filter?: ToolFilter): string | undefined {
  const hard = HARD_DENY.find((re) => re.test(command));
  if (hard) return `it matches the built-in deny rule ${hard}`;
  if (!filter) return undefined;
  const sub = filter.deny_substrings.find((s) => command.includes(s));
  if (sub) return `it contains "${sub}" (tools.filters.bash.deny_substrings)`;
  const deny = filter.deny_patterns.find((p) => new RegExp(p).test(command));
  if (deny) return `it matches "${deny}" (tools.filters.bash.deny_patterns)`;
  if (
    filter.allow_patterns.length && !filter.allow_patterns.some((p) => new RegExp(p).test(command))
  ) {
    return "it matches none of tools.filters.bash.allow_patterns";
  }
  return undefined;
}

/** Creates the `bash` tool. */
export function createBashTool(options: BashToolOptions): Tool {
  return defineTool<{ command: string; timeout_ms?: number }>({
    name: "bash",
    description: "Run a bash command in the workspace (sandboxed). Returns stdout, stderr and " +
      "the exit code.",
    parameters: {
      type: "object",
      properties: {
        command: { type: "string", minLength: 1, description: "the command line" },
        timeout_ms: { type: "integer", minimum: 100, description: "timeout in milliseconds" },
      },
      required: ["command"],
      additionalProperties: false,
    },
    detail: (a) => a.command,
    async run({ command, timeout_ms }, ctx) {
      const refused = checkCommand(command, options.filter);
      if (refused) throw new Error(`Cannot run the command: ${refused}`);
      const warnings: string[] = [];
      const mentioned = mentionsProtectedFile(command);
      if (mentioned.length) {
        const message = `the command mentions protected file(s): ${mentioned.join(", ")}`;
        if (options.strict) throw new Error(`Cannot run the command: ${message}`);
        warnings.push(`bash: ${message}`);
      }
      let sandbox: Sandbox;
      try {
        sandbox = await options.sandbox();
      } catch (error) {
        throw new Error(
          `Cannot run the command: the sandbox is unavailable (${(error as Error).message})`,
        );
      }
      const r = await sandbox.exec(command, {
        timeoutMs: timeout_ms ?? options.timeoutMs,
        signal: ctx.signal,
      });
      const parts: string[] = [];
      if (r.stdout) parts.push(r.stdout.trimEnd());
      if (r.stderr) parts.push(`STDERR:\n${r.stderr.trimEnd()}`);
      if (ctx.signal?.aborted) parts.push("Command aborted by the user.");
      else if (r.timedOut) {
        parts.push(`Command timed out after ${timeout_ms ?? options.timeoutMs} ms.`);
      }
      if (r.denied) parts.push("Note: the sandbox denied an operation of this command.");
      if (r.denied && r.rootReadOnly) {
        parts.push(
          `Note: the workspace root is read-only to commands here (${r.rootReadOnly}); ` +
            "create and change files inside its folders (e.g. memory/) instead.",
        );
      }
      if (r.code !== 0) parts.push(`Command completed with exit code: ${r.code}`);
      return { text: parts.join("\n") || "(no output)", warnings };
    },
  });
}
