/** Finding executables on PATH, for CLI providers and default-model detection. */
import { join } from "node:path";

/** Finds an executable on PATH (honouring PATHEXT on Windows); undefined when absent. */
export function findOnPath(
  command: string,
  vars: Record<string, string | undefined>,
): string | undefined {
  const windows = (vars.OS ?? "").toLowerCase().includes("windows");
  const sep = windows ? ";" : ":";
  const exts = windows ? (vars.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  const candidates = command.includes("/")
    ? [command]
    : (vars.PATH ?? "").split(sep).filter(Boolean)
      .flatMap((dir) => exts.map((ext) => join(dir, command + ext)));
  for (const candidate of candidates) {
    try {
      const stat = Deno.statSync(candidate);
      if (stat.isFile && (windows || ((stat.mode ?? 0o111) & 0o111) !== 0)) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
