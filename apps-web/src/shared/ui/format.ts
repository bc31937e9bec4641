export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** A time of day with milliseconds, for event and log rows. */
export function formatClock(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const ms = String(date.getMilliseconds()).padStart(3, '0');
  return `${date.toLocaleTimeString(undefined, { hour12: false })}.${ms}`;
}

/** Milliseconds between two instants (to `now` when the end is missing). */
export function millisBetween(
  from: string,
  to: string | null | undefined,
  now = Date.now(),
): number {
  return (to ? Date.parse(to) : now) - Date.parse(from);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

/** progress is 0..1 in the API. */
export function percent(progress: number | null | undefined): number {
  return Math.round(Math.min(Math.max(progress ?? 0, 0), 1) * 100);
}

/** A JSON.stringify replacer that drops the __typename fields Apollo adds to query results. */
export function withoutTypename(key: string, value: unknown): unknown {
  return key === '__typename' ? undefined : value;
}

export function prettyJson(value: unknown): string {
  return JSON.stringify(value ?? null, withoutTypename, 2);
}
