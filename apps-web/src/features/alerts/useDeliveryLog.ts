import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import type {
  AlertDeliveriesQuery,
  AlertDeliveryState,
} from '../../shared/graphql/generated/graphql';
import type { LoadedLog, Page } from './deliveryLog';
import { EMPTY_LOG, PAGE_SIZE, withFirstPage, withOlderPage } from './deliveryLog';
import { ALERT_DELIVERIES } from './queries';

const POLL_MS = 2_000;

function toPage(data: AlertDeliveriesQuery | undefined): Page {
  const c = data?.alertDeliveries;
  return {
    rows: c?.edges.map((e) => e.node) ?? [],
    endCursor: c?.pageInfo.endCursor ?? null,
    hasMore: c?.pageInfo.hasNextPage ?? false,
  };
}

/**
 * A rule's delivery log, newest first: the first page polled (deliveries change state as they are
 * sent), older pages on request.
 */
export function useDeliveryLog(ruleId: string, state: AlertDeliveryState | null) {
  const client = useApolloClient();
  const key = `${ruleId}|${state ?? ''}`;
  const [loaded, setLoaded] = useState<{ key: string; log: LoadedLog; error: unknown }>({
    key,
    log: EMPTY_LOG,
    error: null,
  });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [asked, setAsked] = useState(0);
  const states = state ? [state] : null;

  useEffect(() => {
    let active = true;
    const poll = async () => {
      try {
        const { data } = await client.query({
          query: ALERT_DELIVERIES,
          variables: { ruleId, states: state ? [state] : null, first: PAGE_SIZE },
          fetchPolicy: 'network-only',
        });
        if (!active) return;
        setLoaded((l) => ({
          key,
          log: withFirstPage(l.key === key ? l.log : EMPTY_LOG, toPage(data)),
          error: null,
        }));
      } catch (error) {
        if (active) setLoaded((l) => ({ ...l, key, error }));
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [client, key, ruleId, state, asked]);

  const log = loaded.key === key ? loaded.log : EMPTY_LOG;
  const loadOlder = async () => {
    if (!log.endCursor) return;
    setLoadingOlder(true);
    try {
      const { data } = await client.query({
        query: ALERT_DELIVERIES,
        variables: { ruleId, states, first: PAGE_SIZE, after: log.endCursor },
        fetchPolicy: 'network-only',
      });
      setLoaded((l) => (l.key === key ? { ...l, log: withOlderPage(l.log, toPage(data)) } : l));
    } catch (error) {
      setLoaded((l) => ({ ...l, error }));
    } finally {
      setLoadingOlder(false);
    }
  };

  return {
    log,
    loading: loaded.key !== key || (log.pages === 0 && !loaded.error),
    error: loaded.key === key ? loaded.error : null,
    loadingOlder,
    loadOlder,
    /** Polls now (after a redelivery or a test), not at the next tick. */
    refresh: () => setAsked((n) => n + 1),
  };
}
