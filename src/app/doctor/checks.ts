/** `localgpt doctor` checks: each returns pass, warn or fail with a detail and a fix. */
import { dirname, join } from "node:path";
import { errorMessage } from "../../core/mod.ts";
import type { ResolvedConfig, ResolvedPaths } from "../../config/mod.ts";
import { hasFts5, loadVec, openDatabase, sqliteVersion } from "../../store/mod.ts";
import { WORKSPACE_FILES } from "../../memory/mod.ts";
import { embedderFromConfig } from "../memory.ts";
import { daemonRunning } from "../daemon/pid_file.ts";
import type { Detected } from "../../llm/mod.ts";
import type { SearchProviderName } from "../../tools/mod.ts";
import { checkWebSearch } from "./web_search_check.ts";

/** The outcome of one check. */
export interface CheckResult {
  id: string;
  status: "pass" | "warn" | "fail";
  detail: string;
  fix?: string;
}

/** Everything the checks look at; probes are injected so tests control the world. */
export interface DoctorInput {
  config: ResolvedConfig;
  paths: ResolvedPaths;
  configExists: boolean;
  /** Set when the config file failed to load (then `config` holds defaults). */
  configError?: string;
  warnings: string[];
  vars: Record<string, string | undefined>;
  /** Providers found by detection (API keys, [providers.*], local servers, CLIs). */
  detectProviders(): Promise<Detected[]>;
  /** Why a model id cannot be used (unknown provider, …); undefined when it resolves. */
  checkModel(id: string): string | undefined;
  /** Why a web search provider cannot be reached; undefined when it answers. Unset: not probed. */
  probeSearch?(name: SearchProviderName): Promise<string | undefined>;
}

/** Runs every check in order. Never throws: a crashing check becomes a failure. */
export async function runChecks(input: DoctorInput): Promise<CheckResult[]> {
  const checks: [string, (i: DoctorInput) => Promise<CheckResult[]> | CheckResult[]][] = [
    ["config", checkConfig],
    ["directories", checkDirectories],
    ["workspace", checkWorkspace],
    ["sqlite", checkSqlite],
    ["embedding", checkEmbedding],
    ["provider", checkProvider],
    ["web_search", checkWebSearch],
    ["port", checkPort],
  ];
  const results: CheckResult[] = [];
  for (const [id, check] of checks) {
    try {
      results.push(...await check(input));
    } catch (error) {
      results.push({ id, status: "fail", detail: `check crashed: ${errorMessage(error)}` });
    }
  }
  return results;
}

function checkConfig(i: DoctorInput): CheckResult[] {
  const out: CheckResult[] = [];
  if (i.configError) {
    out.push({
      id: "config",
      status: "fail",
      detail: i.configError,
      fix: `fix the file, or check it with: localgpt config validate`,
    });
  } else if (!i.configExists) {
    out.push({
      id: "config",
      status: "warn",
      detail: `no config file at ${i.paths.configFile}; defaults in force`,
      fix: "localgpt init",
    });
  } else out.push({ id: "config", status: "pass", detail: `${i.paths.configFile} is valid` });
  for (const w of i.warnings) out.push({ id: "config", status: "warn", detail: w });
  return out;
}

async function checkDirectories(i: DoctorInput): Promise<CheckResult[]> {
  const dirs: [string, string][] = [
    ["config dir", i.paths.configDir],
    ["data dir", i.paths.dataDir],
    ["state dir", i.paths.stateDir],
    ["cache dir", i.paths.cacheDir],
  ];
  const problems: CheckResult[] = [];
  const missing: string[] = [];
  for (const [label, dir] of dirs) {
    const existing = await nearestExisting(dir);
    if (existing !== dir) missing.push(label);
    if (!(await isWritable(existing))) {
      problems.push({
        id: "directories",
        status: "fail",
        detail: `${label} ${dir} is not writable`,
        fix: `check the permissions of ${existing}`,
      });
    }
  }
  if (problems.length) return problems;
  if (missing.length) {
    return [{
      id: "directories",
      status: "warn",
      detail: `not created yet: ${missing.join(", ")}`,
      fix: "localgpt init",
    }];
  }
  return [{
    id: "directories",
    status: "pass",
    detail: "config, data, state and cache dirs are writable",
  }];
}

async function checkWorkspace(i: DoctorInput): Promise<CheckResult[]> {
  const ws = i.paths.workspace;
  const stat = await Deno.stat(ws).catch(() => null);
  if (!stat?.isDirectory) {
    return [{
      id: "workspace",
      status: "warn",
      detail: `no workspace at ${ws}`,
      fix: "localgpt init",
    }];
  }
  const missing: string[] = [];
  for (const name of WORKSPACE_FILES) {
    if (name.startsWith(".")) continue;
    if (!(await Deno.stat(join(ws, name)).catch(() => null))) missing.push(name);
  }
  if (missing.length) {
    return [{
      id: "workspace",
      status: "warn",
      detail: `${ws} lacks ${missing.join(", ")}`,
      fix: "localgpt init (adds missing files, never overwrites)",
    }];
  }
  return [{ id: "workspace", status: "pass", detail: ws }];
}

