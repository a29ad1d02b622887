/**
 * Reads a GGUF file's header (pure TypeScript, no native code): architecture, name, quantisation,
 * trained context length and whether it carries a chat template. Used to list models and to
 * refuse a missing, truncated or foreign file with a clear message before llama.cpp sees it.
 */

/** What `readGgufInfo()` learns from a GGUF header. */
export interface GgufInfo {
  /** GGUF format version (2 or 3). */
  version: number;
  /** `general.architecture`, e.g. `llama`, `qwen2`. */
  architecture: string;
  /** `general.name` when set. */
  name?: string;
  /** Quantisation from `general.file_type` (`Q4_K_M`, `F16`…), or `unknown`. */
  quantization: string;
  /** `<arch>.context_length`: the context the model was trained with. */
  contextLength?: number;
  /** True when `tokenizer.chat_template` is present. */
  hasChatTemplate: boolean;
  tensorCount: number;
  /** Byte offsets: end of the metadata, end of the tensor infos, start of the tensor data. */
  layout: { metadataEnd: number; tensorInfoEnd: number; dataOffset: number };
}

/** llama.cpp's `llama_ftype` values → quantisation names. */
const FILE_TYPES: Record<number, string> = {
  0: "F32",
  1: "F16",
  2: "Q4_0",
  3: "Q4_1",
  7: "Q8_0",
  8: "Q5_0",
  9: "Q5_1",
  10: "Q2_K",
  11: "Q3_K_S",
  12: "Q3_K_M",
  13: "Q3_K_L",
  14: "Q4_K_S",
  15: "Q4_K_M",
  16: "Q5_K_S",
  17: "Q5_K_M",
  18: "Q6_K",
  19: "IQ2_XXS",
  20: "IQ2_XS",
  21: "Q2_K_S",
  22: "IQ3_XS",
  23: "IQ3_XXS",
  24: "IQ1_S",
  25: "IQ4_NL",
  26: "IQ3_S",
  27: "IQ3_M",
  28: "IQ2_S",
  29: "IQ2_M",
  30: "IQ4_XS",
  31: "IQ1_M",
  32: "BF16",
  36: "TQ1_0",
  37: "TQ2_0",
  38: "MXFP4_MOE",
};

/** Bytes of the fixed-size value types (u8 … f64), by GGUF type id. */
const SIZES: Record<number, number> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};
const STRING = 8;
const ARRAY = 9;
const MAX_KEYS = 1 << 16;

/** Thrown for a file that is not a readable GGUF model; the message says why. */
export class GgufError extends Error {
  override name = "GgufError";
}

/** Reads the header of `path`; throws GgufError (not GGUF, truncated) or the Deno.errors of I/O. */
export async function readGgufInfo(path: string): Promise<GgufInfo> {
  using file = await Deno.open(path);
  const reader = new HeaderReader(file);
  const magic = new TextDecoder().decode(await reader.bytes(4));
  if (magic !== "GGUF") throw new GgufError("not a GGUF file (no GGUF magic number)");
  const version = await reader.u32();
  if (version < 2 || version > 3) throw new GgufError(`unsupported GGUF version ${version}`);
  const tensorCount = Number(await reader.u64());
  const keyCount = Number(await reader.u64());
  if (keyCount > MAX_KEYS) throw new GgufError(`corrupt header (${keyCount} metadata keys)`);
  const values = new Map<string, unknown>();
  for (let i = 0; i < keyCount; i++) {
    const key = await reader.string();
    const type = await reader.u32();
    values.set(key, await reader.value(type));
  }
  const architecture = String(values.get("general.architecture") ?? "");
  if (!architecture) throw new GgufError("no general.architecture in the header");
  const fileType = values.get("general.file_type");
  const metadataEnd = reader.position;
  const dominant = await dominantTensorType(reader, tensorCount);
  const quantization = typeof fileType === "number" ? FILE_TYPES[fileType] ?? "unknown" : dominant;
  const alignment = Number(values.get("general.alignment") ?? 32);
  const context = values.get(`${architecture}.context_length`);
  return {
    version,
    architecture,
    name: typeof values.get("general.name") === "string"
      ? values.get("general.name") as string
      : undefined,
    quantization,
    contextLength: typeof context === "number" ? context : undefined,
    hasChatTemplate: typeof values.get("tokenizer.chat_template") === "string",
    tensorCount,
    layout: {
      metadataEnd,
      tensorInfoEnd: reader.position,
      dataOffset: Math.ceil(reader.position / alignment) * alignment,
    },
  };
}

