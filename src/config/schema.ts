/** The config schema: every section and key of config.toml with its type, default and doc. */
import {
  bool,
  duration,
  float,
  type Infer,
  int,
  named,
  optClock,
  optDuration,
  optInt,
  optStr,
  section,
  str,
  strList,
  strMap,
  tables,
} from "./_schema_kit.ts";

const apiProvider = (baseUrl: string, vendor: string) =>
  section({
    api_key: optStr({ doc: `${vendor} API key`, secret: true }),
    base_url: str(baseUrl, { doc: `${vendor} API base URL` }),
  });

const cliProvider = (command: string, model: string) =>
  section({
    command: str(command, { doc: "executable to run" }),
    model: str(model, { doc: "model passed to the CLI" }),
  });

/** The built-in tools' names (tools/ checks that its registry matches this list). */
export const TOOL_NAMES = [
  "bash",
  "read_file",
  "write_file",
  "edit_file",
  "memory_search",
  "memory_get",
  "memory_save",
  "web_fetch",
  "web_search",
] as const;

/** Client-side web search providers (`tools.web_search.provider` and `fallback`). */
export const SEARCH_PROVIDERS = ["searxng", "brave", "tavily", "perplexity"] as const;

/** Provider types a custom `[providers.<name>]` table may declare. */
export const CUSTOM_PROVIDER_TYPES = [
  "openai_compatible",
  "openai",
  "anthropic",
  "ollama",
  "gemini",
] as const;

