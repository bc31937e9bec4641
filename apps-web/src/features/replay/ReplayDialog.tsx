import { useApolloClient, useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ForkEventsQuery } from '../../shared/graphql/generated/graphql';
import { paths } from '../../shared/paths';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { formatClock, prettyJson } from '../../shared/ui/format';
import type { Json } from '../../shared/ui/json';
import { parseJsonObject } from '../../shared/ui/jsonInput';
import type { ReplayRole, RoleOverride } from './agentOverrides';
import { agentOverrides, REPLAY_ROLES } from './agentOverrides';
import { defaultForkVersion, forkPlan, stepBoundaries } from './forkPoint';
import { replayOverrides } from './overrides';
import { REPLAY_JOB } from './queries';
import { readForkEvents } from './replayAtDefault';

type ForkEvent = ForkEventsQuery['jobEvents'][number];

type ReuseMode = 'NONE' | 'UNCHANGED_INPUTS';

interface AgentShape {
  kind: string;
  settings: unknown;
}

interface Props {
  job: {
    id: string;
    name: string;
    parameters: unknown;
    agents?: Record<ReplayRole, AgentShape> | null;
  };
  /** The version to offer first; by default the last step boundary before the first failure. */
  fromVersion?: number;
  onClose(): void;
}

/**
 * Forks the job from a chosen event with edited parameters (and, per role, another agent), then
 * opens the new job. Before it does, it says which steps are kept (copied) and which will run again;
 * with reuse, steps whose input is unchanged take the original's output without an agent call.
 */
