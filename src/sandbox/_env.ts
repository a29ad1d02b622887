/** The environment a command sees: a short allow-list, never the program's secrets. */

const KEEP = [
  "PATH",
  "HOME",
  "LANG",
  "LC_ALL",
  "LC_CTYPE",
  "TERM",
  "TZ",
  "USER",
  "LOGNAME",
  "SHELL",
];

/** Picks the allow-listed variables from `vars` (API keys and tokens never pass). */
export function commandEnv(vars: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of KEEP) {
    const value = vars[key];
    if (value !== undefined) env[key] = value;
  }
  env.PATH ??= "/usr/local/bin:/usr/bin:/bin";
  return env;
}