/** The whole schema; `ResolvedConfig` is inferred from it. */
export const SCHEMA = section({
  agent: section({
    default_model: optStr({
      doc: "model id as provider/model; unset = detect from keys, local servers and CLIs",
    }),
    context_window: int(128000, { doc: "context window in tokens", min: 1024 }),
    reserve_tokens: int(8000, { doc: "tokens kept free for the reply", min: 0 }),
    max_tokens: int(4096, { doc: "max tokens per reply", min: 1 }),
    max_iterations: int(25, { doc: "max tool-use rounds per turn", min: 1 }),
    max_spawn_depth: int(1, { doc: "sub-agent nesting depth", min: 0 }),
    subagent_model: optStr({ doc: "model for spawned sub-agents" }),
    fallback_models: strList([], { doc: "models tried in order when the default fails" }),
    max_tool_repeats: int(3, { doc: "identical tool calls before the loop breaks", min: 1 }),
    max_tool_errors: int(3, { doc: "consecutive tool failures before the loop breaks", min: 1 }),
    tool_retry_on_malformed: bool(true, { doc: "ask the model again after malformed tool calls" }),
    session_max_age: duration("30d", { doc: "sessions older than this are pruned" }),
    session_max_count: int(500, { doc: "sessions kept per agent", min: 1 }),
    post_compaction_sections: strList(["Session Startup", "Red Lines"], {
      doc: "AGENTS.md/SOUL.md sections re-injected after compaction",
    }),
    checkpoints_enabled: bool(true, { doc: "keep transcripts from before compaction" }),
    max_checkpoints: int(5, { doc: "checkpoints kept per session", min: 0 }),
    permission_level: str("safe", {
      doc: "tool permission level",
      choices: ["safe", "elevated", "admin"],
      compat: true,
    }),
    active_memory: section({
      enabled: bool(false, { doc: "recall memory before each turn", compat: true }),
      query_mode: str("message", {
        doc: "what the recall searches for",
        choices: ["message", "recent"],
        compat: true,
      }),
      max_recent_turns: int(4, { doc: "turns used in recent mode", min: 1, compat: true }),
      max_results: int(3, { doc: "results recalled", min: 1, compat: true }),
      max_chars: int(500, { doc: "chars recalled", min: 1, compat: true }),
      min_score: float(0.1, { doc: "lowest score recalled", min: 0, max: 1, compat: true }),
      cache_ttl_ms: int(15000, { doc: "recall cache lifetime", min: 0, compat: true }),
    }),
  }),
  providers: named(
    {
      openai: apiProvider("https://api.openai.com/v1", "OpenAI"),
      xai: apiProvider("https://api.x.ai/v1", "xAI"),
      anthropic: section({
        api_key: optStr({ doc: "Anthropic API key", secret: true }),
        base_url: str("https://api.anthropic.com", { doc: "Anthropic API base URL" }),
        native_web_search: bool(false, {
          doc: "offer Anthropic's server-side web_search tool (when no web_search tool is set up)",
        }),
      }),
      glm: apiProvider("https://api.z.ai/api/coding/paas/v4", "Z.AI GLM"),
      gemini: apiProvider("https://generativelanguage.googleapis.com", "Gemini"),
      openrouter: apiProvider("https://openrouter.ai/api/v1", "OpenRouter"),
      openai_compatible: section({
        base_url: optStr({ doc: "server URL, e.g. http://127.0.0.1:1234/v1" }),
        api_key: optStr({ doc: "API key, if the server needs one", secret: true }),
        extra_headers: strMap({}, { doc: "headers sent with every request" }),
      }),
      ollama: section({
        endpoint: str("http://localhost:11434", { doc: "Ollama server URL" }),
        model: str("llama3", { doc: "model used for bare ollama/ ids" }),
      }),
      vertex: section({
        service_account_key: optStr({ doc: "service-account JSON or path", secret: true }),
        project_id: optStr({ doc: "Google Cloud project" }),
        location: str("us-central1", { doc: "Vertex region" }),
      }),
      claude_cli: section({
        command: str("claude", { doc: "executable to run" }),
        model: str("opus", { doc: "model passed to the CLI" }),
        effort: str("max", { doc: "reasoning effort", choices: ["low", "medium", "high", "max"] }),
        mcp_config_override: optStr({ doc: "MCP config file passed to claude", compat: true }),
        builtin_tools: strList([], { doc: "claude's own tools to allow", compat: true }),
      }),
      gemini_cli: cliProvider("gemini", "gemini-3.1-pro-preview"),
      codex_cli: cliProvider("codex", "o4-mini"),
      local: section({
        models_dir: optStr({
          doc: "folder of <name>.gguf models; default <cache_dir>/models/gguf",
        }),
        context_size: optInt({
          doc: "context in tokens; default the model's, at most 8192",
          min: 256,
        }),
        threads: optInt({ doc: "CPU threads; default the physical cores", min: 1 }),
        gpu: str("auto", {
          doc: "offload to the GPU: auto (Metal; CUDA/Vulkan when installed) or off",
          choices: ["auto", "off"],
        }),
        idle_unload: duration("10m", {
          doc: "the daemon frees an unused model after this; 0 = never",
        }),
        remote_host: str("https://huggingface.co/", {
          doc: "where `localgpt models pull` downloads from (a Hugging Face mirror)",
        }),
      }),
    },
    section({
      type: optStr({ doc: "API family of this server", choices: CUSTOM_PROVIDER_TYPES }),
      base_url: optStr({ doc: "server URL" }),
      api_key: optStr({ doc: "API key", secret: true }),
      extra_headers: strMap({}, { doc: "headers sent with every request" }),
    }),
    {
      doc: "providers; [providers.<name>] with `type` defines a custom one (lmstudio, vllm, …)",
      customKey: { key: "type", noun: "provider" },
    },
  ),
  skills: section({
    extra_dirs: strList([], {
      doc: "extra folders searched for SKILL.md skills (lowest precedence); ~ allowed",
    }),
    disabled: strList([], { doc: "skill names never offered to the model or as commands" }),
    max_in_prompt: int(150, { doc: "skills listed in the system prompt at most", min: 0 }),
    max_prompt_chars: int(30000, {
      doc: "characters of the skills list in the system prompt at most",
      min: 0,
    }),
  }),
  heartbeat: section({
    enabled: bool(true, { doc: "run the background heartbeat" }),
    interval: duration("30m", { doc: "time between heartbeat runs" }),
    overdue_delay: duration("1m", { doc: "delay of the first run when one is overdue" }),
    timeout: optDuration({ doc: "max time for one run; default interval / 2" }),
    active_hours: section({
      start: optClock({ doc: "HH:MM start of active hours" }),
      end: optClock({ doc: "HH:MM end of active hours (may be past midnight)" }),
    }),
    timezone: optStr({
      doc: "IANA time zone for active hours and the daily budget; default local",
    }),
    model: optStr({
      doc: "model for heartbeat runs (e.g. a cheaper one); default agent.default_model",
    }),
    max_tokens_per_day: optInt({
      doc:
        "heartbeat tokens per day (in heartbeat.timezone); once reached, ticks skip until midnight",
      min: 1,
    }),
    mcp_servers: strList([], { doc: "MCP servers heartbeat turns may use", compat: true }),
    dreaming: section({
      enabled: bool(false, { doc: "distil old sessions into memory", compat: true }),
      max_sessions_per_sweep: int(10, { doc: "sessions per sweep", min: 1, compat: true }),
      max_messages_per_session: int(100, {
        doc: "messages read per session",
        min: 1,
        compat: true,
      }),
      min_session_age_secs: int(3600, {
        doc: "only sessions older than this",
        min: 0,
        compat: true,
      }),
    }),
  }),
  memory: section({
    backend: str("sqlite", { doc: "index backend", choices: ["sqlite", "markdown", "none"] }),
    workspace: optStr({ doc: "deprecated: workspace folder; prefer LOCALGPT_WORKSPACE" }),
    embedding: section({
      provider: str("local", {
        doc: "embedding provider",
        choices: ["local", "openai", "ollama", "none"],
      }),
      model: str("Xenova/all-MiniLM-L6-v2", { doc: "embedding model id" }),
      model_dir: optStr({ doc: "root of local models; default <cache_dir>/models" }),
      allow_download: bool(true, { doc: "download the model on first use" }),
      dtype: str("q8", {
        doc: "ONNX weights of the local model",
        choices: ["fp32", "fp16", "q8", "q4"],
      }),
      threads: int(1, { doc: "intra-op threads of the local model", min: 1 }),
      batch_size: int(32, { doc: "chunks per embedding call", min: 1, max: 2048 }),
      remote_host: str("https://huggingface.co/", {
        doc: "where local models are downloaded from (a Hugging Face mirror)",
      }),
    }),
    chunk_size: int(400, { doc: "chunk size in tokens (~4 chars each)", min: 16 }),
    chunk_overlap: int(80, { doc: "overlap between chunks in tokens", min: 0 }),
    paths: tables(
      section({
        path: str("knowledge", { doc: "folder relative to the workspace" }),
        pattern: str("**/*.md", { doc: "glob of files to index" }),
      }),
      "extra folders to index",
    ),
    exclude: strList([], { doc: ".gitignore-style patterns never indexed" }),
    search: section({
      text_weight: float(0.3, { doc: "weight of keyword scores in hybrid search", min: 0, max: 1 }),
      vector_weight: float(0.7, {
        doc: "weight of vector scores in hybrid search",
        min: 0,
        max: 1,
      }),
      min_score: float(0.0, { doc: "results below this score are dropped", min: 0, max: 1 }),
      candidate_multiplier: int(4, {
        doc: "candidates per search leg = limit × this (20..200)",
        min: 1,
        max: 50,
      }),
    }),
    watch_debounce_ms: int(1500, {
      doc: "quiet time before the daemon's watcher reindexes",
      min: 0,
    }),
    index_sessions: bool(false, {
      doc: "index session transcripts (memory search --sessions, memory_search source)",
    }),
    index_heartbeat_sessions: bool(false, {
      doc: "with index_sessions: index heartbeat sessions too",
    }),
    session_max_messages: int(15, { doc: "messages saved by /new", min: 0 }),
    session_max_chars: int(0, { doc: "chars saved by /new; 0 = no limit", min: 0 }),
    temporal_decay_lambda: float(0, {
      doc: "score decay per day for daily notes; 0 = off",
      min: 0,
    }),
    llm_query_expansion: bool(false, { doc: "let the model rewrite search queries", compat: true }),
    multimodal_embeddings: bool(false, { doc: "embed images too", compat: true }),
    gemini_api_key: optStr({ doc: "Gemini key for Gemini embeddings", secret: true, compat: true }),
    wiki_enabled: bool(false, { doc: "memory wiki", compat: true }),
    wiki_fresh_days: int(7, { doc: "wiki pages fresh for this many days", min: 0, compat: true }),
    wiki_stale_days: int(30, {
      doc: "wiki pages stale after this many days",
      min: 0,
      compat: true,
    }),
  }),
  server: section({
    enabled: bool(true, { doc: "serve the HTTP API and web UI in the daemon" }),
    port: int(31327, { doc: "TCP port", min: 0, max: 65535 }),
    bind: str("127.0.0.1", { doc: "address to bind", min: 1 }),
    auth_token: optStr({
      doc: "bearer token of the API; unset = generated at first start into the state dir",
      secret: true,
    }),
    auth: str("auto", {
      doc: "auto: token required only on a non-loopback bind; token: always required",
      choices: ["auto", "token"],
    }),
    allowed_hosts: strList([], {
      doc: "extra Host header names accepted (loopback names always are)",
    }),
    cors_origins: strList([], { doc: "allowed origins; empty = localhost on any port" }),
    max_request_body: int(10 * 1024 * 1024, { doc: "max request body in bytes", min: 1 }),
    tools: strList(
      TOOL_NAMES.filter((name) => name !== "bash"),
      {
        doc: "tools the daemon's agent (web UI, API) may use; write_file and edit_file stay " +
          "inside the workspace there; default: all but bash. A tool in " +
          "tools.require_approval asks the web UI or API client (tools.approval_timeout)",
        choices: TOOL_NAMES,
      },
    ),
    webhook_secret: optStr({ doc: "HMAC secret for webhooks", secret: true }),
    tls_enabled: bool(false, { doc: "serve HTTPS", compat: true }),
    tls_cert_dir: optStr({ doc: "TLS certificate folder", compat: true }),
    tls_renew_threshold_days: int(30, {
      doc: "renew certificates this early",
      min: 1,
      compat: true,
    }),
    rate_limit: section({
      enabled: bool(true, { doc: "per-IP rate limiting" }),
      requests_per_minute: int(60, { doc: "sustained requests per minute", min: 1 }),
      burst: int(10, { doc: "burst size", min: 1 }),
    }),
  }),
  logging: section({
    level: str("info", {
      doc: "log level",
      choices: ["error", "warn", "info", "debug", "trace"],
    }),
    file: optStr({ doc: "log file; default <state_dir>/logs/agent.log" }),
    retention_days: int(0, { doc: "days of logs kept; 0 = keep all", min: 0 }),
  }),
  tools: section({
    bash_timeout_ms: int(30000, { doc: "shell command timeout", min: 100 }),
    web_fetch_max_bytes: int(1_000_000, { doc: "max bytes web_fetch reads", min: 1 }),
    require_approval: strList([], { doc: "tools that ask before running" }),
    approval_timeout: duration("2m", {
      doc: "how long the daemon waits for an approval from the web UI or API before denying",
    }),
    tool_output_max_chars: int(50000, { doc: "tool output kept for the model", min: 100 }),
    log_injection_warnings: bool(true, { doc: "show prompt-injection warnings" }),
    use_content_delimiters: bool(true, { doc: "wrap tool output in <tool_output> tags" }),
    document_max_bytes: int(10 * 1024 * 1024, {
      doc: "largest document loaded",
      min: 1,
      compat: true,
    }),
    image_max_dimension: int(1568, {
      doc: "images are scaled down to this size",
      min: 64,
      compat: true,
    }),
    media_cache_enabled: bool(true, { doc: "cache downloaded media", compat: true }),
    media_cache_max_mb: int(100, { doc: "media cache size", min: 0, compat: true }),
    browser_enabled: bool(false, { doc: "browser (CDP) tool", compat: true }),
    browser_port: int(9222, { doc: "Chrome DevTools port", min: 1, max: 65535, compat: true }),
    filters: named(
      {},
      section({
        deny_patterns: strList([], { doc: "regexes that block a call" }),
        allow_patterns: strList([], { doc: "regexes a call must match" }),
        deny_substrings: strList([], { doc: "substrings that block a call" }),
      }),
      { doc: "per-tool argument filters: [tools.filters.<tool>]" },
    ),
    web_search: section({
      provider: str("none", {
        doc: "web search backend",
        choices: ["none", ...SEARCH_PROVIDERS],
      }),
      fallback: strList([], {
        doc: "providers tried in order when `provider` fails (network, 4xx/5xx, quota)",
        choices: SEARCH_PROVIDERS,
      }),
      timeout_ms: int(15000, { doc: "time limit of one search request", min: 100 }),
      cache_enabled: bool(true, { doc: "cache search results" }),
      cache_ttl: int(900, { doc: "cache lifetime in seconds", min: 0 }),
      max_results: int(5, { doc: "results per search", min: 1, max: 10 }),
      prefer_native: bool(true, {
        doc: "Anthropic models get Anthropic's server-side search instead of this tool",
      }),
      searxng: section({
        base_url: optStr({ doc: "SearXNG URL, e.g. http://127.0.0.1:8888 (JSON format enabled)" }),
        categories: optStr({ doc: "SearXNG categories" }),
        language: optStr({ doc: "result language" }),
        time_range: optStr({
          doc: "only results from the last day, week, month or year",
          choices: ["day", "week", "month", "year"],
        }),
      }),
      brave: section({
        api_key: optStr({ doc: 'Brave Search key, e.g. "${BRAVE_API_KEY}"', secret: true }),
        base_url: str("https://api.search.brave.com", { doc: "Brave Search API URL" }),
        country: optStr({ doc: "country code" }),
        freshness: optStr({ doc: "pd, pw, pm, py or YYYY-MM-DDtoYYYY-MM-DD" }),
      }),
      tavily: section({
        api_key: optStr({ doc: 'Tavily key, e.g. "${TAVILY_API_KEY}"', secret: true }),
        base_url: str("https://api.tavily.com", { doc: "Tavily API URL" }),
        search_depth: str("basic", { doc: "basic or advanced", choices: ["basic", "advanced"] }),
        include_answer: bool(true, { doc: "include Tavily's answer" }),
      }),
      perplexity: section({
        api_key: optStr({ doc: 'Perplexity key, e.g. "${PERPLEXITY_API_KEY}"', secret: true }),
        base_url: str("https://api.perplexity.ai", { doc: "Perplexity API URL" }),
        model: str("sonar", { doc: "Perplexity model" }),
      }),
    }),
  }),
  security: section({
    strict_policy: bool(false, { doc: "refuse to start a session when LocalGPT.md is tampered" }),
    disable_policy: bool(false, { doc: "never load LocalGPT.md" }),
    disable_suffix: bool(false, { doc: "drop the built-in security reminder" }),
    allowed_directories: strList([], { doc: "extra roots the file tools may touch" }),
    encryption: bool(false, { doc: "encrypt memory at rest", compat: true }),
    encryption_key_path: optStr({ doc: "encryption key file", compat: true }),
    sandbox_backend: str("disabled", {
      doc: "container sandbox",
      choices: ["disabled", "auto", "docker", "podman"],
      compat: true,
    }),
    sandbox_image: str("ubuntu:24.04", { doc: "container image", compat: true }),
    sandbox_memory: optStr({ doc: "container memory limit", compat: true }),
  }),
  sandbox: section({
    enabled: bool(true, { doc: "run shell commands in the kernel sandbox" }),
    level: str("auto", {
      doc: "sandbox level",
      choices: ["auto", "full", "standard", "minimal", "none"],
    }),
    timeout_secs: int(120, { doc: "wall-clock limit per command", min: 1 }),
    max_output_bytes: int(1_048_576, { doc: "output kept per command", min: 1024 }),
    max_file_size_bytes: int(52_428_800, { doc: "largest file a command may write", min: 1 }),
    max_processes: int(64, { doc: "process limit", min: 1 }),
    allow_paths: section({
      read: strList([], { doc: "extra read-only paths" }),
      write: strList([], { doc: "extra read-write paths" }),
    }),
    network: section({
      policy: str("deny", {
        doc: "network access from commands",
        choices: ["deny", "proxy", "allow"],
      }),
    }),
  }),
  telegram: section({
    enabled: bool(false, { doc: "run the Telegram bot in the daemon" }),
    api_token: optStr({ doc: "bot token from @BotFather", secret: true }),
    heartbeat_topic_id: optInt({ doc: "forum topic for heartbeat messages" }),
    api_root: str("https://api.telegram.org", {
      doc: "Bot API server (a local telegram-bot-api server, or a test fake)",
      min: 1,
    }),
    allowed_updates: strList(["message", "callback_query"], {
      doc: "update types the bot asks for (without callback_query approval buttons cannot work)",
      choices: ["message", "callback_query"],
    }),
    approval_timeout: duration("5m", { doc: "unanswered approval buttons deny after this" }),
    max_attachment_bytes: int(10_485_760, {
      doc: "largest photo or document read from a chat",
      min: 1,
      max: 20_971_520,
    }),
  }),
  cron: section({
    jobs: tables(
      section({
        name: optStr({ doc: "job name", required: true }),
        schedule: optStr({ doc: "cron expression or every 30m", required: true }),
        prompt: optStr({ doc: "what the agent is asked", required: true }),
        channel: optStr({ doc: "where the output goes" }),
        enabled: bool(true, { doc: "run this job" }),
        timeout: duration("10m", { doc: "max run time" }),
        model: optStr({ doc: "model for this job; default agent.default_model" }),
        timezone: optStr({ doc: "IANA time zone of the cron expression; default local" }),
      }),
      "scheduled prompts",
    ),
  }),
  hooks: section({
    hooks: tables(
      section({
        name: optStr({ doc: "hook name", required: true }),
        event: optStr({
          doc: "event",
          required: true,
          choices: [
            "onMessage",
            "onToolCall",
            "onSessionStart",
            "onSessionEnd",
            "beforeToolCall",
            "afterToolCall",
          ],
        }),
        command: optStr({ doc: "shell command", required: true }),
        filter: optStr({ doc: "e.g. tool:bash" }),
        enabled: bool(true, { doc: "run this hook" }),
      }),
      "commands run on agent events",
    ),
  }),
  mcp: section({
    servers: tables(
      section({
        name: optStr({ doc: "server name", required: true }),
        transport: str("stdio", { doc: "transport", choices: ["stdio", "sse"] }),
        command: optStr({ doc: "command for stdio" }),
        args: strList([], { doc: "arguments" }),
        env: strMap({}, { doc: "environment" }),
        url: optStr({ doc: "URL for sse" }),
        enabled: bool(true, { doc: "connect to this server" }),
      }),
      "MCP servers",
    ),
  }),
});

/** The config with every default filled in. Modules receive their slice of it. */
export type ResolvedConfig = Infer<typeof SCHEMA>;

/** Env vars a provider's `api_key` falls back to when the config has none. */
export const PROVIDER_KEY_ENV: Record<string, string> = {
  anthropic: "ANTHROPIC_API_KEY",
  openai: "OPENAI_API_KEY",
  xai: "XAI_API_KEY",
  glm: "GLM_API_KEY",
  gemini: "GEMINI_API_KEY",
  openrouter: "OPENROUTER_API_KEY",
};