async function checkSqlite(i: DoctorInput): Promise<CheckResult[]> {
  const db = openDatabase(":memory:");
  try {
    const version = sqliteVersion(db);
    const out: CheckResult[] = [
      hasFts5(db) ? { id: "sqlite", status: "pass", detail: `SQLite ${version} with FTS5` } : {
        id: "sqlite",
        status: "fail",
        detail: `SQLite ${version} lacks FTS5: keyword search cannot work`,
      },
    ];
    try {
      const vec = await loadVec(db, i.paths.nativeDir);
      out.push({ id: "sqlite-vec", status: "pass", detail: `sqlite-vec ${vec} loads` });
    } catch (error) {
      out.push({
        id: "sqlite-vec",
        status: "warn",
        detail: `sqlite-vec does not load (memory search falls back to keywords): ${
          errorMessage(error)
        }`,
        fix: "reinstall LocalGPT for this platform",
      });
    }
    return out;
  } finally {
    db.close();
  }
}

/** Memory search mode: hybrid when the embedding model loads, else keyword with the reason. */
async function checkEmbedding(i: DoctorInput): Promise<CheckResult[]> {
  const id = "embedding";
  if (i.config.memory.backend !== "sqlite") {
    return [{
      id,
      status: "pass",
      detail: `memory index off (memory.backend = ${i.config.memory.backend})`,
    }];
  }
  const embedder = embedderFromConfig(i.config, i.paths, { home: i.vars.HOME ?? "" });
  if (!embedder) {
    return [{
      id,
      status: "warn",
      detail: "mode: keyword (memory.embedding.provider = none)",
      fix: "localgpt config set memory.embedding.provider local",
    }];
  }
  const status = await embedder.check();
  if (!status.ok && status.downloadable) {
    return [{
      id,
      status: "warn",
      detail: `mode: keyword until ${embedder.key} is downloaded (${status.reason})`,
      fix: "localgpt memory reindex (downloads the model once)",
    }];
  }
  if (!status.ok) {
    return [{
      id,
      status: "warn",
      detail: `mode: keyword (${status.reason})`,
      fix: "set memory.embedding.model_dir to a folder holding the model, or allow_download = true",
    }];
  }
  if (embedder.provider !== "local") {
    return [{ id, status: "pass", detail: `mode: hybrid (${embedder.key}, not probed)` }];
  }
  try {
    const [vector] = await embedder.embed(["doctor"]);
    return [{
      id,
      status: "pass",
      detail: `mode: hybrid (${embedder.key}, ${vector.length} dims)`,
    }];
  } catch (error) {
    return [{
      id,
      status: "warn",
      detail: `mode: keyword (${errorMessage(error)})`,
      fix: "reinstall the model: delete its folder and run localgpt memory reindex",
    }];
  }
}

async function checkProvider(i: DoctorInput): Promise<CheckResult[]> {
  const model = i.config.agent.default_model;
  if (model) {
    const problem = i.checkModel(model);
    return problem
      ? [{
        id: "provider",
        status: "fail",
        detail: problem,
        fix: "localgpt config set agent.default_model <provider/model>  (see: localgpt models)",
      }]
      : [{ id: "provider", status: "pass", detail: `default model ${model}` }];
  }
  const found = await i.detectProviders();
  const usable = found.find((d) => d.model);
  if (usable) {
    return [{
      id: "provider",
      status: "pass",
      detail: `no default_model; would use ${usable.model} (${usable.detail}); found ${
        found.map((d) => d.provider).join(", ")
      }`,
    }];
  }
  return [{
    id: "provider",
    status: "fail",
    detail: found.length
      ? `no usable model: ${found.map((d) => d.detail).join("; ")}`
      : "no model provider configured or detected",
    fix: "export ANTHROPIC_API_KEY or OPENAI_API_KEY, start Ollama or LM Studio, " +
      "or set agent.default_model (see: localgpt models)",
  }];
}

async function checkPort(i: DoctorInput): Promise<CheckResult[]> {
  const { enabled, bind, port } = i.config.server;
  if (!enabled) return [{ id: "port", status: "pass", detail: "HTTP server disabled" }];
  try {
    const listener = Deno.listen({ hostname: bind, port });
    listener.close();
    return [{ id: "port", status: "pass", detail: `${bind}:${port} is free` }];
  } catch (error) {
    const daemon = error instanceof Deno.errors.AddrInUse
      ? await daemonRunning(i.paths.pidFile)
      : undefined;
    if (daemon) {
      return [{
        id: "port",
        status: "pass",
        detail: `${bind}:${port} is used by the running daemon (pid ${daemon.pid})`,
      }];
    }
    return [{
      id: "port",
      status: "fail",
      detail: `cannot listen on ${bind}:${port}: ${errorMessage(error)}`,
      fix: "localgpt config set server.port <another port>",
    }];
  }
}

async function nearestExisting(dir: string): Promise<string> {
  let current = dir;
  while (!(await Deno.stat(current).catch(() => null))) {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

async function isWritable(dir: string): Promise<boolean> {
  const probe = join(dir, `.localgpt-doctor-${crypto.randomUUID().slice(0, 8)}`);
  try {
    await Deno.writeTextFile(probe, "", { createNew: true });
    await Deno.remove(probe);
    return true;
  } catch {
    return false;
  }
}
