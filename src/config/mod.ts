/**
 * @module config
 * Owns config.toml (load, validate, `${VAR}` expansion, defaults → ResolvedConfig, editing) and
 * directory resolution (XDG and platform equivalents, LOCALGPT_* overrides, profiles).
 * The only reader of the environment (`readHostEnv()`). Must not import anything but core.
 * Contract: `loadConfig()` either returns a fully defaulted `ResolvedConfig` or throws one
 * `ConfigError` listing every problem with its key path and line; a missing file means defaults.
 */
export { type HostEnv, type HostOs, readHostEnv } from "./env.ts";
export {
  expandHome,
  isValidName,
  type PathsOptions,
  type PathsResult,
  profileSuffix,
  type ResolvedPaths,
  resolvePaths,
} from "./paths.ts";
export { loadConfig, type LoadedConfig, type LoadOptions, parseConfig } from "./load.ts";
export {
  CUSTOM_PROVIDER_TYPES,
  PROVIDER_KEY_ENV,
  type ResolvedConfig,
  SCHEMA,
  SEARCH_PROVIDERS,
  TOOL_NAMES,
} from "./schema.ts";
export { formatDuration, parseDuration } from "./_schema_kit.ts";
export { displayConfig, displayValue, findSchemaNode, formatToml, REDACTED } from "./show.ts";
export { appendTableItem, removeTableItem, setKeyInText, tomlLiteral } from "./edit.ts";
export { configTemplate } from "./template.ts";
export { type KeyLines, lineOf, locateKeys } from "./_locate.ts";
