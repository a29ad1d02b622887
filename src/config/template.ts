/** The commented config.toml written by `localgpt init` and `config init`, generated from the schema. */
import { formatDuration, type Node, type Section } from "./_schema_kit.ts";
import { SCHEMA } from "./schema.ts";

const HEADER = `# LocalGPT configuration.
#
# Every key is optional: a commented line shows the default. Uncomment and edit to change it,
# or use \`localgpt config set <key> <value>\` (comments and layout are kept).
# A value written as "\${NAME}" (or "\${NAME:-fallback}") is read from the environment.
# Check this file with \`localgpt config validate\`.
`;

const PROVIDERS = `# ----------------------------------------------------------------------------
# Providers. API keys fall back to ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY,
# XAI_API_KEY, GLM_API_KEY and OPENROUTER_API_KEY when not set here.
#
# [providers.anthropic]
# api_key = "\${ANTHROPIC_API_KEY}"
# native_web_search = false   # offer Anthropic's server-side web search tool
#
# [providers.openai]
# api_key = "\${OPENAI_API_KEY}"
# base_url = "https://api.openai.com/v1"
#
# [providers.ollama]
# endpoint = "http://localhost:11434"
#
# A local OpenAI-compatible server (LM Studio, llama.cpp's llama-server, vLLM, llamafile):
# [providers.openai_compatible]
# base_url = "http://127.0.0.1:1234/v1"
# and use it with: default_model = "openai-compatible/<model name>"
#
# Or give it a name of its own, then use "lmstudio/<model name>":
# [providers.lmstudio]
# type = "openai_compatible"
# base_url = "http://127.0.0.1:1234/v1"
`;

/** Renders the template. */
export function configTemplate(): string {
  const out: string[] = [HEADER];
  for (const [name, node] of Object.entries(SCHEMA.fields)) {
    if (name === "providers") {
      out.push(PROVIDERS);
      continue;
    }
    renderNode(out, [name], node);
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

function renderNode(out: string[], path: string[], node: Node): void {
  if (node.kind === "section") renderSection(out, path, node);
  else if (node.kind === "array") renderArray(out, path, node.item, node.doc);
}

function renderSection(out: string[], path: string[], section: Section): void {
  if (!hasSupportedField(section)) return;
  out.push("", `[${path.join(".")}]`);
  const nested: [string, Node][] = [];
  for (const [name, node] of Object.entries(section.fields)) {
    if (node.kind === "field" && node.compat) continue;
    if (node.kind !== "field") {
      nested.push([name, node]);
      continue;
    }
    out.push(`# ${node.doc}`);
    out.push(`# ${name} = ${defaultLiteral(node.value, node.default)}`);
  }
  for (const [name, node] of nested) renderNode(out, [...path, name], node);
}

// Keys kept only so the original LocalGPT's config files load are left out of the template.
function hasSupportedField(section: Section): boolean {
  return Object.values(section.fields).some((node) =>
    node.kind === "field" ? !node.compat : node.kind === "section" ? hasSupportedField(node) : true
  );
}

function renderArray(out: string[], path: string[], item: Section, doc?: string): void {
  out.push("", `# ${doc ?? path.join(".")} (repeat the block for more):`);
  out.push(`# [[${path.join(".")}]]`);
  for (const [name, node] of Object.entries(item.fields)) {
    if (node.kind !== "field") continue;
    out.push(`# ${name} = ${defaultLiteral(node.value, node.default)}  # ${node.doc}`);
  }
}

function defaultLiteral(kind: string, value: unknown): string {
  if (value === undefined) return kind === "int" || kind === "float" ? "0" : '""';
  if (kind === "duration") return JSON.stringify(formatDuration(value as number));
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
  if (typeof value === "object" && value !== null) return "{}";
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}
