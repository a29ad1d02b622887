import assert from "node:assert/strict";
import { type HostEnv, resolvePaths } from "../../src/config/mod.ts";

const linux = (vars: Record<string, string> = {}): HostEnv => ({
  vars,
  os: "linux",
  home: "/home/ada",
});

Deno.test("resolvePaths() uses XDG defaults under the home dir on Linux", () => {
  const { paths, warnings } = resolvePaths({ host: linux() });
  assert.equal(paths.configFile, "/home/ada/.config/localgpt/config.toml");
  assert.equal(paths.workspace, "/home/ada/.local/share/localgpt/workspace");
  assert.equal(paths.deviceKey, "/home/ada/.local/share/localgpt/localgpt.device.key");
  assert.equal(paths.sessionsDir, "/home/ada/.local/state/localgpt/agents/main/sessions");
  assert.equal(paths.pidFile, "/home/ada/.local/state/localgpt/daemon.pid");
  assert.equal(paths.memoryIndex, "/home/ada/.cache/localgpt/memory/main.sqlite");
  assert.equal(paths.modelsDir, "/home/ada/.cache/localgpt/models");
  assert.deepEqual(warnings, []);
});

Deno.test("resolvePaths() honours XDG_*_HOME variables", () => {
  const { paths } = resolvePaths({
    host: linux({
      XDG_CONFIG_HOME: "/x/config",
      XDG_DATA_HOME: "/x/data",
      XDG_STATE_HOME: "/x/state",
      XDG_CACHE_HOME: "/x/cache",
    }),
  });
  assert.equal(paths.configDir, "/x/config/localgpt");
  assert.equal(paths.dataDir, "/x/data/localgpt");
  assert.equal(paths.stateDir, "/x/state/localgpt");
  assert.equal(paths.cacheDir, "/x/cache/localgpt");
});

Deno.test("resolvePaths() lets LOCALGPT_*_DIR win over XDG", () => {
  const { paths } = resolvePaths({
    host: linux({
      XDG_CONFIG_HOME: "/x/config",
      LOCALGPT_CONFIG_DIR: "/o/c",
      LOCALGPT_DATA_DIR: "/o/d",
      LOCALGPT_STATE_DIR: "/o/s",
      LOCALGPT_CACHE_DIR: "/o/k",
    }),
  });
  assert.equal(paths.configFile, "/o/c/config.toml");
  assert.equal(paths.workspace, "/o/d/workspace");
  assert.equal(paths.auditLog, "/o/s/localgpt.audit.jsonl");
  assert.equal(paths.memoryIndex, "/o/k/memory/main.sqlite");
});

Deno.test("resolvePaths() ignores a relative LOCALGPT_DATA_DIR with a warning", () => {
  const { paths, warnings } = resolvePaths({ host: linux({ LOCALGPT_DATA_DIR: "rel/data" }) });
  assert.equal(paths.dataDir, "/home/ada/.local/share/localgpt");
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /LOCALGPT_DATA_DIR="rel\/data"/);
});

Deno.test("resolvePaths() suffixes every dir with the profile", () => {
  const { paths } = resolvePaths({ host: linux(), profile: "work" });
  assert.equal(paths.configDir, "/home/ada/.config/localgpt-work");
  assert.equal(paths.dataDir, "/home/ada/.local/share/localgpt-work");
  assert.equal(paths.stateDir, "/home/ada/.local/state/localgpt-work");
  assert.equal(paths.cacheDir, "/home/ada/.cache/localgpt-work");
});

Deno.test("resolvePaths() adds no suffix for the profile named default", () => {
  const { paths } = resolvePaths({ host: linux(), profile: "default" });
  assert.equal(paths.configDir, "/home/ada/.config/localgpt");
});

