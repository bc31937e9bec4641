import { useMutation } from '@apollo/client/react';
import { useNavigate } from 'react-router';
import type { CreateJobInput } from '../../shared/graphql/generated/graphql';
import { paths } from '../../shared/paths';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { demoFailure, demoRun } from './demoPresets';
import { CREATE_JOB } from './queries';

/** One click to a running job with the simulated agent, succeeding or failing on purpose. */
export function DemoButtons() {
  const [createJob, { loading, error }] = useMutation(CREATE_JOB);
  const navigate = useNavigate();
  const start = async (input: CreateJobInput) => {
    const result = await createJob({ variables: { input } }).catch(() => null);
    if (result?.data) void navigate(paths.job(result.data.createJob.id));
  };
  return (
    <div className="demo">
      <button type="button" disabled={loading} onClick={() => void start(demoRun(new Date()))}>
        Demo run
      </button>
      <button type="button" disabled={loading} onClick={() => void start(demoFailure(new Date()))}>
        Demo failure
      </button>
      <ErrorMessage error={error} title="Could not start the demo" />
    </div>
  );
}
