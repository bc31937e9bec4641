import { useLazyQuery } from '@apollo/client/react';
import { VERIFY_JOB } from './queries';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';

/** Runs verifyJob (fold from scratch, read model, snapshot, hash chain) and shows the report. */
export function VerifyPanel({ jobId }: { jobId: string }) {
  const [verify, { data, loading, error }] = useLazyQuery(VERIFY_JOB, { fetchPolicy: 'no-cache' });
  const report = data?.verifyJob;
  return (
    <div className="verify">
      <button
        type="button"
        disabled={loading}
        onClick={() => void verify({ variables: { jobId } })}
      >
        {loading ? 'Verifying…' : 'Verify'}
      </button>
      <ErrorMessage error={error} title="Verify failed" />
      {report && (
        <div
          className={`report ${report.ok ? 'ok' : 'bad'}`}
          role="status"
          data-testid="verify-report"
          data-ok={report.ok}
        >
          <strong>{report.ok ? 'Verified' : 'Problems found'}</strong>: {report.eventsChecked}{' '}
          events checked, hash chain {report.hashChainIntact ? 'intact' : 'broken'}
          {report.firstBrokenVersion !== null && ` at version ${report.firstBrokenVersion}`}.
          {report.differences.length > 0 && (
            <ul>
              {report.differences.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
