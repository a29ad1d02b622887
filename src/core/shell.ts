/** POSIX shell quoting, and the one rule for turning command words into a `bash -c` line. */

/** Quotes one word for a POSIX shell (left bare when it has no special characters). */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The shell command line for words given after `--`, following `sudo`/`env`-style tools: one
 * word is a command line for the shell, as written (`-- 'echo a && echo b'`); several words are an
 * argv, run exactly as given through `exec` (no word splitting, globbing, `~` or `$` expansion,
 * and the program is found on PATH, never a shell builtin or function).
 */
export function commandLineFromWords(words: readonly string[]): string {
  if (words.length === 0) throw new TypeError("Cannot build a command: no words given");
  if (words.length === 1) return words[0];
  return `exec -- ${words.map(shellQuote).join(" ")}`;
}
