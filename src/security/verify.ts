/** LocalGPT.md verification states (reference §1.8, §9.2). */
import { join } from "node:path";
import { equalHex, sha256Hex } from "./_hash.ts";
import { detectSuspicious, stripMarkers } from "./sanitize.ts";
import {
  type Manifest,
  MANIFEST_FILE,
  parseManifest,
  POLICY_FILE,
  policyHmac,
  readDeviceKey,
} from "./signing.ts";
import type { AuditAction } from "./audit.ts";

/** The verification result of LocalGPT.md. */
export type PolicyState =
  | "valid"
  | "unsigned"
  | "tamper_detected"
  | "missing"
  | "manifest_corrupted"
  | "suspicious_content";

/** What `md verify` prints for each state. */
export const STATE_LABELS: Record<PolicyState, string> = {
  valid: "VALID",
  unsigned: "UNSIGNED",
  tamper_detected: "TAMPER DETECTED",
  missing: "MISSING",
  manifest_corrupted: "MANIFEST CORRUPTED",
  suspicious_content: "REJECTED",
};

/** The audit action recorded for each state. */
export const STATE_ACTIONS: Record<PolicyState, AuditAction> = {
  valid: "verified",
  unsigned: "unsigned",
  tamper_detected: "tamper_detected",
  missing: "missing",
  manifest_corrupted: "manifest_corrupted",
  suspicious_content: "suspicious_content",
};

/** A verification outcome. */
export interface Verification {
  state: PolicyState;
  policyPath: string;
  /** SHA-256 of the file as read (absent when missing). */
  contentSha256?: string;
  /** The file after marker stripping (present unless missing). */
  text?: string;
  manifest?: Manifest;
  /** Why, for states other than valid. */
  detail?: string;
}

/**
 * Verifies in this order: missing → suspicious content (REJECTED, signed or not) → no manifest
 * (unsigned) → unreadable manifest (corrupted) → hash or HMAC mismatch, or no device key
 * (tamper) → valid.
 */
export async function verifyPolicy(
  options: { workspace: string; deviceKey: string },
): Promise<Verification> {
  const policyPath = join(options.workspace, POLICY_FILE);
  let content: Uint8Array;
  try {
    content = await Deno.readFile(policyPath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { state: "missing", policyPath };
    throw error;
  }
  const contentSha256 = await sha256Hex(content);
  const text = stripMarkers(new TextDecoder().decode(content)).text;
  const base = { policyPath, contentSha256, text };
  const hits = detectSuspicious(text);
  if (hits.length) {
    return { ...base, state: "suspicious_content", detail: `matched "${hits.join('", "')}"` };
  }
  let manifestText: string;
  try {
    manifestText = await Deno.readTextFile(join(options.workspace, MANIFEST_FILE));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { ...base, state: "unsigned", detail: "no manifest" };
    }
    throw error;
  }
  const manifest = parseManifest(manifestText);
  if (!manifest) return { ...base, state: "manifest_corrupted", detail: "manifest is not valid" };
  if (!equalHex(manifest.content_sha256, contentSha256)) {
    return { ...base, manifest, state: "tamper_detected", detail: "content hash differs" };
  }
  const key = await readDeviceKey(options.deviceKey);
  if (!key) {
    return { ...base, manifest, state: "tamper_detected", detail: "device key is missing" };
  }
  if (!equalHex(manifest.hmac_sha256, await policyHmac(key, content))) {
    return { ...base, manifest, state: "tamper_detected", detail: "HMAC differs" };
  }
  return { ...base, manifest, state: "valid" };
}
