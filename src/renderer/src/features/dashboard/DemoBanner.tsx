import { api } from '../../api/client';
import { hrefFor } from '../../router';
import { useAction } from '../../useOperation';
import { ErrorAlert } from '../../ui/Status';
import { ActionButton } from '../../ui/ActionButton';

const clearDemo = () => api.clearDemo({});

/** Says plainly that the accounts on screen are made up, and removes them on request. */
export function DemoBanner({ onRemoved }: { onRemoved: () => void }) {
  const remove = useAction(clearDemo, onRemoved);
  return (
    <div className="banner" data-testid="demo-banner">
      <div className="banner-text">
        <p className="banner-title">You are exploring a demo household</p>
        <p>
          The accounts marked <span className="badge badge-demo">Demo</span> are made up, with illustrative prices.
          Remove them here or in <a href={hrefFor('settings')}>Settings</a> when you are ready to import your own.
        </p>
      </div>
      <ActionButton action={remove} className="button" testId="clear-demo" label="Remove demo household" busyLabel="Removing…" />
      {remove.error && <ErrorAlert error={remove.error} title="The demo household could not be removed" />}
    </div>
  );
}
