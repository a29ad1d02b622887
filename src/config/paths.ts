/** Directory resolution: LOCALGPT_* overrides, then XDG (or the platform's equivalent), per profile. */
import { posix, win32 } from "node:path";
import type { HostEnv } from "./env.ts";

/** Every directory and file the program uses. `localgpt paths` prints all of them. */
export interface ResolvedPaths {
  configDir: string;
  configFile: string;
  dataDir: string;
  workspace: string;
  deviceKey: string;
  skillsDir: string;
  stateDir: string;
  agentDir: string;
  sessionsDir: string;
  logsDir: string;
  logFile: string;
  auditLog: string;
  pidFile: string;
  workspaceLock: string;
  heartbeatState: string;
  /** Web search usage: queries, cache hits, estimated cost. */
  searchStats: string;
  cronState: string;
  cacheDir: string;
  memoryIndex: string;
  modelsDir: string;
  nativeDir: string;
}

/** Input to `resolvePaths()`; all of it injected so the function is pure. */
export interface PathsOptions {
  host: HostEnv;
  /** Profile name; `default` or empty means no suffix. */
  profile?: string;
  /** Agent id (default `main`): names the session and memory-index namespace. */
  agent?: string;
  /** `-c/--config` or `LOCALGPT_CONFIG`: an explicit config file. */
  configFile?: string;
  /** The deprecated `memory.workspace` config key (after `~` expansion). */
  configWorkspace?: string;
}

/** The result of `resolvePaths()`: the paths plus warnings about ignored overrides. */
export interface PathsResult {
  paths: ResolvedPaths;
  warnings: string[];
}

const APP = "localgpt";

/** Resolves every path the program uses, without touching the filesystem. */
export function resolvePaths(options: PathsOptions): PathsResult {
  const { host } = options;
  const path = host.os === "windows" ? win32 : posix;
  const warnings: string[] = [];
  const suffix = profileSuffix(options.profile);
  const base = baseDirs(host, path, `${APP}${suffix}`);

  const override = (name: string, fallback: string): string => {
    const value = host.vars[name];
    if (value === undefined || value === "") return fallback;
    if (!path.isAbsolute(value)) {
      warnings.push(`Ignoring ${name}="${value}": not an absolute path`);
      return fallback;
    }
    return path.normalize(value);
  };

  const configDir = override("LOCALGPT_CONFIG_DIR", base.config);
  const dataDir = override("LOCALGPT_DATA_DIR", base.data);
  const stateDir = override("LOCALGPT_STATE_DIR", base.state);
  const cacheDir = override("LOCALGPT_CACHE_DIR", base.cache);
  const agent = options.agent || "main";

  let workspace = path.join(dataDir, "workspace");
  if (options.configWorkspace) {
    workspace = path.resolve(expandHome(options.configWorkspace, host.home, path));
  }
  workspace = override("LOCALGPT_WORKSPACE", workspace);

  let configFile = path.join(configDir, "config.toml");
  if (options.configFile) {
    configFile = path.resolve(expandHome(options.configFile, host.home, path));
  }

  const agentDir = path.join(stateDir, "agents", agent);
  const logsDir = path.join(stateDir, "logs");
  return {
    warnings,
    paths: {
      configDir,
      configFile,
      dataDir,
      workspace,
      deviceKey: path.join(dataDir, "localgpt.device.key"),
      skillsDir: path.join(dataDir, "skills"),
      stateDir,
      agentDir,
      sessionsDir: path.join(agentDir, "sessions"),
      logsDir,
      logFile: path.join(logsDir, "agent.log"),
      auditLog: path.join(stateDir, "localgpt.audit.jsonl"),
      pidFile: path.join(stateDir, "daemon.pid"),
      workspaceLock: path.join(stateDir, "workspace.lock"),
      heartbeatState: path.join(stateDir, "last_heartbeat"),
      searchStats: path.join(stateDir, "search_stats.json"),
      cronState: path.join(stateDir, "cron_state.json"),
      cacheDir,
      memoryIndex: path.join(cacheDir, "memory", `${agent}.sqlite`),
      modelsDir: path.join(cacheDir, "models"),
      nativeDir: path.join(cacheDir, "native"),
    },
  };
}

/** `-work` for profile `work`; nothing for no profile or `default`. */
export function profileSuffix(profile: string | undefined): string {
  if (!profile || profile === "default") return "";
  return `-${profile}`;
}

/** Checks a profile or agent name: letters, digits, `-`, `_`, `.`; not starting with a dot. */
export function isValidName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(name);
}

/** Expands a leading `~` to the home directory. */
export function expandHome(value: string, home: string, path = posix): string {
  if (value === "~") return home;
  if (value.startsWith("~/") || value.startsWith("~\\")) return path.join(home, value.slice(2));
  return value;
}

interface BaseDirs {
  config: string;
  data: string;
  state: string;
  cache: string;
}

function baseDirs(host: HostEnv, path: typeof posix, app: string): BaseDirs {
  const { vars, home } = host;
  const xdg = (name: string, fallback: string): string => {
    const value = vars[name];
    return value && path.isAbsolute(value) ? value : fallback;
  };
  if (host.os === "windows") {
    const roaming = vars.APPDATA || path.join(home, "AppData", "Roaming");
    const local = vars.LOCALAPPDATA || path.join(home, "AppData", "Local");
    return {
      config: path.join(roaming, app, "config"),
      data: path.join(roaming, app, "data"),
      state: path.join(local, app, "state"),
      cache: path.join(local, app, "cache"),
    };
  }
  if (host.os === "darwin") {
    // XDG variables win on macOS too when the user set them; otherwise Apple's locations.
    const fromXdg = (name: string): string | undefined => {
      const value = vars[name];
      return value && path.isAbsolute(value) ? path.join(value, app) : undefined;
    };
    const support = path.join(home, "Library", "Application Support", app);
    return {
      config: fromXdg("XDG_CONFIG_HOME") ?? support,
      data: fromXdg("XDG_DATA_HOME") ?? path.join(support, "data"),
      state: fromXdg("XDG_STATE_HOME") ?? path.join(support, "state"),
      cache: fromXdg("XDG_CACHE_HOME") ?? path.join(home, "Library", "Caches", app),
    };
  }
  return {
    config: path.join(xdg("XDG_CONFIG_HOME", path.join(home, ".config")), app),
    data: path.join(xdg("XDG_DATA_HOME", path.join(home, ".local", "share")), app),
    state: path.join(xdg("XDG_STATE_HOME", path.join(home, ".local", "state")), app),
    cache: path.join(xdg("XDG_CACHE_HOME", path.join(home, ".cache")), app),
  };
}
