import { useQuery } from '@apollo/client/react';
import { graphql } from '../graphql/generated';

export const CALLER = graphql(`
  query Caller {
    caller {
      user
      role
    }
  }
`);

/**
 * Whether the signed-in token may change things (OPERATOR or ADMIN). False until the server has
 * said: controls stay hidden rather than flash for a VIEWER. The server checks every operation.
 */
export function useCanOperate(): boolean {
  const { data } = useQuery(CALLER, { fetchPolicy: 'cache-first' });
  const role = data?.caller.role;
  return role === 'OPERATOR' || role === 'ADMIN';
}
