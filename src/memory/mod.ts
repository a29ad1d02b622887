/**
 * @module memory
 * Owns the markdown workspace, the source of truth of the assistant's memory.
 * Must not read the environment or start timers by itself.
 * Contract: workspace files are never overwritten by setup code.
 */
export { ensureWorkspace, type EnsureWorkspaceResult, WORKSPACE_FILES } from "./workspace.ts";
