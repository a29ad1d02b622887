/** Test models: a copy of a GGUF with a chat template added to its metadata. */
import { readGgufInfo } from "../../src/llm/mod.ts";

/** A ChatML-style template: enough for node-llama-cpp to take the chat-template path. */
export const CHATML_TEMPLATE = "{% for message in messages %}<|im_start|>{{ message['role'] }}\n" +
  "{{ message['content'] }}<|im_end|>\n{% endfor %}" +
  "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

/** Writes `source` to `dest` with `tokenizer.chat_template` = `template` appended to the metadata. */
export async function writeGgufWithTemplate(
  source: string,
  dest: string,
  template = CHATML_TEMPLATE,
): Promise<void> {
  const { layout } = await readGgufInfo(source);
  const bytes = await Deno.readFile(source);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const u64 = (n: number) => new Uint8Array(new BigUint64Array([BigInt(n)]).buffer);
  const u32 = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);
  const text = (s: string) => {
    const b = new TextEncoder().encode(s);
    return [u64(b.length), b];
  };
  const keyCount = Number(view.getBigUint64(16, true));
  const head = [
    bytes.subarray(0, 16),
    u64(keyCount + 1),
    bytes.subarray(24, layout.metadataEnd),
    ...text("tokenizer.chat_template"),
    u32(8),
    ...text(template),
    bytes.subarray(layout.metadataEnd, layout.tensorInfoEnd),
  ];
  const headLength = head.reduce((n, p) => n + p.length, 0);
  const padding = new Uint8Array((32 - (headLength % 32)) % 32);
  await Deno.writeFile(
    dest,
    new Uint8Array(
      await new Blob([...head, padding, bytes.subarray(layout.dataOffset)]).arrayBuffer(),
    ),
  );
}
