/** The process environment and host facts, read in one place so everything else stays pure. */

/** The operating systems whose directory conventions we follow. */
export type HostOs = "linux" | "darwin" | "windows";

/** A snapshot of the environment: variables plus host facts that paths depend on. */
export interface HostEnv {
  vars: Record<string, string | undefined>;
  os: HostOs;
  home: string;
}

/** Reads the real environment (the only reader of `Deno.env` in the program). */
export function readHostEnv(): HostEnv {
  const vars = Deno.env.toObject();
  const os: HostOs = Deno.build.os === "darwin"
    ? "darwin"
    : Deno.build.os === "windows"
    ? "windows"
    : "linux";
  const home = (os === "windows" ? vars.USERPROFILE : vars.HOME) ?? vars.HOME ?? "";
  return { vars, os, home };
}
