// What the delivery log shows, apart from React: the pages it has loaded kept in the server's
// order (newest first) as the first page is polled, and how a delivery and its attempts read.
import type {
  AlertDeliveryFieldsFragment,
  AlertDeliveryState,
} from '../../shared/graphql/generated/graphql';
import { formatDuration } from '../../shared/ui/format';

export type Delivery = AlertDeliveryFieldsFragment;
export type DeliveryAttempt = Delivery['attemptLog'][number];

/** Deliveries per page: the API's complexity limit counts lists times their `first`. */
export const PAGE_SIZE = 25;

export const DELIVERY_STATES: AlertDeliveryState[] = [
  'PENDING',
  'RETRYING',
  'DELIVERED',
  'DEAD',
  'CANCELLED',
];

export interface LoadedLog {
  rows: Delivery[];
  /** Where the next older page starts; null when there is none. */
  endCursor: string | null;
  hasMore: boolean;
  /** Pages loaded: the first (polled) and the older ones asked for. */
  pages: number;
}

export const EMPTY_LOG: LoadedLog = { rows: [], endCursor: null, hasMore: false, pages: 0 };

export interface Page {
  rows: Delivery[];
  endCursor: string | null;
  hasMore: boolean;
}

/**
 * Merges a fresh first page into what is loaded. With only the first page loaded, the fresh one
 * replaces it. With older pages too, deliveries in the fresh page replace their copies (a state
 * moved on), new ones go on top and the older pages stay; but if the fresh page shares nothing
 * with what is loaded, more arrived than a page holds, and the log starts over from it rather
 * than show a gap.
 */
export function withFirstPage(log: LoadedLog, page: Page): LoadedLog {
  const fresh = new Set(page.rows.map((d) => d.id));
  if (log.pages <= 1 || !log.rows.some((d) => fresh.has(d.id))) return { ...page, pages: 1 };
  return { ...log, rows: [...page.rows, ...log.rows.filter((d) => !fresh.has(d.id))] };
}

/** Appends an older page (a delivery already shown is not shown twice). */
export function withOlderPage(log: LoadedLog, page: Page): LoadedLog {
  const shown = new Set(log.rows.map((d) => d.id));
  return {
    rows: [...log.rows, ...page.rows.filter((d) => !shown.has(d.id))],
    endCursor: page.endCursor,
    hasMore: page.hasMore,
    pages: log.pages + 1,
  };
}

/** The badge class of a delivery state: the job statuses' colours (green, red, blue, grey). */
export function stateTone(state: AlertDeliveryState): string {
  switch (state) {
    case 'DELIVERED':
      return 'succeeded';
    case 'DEAD':
      return 'failed';
    case 'RETRYING':
      return 'retry_scheduled';
    case 'PENDING':
      return 'queued';
    case 'CANCELLED':
      return 'cancelled';
  }
}

/** The server sends DEAD and DELIVERED deliveries again; the others are still on their way. */
export function canRedeliver(delivery: Delivery): boolean {
  return delivery.state === 'DEAD' || delivery.state === 'DELIVERED';
}

/** One attempt as a row reads: the receiver's answer, how long it took, what went wrong. */
export function attemptSummary(attempt: DeliveryAttempt): {
  outcome: 'delivered' | 'failed';
  status: string;
  latency: string;
  error: string;
} {
  return {
    outcome: attempt.succeeded ? 'delivered' : 'failed',
    status: attempt.statusCode === null ? 'no answer' : `HTTP ${attempt.statusCode}`,
    latency: formatDuration(attempt.latencyMs),
    error: attempt.error ?? '',
  };
}

/** What happens next to a delivery, in a few words. */
export function deliveryProgress(delivery: Delivery, now = Date.now()): string {
  const tries = `${delivery.attempts} of ${delivery.maxAttempts} attempts`;
  switch (delivery.state) {
    case 'DELIVERED':
      return delivery.attempts === 1
        ? 'delivered on the first attempt'
        : `delivered on attempt ${delivery.attempts}`;
    case 'DEAD':
      return `dead after ${tries}: redeliver to try again`;
    case 'CANCELLED':
      return 'cancelled: the rule was deleted';
    case 'PENDING':
    case 'RETRYING': {
      if (!delivery.nextAttemptAt) return `${tries}, sending`;
      const wait = Date.parse(delivery.nextAttemptAt) - now;
      return wait > 0
        ? `${tries}, next in ${formatDuration(wait)}`
        : `${tries}, next attempt due now`;
    }
  }
}
