/** `/attach`: images become image parts; text files are appended under `**Attached files:**`. */
import { basename, extname, resolve } from "node:path";
import { errorMessage, type ImagePart, type TextPart } from "../../core/mod.ts";

const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
};

/** A pending attachment. */
export type Attachment =
  | { kind: "image"; name: string; part: ImagePart }
  | { kind: "text"; name: string; text: string };

/** Largest attachment read (10 MiB). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Reads a file as an attachment; throws with a clear message. */
export async function loadAttachment(path: string, cwd: string): Promise<Attachment> {
  const abs = resolve(cwd, path);
  const info = await Deno.stat(abs).catch((error) => {
    const why = error instanceof Deno.errors.NotFound
      ? "no such file"
      : error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied
      ? "permission denied"
      : errorMessage(error);
    throw new Error(`Cannot attach "${path}": ${why}`);
  });
  if (!info.isFile) throw new Error(`Cannot attach "${path}": not a regular file`);
  if (info.size > MAX_ATTACHMENT_BYTES) {
    throw new Error(`Cannot attach "${path}": ${info.size} bytes is over the 10 MiB limit`);
  }
  const mediaType = IMAGE_TYPES[extname(abs).toLowerCase()];
  const bytes = await Deno.readFile(abs);
  if (mediaType) {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return {
      kind: "image",
      name: basename(abs),
      part: { type: "image", mediaType, data: btoa(binary) },
    };
  }
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  return { kind: "text", name: basename(abs), text };
}

/** The user message content with the pending attachments. */
export function withAttachments(
  text: string,
  attachments: readonly Attachment[],
): string | (TextPart | ImagePart)[] {
  const texts = attachments.filter((a) => a.kind === "text");
  let body = text;
  if (texts.length) {
    body += "\n\n**Attached files:**\n" +
      texts.map((a) =>
        `\n### ${a.name}\n\n\`\`\`${extname(a.name).slice(1)}\n${
          a.kind === "text" ? a.text : ""
        }\n\`\`\`\n`
      ).join("");
  }
  const images = attachments.flatMap((a) => (a.kind === "image" ? [a.part] : []));
  return images.length ? [{ type: "text", text: body }, ...images] : body;
}
