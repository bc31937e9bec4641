interface Props {
  status: string;
  testId?: string;
}

/** A job or step status as a coloured label; the text is the status itself. */
export function StatusBadge({ status, testId }: Props) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-testid={testId}>
      {status}
    </span>
  );
}