Deno.test("resolvePaths() names the session dir and memory index after the agent", () => {
  const { paths } = resolvePaths({ host: linux(), agent: "coder" });
  assert.equal(paths.sessionsDir, "/home/ada/.local/state/localgpt/agents/coder/sessions");
  assert.equal(paths.memoryIndex, "/home/ada/.cache/localgpt/memory/coder.sqlite");
});

Deno.test("resolvePaths() takes LOCALGPT_WORKSPACE over memory.workspace", () => {
  const fromConfig = resolvePaths({ host: linux(), configWorkspace: "~/notes" });
  assert.equal(fromConfig.paths.workspace, "/home/ada/notes");
  const fromEnv = resolvePaths({
    host: linux({ LOCALGPT_WORKSPACE: "/srv/ws" }),
    configWorkspace: "~/notes",
  });
  assert.equal(fromEnv.paths.workspace, "/srv/ws");
});

Deno.test("resolvePaths() expands ~ in an explicit config file", () => {
  const { paths } = resolvePaths({ host: linux(), configFile: "~/my.toml" });
  assert.equal(paths.configFile, "/home/ada/my.toml");
});

Deno.test("resolvePaths() uses Application Support and Caches on macOS", () => {
  const { paths } = resolvePaths({ host: { vars: {}, os: "darwin", home: "/Users/ada" } });
  assert.equal(paths.configFile, "/Users/ada/Library/Application Support/localgpt/config.toml");
  assert.equal(paths.workspace, "/Users/ada/Library/Application Support/localgpt/data/workspace");
  assert.equal(paths.stateDir, "/Users/ada/Library/Application Support/localgpt/state");
  assert.equal(paths.cacheDir, "/Users/ada/Library/Caches/localgpt");
});

Deno.test("resolvePaths() honours XDG variables on macOS when set", () => {
  const { paths } = resolvePaths({
    host: { vars: { XDG_CONFIG_HOME: "/Users/ada/.config" }, os: "darwin", home: "/Users/ada" },
  });
  assert.equal(paths.configDir, "/Users/ada/.config/localgpt");
  assert.equal(paths.cacheDir, "/Users/ada/Library/Caches/localgpt");
});

Deno.test("resolvePaths() uses APPDATA and LOCALAPPDATA on Windows", () => {
  const { paths } = resolvePaths({
    host: {
      vars: {
        APPDATA: "C:\\Users\\ada\\AppData\\Roaming",
        LOCALAPPDATA: "C:\\Users\\ada\\AppData\\Local",
      },
      os: "windows",
      home: "C:\\Users\\ada",
    },
    profile: "work",
  });
  assert.equal(
    paths.configFile,
    "C:\\Users\\ada\\AppData\\Roaming\\localgpt-work\\config\\config.toml",
  );
  assert.equal(paths.workspace, "C:\\Users\\ada\\AppData\\Roaming\\localgpt-work\\data\\workspace");
  assert.equal(paths.stateDir, "C:\\Users\\ada\\AppData\\Local\\localgpt-work\\state");
  assert.equal(paths.cacheDir, "C:\\Users\\ada\\AppData\\Local\\localgpt-work\\cache");
});

Deno.test("resolvePaths() falls back to the profile folder on Windows without APPDATA", () => {
  const { paths } = resolvePaths({ host: { vars: {}, os: "windows", home: "C:\\Users\\ada" } });
  assert.equal(paths.configDir, "C:\\Users\\ada\\AppData\\Roaming\\localgpt\\config");
});

Deno.test("resolvePaths() accepts a Windows absolute LOCALGPT_STATE_DIR and rejects a POSIX one", () => {
  const host = (v: string): HostEnv => ({
    vars: { LOCALGPT_STATE_DIR: v },
    os: "windows",
    home: "C:\\Users\\ada",
  });
  assert.equal(resolvePaths({ host: host("D:\\lg\\state") }).paths.stateDir, "D:\\lg\\state");
  assert.equal(resolvePaths({ host: host("state") }).warnings.length, 1);
});
