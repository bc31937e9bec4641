// A subscription that survives dropped connections: on a transport error it resubscribes, with
// backoff, from the cursor of the last item it accepted. Framework-free so it is easy to test.

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'failed' | 'ended';

export interface StreamSink<T> {
  next(item: T): void;
  error(error: unknown): void;
  complete(): void;
}

export interface ResumableStreamOptions<T, C> {
  /** Subscribes from a cursor (null: from the beginning); returns the unsubscribe function. */
  open(cursor: C | null, sink: StreamSink<T>): () => void;
  /** Receives each item; returns false for an item already seen, which leaves the cursor alone. */
  onItem(item: T): boolean;
  cursorOf(item: T): C | null;
  onStatus(status: StreamStatus, error?: unknown): void;
  /** An error that retrying cannot cure (for example a GraphQL error: the server said no). */
  isFatal(error: unknown): boolean;
  /** Milliseconds to wait before retry number `attempt` (1, 2, ...). */
  retryDelay(attempt: number): number;
  /**
   * True when the server sends an item right after every subscribe (a current status), so the
   * stream counts as live only once that arrives. Otherwise it is live as soon as it subscribes.
   */
  confirmedByFirstItem?: boolean;
  /** Whether a stream the server completed should be opened again (default: no). */
  resumeAfterComplete?(): boolean;
}

export function defaultRetryDelay(attempt: number): number {
  return Math.min(250 * 2 ** (attempt - 1), 10_000);
}

/** Starts the stream; the returned function stops it for good. */
export function startResumableStream<T, C>(options: ResumableStreamOptions<T, C>): () => void {
  let cursor: C | null = null;
  let failures = 0;
  let stopped = false;
  let connection = 0;
  let unsubscribe: (() => void) | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const setStatus = (status: StreamStatus, error?: unknown) => {
    if (!stopped) options.onStatus(status, error);
  };

  const retry = (error?: unknown) => {
    failures += 1;
    setStatus('reconnecting', error);
    retryTimer = setTimeout(connect, options.retryDelay(failures));
  };

  function connect() {
    if (stopped) return;
    retryTimer = null;
    const id = ++connection;
    let confirmed = !options.confirmedByFirstItem;
    const current = () => !stopped && id === connection;
    const end = () => {
      connection++;
      const close = unsubscribe;
      unsubscribe = null;
      close?.();
    };

    if (failures === 0) setStatus(confirmed ? 'live' : 'connecting');
    else if (confirmed) setStatus('live');

    unsubscribe = options.open(cursor, {
      next(item) {
        if (!current()) return;
        if (options.onItem(item)) {
          cursor = options.cursorOf(item) ?? cursor;
        }
        if (!confirmed) {
          confirmed = true;
          setStatus('live');
        }
        failures = 0;
      },
      error(error) {
        if (!current()) return;
        end();
        if (options.isFatal(error)) {
          setStatus('failed', error);
        } else {
          retry(error);
        }
      },
      complete() {
        if (!current()) return;
        end();
        if (options.resumeAfterComplete?.()) {
          retry();
        } else {
          setStatus('ended');
        }
      },
    });
    // open() may have failed synchronously and already scheduled a retry.
    if (!current()) {
      const close = unsubscribe;
      unsubscribe = null;
      close?.();
    }
  }

  connect();
  return () => {
    stopped = true;
    connection++;
    if (retryTimer !== null) clearTimeout(retryTimer);
    unsubscribe?.();
    unsubscribe = null;
  };
}
