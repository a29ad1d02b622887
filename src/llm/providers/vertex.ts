/** Vertex AI (Gemini models) with a service-account key: signed JWT → OAuth token → Gemini wire. */
import { ProviderError } from "../../core/mod.ts";
import { bodyMessage, httpError } from "../errors.ts";
import type { Fetch, Provider } from "../types.ts";
import { createGoogleProvider } from "./gemini.ts";

/** Settings of the Vertex provider. */
export interface VertexOptions {
  name?: string;
  /** The service-account JSON itself, or a path to it. */
  serviceAccountKey?: string;
  /** Default: the key's `project_id`. */
  projectId?: string;
  location: string;
  /** Default `https://<location>-aiplatform.googleapis.com`. */
  baseUrl?: string;
  fetch?: Fetch;
  now?: () => number;
}

interface ServiceAccount {
  client_email: string;
  private_key: string;
  project_id?: string;
  token_uri?: string;
}

const SCOPE = "https://www.googleapis.com/auth/cloud-platform";

/** Creates the Vertex provider. */
export function createVertexProvider(options: VertexOptions): Provider {
  const name = options.name ?? "vertex";
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const base = (options.baseUrl ?? `https://${options.location}-aiplatform.googleapis.com`)
    .replace(/\/+$/, "");
  let account: Promise<ServiceAccount> | undefined;
  let token: { value: string; expires: number } | undefined;
  const getAccount = () => account ??= readServiceAccount(name, options.serviceAccountKey);
  let project = options.projectId;
  const authHeaders = async (signal?: AbortSignal) => {
    const sa = await getAccount();
    project ??= sa.project_id;
    if (!project) {
      throw new ProviderError(
        "auth",
        `Cannot use "${name}": no project; set providers.${name}.project_id`,
      );
    }
    if (!token || token.expires - 60_000 < now()) {
      token = await fetchToken(name, sa, doFetch, now(), signal);
    }
    return { authorization: `Bearer ${token.value}` };
  };
  return createGoogleProvider({
    name,
    api: "vertex",
    streamUrl: (model) =>
      `${base}/v1/projects/${project}/locations/${options.location}/publishers/google/models/${model}:streamGenerateContent?alt=sse`,
    authHeaders,
    fetch: doFetch,
  });
}

async function readServiceAccount(name: string, key?: string): Promise<ServiceAccount> {
  if (!key) {
    throw new ProviderError(
      "auth",
      `Cannot use "${name}": no service-account key; set providers.${name}.service_account_key`,
    );
  }
  try {
    const text = key.trim().startsWith("{") ? key : await Deno.readTextFile(key);
    const sa = JSON.parse(text) as ServiceAccount;
    if (!sa.client_email || !sa.private_key) throw new Error("client_email or private_key missing");
    return sa;
  } catch (error) {
    throw new ProviderError(
      "auth",
      `Cannot read service-account key for "${name}": ${(error as Error).message}`,
      { cause: error, retryable: false },
    );
  }
}

async function fetchToken(
  name: string,
  sa: ServiceAccount,
  doFetch: Fetch,
  nowMs: number,
  signal?: AbortSignal,
): Promise<{ value: string; expires: number }> {
  const tokenUri = sa.token_uri ?? "https://oauth2.googleapis.com/token";
  const iat = Math.floor(nowMs / 1000);
  const assertion = await signJwt(
    { iss: sa.client_email, scope: SCOPE, aud: tokenUri, iat, exp: iat + 3600 },
    sa.private_key,
  );
  const response = await doFetch(tokenUri, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion,
    }),
    signal,
  });
  const text = await response.text();
  if (!response.ok) throw httpError(name, response.status, bodyMessage(text));
  const json = JSON.parse(text) as { access_token: string; expires_in?: number };
  return { value: json.access_token, expires: nowMs + (json.expires_in ?? 3600) * 1000 };
}

/** Signs `claims` as an RS256 JWT with a PEM PKCS#8 private key. */
export async function signJwt(claims: Record<string, unknown>, pem: string): Promise<string> {
  const b64url = (bytes: Uint8Array) =>
    btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const enc = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));
  const input = `${enc({ alg: "RS256", typ: "JWT" })}.${enc(claims)}`;
  const der = Uint8Array.from(
    atob(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "")),
    (c) => c.charCodeAt(0),
  );
  const key = await crypto.subtle.importKey(
    "pkcs8",
    der,
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = await crypto.subtle.sign(
    "RSASSA-PKCS1-v1_5",
    key,
    new TextEncoder().encode(input),
  );
  return `${input}.${b64url(new Uint8Array(signature))}`;
}
