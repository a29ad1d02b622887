/** The Tool contract and `defineTool()`: argument validation, output truncation and wrapping. */
import { ToolInputError } from "../core/mod.ts";
import { type BoundaryKind, guardContent } from "../security/mod.ts";
import { type JsonSchema, validateSchema } from "./_schema.ts";

/** Per-call context handed to a tool by the agent loop. */
export interface ToolContext {
  /** Aborting cancels the tool (the shell command is killed, the download stopped). */
  signal?: AbortSignal;
  /** Characters of output kept for the model (config `tools.tool_output_max_chars`; default 50000). */
  maxOutputChars?: number;
  /** Wrap output in `<tool_output>` boundaries (config `tools.use_content_delimiters`; default true). */
  delimiters?: boolean;
}

/** What a tool's `run` may return besides plain text. */
export interface ToolOutput {
  text: string;
  /** Boundary to wrap the text in (default `tool_output`; `external_content` for web pages). */
  boundary?: BoundaryKind;
  /** Warnings for the user (e.g. a protected file mentioned in a command). */
  warnings?: string[];
}

/** The result the model sees, with the warnings the user should see. */
export interface ToolResult {
  content: string;
  warnings: string[];
  truncated: boolean;
}

/**
 * A tool the model can call. `execute()` validates the arguments (throws ToolInputError), runs,
 * and returns truncated, sanitised, wrapped output; it throws when the tool fails.
 */
export interface Tool {
  /** snake_case name the model calls. */
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the arguments object. */
  readonly parameters: JsonSchema;
  execute(args: unknown, ctx?: ToolContext): Promise<ToolResult>;
  /** A short human summary of a call for activity lines (e.g. the command). */
  detail(args: unknown): string;
}

/** What `defineTool()` takes: the spec plus a `run` that gets already-validated arguments. */
export interface ToolDefinition<A> {
  name: string;
  description: string;
  parameters: JsonSchema & { type: "object" };
  run(args: A, ctx: ToolContext): Promise<string | ToolOutput>;
  /** Activity summary; default: the first string argument. */
  detail?(args: A): string;
}

/** Default output cap in characters. */
export const DEFAULT_MAX_OUTPUT_CHARS = 50_000;

/** The note ending cut output; it tells the model how to see the rest. */
export function truncationNote(omitted: number): string {
  return `[...truncated ${omitted} characters. Use read_file with offset to see more.]`;
}

/** Cuts `text` to `max` characters and appends the truncation note when it was longer. */
export function truncateOutput(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  return { text: `${text.slice(0, max)}\n${truncationNote(text.length - max)}`, truncated: true };
}

/** Builds a Tool: validates arguments against `parameters` and truncates and wraps output. */
export function defineTool<A>(definition: ToolDefinition<A>): Tool {
  const { name } = definition;
  return {
    name,
    description: definition.description,
    parameters: definition.parameters,
    detail(args) {
      try {
        if (definition.detail) return oneLine(definition.detail(args as A));
      } catch {
        // A detail for bad arguments falls back to the generic one.
      }
      const first = typeof args === "object" && args !== null
        ? Object.values(args).find((v) => typeof v === "string")
        : undefined;
      return oneLine(typeof first === "string" ? first : "");
    },
    async execute(args, ctx = {}) {
      const issues = validateSchema(args ?? {}, definition.parameters);
      if (issues.length) throw new ToolInputError(name, issues);
      const out = await definition.run((args ?? {}) as A, ctx);
      const output: ToolOutput = typeof out === "string" ? { text: out } : out;
      const cut = truncateOutput(output.text, ctx.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS);
      const boundary = output.boundary ?? "tool_output";
      const guarded = guardContent(boundary, cut.text, `tool:${name}`, { tool: name });
      return {
        content: ctx.delimiters === false && boundary === "tool_output"
          ? stripWrap(guarded.text, boundary)
          : guarded.text,
        warnings: [...(output.warnings ?? []), ...guarded.warnings],
        truncated: cut.truncated,
      };
    },
  };
}

function stripWrap(text: string, kind: string): string {
  const open = text.indexOf(">\n");
  const close = text.lastIndexOf(`\n</${kind}>`);
  return open >= 0 && close > open ? text.slice(open + 2, close) : text;
}

function oneLine(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}
