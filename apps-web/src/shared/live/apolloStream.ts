import type { ApolloClient, OperationVariables, TypedDocumentNode } from '@apollo/client';
import type { StreamSink } from './resumableStream';

/**
 * Opens one GraphQL subscription through Apollo and feeds what `pick` finds in each result to the
 * sink. Apollo reports errors as values; they go to sink.error.
 */
export function openApolloStream<TData, TVariables extends OperationVariables, T>(
  client: ApolloClient,
  query: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  pick: (data: TData) => T | null | undefined,
  sink: StreamSink<T>,
): () => void {
  const subscription = client
    .subscribe<TData, TVariables>({
      query,
      variables,
      fetchPolicy: 'no-cache',
      // Each caller needs its own server stream: a shared one would not replay the first item.
      context: { queryDeduplication: false },
    } as ApolloClient.SubscribeOptions<TData, TVariables>)
    .subscribe({
      next(result) {
        if (result.error) {
          sink.error(result.error);
          return;
        }
        const item = result.data ? pick(result.data as TData) : null;
        if (item) sink.next(item);
      },
      error: (error: unknown) => sink.error(error),
      complete: () => sink.complete(),
    });
  return () => subscription.unsubscribe();
}
