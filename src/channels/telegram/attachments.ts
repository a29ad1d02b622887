/**
 * Photos and documents sent to the bot: images become image parts (for vision models), text files
 * are appended as text; anything over the size limit, or neither image nor text, is refused with
 * a message that says why.
 */
import type { ImagePart, TextPart } from "../../core/mod.ts";

/** A file attached to an incoming message. */
export interface IncomingFile {
  fileId: string;
  name: string;
  mime?: string;
  /** Size as Telegram reported it. */
  size?: number;
  kind: "photo" | "document";
}

/** How files are fetched (getFile, then the download URL). */
export interface FileSource {
  getFile(fileId: string): Promise<{ file_path?: string; file_size?: number }>;
  download(filePath: string): Promise<Uint8Array>;
}

/** An attachment ready for the model. */
export type LoadedAttachment =
  | { kind: "image"; name: string; part: ImagePart }
  | { kind: "text"; name: string; text: string };

const IMAGE_MIME = /^image\/(png|jpeg|gif|webp)$/;
const TEXT_EXT =
  /\.(txt|md|markdown|csv|tsv|json|jsonl|ya?ml|toml|ini|log|xml|html?|css|js|mjs|ts|tsx|jsx|py|rb|go|rs|java|kt|c|h|cc|cpp|hpp|cs|sh|bash|zsh|sql|conf|cfg|env)$/i;

interface MessageLike {
  photo?: { file_id: string; file_size?: number; width: number; height: number }[];
  document?: { file_id: string; file_name?: string; mime_type?: string; file_size?: number };
}

/** The file of a message (the largest photo size), if any. */
export function fileOfMessage(message: MessageLike): IncomingFile | undefined {
  if (message.photo?.length) {
    const best = [...message.photo].sort((a, b) => b.width * b.height - a.width * a.height)[0];
    return {
      fileId: best.file_id,
      name: "photo.jpg",
      mime: "image/jpeg",
      size: best.file_size,
      kind: "photo",
    };
  }
  const d = message.document;
  if (d) {
    return {
      fileId: d.file_id,
      name: d.file_name ?? "document",
      mime: d.mime_type,
      size: d.file_size,
      kind: "document",
    };
  }
  return undefined;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function tooLarge(file: IncomingFile, size: number, max: number): Error {
  return new RangeError(
    `Cannot read "${file.name}": ${mib(size)} is over the ${
      mib(max)
    } limit (telegram.max_attachment_bytes)`,
  );
}

/** Downloads and converts a file; throws an Error whose message can be shown to the user. */
export async function loadAttachment(
  file: IncomingFile,
  source: FileSource,
  maxBytes: number,
): Promise<LoadedAttachment> {
  if (file.size !== undefined && file.size > maxBytes) throw tooLarge(file, file.size, maxBytes);
  const isImage = file.kind === "photo" || IMAGE_MIME.test(file.mime ?? "");
  const isText = !isImage &&
    (/^text\//.test(file.mime ?? "") || /json|xml|yaml|toml|javascript/.test(file.mime ?? "") ||
      TEXT_EXT.test(file.name));
  if (!isImage && !isText) {
    throw new TypeError(
      `Cannot read "${file.name}"${
        file.mime ? ` (${file.mime})` : ""
      }: only images and text files can be attached`,
    );
  }
  const info = await source.getFile(file.fileId);
  if (info.file_size !== undefined && info.file_size > maxBytes) {
    throw tooLarge(file, info.file_size, maxBytes);
  }
  if (!info.file_path) throw new Error(`Cannot read "${file.name}": Telegram gave no file path`);
  const bytes = await source.download(info.file_path);
  if (bytes.length > maxBytes) throw tooLarge(file, bytes.length, maxBytes);
  if (isImage) {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    const mediaType = IMAGE_MIME.test(file.mime ?? "") ? file.mime! : "image/jpeg";
    return {
      kind: "image",
      name: file.name,
      part: { type: "image", mediaType, data: btoa(binary) },
    };
  }
  try {
    return {
      kind: "text",
      name: file.name,
      text: new TextDecoder("utf-8", { fatal: true }).decode(bytes),
    };
  } catch {
    throw new TypeError(`Cannot read "${file.name}": it is not UTF-8 text`);
  }
}

/** The user message content: the text (caption) with the attachment. */
export function attachmentContent(
  text: string,
  attachment: LoadedAttachment,
): string | (TextPart | ImagePart)[] {
  if (attachment.kind === "text") {
    const fence = attachment.text.includes("```") ? "````" : "```";
    return `${
      text || `Here is ${attachment.name}.`
    }\n\n**Attached files:**\n\n${attachment.name}:\n${fence}\n${attachment.text}\n${fence}`;
  }
  return [{ type: "text", text: text || "What is in this image?" }, attachment.part];
}
