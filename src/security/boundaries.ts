/** Content boundaries: untrusted data goes inside tags that the data itself cannot close. */
import { sanitizeContent } from "./sanitize.ts";

/** The three boundary tags of the reference. */
export type BoundaryKind = "tool_output" | "memory_context" | "external_content";

/** Every boundary tag name. */
export const BOUNDARY_TAGS: readonly BoundaryKind[] = [
  "tool_output",
  "memory_context",
  "external_content",
];

const TAG_RE = /<(\s*\/?\s*)(tool_output|memory_context|external_content)(?![a-z0-9_])/gi;

/** Neutralises any opening or closing boundary tag inside data (`<` becomes `&lt;`). */
export function escapeBoundaries(text: string): string {
  return text.replace(TAG_RE, "&lt;$1$2");
}

/** Wraps data in a boundary tag; attribute values are quoted and escaped. */
export function wrapContent(
  kind: BoundaryKind,
  text: string,
  attrs: Record<string, string> = {},
): string {
  const attrText = Object.entries(attrs)
    .map(([k, v]) => ` ${k.replace(/[^a-z0-9_-]/gi, "")}="${escapeAttr(v)}"`)
    .join("");
  return `<${kind}${attrText}>\n${escapeBoundaries(text)}\n</${kind}>`;
}

function escapeAttr(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

/** Sanitises untrusted content and wraps it: the one call tools and prompts use. */
export function guardContent(
  kind: BoundaryKind,
  text: string,
  source: string,
  attrs: Record<string, string> = {},
): { text: string; warnings: string[] } {
  const clean = sanitizeContent(text, source);
  return { text: wrapContent(kind, clean.text, attrs), warnings: clean.warnings };
}
