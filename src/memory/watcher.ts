/** A debounced file watcher that keeps the index current while the daemon runs. */

/** Options of `watchMemory()`. */
export interface WatchOptions {
  /** Folders to watch recursively (the workspace and extra `memory.paths` folders). */
  roots: readonly string[];
  /** Called with the changed paths once changes have been quiet for `debounceMs`. */
  onChange: (paths: string[]) => Promise<unknown> | unknown;
  /** Default: 1500. */
  debounceMs?: number;
  /** Called when `onChange` throws; the watcher keeps running. */
  onError?: (error: unknown) => void;
}

/** A running watcher. */
export interface MemoryWatcher {
  /** Stops watching; a pending run is dropped, a running one finishes. */
  close(): void;
  /** Settles when the watcher has stopped. */
  closed: Promise<void>;
}

// Markdown notes, ignore rules, and session transcripts (when their folder is a root).
const RELEVANT = /\.md$|\.jsonl$|(?:^|[\\/])\.gitignore$/i;

/**
 * Starts watching (Deno.watchFs). Bursts of events collapse into one `onChange` call, and calls
 * never overlap: changes that arrive during a run trigger one more run afterwards.
 */
export function watchMemory(options: WatchOptions): MemoryWatcher {
  const debounceMs = options.debounceMs ?? 1500;
  const watchers: Deno.FsWatcher[] = [];
  for (const root of options.roots) {
    try {
      watchers.push(Deno.watchFs(root, { recursive: true }));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  let pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const run = async () => {
    timer = undefined;
    if (stopped || running || pending.size === 0) return;
    const paths = [...pending];
    pending = new Set();
    running = (async () => {
      try {
        await options.onChange(paths);
      } catch (error) {
        options.onError?.(error);
      }
    })();
    await running;
    running = undefined;
    if (pending.size && !stopped) schedule();
  };
  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };

  const loops = watchers.map(async (watcher) => {
    for await (const event of watcher) {
      const paths = event.paths.filter((p) => RELEVANT.test(p));
      if (!paths.length) continue;
      for (const p of paths) pending.add(p);
      if (!running) schedule();
    }
  });
  const closed = Promise.allSettled(loops).then(async () => {
    await running;
  });
  return {
    close() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const w of watchers) {
        try {
          w.close();
        } catch {
          // already closed
        }
      }
    },
    closed,
  };
}
