import type { ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

export interface ErrorDetail {
  message: string;
  code?: string;
}

/** One line per GraphQL error (with its extensions.code), or the transport error's message. */
export function errorDetails(error: unknown): ErrorDetail[] {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((e) => ({
      message: e.message,
      code: typeof e.extensions?.code === 'string' ? e.extensions.code : undefined,
    }));
  }
  if (ServerError.is(error)) {
    return [{ message: `The server answered HTTP ${error.statusCode}`, code: httpCode(error) }];
  }
  if (error instanceof Error || isErrorLike(error)) {
    return [{ message: error.message }];
  }
  return [{ message: String(error) }];
}

export function errorCodes(error: unknown): string[] {
  return errorDetails(error).flatMap((d) => (d.code ? [d.code] : []));
}

/** True when the server does not accept the bearer token (as opposed to a missing role). */
export function isUnauthenticated(error: unknown): boolean {
  if (ServerError.is(error) && error.statusCode === 401) {
    return true;
  }
  return errorCodes(error).includes('UNAUTHENTICATED');
}

/** GraphQL errors are the server's answer and final; anything else is transport trouble. */
export function isGraphQLError(error: unknown): boolean {
  return CombinedGraphQLErrors.is(error);
}

function httpCode(error: ServerError): string | undefined {
  if (error.statusCode === 401) return 'UNAUTHENTICATED';
  if (error.statusCode === 403) return 'FORBIDDEN';
  return undefined;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && 'message' in value;
}
