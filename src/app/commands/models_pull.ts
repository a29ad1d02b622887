/** `localgpt models pull [name]`, and the offer to pull the default model when none is found. */
import type { Command } from "commander";
import type { ResolvedConfig } from "../../config/mod.ts";
import type { Fetch, PullResult } from "../../llm/mod.ts";
import type { CliContext } from "../context.ts";
import type { Output } from "../output.ts";
import { printJson } from "../output.ts";
import { createProgress } from "../progress.ts";

const MB = 1_000_000;

/** Options of `pullInto()`. */
export interface PullIntoOptions {
  sha256?: string;
  fetch?: Fetch;
  /** The progress bar's clock (tests). */
  now?: () => number;
}

/** Downloads `spec` (default: the default model) into `providers.local.models_dir` with a progress bar. */
export async function pullInto(
  config: ResolvedConfig,
  output: Output,
  spec: string | undefined,
  options: PullIntoOptions = {},
): Promise<PullResult> {
  const llm = await import("../../llm/mod.ts");
  const model = llm.resolvePullSpec(spec);
  const progress = createProgress(output, options.now);
  // MB for real models, KB for small files (so the bar moves).
  const unit = (total: number) =>
    total >= 10 * MB ? { size: MB, name: "MB" } : { size: 1000, name: "KB" };
  try {
    return await llm.pullModel(model, {
      modelsDir: config.providers.local.models_dir!,
      remoteHost: config.providers.local.remote_host,
      sha256: options.sha256,
      fetch: options.fetch,
      onProgress: (done, total) => {
        const u = unit(total || done);
        progress.update(
          `Downloading ${model.name} (${u.name})`,
          Math.floor(done / u.size),
          Math.ceil((total || done) / u.size),
        );
      },
    });
  } finally {
    progress.end();
  }
}

/** Adds `models pull` under `models`. */
export function registerModelsPull(models: Command, ctx: CliContext): void {
  models
    .command("pull [name]")
    .description("download a GGUF model to run in-process, offline (resumable, sha256-verified)")
    .option("--sha256 <hex>", "expected sha256 of the file (default: pinned or the hub's)")
    .option("--json", "print {name, path, bytes, sha256, resumed_from, already_present}")
    .addHelpText(
      "after",
      "\n[name] is a known model (default: llama-3.2-1b-instruct) or <owner>/<repo>/<file>.gguf " +
        "on Hugging Face (providers.local.remote_host). It is saved as <models_dir>/<name>.gguf " +
        "and used as local/<name>. An interrupted download resumes; a file whose sha256 does " +
        "not match is deleted.\n\nExamples:\n  localgpt models pull\n" +
        "  localgpt models pull Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf",
    )
    .action(async (name: string | undefined, _opts: unknown, command: Command) => {
      // `--json` may land on `models` itself (commander lets parent options follow a subcommand).
      const opts = command.optsWithGlobals<{ sha256?: string; json?: boolean }>();
      const { config } = await ctx.load();
      const result = await pullInto(config, ctx.output, name, { sha256: opts.sha256 });
      if (opts.json) {
        return printJson(ctx.output, {
          name: result.name,
          path: result.path,
          bytes: result.bytes,
          sha256: result.sha256,
          resumed_from: result.resumedFrom,
          already_present: result.alreadyPresent,
        });
      }
      const what = result.alreadyPresent ? "Already present" : "Downloaded";
      ctx.output.out(
        `${what}: ${result.path} (${
          (result.bytes / MB).toFixed(1)
        } MB, sha256 ${result.sha256})\n` +
          `Use it with: localgpt ask -m local/${result.name} "…" ` +
          "(or leave agent.default_model unset: it is detected)\n",
      );
    });
}

/**
 * On a terminal, asks whether to download the default model when no model was found; returns true
 * once it is downloaded (the caller detects again). Answers other than y/yes/empty decline.
 */
export async function offerDefaultModel(
  config: ResolvedConfig,
  output: Output,
  readLine: () => Promise<string | null>,
): Promise<boolean> {
  const { DEFAULT_LOCAL_MODEL, PULLABLE_MODELS } = await import("../../llm/mod.ts");
  const model = PULLABLE_MODELS[DEFAULT_LOCAL_MODEL];
  output.err(
    `No model provider found (no API key, local server or CLI).\n` +
      `Download ${model.description} (${(model.bytes / 1e9).toFixed(1)} GB) into ` +
      `${config.providers.local.models_dir} to run fully offline? [Y/n] `,
  );
  const answer = (await readLine())?.trim().toLowerCase();
  if (answer === null || answer === undefined || !["", "y", "yes"].includes(answer)) return false;
  const result = await pullInto(config, output, DEFAULT_LOCAL_MODEL);
  output.err(`Downloaded ${result.path}\n`);
  return true;
}
