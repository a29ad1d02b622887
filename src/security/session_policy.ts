/** Session start: verify LocalGPT.md, audit it, and build the security block to inject. */
import { ConfigError } from "../core/mod.ts";
import { appendAudit } from "./audit.ts";
import { buildSecurityBlock } from "./suffix.ts";
import { STATE_ACTIONS, STATE_LABELS, type Verification, verifyPolicy } from "./verify.ts";

/** The largest policy injected; longer text is cut and a warning reported. */
export const MAX_POLICY_CHARS = 4096;

/** The `[security]` config section (structurally `ResolvedConfig["security"]`). */
export interface SecuritySettings {
  strict_policy: boolean;
  disable_policy: boolean;
  disable_suffix: boolean;
}

/** What a session gets. */
export interface SessionPolicy {
  /** Undefined when `disable_policy` skipped verification. */
  verification?: Verification;
  /** The policy text injected (only for a valid policy). */
  policyText?: string;
  truncated: boolean;
  /** The per-call block: policy (when valid) then the hard-coded suffix (unless disabled). */
  securityBlock: string;
  /** For the user (terminal line, JSON `warnings`). */
  warnings: string[];
}

/**
 * Verifies and audits LocalGPT.md. Only a valid policy is injected; otherwise the suffix alone.
 * With `strict_policy`, a tampered policy (or a corrupted manifest) throws a ConfigError.
 */
export async function loadSessionPolicy(options: {
  workspace: string;
  deviceKey: string;
  auditLog: string;
  settings: SecuritySettings;
  source?: string;
}): Promise<SessionPolicy> {
  const { settings } = options;
  if (settings.disable_policy) {
    return {
      truncated: false,
      securityBlock: buildSecurityBlock({ disableSuffix: settings.disable_suffix }),
      warnings: [],
    };
  }
  const verification = await verifyPolicy(options);
  await appendAudit(options.auditLog, {
    action: STATE_ACTIONS[verification.state],
    source: options.source ?? "session_start",
    contentSha256: verification.contentSha256,
    detail: verification.detail,
  });
  const label = STATE_LABELS[verification.state];
  const tampered = verification.state === "tamper_detected" ||
    verification.state === "manifest_corrupted";
  if (settings.strict_policy && tampered) {
    throw new ConfigError([{
      key: "security.strict_policy",
      message: `LocalGPT.md is ${label} (${verification.detail}); review it, then run ` +
        "`localgpt md sign`",
    }], { action: "Cannot start a session" });
  }
  const warnings: string[] = [];
  let policyText: string | undefined;
  let truncated = false;
  if (verification.state === "valid" && verification.text?.trim()) {
    policyText = verification.text;
    if (policyText.length > MAX_POLICY_CHARS) {
      policyText = policyText.slice(0, MAX_POLICY_CHARS);
      truncated = true;
      warnings.push(
        `LocalGPT.md is longer than ${MAX_POLICY_CHARS} characters; the rest is ignored`,
      );
    }
  } else if (verification.state !== "missing" && verification.state !== "valid") {
    warnings.push(
      `LocalGPT.md is ${label}${verification.detail ? ` (${verification.detail})` : ""}: ` +
        "not loaded; run `localgpt md verify`",
    );
  }
  return {
    verification,
    policyText,
    truncated,
    securityBlock: buildSecurityBlock({ policyText, disableSuffix: settings.disable_suffix }),
    warnings,
  };
}
