// The page for an address no route knows.
import { hrefFor } from './router';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Page not found</h1>
      </header>
      <div className="card">
        <p>
          There is no page at <code>#/{path}</code>. Go to the <a href={hrefFor('dashboard')}>Dashboard</a>.
        </p>
      </div>
    </>
  );
}