export function ReplayDialog({ job, fromVersion, onClose }: Props) {
  const events = useAllEvents(job.id);
  const [version, setVersion] = useState<number | null>(fromVersion ?? null);
  const [parameters, setParameters] = useState(() => prettyJson(job.parameters));
  const [reuse, setReuse] = useState<ReuseMode>('NONE');
  const [roles, setRoles] = useState<Record<ReplayRole, RoleOverride>>(() => {
    const form = (role: ReplayRole): RoleOverride => ({
      replace: false,
      kind: job.agents?.[role]?.kind ?? 'simulated',
      settings: prettyJson(job.agents?.[role]?.settings ?? {}),
    });
    return { planner: form('planner'), coder: form('coder'), critique: form('critique') };
  });
  const agents = agentOverrides(roles);
  const setRole = (role: ReplayRole, change: Partial<RoleOverride>) =>
    setRoles({ ...roles, [role]: { ...roles[role], ...change } });
  const [replayJob, { loading, error }] = useMutation(REPLAY_JOB);
  const navigate = useNavigate();
  const dialog = useRef<HTMLDialogElement>(null);
  const parsed = parseJsonObject(parameters);
  const chosen = version ?? (events ? defaultForkVersion(events) : null);
  const boundaries = new Set(events ? stepBoundaries(events) : []);
  const plan = events && chosen !== null ? forkPlan(events, chosen) : null;

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  const submit = async () => {
    if (!parsed.ok || !agents.ok || chosen === null) return;
    const overrides = replayOverrides(job.parameters as Json, parsed.value);
    const variables = {
      id: job.id,
      fromVersion: chosen,
      overrides,
      agents: agents.agents,
      reuse,
    };
    const result = await replayJob({ variables })
      .then((r) => r.data?.replayJob)
      .catch(() => null);
    if (result) {
      onClose();
      void navigate(paths.job(result.id));
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog panel"
      aria-labelledby="replay-title"
      data-testid="replay-dialog"
      onClose={onClose}
    >
      <h2 id="replay-title">Replay {job.name}</h2>
      <p className="muted">
        A new job starts from the state after the chosen event, with the parameters below. This job
        stays as it is.
      </p>
      {!events ? (
        <p>Loading the events…</p>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label htmlFor="replay-version">Fork after event</label>
          <select
            id="replay-version"
            value={chosen ?? ''}
            onChange={(e) => setVersion(Number(e.target.value))}
          >
            {events.map((event) => (
              <option key={event.sequence} value={event.sequence}>
                {`#${event.sequence} ${event.eventType} · ${formatClock(event.timestamp)}${
                  boundaries.has(event.sequence) ? ' · step boundary' : ''
                }`}
              </option>
            ))}
          </select>
          {plan && (
            <div className="fork-plan" data-testid="fork-plan">
              <p>
                <strong>Kept (copied):</strong>{' '}
                <span data-testid="fork-kept">{plan.kept.join(', ') || 'no step'}</span>
              </p>
              <p>
                <strong>Runs again:</strong>{' '}
                <span data-testid="fork-rerun">
                  {plan.rerun.join(', ') || 'the next step'}
                  {plan.rerun.length > 0 ? ', then the rest of the pipeline' : ''}
                </span>
              </p>
              {plan.midStep && (
                <p className="field-error" role="note">
                  This point is in the middle of a step: its attempt is interrupted and runs again.
                </p>
              )}
            </div>
          )}
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
          <fieldset className="agent" data-testid="replay-agents">
            <legend>Agents</legend>
            {REPLAY_ROLES.map((role) => (
              <div key={role} className="form">
                <label>
                  <input
                    type="checkbox"
                    data-testid={`replay-agent-${role}-replace`}
                    checked={roles[role].replace}
                    onChange={(e) => setRole(role, { replace: e.target.checked })}
                  />{' '}
                  Another {role} agent
                </label>
                {roles[role].replace && (
                  <>
                    <label htmlFor={`replay-agent-${role}-kind`}>Kind</label>
                    <select
                      id={`replay-agent-${role}-kind`}
                      value={roles[role].kind}
                      onChange={(e) => setRole(role, { kind: e.target.value })}
                    >
                      <option value="simulated">simulated</option>
                      <option value="command">command</option>
                      <option value="openai">openai</option>
                    </select>
                    <label htmlFor={`replay-agent-${role}-settings`}>Settings (JSON object)</label>
                    <textarea
                      id={`replay-agent-${role}-settings`}
                      className="code"
                      rows={4}
                      value={roles[role].settings}
                      aria-invalid={!agents.ok && agents.role === role}
                      onChange={(e) => setRole(role, { settings: e.target.value })}
                    />
                    {!agents.ok && agents.role === role && (
                      <span className="field-error">{agents.error}</span>
                    )}
                  </>
                )}
              </div>
            ))}
            <span className="muted">
              Secrets by reference only (apiKeyEnv, apiKeySecretName), as for a new job.
            </span>
          </fieldset>
          <label htmlFor="replay-reuse">Steps after the fork point</label>
          <select
            id="replay-reuse"
            data-testid="replay-reuse"
            value={reuse}
            onChange={(e) => setReuse(e.target.value as ReuseMode)}
          >
            <option value="NONE">call every agent again</option>
            <option value="UNCHANGED_INPUTS">reuse outputs whose input is unchanged</option>
          </select>
          {reuse === 'UNCHANGED_INPUTS' && (
            <span className="muted" data-testid="replay-reuse-hint">
              A step with the same role, iteration, agent and input as in this job takes its
              recorded output (no call, no spend); the first step whose input changed, and every
              step after it that changes, calls its agent.
            </span>
          )}
          <ErrorMessage error={error} title="Replay rejected" />
          <div className="actions">
            <button type="submit" disabled={!parsed.ok || !agents.ok || loading || chosen === null}>
              {loading ? 'Replaying…' : 'Replay'}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

/** Every event of the job. */
function useAllEvents(jobId: string): ForkEvent[] | null {
  const client = useApolloClient();
  const [events, setEvents] = useState<ForkEvent[] | null>(null);
  useEffect(() => {
    let cancelled = false;
    void readForkEvents(client, jobId).then((all) => {
      if (!cancelled) setEvents(all as ForkEvent[]);
    });
    return () => {
      cancelled = true;
    };
  }, [client, jobId]);
  return events;
}
