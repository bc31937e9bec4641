import { useQuery } from '@apollo/client/react';
import { graphql } from '../graphql/generated';
import type { Role } from '../graphql/generated/graphql';

export const CALLER = graphql(`
  query Caller {
    caller {
      user
      role
    }
  }
`);

/**
 * The signed-in token's role (null until the server has said) and whether it may change things
 * (OPERATOR or ADMIN). Controls stay hidden until then rather than flash for a VIEWER; the server
 * checks every operation anyway.
 */
export function useCallerRole(): { role: Role | null; canOperate: boolean } {
  const { data } = useQuery(CALLER, { fetchPolicy: 'cache-first' });
  const role = data?.caller.role ?? null;
  return { role, canOperate: role === 'OPERATOR' || role === 'ADMIN' };
}
