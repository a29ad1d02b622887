/** LocalGPT.md signing: the 32-byte device key and `.localgpt_manifest.json` (reference §9.2). */
import { dirname, join } from "node:path";
import { hmacHex, sha256Hex } from "./_hash.ts";
import { detectSuspicious, stripMarkers } from "./sanitize.ts";

/** The policy file in the workspace. */
export const POLICY_FILE = "LocalGPT.md";
/** The signature manifest in the workspace. */
export const MANIFEST_FILE = ".localgpt_manifest.json";

/** `.localgpt_manifest.json`. */
export interface Manifest {
  version: 1;
  hmac_sha256: string;
  /** RFC 3339. */
  signed_at: string;
  signed_by: "cli" | "gui";
  content_sha256: string;
}

/** Reads the device key; undefined when absent; throws when it is not 32 bytes. */
export async function readDeviceKey(path: string): Promise<Uint8Array | undefined> {
  let key: Uint8Array;
  try {
    key = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  if (key.length !== 32) {
    throw new Error(`Cannot use device key "${path}": expected 32 bytes, found ${key.length}`);
  }
  return key;
}

/** Returns the device key, creating it (32 random bytes, mode 0600) when missing. */
export async function ensureDeviceKey(
  path: string,
): Promise<{ key: Uint8Array; created: boolean }> {
  const existing = await readDeviceKey(path);
  if (existing) return { key: existing, created: false };
  await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const key = crypto.getRandomValues(new Uint8Array(32));
  try {
    await Deno.writeFile(path, key, { createNew: true, mode: 0o600 });
  } catch (error) {
    // Another process won the race: use its key.
    if (error instanceof Deno.errors.AlreadyExists) {
      return { key: (await readDeviceKey(path))!, created: false };
    }
    throw error;
  }
  await Deno.chmod(path, 0o600);
  return { key, created: true };
}

/** The HMAC the manifest must carry for `content`. */
export function policyHmac(key: Uint8Array, content: Uint8Array): Promise<string> {
  return hmacHex(key, content);
}

/** Parses a manifest; undefined when it is not a valid version-1 manifest. */
export function parseManifest(text: string): Manifest | undefined {
  try {
    const m = JSON.parse(text);
    const hex64 = (v: unknown) => typeof v === "string" && /^[0-9a-f]{64}$/.test(v);
    if (
      typeof m !== "object" || m === null || m.version !== 1 || !hex64(m.hmac_sha256) ||
      !hex64(m.content_sha256) || typeof m.signed_at !== "string" ||
      Number.isNaN(Date.parse(m.signed_at)) || (m.signed_by !== "cli" && m.signed_by !== "gui")
    ) return undefined;
    return m as Manifest;
  } catch {
    return undefined;
  }
}

/** What `signPolicy()` wrote. */
export interface SignResult {
  manifest: Manifest;
  keyCreated: boolean;
  policyPath: string;
  manifestPath: string;
}

/** Signs LocalGPT.md; refuses a missing file or one with suspicious content. */
export async function signPolicy(options: {
  workspace: string;
  deviceKey: string;
  signedBy?: "cli" | "gui";
  now?: () => Date;
}): Promise<SignResult> {
  const policyPath = join(options.workspace, POLICY_FILE);
  let content: Uint8Array;
  try {
    content = await Deno.readFile(policyPath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`Cannot sign "${policyPath}": file not found`);
    }
    throw error;
  }
  const hits = detectSuspicious(stripMarkers(new TextDecoder().decode(content)).text);
  if (hits.length) {
    throw new Error(`Cannot sign "${policyPath}": suspicious content: "${hits.join('", "')}"`);
  }
  const { key, created } = await ensureDeviceKey(options.deviceKey);
  const manifest: Manifest = {
    version: 1,
    hmac_sha256: await policyHmac(key, content),
    signed_at: (options.now?.() ?? new Date()).toISOString(),
    signed_by: options.signedBy ?? "cli",
    content_sha256: await sha256Hex(content),
  };
  const manifestPath = join(options.workspace, MANIFEST_FILE);
  const tmp = `${manifestPath}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(manifest, null, 2) + "\n", { mode: 0o600 });
  await Deno.rename(tmp, manifestPath);
  return { manifest, keyCreated: created, policyPath, manifestPath };
}
