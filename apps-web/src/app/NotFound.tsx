import { Link, useLocation } from 'react-router';
import { paths } from '../shared/paths';
import { usePageTitle } from '../shared/ui/usePageTitle';

export function NotFound() {
  usePageTitle('Not found');
  const { pathname } = useLocation();
  return (
    <section className="page panel" data-testid="not-found">
      <h1>Not found</h1>
      <p>
        There is no page at <code>{pathname}</code>. <Link to={paths.jobs()}>See all jobs</Link>.
      </p>
    </section>
  );
}
