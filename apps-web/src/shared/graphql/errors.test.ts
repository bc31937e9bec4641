import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import { errorDetails, isUnauthenticated } from './errors';

describe('GraphQL errors', () => {
  const graphQLError = (code: string) =>
    new CombinedGraphQLErrors({ errors: [{ message: 'No', extensions: { code } }] });

  it('recognizes a rejected token by code or by HTTP 401', () => {
    expect(isUnauthenticated(graphQLError('UNAUTHENTICATED'))).toBe(true);
    expect(isUnauthenticated(graphQLError('FORBIDDEN'))).toBe(false);
    const response = new Response('', { status: 401 });
    expect(isUnauthenticated(new ServerError('401', { response, bodyText: '' }))).toBe(true);
  });

  it('lists each message with its code', () => {
    expect(errorDetails(graphQLError('CONFLICT'))).toEqual([{ message: 'No', code: 'CONFLICT' }]);
    expect(errorDetails(new Error('Socket closed'))).toEqual([{ message: 'Socket closed' }]);
  });
});
