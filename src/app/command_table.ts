/**
 * The commands of the CLI, one row each: the name typed on the command line → the module that
 * registers it (relative to src/app/) and the function it exports for that. The order is the
 * order of `localgpt --help`. cli.ts imports only the row's module of the command being run;
 * compile.ts embeds every module listed here. This file imports nothing.
 */
export const COMMAND_TABLE: Readonly<Record<string, readonly [module: string, register: string]>> =
  {
    chat: ["commands/chat.ts", "registerChat"],
    ask: ["commands/ask.ts", "registerAsk"],
    init: ["commands/init.ts", "registerInit"],
    paths: ["commands/paths.ts", "registerPaths"],
    config: ["commands/config.ts", "registerConfig"],
    doctor: ["commands/doctor.ts", "registerDoctor"],
    memory: ["commands/memory.ts", "registerMemory"],
    skills: ["commands/skills.ts", "registerSkills"],
    sessions: ["commands/sessions.ts", "registerSessions"],
    models: ["commands/models.ts", "registerModels"],
    sandbox: ["commands/sandbox.ts", "registerSandbox"],
    md: ["commands/md.ts", "registerMd"],
    daemon: ["commands/daemon.ts", "registerDaemon"],
    cron: ["commands/cron.ts", "registerCron"],
    telegram: ["commands/telegram.ts", "registerTelegram"],
    search: ["commands/search.ts", "registerSearch"],
  };
