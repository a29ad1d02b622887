/** Domain errors, one class per decision a caller has to make. Each keeps `cause` and has `toJSON()`. */

/** One problem found in a config file, located by key path and (when known) line. */
export interface ConfigProblem {
  /** Dotted key path, e.g. `agent.context_window`; empty for file-level problems. */
  key: string;
  /** 1-based line in the file, when it could be located. */
  line?: number;
  message: string;
}

/** The user's configuration must be fixed: lists every problem, not only the first. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly file?: string;
  readonly problems: ConfigProblem[];

  constructor(
    problems: ConfigProblem[],
    options: { file?: string; action?: string; cause?: unknown } = {},
  ) {
    super(formatConfigProblems(problems, options), { cause: options.cause });
    this.file = options.file;
    this.problems = problems;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, file: this.file, problems: this.problems };
  }
}

function formatConfigProblems(
  problems: ConfigProblem[],
  options: { file?: string; action?: string },
): string {
  const head = `${options.action ?? "Cannot load config"}${
    options.file ? ` "${options.file}"` : ""
  }`;
  const lines = problems.map((p) => {
    const where = [p.line ? `line ${p.line}` : "", p.key ? `"${p.key}"` : ""].filter(Boolean)
      .join(": ");
    return where ? `${where}: ${p.message}` : p.message;
  });
  if (lines.length === 1) return `${head}: ${lines[0]}`;
  return `${head}: ${lines.length} problems\n${lines.map((l) => `  - ${l}`).join("\n")}`;
}

/** What went wrong talking to a model provider; decides retry and fallback. */
export type ProviderErrorKind =
  | "auth"
  | "rate_limit"
  | "context_overflow"
  | "network"
  | "server"
  | "invalid_request"
  | "aborted";

/** A provider call failed; `retryable` tells the caller whether to try again. */
export class ProviderError extends Error {
  override name = "ProviderError";
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  /** Milliseconds the server asked us to wait (retry-after), when given. */
  readonly retryAfterMs?: number;

  constructor(
    kind: ProviderErrorKind,
    message: string,
    options: { retryable?: boolean; status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.kind = kind;
    this.retryable = options.retryable ??
      (kind === "rate_limit" || kind === "network" || kind === "server");
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

/** The sandbox refused an operation (policy or capability); not retryable as is. */
export class SandboxDeniedError extends Error {
  override name = "SandboxDeniedError";
  readonly reason: string;

  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`Sandbox denied: ${reason}`, { cause: options.cause });
    this.reason = reason;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, reason: this.reason };
  }
}

/** A tool was called with arguments that do not fit its schema; the model should fix the call. */
export class ToolInputError extends Error {
  override name = "ToolInputError";
  readonly tool: string;
  readonly issues: string[];

  constructor(tool: string, issues: string[], options: { cause?: unknown } = {}) {
    super(`Invalid arguments for tool "${tool}": ${issues.join("; ")}`, { cause: options.cause });
    this.tool = tool;
    this.issues = issues;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, tool: this.tool, issues: this.issues };
  }
}

/** A command-line usage problem (bad flag value, missing argument): exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}

/** Renders any thrown value as a one-line message for a human. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
