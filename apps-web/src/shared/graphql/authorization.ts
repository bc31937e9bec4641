/** The HTTP Authorization header (and graphql-ws connection parameter) for a bearer token. */
export function authorizationHeader(token: string): string {
  return `Bearer ${token}`;
}