/** ggml tensor types → names, for files without `general.file_type`. */
const TENSOR_TYPES: Record<number, string> = {
  0: "F32",
  1: "F16",
  2: "Q4_0",
  3: "Q4_1",
  6: "Q5_0",
  7: "Q5_1",
  8: "Q8_0",
  10: "Q2_K",
  11: "Q3_K",
  12: "Q4_K",
  13: "Q5_K",
  14: "Q6_K",
  16: "IQ2_XXS",
  17: "IQ2_XS",
  18: "IQ3_XXS",
  19: "IQ1_S",
  20: "IQ4_NL",
  21: "IQ3_S",
  22: "IQ2_S",
  23: "IQ4_XS",
  29: "IQ1_M",
  30: "BF16",
  34: "TQ1_0",
  35: "TQ2_0",
  39: "MXFP4",
};

/** The type most of the multi-dimensional tensors have (the tensor infos follow the metadata). */
async function dominantTensorType(reader: HeaderReader, count: number): Promise<string> {
  const counts = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    await reader.string();
    const dims = await reader.u32();
    if (dims > 8) throw new GgufError(`corrupt header (a tensor with ${dims} dimensions)`);
    for (let d = 0; d < dims; d++) await reader.u64();
    const type = await reader.u32();
    await reader.u64();
    if (dims >= 2) counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  return top ? TENSOR_TYPES[top[0]] ?? "unknown" : "unknown";
}

/** Buffered little-endian reads over a file; arrays are skipped rather than decoded. */
class HeaderReader {
  #file: Deno.FsFile;
  #buffer = new Uint8Array(0);
  #offset = 0;
  #consumed = 0;

  constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  async #ensure(n: number): Promise<void> {
    while (this.#buffer.length - this.#offset < n) {
      const chunk = new Uint8Array(Math.max(1 << 20, n));
      const read = await this.#file.read(chunk);
      if (read === null) throw new GgufError("truncated file (the header ends early)");
      const rest = this.#buffer.subarray(this.#offset);
      const next = new Uint8Array(rest.length + read);
      next.set(rest);
      next.set(chunk.subarray(0, read), rest.length);
      this.#buffer = next;
      this.#offset = 0;
    }
  }

  async bytes(n: number): Promise<Uint8Array> {
    await this.#ensure(n);
    const out = this.#buffer.subarray(this.#offset, this.#offset + n);
    this.#offset += n;
    this.#consumed += n;
    return out;
  }

  /** Bytes read so far from the start of the file. */
  get position(): number {
    return this.#consumed;
  }

  async #view(n: number): Promise<DataView> {
    const b = await this.bytes(n);
    return new DataView(b.buffer, b.byteOffset, n);
  }

  async u32(): Promise<number> {
    return (await this.#view(4)).getUint32(0, true);
  }

  async u64(): Promise<bigint> {
    return (await this.#view(8)).getBigUint64(0, true);
  }

  async string(): Promise<string> {
    const length = Number(await this.u64());
    if (length > 1 << 26) throw new GgufError(`corrupt header (a ${length}-byte string)`);
    return new TextDecoder().decode(await this.bytes(length));
  }

  async value(type: number): Promise<unknown> {
    if (type === STRING) return await this.string();
    if (type === ARRAY) {
      const itemType = await this.u32();
      const count = Number(await this.u64());
      for (let i = 0; i < count; i++) await this.value(itemType);
      return undefined;
    }
    const size = SIZES[type];
    if (!size) throw new GgufError(`corrupt header (unknown value type ${type})`);
    const v = await this.#view(size);
    switch (type) {
      case 0:
        return v.getUint8(0);
      case 1:
        return v.getInt8(0);
      case 2:
        return v.getUint16(0, true);
      case 3:
        return v.getInt16(0, true);
      case 4:
        return v.getUint32(0, true);
      case 5:
        return v.getInt32(0, true);
      case 6:
        return v.getFloat32(0, true);
      case 7:
        return v.getUint8(0) !== 0;
      case 10:
        return Number(v.getBigUint64(0, true));
      case 11:
        return Number(v.getBigInt64(0, true));
      default:
        return v.getFloat64(0, true);
    }
  }
}
