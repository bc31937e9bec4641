import { CopyButton } from './CopyButton';
import { prettyJson } from './format';

interface Props {
  value: unknown;
  label: string;
  /** Starts folded (a summary line that opens on click). */
  collapsed?: boolean;
}

/** JSON, pretty-printed, foldable, with a copy button. */
export function JsonBlock({ value, label, collapsed = false }: Props) {
  const text = prettyJson(value);
  return (
    <details className="json-block" open={!collapsed}>
      <summary>{label}</summary>
      <CopyButton text={text} label={`Copy ${label}`} />
      <pre className="json" aria-label={label} tabIndex={0}>
        {text}
      </pre>
    </details>
  );
}
