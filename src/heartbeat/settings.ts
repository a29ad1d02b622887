/** The heartbeat's settings, resolved by app/ from `[heartbeat]`. */
import type { ActiveHours } from "./zoned.ts";

/** `[heartbeat]` with defaults filled in. */
export interface HeartbeatSettings {
  enabled: boolean;
  intervalMs: number;
  /** Default interval / 2. */
  timeoutMs: number;
  /** Delay of the first tick when none is recorded or it is overdue (default 1 min). */
  overdueDelayMs: number;
  activeHours?: ActiveHours;
  /** IANA zone of active hours and the daily budget. */
  timeZone: string;
  /** Model of heartbeat runs. */
  model: string;
  maxTokensPerDay?: number;
}
