// The 2026 Rotation playbook card: shown whenever the rotation model is active or chosen (or QQQ is held and the
// model exists), it says what of the playbook applies to this household — which accounts have QQQ to trim, or
// that none does — and what the model buys instead; its button adds the pins.
import type { AccountView } from '../../../../shared/types';
import { formatQuantity } from '../../format';
import { playbookFacts, ROTATION_TRIM_PERCENT, type PlaybookFacts } from './pins';
import type { ModelView } from '../../../../shared/types';

interface Props {
  accounts: AccountView[];
  model: ModelView;
  onApply: (accountsHoldingQqq: string[]) => void;
}

export function Playbook({ accounts, model, onApply }: Props) {
  const facts: PlaybookFacts = playbookFacts(accounts, model);
  return (
    <section className="card playbook" aria-labelledby="playbook-title" data-testid="playbook-rotation">
      <div className="playbook-text">
        <h2 id="playbook-title">2026 Rotation playbook</h2>
        <p className="muted">
          Sell {ROTATION_TRIM_PERCENT}% of QQQ, buy none back, and let the planner put the money into the rotation sleeves with the model’s
          preferred buys. For this household:
        </p>
        <ul className="playbook-facts" data-testid="playbook-facts">
          {facts.sells.length === 0 ? (
            <li>QQQ not held: nothing to sell.</li>
          ) : (
            facts.sells.map((s) => (
              <li key={s.account}>
                Sell {ROTATION_TRIM_PERCENT}% of QQQ in {s.name} <span className="muted">(holds {formatQuantity(s.quantity)} shares)</span>
              </li>
            ))
          )}
          {facts.buys.length === 0 ? (
            <li>{model.name} names no preferred buys: the planner buys what the targets call for.</li>
          ) : (
            facts.buys.map((b) => (
              <li key={b.sleeve}>
                Buy {b.symbols.join('/')} for {b.sleeve}
              </li>
            ))
          )}
        </ul>
      </div>
      <button
        type="button"
        className="button"
        disabled={facts.sells.length === 0}
        onClick={() => onApply(facts.sells.map((s) => s.account))}
        data-testid="playbook-rotation-apply"
      >
        Set up the playbook
      </button>
    </section>
  );
}
