import diff from 'microdiff';
import type { Change } from './DiffList';

/** The leaf changes from one JSON value to another, each at its JSON Pointer. */
export function jsonDiff(before: unknown, after: unknown): Change[] {
  if (typeof before !== 'object' || typeof after !== 'object' || !before || !after) {
    return before === after ? [] : [{ path: '', left: before, right: after }];
  }
  return diff(before as Record<string, unknown>, after as Record<string, unknown>).map((d) => ({
    path: '/' + d.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/'),
    left: d.type === 'CREATE' ? undefined : d.oldValue,
    right: d.type === 'REMOVE' ? undefined : (d as { value: unknown }).value,
  }));
}
