/**
 * @module agent
 * Owns what the assistant knows at the start of a turn and what it remembers of a conversation:
 * skills (SKILL.md parsing, discovery, eligibility, the prompt block, `/skill` commands), the
 * system prompt (fixed sections, workspace files with size limits, security suffix) and the
 * session transcripts (append-only JSONL in the pi/OpenClaw v3 format plus `sessions.json`), the
 * mapping between transcript and LLM messages, the `runAgent()` tool loop (pure over an injected
 * stream and tools), compaction with the memory-flush turn, and the `Session` every channel drives.
 * Must not read the environment (HostEnv comes from config), exit, print, or start timers.
 * Contract: parsing and prompt building are pure; a broken SKILL.md is reported, never dropped
 * silently; a transcript line is written (and synced) as soon as its message exists, and a
 * truncated last line is tolerated on load. `runAgent()` never throws for model or tool failures
 * (they end the turn or become error results); `Session.send()` queues turns, persists every
 * message as it exists and reports `session`, `text_delta`, `thinking_delta`, `tool_start`,
 * `tool_end`, `citations`, `usage`, `warning`, `compaction`, `error` and `done` events; a search
 * the provider ran itself arrives as a `tool_start`/`tool_end` pair marked `native`.
 */
export { type Frontmatter, parseFrontmatter, splitFrontmatter } from "./frontmatter.ts";
export {
  Json5SyntaxError,
  parseJson5,
  parseYaml,
  tolerateYaml,
  YamlSyntaxError,
} from "./frontmatter_yaml.ts";
export {
  asBool,
  asList,
  parseSkill,
  type Skill,
  SKILL_SOURCES,
  type SkillCondition,
  type SkillMetadata,
  type SkillRequires,
  type SkillSource,
} from "./skill.ts";
export {
  checkSkillEligibility,
  createBinLookup,
  type Eligibility,
  type EligibilityContext,
} from "./skill_eligibility.ts";
export {
  type DiscoveredSkills,
  discoverSkills,
  SKILL_LIMITS,
  type SkillProblem,
  type SkillRoot,
  skillRoots,
  type SkillRootsOptions,
} from "./skill_discovery.ts";
export {
  eligibleSkills,
  loadSkillCatalog,
  loadSkills,
  type SkillCatalog,
  type SkillEntry,
  type SkillSetup,
  valueAtPath,
} from "./skill_catalog.ts";
export {
  compactHome,
  escapeXml,
  expandSkillInvocation,
  formatSkillList,
  formatSkillsSection,
  sanitizeCommandName,
  type SkillCommand,
  skillCommands,
  type SkillInvocation,
  type SkillsPromptOptions,
} from "./skill_prompt.ts";
export {
  applyContextBudget,
  type BudgetedFile,
  type BudgetResult,
  type ContextBudget,
  type ContextFile,
  estimateTokens,
  MIN_FILE_BUDGET_CHARS,
  truncateHeadTail,
} from "./context_budget.ts";
export {
  contextFileList,
  dailyNoteDates,
  loadWorkspaceContext,
  MAX_CONTEXT_FILE_BYTES,
  type SkippedContextFile,
  type WorkspaceContext,
  type WorkspaceContextOptions,
} from "./workspace_context.ts";
export {
  buildSystemPrompt,
  currentDateSection,
  DEFAULT_SECURITY_SUFFIX,
  formatWorkspaceContext,
  type PromptTool,
  type SystemPrompt,
  type SystemPromptOptions,
} from "./system_prompt.ts";
export {
  type AssistantMessage,
  type BranchSummaryEntry,
  type CompactionEntry,
  type CustomEntry,
  type CustomMessageEntry,
  type CustomRoleMessage,
  ENTRY_TYPES,
  type EntryBase,
  type ImageContent,
  isValidSessionId,
  type LabelEntry,
  type MessageEntry,
  messageText,
  type ModelChangeEntry,
  type NewEntry,
  type SessionHeader,
  type SessionInfoEntry,
  type SessionKind,
  type StopReason,
  type TextContent,
  type ThinkingContent,
  type ThinkingLevelChangeEntry,
  type ToolCallContent,
  type ToolResultMessage,
  TRANSCRIPT_VERSION,
  type TranscriptEntry,
  type TranscriptMessage,
  type TranscriptUsage,
  type UserMessage,
} from "./transcript.ts";
export {
  branchPath,
  buildSessionContext,
  type ParsedTranscript,
  parseTranscript,
  type SessionContext,
} from "./transcript_read.ts";
export {
  type AppendListener,
  createTranscript,
  openTranscript,
  TranscriptFile,
  type TranscriptFileOptions,
} from "./transcript_file.ts";
export {
  applyEntry,
  newIndexEntry,
  readSessionIndex,
  SESSION_INDEX_FILE,
  type SessionIndex,
  type SessionIndexEntry,
  summarizeEntries,
  writeSessionIndex,
} from "./session_index.ts";
export {
  createSessionStore,
  type OpenedSession,
  type PruneOptions,
  type SessionStore,
  type SessionStoreOptions,
  type SessionSummary,
} from "./session_store.ts";
export {
  conditionMatches,
  routeSkills,
  type RoutingContext,
  skillApplies,
} from "./skill_routing.ts";
export {
  type MemoryNote,
  postCompactionRefresh,
  sessionMemoryNote,
  type SessionMemoryOptions,
  sessionSlug,
  transcriptToMarkdown,
} from "./session_markdown.ts";
export {
  type AssistantMeta,
  assistantToTranscript,
  fromTranscriptStop,
  fromTranscriptUsage,
  parseArguments,
  toLlmMessages,
  toolResultsToTranscript,
  toTranscriptStop,
  toTranscriptUsage,
  userToTranscript,
} from "./message_map.ts";
export {
  type AgentEvent,
  type AgentHooks,
  type AgentLimits,
  type AgentResult,
  type AgentStop,
  type ApprovalRequest,
  DEFAULT_LIMITS,
  runAgent,
  type RunAgentOptions,
} from "./loop.ts";
export { type GuardVerdict, LoopGuard } from "./loop_guard.ts";
export {
  compactionCut,
  contextLimits,
  FLUSH_SOFT_TOKENS,
  KEEP_RECENT_MESSAGES,
  MEMORY_FLUSH_SYSTEM,
  memoryFlushPrompt,
  SECURITY_BLOCK_TOKENS,
  summarizeMessages,
  SUMMARY_PROMPT,
} from "./compaction.ts";
export { Session } from "./session.ts";
export { openSession, type OpenSessionOptions } from "./session_open.ts";
export type {
  CompactionResult,
  Held,
  SendOptions,
  SessionDeps,
  SessionEvent,
  SessionListener,
  SessionSettings,
  TurnResult,
  UserContent,
} from "./session_types.ts";
