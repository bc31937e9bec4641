import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { authorizationHeader } from './authorization';
import { isUnauthenticated } from './errors';

export interface JobtrailClient {
  apollo: ApolloClient;
  dispose(): void;
}

export interface ClientOptions {
  token: string;
  /** Called when the server rejects the token (HTTP 401, UNAUTHENTICATED, WebSocket 4401/4403). */
  onUnauthenticated(): void;
  /** Where the page was loaded from; the API lives on the same origin. */
  origin?: string;
}

// Close codes for a rejected connection_init: Spring for GraphQL sends 4401, graphql-ws 4403.
const AUTH_CLOSE_CODES = [4401, 4403];

export function createJobtrailClient(options: ClientOptions): JobtrailClient {
  const origin = options.origin ?? window.location.origin;
  const authorization = authorizationHeader(options.token);

  const ws = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    connectionParams: { Authorization: authorization },
    // useJobSubscription resumes from its own cursor, so the socket must not silently resubscribe
    // with the first cursor: a dropped socket ends every subscription with an error instead.
    retryAttempts: 0,
    keepAlive: 10_000,
    lazyCloseTimeout: 3_000,
    on: {
      closed: (event) => {
        if (isCloseEvent(event) && AUTH_CLOSE_CODES.includes(event.code)) {
          options.onUnauthenticated();
        }
      },
    },
  });

  const errorLink = new ErrorLink(({ error }) => {
    if (isUnauthenticated(error)) {
      options.onUnauthenticated();
    }
  });

  const http = new HttpLink({
    uri: `${origin}/graphql`,
    headers: { Authorization: authorization },
  });
  const transport = ApolloLink.split(isSubscription, new GraphQLWsLink(ws), http);

  const apollo = new ApolloClient({
    link: ApolloLink.from([errorLink, transport]),
    cache: createCache(),
    // A command's answer never enters the cache: a job's version there without its steps would
    // make a page show a stale job as if it were current. Pages take jobs from the server's view.
    defaultOptions: { mutate: { fetchPolicy: 'no-cache' } },
  });
  return {
    apollo,
    dispose() {
      apollo.stop();
      void ws.dispose();
    },
  };
}

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      // Step ids are only unique within a job, and these objects have no id of their own:
      // keep them inside their parent instead of normalizing them.
      Step: { keyFields: false },
      Attempt: { keyFields: false },
      StepComparison: { keyFields: false },
      AttemptComparison: { keyFields: false },
      Difference: { keyFields: false },
      ReplayOrigin: { keyFields: false, merge: true },
      Agents: { keyFields: false, merge: true },
      Agent: { keyFields: false },
      Limits: { keyFields: false, merge: true },
      Job: { fields: { steps: { merge: false }, replays: { merge: false } } },
      JobConnection: { keyFields: false },
      // An alert rule's parts have no id: they live inside their rule.
      AlertMatch: { keyFields: false, merge: true },
      AlertCondition: { keyFields: false, merge: true },
      Webhook: { keyFields: false, merge: true },
      AlertDeliveryCounts: { keyFields: false, merge: true },
      AlertDeliveryConnection: { keyFields: false },
      LogConsumer: { keyFields: false },
    },
  });
}

function isSubscription({ query }: ApolloLink.Operation): boolean {
  const definition = getMainDefinition(query);
  return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
}

function isCloseEvent(event: unknown): event is { code: number } {
  return typeof event === 'object' && event !== null && 'code' in event;
}
