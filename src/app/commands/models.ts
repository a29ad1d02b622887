/** `localgpt models`: the default model, and every configured or detected provider with its models. */
import type { Command } from "commander";
import { errorMessage } from "../../core/mod.ts";
import type { ResolvedConfig } from "../../config/mod.ts";
import type { Detected } from "../../llm/mod.ts";
import type { CliContext } from "../context.ts";
import { baseUrls, type ModelDeps } from "../model.ts";
import { printJson, styles } from "../output.ts";
import { registerModelsPull } from "./models_pull.ts";

/** One provider as `models` reports it. */
export interface ProviderListing {
  /** Provider instance name (a `[providers.<name>]` key or built-in name). */
  name: string;
  /** What model ids for it start with, e.g. `claude-cli` in `claude-cli/opus`. */
  prefix: string;
  source: Detected["source"];
  detail: string;
  models: string[];
  /** Why its models could not be listed. */
  error?: string;
}

/** What `models` prints. */
export interface ModelsReport {
  default_model: string | null;
  default_source: "config" | "detected" | null;
  default_detail: string | null;
  fallback_models: string[];
  providers: ProviderListing[];
  aliases: Record<string, string>;
  /** GGUF files for the embedded provider (`local/<name>`). */
  local_models: { dir: string | null; models: LocalModelListing[] };
}

/** One GGUF file as `models` reports it. */
export interface LocalModelListing {
  id: string;
  path: string;
  bytes: number;
  quantization: string;
  architecture: string | null;
  chat_template: boolean;
  /** Why its header could not be read. */
  error?: string;
}

const LIST_TIMEOUT_MS = 5000;

/** Gathers the report: detection, then each provider's model list (keyed ones are asked). */
export async function modelsReport(
  config: ResolvedConfig,
  vars: Record<string, string | undefined>,
  deps: ModelDeps = {},
): Promise<ModelsReport> {
  const llm = await import("../../llm/mod.ts");
  const detected = await llm.detectProviders({ providers: config.providers, vars, ...deps });
  const registry = llm.createRegistry(config.providers, {
    fetch: deps.fetch,
    vars,
    baseUrls: baseUrls(detected),
  });
  const providers = await Promise.all(detected.map(async (d): Promise<ProviderListing> => {
    const listing: ProviderListing = {
      name: d.provider,
      prefix: llm.displayPrefix(d.provider),
      source: d.source,
      detail: d.detail,
      models: d.models,
    };
    if (d.source !== "key" && d.source !== "cli") return listing;
    try {
      listing.models = await registry.provider(d.provider).listModels(
        AbortSignal.timeout(LIST_TIMEOUT_MS),
      );
    } catch (error) {
      listing.error = errorMessage(error);
    }
    return listing;
  }));
  const dir = config.providers.local.models_dir ?? null;
  const local = (dir ? await llm.listLocalModels(dir) : []).map((m): LocalModelListing => ({
    id: `local/${m.name}`,
    path: m.path,
    bytes: m.bytes,
    quantization: m.quantization,
    architecture: m.architecture ?? null,
    chat_template: m.hasChatTemplate ?? false,
    ...(m.error ? { error: m.error } : {}),
  }));
  const configured = config.agent.default_model;
  const first = detected.find((d) => d.model);
  return {
    default_model: configured ?? first?.model ?? null,
    default_source: configured ? "config" : first ? "detected" : null,
    default_detail: configured ? "agent.default_model" : first?.detail ?? null,
    fallback_models: config.agent.fallback_models,
    providers,
    aliases: llm.MODEL_ALIASES,
    local_models: { dir, models: local },
  };
}

/** Adds `models`. */
export function registerModels(program: Command, ctx: CliContext): void {
  const models = program
    .command("models")
    .description("show the default model and the models of configured and detected providers")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nProviders are found from API keys, [providers.*] tables, local servers (Ollama, " +
        "LM Studio, llama.cpp), CLIs on PATH (claude, gemini, codex) and GGUF files in " +
        "providers.local.models_dir (run in-process; `localgpt models pull` downloads one).\n\n" +
        "Examples:\n  localgpt models\n  localgpt models --json\n  localgpt models pull",
    )
    .action(async (opts: { json?: boolean }) => {
      const { config } = await ctx.load();
      const report = await modelsReport(config, ctx.host.vars);
      if (opts.json) return printJson(ctx.output, report);
      ctx.output.out(await renderReport(report, ctx));
    });
  registerModelsPull(models, ctx);
}

async function renderReport(report: ModelsReport, ctx: CliContext): Promise<string> {
  const s = styles(ctx.output);
  const lines: string[] = [];
  if (report.default_model) {
    const why = report.default_source === "config"
      ? "from config"
      : `detected: ${report.default_detail}`;
    lines.push(`${s.bold("Default model:")} ${report.default_model} ${s.dim(`(${why})`)}`);
  } else {
    const { NO_MODEL_GUIDE } = await import("../../llm/mod.ts");
    lines.push(`${s.bold("Default model:")} none`, NO_MODEL_GUIDE);
  }
  lines.push(
    `${s.bold("Fallbacks:")} ${report.fallback_models.join(", ") || "none"}`,
    "",
    s.bold("Providers"),
  );
  if (!report.providers.length) lines.push("  none configured or detected");
  const width = Math.max(0, ...report.providers.map((p) => p.prefix.length + 1));
  for (const p of report.providers) {
    lines.push(`  ${`${p.prefix}/`.padEnd(width)}  ${s.dim(p.source.padEnd(6))}  ${p.detail}`);
    if (p.error) {
      lines.push(`  ${" ".repeat(width)}  ${s.yellow(`cannot list models: ${p.error}`)}`);
    } else if (p.models.length) {
      const shown = p.models.slice(0, 12).join(", ");
      const more = p.models.length > 12 ? `, … (${p.models.length} in all)` : "";
      lines.push(`  ${" ".repeat(width)}  ${shown}${more}`);
    }
  }
  lines.push(
    "",
    `${s.bold("Local models")} ${
      s.dim(`(${report.local_models.dir ?? "providers.local.models_dir unset"})`)
    }`,
  );
  if (!report.local_models.models.length) {
    lines.push("  none (download one: localgpt models pull)");
  }
  const idWidth = Math.max(0, ...report.local_models.models.map((m) => m.id.length));
  for (const m of report.local_models.models) {
    const size = `${(m.bytes / 1e6).toFixed(1)} MB`.padStart(10);
    const what = m.error
      ? s.yellow(`unreadable: ${m.error}`)
      : `${m.quantization.padEnd(7)}  ${m.architecture ?? ""}${
        m.chat_template ? "" : s.dim(" (no chat template: plain prompts, no tools)")
      }`;
    lines.push(`  ${m.id.padEnd(idWidth)}  ${size}  ${what}`);
  }
  lines.push(
    "",
    `${s.bold("Aliases:")} ${
      Object.entries(report.aliases).map(([a, id]) => `${a} → ${id}`).join(", ")
    }`,
  );
  return lines.join("\n") + "\n";
}
