import { prettyJson } from './format';

export interface Change {
  path: string;
  left: unknown;
  right: unknown;
}

/** Differences as rows: where (a JSON Pointer), the value on the left and on the right, as JSON. */
export function DiffList({
  changes,
  leftLabel,
  rightLabel,
  testId,
}: {
  changes: readonly Change[];
  leftLabel: string;
  rightLabel: string;
  testId?: string;
}) {
  if (changes.length === 0) return <p className="muted">No differences.</p>;
  return (
    <div className="scroll-x">
      <table className="table diff" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">{leftLabel}</th>
            <th scope="col">{rightLabel}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.path} data-testid="difference" data-path={c.path}>
              <td className="mono">{c.path}</td>
              <td>
                <pre className="json removed">
                  {c.left === undefined ? '—' : prettyJson(c.left)}
                </pre>
              </td>
              <td>
                <pre className="json added">
                  {c.right === undefined ? '—' : prettyJson(c.right)}
                </pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
