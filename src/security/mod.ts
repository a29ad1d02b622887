/**
 * @module security
 * Owns the signed workspace policy (LocalGPT.md + device key + `.localgpt_manifest.json`),
 * verification states, the session security block (policy + hard-coded suffix), the protected
 * files write guard, prompt-injection filters and content boundaries, and the hash-chained
 * audit log.
 * Must not read the environment, print, or run commands (the sandbox module confines commands).
 * Contract: only a VALID policy is ever returned for injection; `checkWriteTarget()` resolves
 * `..`, symlinks, hard links and case before answering; `appendAudit()` never interleaves or
 * forks the chain, across processes too (exclusive file lock).
 */
export {
  appendAudit,
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditEntry,
  type AuditRecord,
  type ChainReport,
  GENESIS,
  headPath,
  parseEntry,
  readAudit,
  splitLines,
  verifyAuditLog,
  verifyChain,
} from "./audit.ts";
export {
  ensureDeviceKey,
  type Manifest,
  MANIFEST_FILE,
  parseManifest,
  POLICY_FILE,
  readDeviceKey,
  signPolicy,
  type SignResult,
} from "./signing.ts";
export {
  type PolicyState,
  STATE_ACTIONS,
  STATE_LABELS,
  type Verification,
  verifyPolicy,
} from "./verify.ts";
export {
  loadSessionPolicy,
  MAX_POLICY_CHARS,
  type SecuritySettings,
  type SessionPolicy,
} from "./session_policy.ts";
export { buildSecurityBlock, HARDCODED_SECURITY_SUFFIX, POLICY_HEADING } from "./suffix.ts";
export {
  checkReadTarget,
  checkWriteTarget,
  guardPath,
  mentionsProtectedFile,
  type ProtectedContext,
  resolveForWrite,
  type WriteRefusal,
} from "./protected.ts";
export {
  detectSuspicious,
  FILTERED,
  INJECTION_MARKERS,
  sanitizeContent,
  type SanitizedContent,
  stripMarkers,
  SUSPICIOUS_PATTERNS,
} from "./sanitize.ts";
export {
  BOUNDARY_TAGS,
  type BoundaryKind,
  escapeBoundaries,
  guardContent,
  wrapContent,
} from "./boundaries.ts";
export { sha256Hex } from "./_hash.ts";
export { PROTECTED_FILE_NAMES } from "./protected.ts";
