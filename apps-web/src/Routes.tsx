import { AuditPage } from './audit/AuditPage';
import { ComparePage } from './compare/ComparePage';
import { JobDetailsPage } from './jobs/JobDetailsPage';
import { JobsPage } from './jobs/JobsPage';
import { matchPath, useLocation } from './routing/router';
import { TimeTravelPage } from './timetravel/TimeTravelPage';

export function Routes() {
  const { path, query } = useLocation();
  let params: Record<string, string> | null;

  if (path === '/' || path === '/jobs') return <JobsPage />;
  if ((params = matchPath('/jobs/:id', path)))
    return <JobDetailsPage key={params.id} id={params.id} />;
  if ((params = matchPath('/jobs/:id/audit', path)))
    return <AuditPage key={params.id} id={params.id} />;
  if ((params = matchPath('/jobs/:id/time-travel', path)))
    return <TimeTravelPage key={params.id} id={params.id} />;
  if (path === '/compare')
    return <ComparePage left={query.get('left') ?? ''} right={query.get('right') ?? ''} />;
  return (
    <section className="panel">
      <h1>Not found</h1>
      <p>There is no page at {path}.</p>
    </section>
  );
}
