import { prettyJson } from './format';

export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="json" aria-label={label}>
      {prettyJson(value)}
    </pre>
  );
}
