import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { getMainDefinition } from '@apollo/client/utilities';
import type { FormattedExecutionResult } from 'graphql';
import { Observable } from 'rxjs';
import type { Subscriber } from 'rxjs';
import { createCache } from '../graphql/client';

interface OpenSubscription {
  operationName: string;
  variables: Record<string, unknown>;
  observer: Subscriber<ApolloLink.Result>;
  closed: boolean;
}

type QueryHandler = (variables: Record<string, unknown>) => FormattedExecutionResult;

/**
 * Stands in for the GraphQL server at the link: answers queries from handlers and keeps every
 * subscription open so a test can push results, GraphQL errors, or drop the connection.
 */
export class FakeServer {
  readonly subscriptions: OpenSubscription[] = [];
  readonly queries: { operationName: string; variables: Record<string, unknown> }[] = [];
  private readonly handlers = new Map<string, QueryHandler>();

  readonly client = new ApolloClient({
    cache: createCache() as InMemoryCache,
    link: new ApolloLink(
      (operation) =>
        new Observable<ApolloLink.Result>((observer) => {
          const definition = getMainDefinition(operation.query);
          const { variables } = operation;
          const operationName = operation.operationName ?? '';
          if (
            definition.kind === 'OperationDefinition' &&
            definition.operation === 'subscription'
          ) {
            const sub = { operationName, variables, observer, closed: false };
            this.subscriptions.push(sub);
            return () => (sub.closed = true);
          }
          this.queries.push({ operationName, variables });
          const handler = this.handlers.get(operationName);
          // Answer asynchronously, as a network would.
          const timer = setTimeout(() => {
            if (!handler) {
              observer.error(new Error(`no handler for ${operationName}`));
              return;
            }
            observer.next(handler(variables) as ApolloLink.Result);
            observer.complete();
          }, 0);
          return () => clearTimeout(timer);
        }),
    ),
  });

  onQuery(operationName: string, handler: QueryHandler): void {
    this.handlers.set(operationName, handler);
  }

  open(operationName: string): OpenSubscription[] {
    return this.subscriptions.filter((s) => s.operationName === operationName && !s.closed);
  }

  push(operationName: string, data: Record<string, unknown>): void {
    for (const sub of this.open(operationName)) sub.observer.next({ data });
  }

  pushErrors(operationName: string, errors: FormattedExecutionResult['errors']): void {
    for (const sub of this.open(operationName)) sub.observer.next({ errors });
  }

  /** What a dropped WebSocket looks like to the link: every open subscription errors. */
  dropConnection(): void {
    for (const sub of this.subscriptions.filter((s) => !s.closed)) {
      sub.closed = true;
      sub.observer.error(new Error('Socket closed with event 1006'));
    }
  }
}
