import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { REPLAY_JOB } from '../graphql/operations';
import type { JobEvent, JobState } from '../graphql/types';
import { parseJsonObject } from '../jobs/jsonInput';
import { navigate, paths } from '../routing/router';
import { ErrorMessage } from '../ui/ErrorMessage';
import { formatTime, prettyJson } from '../ui/format';
import { defaultForkVersion } from './forkPoint';
import { replayOverrides } from './overrides';

interface Props {
  job: JobState;
  events: JobEvent[];
  onClose(): void;
}

/** Forks the job from a chosen event with edited parameters, then opens the new job. */
export function ReplayDialog({ job, events, onClose }: Props) {
  const [version, setVersion] = useState(() => defaultForkVersion(events));
  const [parameters, setParameters] = useState(() => prettyJson(job.parameters));
  const [replayJob, { loading, error }] = useMutation(REPLAY_JOB);
  const parsed = parseJsonObject(parameters);

  const submit = async () => {
    if (!parsed.ok) return;
    const overrides = replayOverrides(job.parameters, parsed.value);
    const result = await replayJob({ variables: { id: job.id, fromVersion: version, overrides } })
      .then((r) => r.data?.replayJob)
      .catch(() => null);
    if (result) {
      onClose();
      navigate(paths.job(result.id));
    }
  };

  return (
    <div className="overlay">
      <div
        className="dialog panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby="replay-title"
        data-testid="replay-dialog"
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id="replay-title">Replay {job.name}</h2>
        <p className="muted">
          A new job starts from the state after the chosen event, with the parameters below. This
          job stays as it is.
        </p>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label htmlFor="replay-version">Fork from event</label>
          <select
            id="replay-version"
            value={version}
            onChange={(e) => setVersion(Number(e.target.value))}
          >
            {events.map((event) => (
              <option key={event.sequence} value={event.sequence}>
                {`#${event.sequence} ${event.eventType} · ${formatTime(event.timestamp)}`}
              </option>
            ))}
          </select>
          <label htmlFor="replay-parameters">Parameters (JSON object)</label>
          <textarea
            id="replay-parameters"
            className="code"
            rows={8}
            value={parameters}
            aria-invalid={!parsed.ok}
            aria-describedby="replay-parameters-hint"
            onChange={(e) => setParameters(e.target.value)}
          />
          <span id="replay-parameters-hint" className={parsed.ok ? 'muted' : 'field-error'}>
            {parsed.ok ? 'Keys you remove are sent as null, so they are dropped.' : parsed.error}
          </span>
          <ErrorMessage error={error} title="Replay rejected" />
          <div className="actions">
            <button type="submit" disabled={!parsed.ok || loading}>
              {loading ? 'Replaying…' : 'Replay'}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
