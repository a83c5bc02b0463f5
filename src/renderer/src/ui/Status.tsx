import type { KeelError } from '../../../shared/types';

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      Loading {what}…
    </p>
  );
}

/** A contract error, with its code, so that a user can report it and a test can read it. */
export function ErrorAlert({ error, title, onRetry }: { error: KeelError; title: string; onRetry?: () => void }) {
  return (
    <div className="alert alert-error" role="alert" data-testid="error">
      <p className="alert-title">{title}</p>
      <p>
        <code className="error-code">{error.code}</code> {error.message}
      </p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
