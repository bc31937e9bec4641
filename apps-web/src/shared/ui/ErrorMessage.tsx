import { errorDetails } from '../graphql/errors';

interface Props {
  error: unknown;
  title?: string;
}

/** A GraphQL or transport error as a person reads it: each message with its code. */
export function ErrorMessage({ error, title }: Props) {
  if (!error) return null;
  return (
    <div role="alert" className="error" data-testid="error">
      {title && <strong>{title}: </strong>}
      {errorDetails(error).map((detail, i) => (
        <span key={i} className="error-line">
          {detail.message}
          {detail.code && <code className="error-code">{detail.code}</code>}
        </span>
      ))}
    </div>
  );
}
