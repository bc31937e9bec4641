import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { COMPARE_JOBS } from '../graphql/operations';
import { Link } from '../routing/Link';
import { navigate, paths } from '../routing/router';
import { ErrorMessage } from '../ui/ErrorMessage';
import { StatusBadge } from '../ui/StatusBadge';
import { compareFields } from './fieldDiff';
import { StepCell } from './StepCell';

export function ComparePage({ left, right }: { left: string; right: string }) {
  const { data, error, loading } = useQuery(COMPARE_JOBS, {
    variables: { left, right },
    skip: !left || !right,
    pollInterval: 2_000,
  });
  const comparison = data?.compareJobs;

  return (
    <div className="page">
      <h1>Compare jobs</h1>
      <ChooseJobs left={left} right={right} key={`${left}|${right}`} />
      <ErrorMessage error={error} title="Could not compare" />
      {loading && !comparison && <p>Loading…</p>}
      {comparison && (
        <>
          <section className="panel" aria-labelledby="fields-title">
            <h2 id="fields-title">Jobs</h2>
            <table className="table compare">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">
                    <Link to={paths.job(comparison.left.id)}>{comparison.left.name}</Link>{' '}
                    <StatusBadge status={comparison.left.status} />
                  </th>
                  <th scope="col">
                    <Link to={paths.job(comparison.right.id)}>{comparison.right.name}</Link>{' '}
                    <StatusBadge status={comparison.right.status} />
                  </th>
                </tr>
              </thead>
              <tbody>
                {compareFields(comparison.left, comparison.right).map((row) => (
                  <tr
                    key={row.label}
                    className={row.differs ? 'differs' : undefined}
                    data-testid="compare-field"
                    data-differs={row.differs}
                  >
                    <th scope="row">{row.label}</th>
                    <td className="pre-wrap">{row.left}</td>
                    <td className="pre-wrap">{row.right}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {comparison.differences.length > 0 && (
            <section className="panel" aria-labelledby="differences-title">
              <h2 id="differences-title">Differences</h2>
              <ul>
                {comparison.differences.map((d, i) => (
                  <li key={i} data-testid="compare-difference">
                    {d}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section className="panel" aria-labelledby="compare-steps-title">
            <h2 id="compare-steps-title">Steps</h2>
            <table className="table compare">
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">{comparison.left.name}</th>
                  <th scope="col">{comparison.right.name}</th>
                </tr>
              </thead>
              <tbody>
                {comparison.steps.map((step) => (
                  <tr
                    key={step.stepId}
                    className={step.differs ? 'differs' : undefined}
                    data-testid="compare-step"
                    data-differs={step.differs}
                  >
                    <th scope="row">
                      {step.stepId}
                      {step.differences.length > 0 && (
                        <ul className="muted">
                          {step.differences.map((d, i) => (
                            <li key={i}>{d}</li>
                          ))}
                        </ul>
                      )}
                    </th>
                    <td>
                      <StepCell step={step.left} />
                    </td>
                    <td>
                      <StepCell step={step.right} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}

function ChooseJobs({ left, right }: { left: string; right: string }) {
  const [l, setL] = useState(left);
  const [r, setR] = useState(right);
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(paths.compare(l.trim(), r.trim()));
      }}
    >
      <label>
        Left job id
        <input value={l} onChange={(e) => setL(e.target.value)} />
      </label>
      <label>
        Right job id
        <input value={r} onChange={(e) => setR(e.target.value)} />
      </label>
      <button type="submit" disabled={!l.trim() || !r.trim()}>
        Compare
      </button>
    </form>
  );
}
