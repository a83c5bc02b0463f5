import type { useAction } from '../useOperation';

interface Props {
  action: Pick<ReturnType<typeof useAction>, 'busy' | 'start'>;
  label: string;
  busyLabel: string;
  className?: string;
  testId?: string;
}

/** A button that runs a contract action once at a time and says so while it runs. */
export function ActionButton({ action, label, busyLabel, className = 'button', testId }: Props) {
  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      onClick={() => void action.start()}
      disabled={action.busy}
      aria-busy={action.busy}
    >
      {action.busy ? busyLabel : label}
    </button>
  );
}
