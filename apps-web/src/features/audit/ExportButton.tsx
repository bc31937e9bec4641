import { useState } from 'react';
import { authorizationHeader } from '../../shared/graphql/authorization';
import { loadToken } from '../../shared/session/token';

/** Downloads the job's events as NDJSON from the REST export, sending the bearer token. */
export function ExportButton({ jobId }: { jobId: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const token = loadToken();
      const response = await fetch(
        `/api/orchestrator/jobs/${encodeURIComponent(jobId)}/events.ndjson`,
        {
          headers: token ? { Authorization: authorizationHeader(token) } : {},
        },
      );
      if (!response.ok) throw new Error(`The server answered HTTP ${response.status}`);
      saveBlob(await response.blob(), `job-${jobId}-events.ndjson`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span>
      <button type="button" onClick={() => void download()} disabled={busy} data-testid="export">
        Export NDJSON
      </button>
      {error && (
        <span role="alert" className="error">
          Export failed: {error}
        </span>
      )}
    </span>
  );
}

function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
