// A plan's trades, one table per account: side, symbol, name, shares, price, amount, why, flags. Each trade can be
// left out (a do-not-trade restriction) or given other shares (a pinned trade); both wait for Re-plan.
import { useId, useRef, useState } from 'react';
import type { PlanTradeFlag, PlanTradeView } from '../../../../shared/types';
import { decimalSign } from '../../decimal';
import { formatMoney, formatPrice, formatQuantity, maskedNumberLabel, plural, taxTreatmentLabel } from '../../format';
import { normalizeAmount, type PlanForm } from './request';
import { magnitude, type AccountTrades } from './trades';
import { num, Table, unlabelled } from '../../ui/Table';
import { useReturnFocus } from '../../ui/returnFocus';

export const FLAG_LABELS: Record<PlanTradeFlag, { label: string; detail: string }> = {
  'wash-sale': { label: 'Wash sale', detail: 'A sale at a loss within 30 days of a purchase of the same security: the loss may be disallowed.' },
  'short-term-gain': { label: 'Short-term gain', detail: 'Sells lots held a year or less at a gain, taxed as ordinary income.' },
  pinned: { label: 'Pinned', detail: 'You fixed this trade; the planner kept it as given.' },
};

interface Props {
  groups: AccountTrades[];
  currency: string;
  names: Record<string, string>;
  form: PlanForm;
  onExclude: (t: PlanTradeView) => void;
  onPin: (t: PlanTradeView, quantity: string) => void;
  onUndo: (t: PlanTradeView) => void;
}

export function TradeTables({ groups, currency, names, form, onExclude, onPin, onUndo }: Props) {
  // A plan made before Keel knew the securities' names has none: no empty column then.
  const withNames = groups.some((g) => g.trades.some((t) => names[t.symbol]));
  return (
    <div className="plan-trade-groups" data-testid="plan-trades">
      {groups.map((g) => (
        <section key={g.account.id} className="card card-flush plan-account" aria-labelledby={`plan-account-${g.account.id}`} data-testid={`plan-account-${g.account.id}`}>
          <header className="card-head">
            <h3 id={`plan-account-${g.account.id}`} className="plan-account-title">
              {g.account.name}{' '}
              {g.account.numberMasked && (
                <span className="muted" aria-label={`Account ${maskedNumberLabel(g.account.numberMasked)}`}>
                  {g.account.numberMasked}
                </span>
              )}{' '}
              {g.account.taxTreatment && <span className={`badge badge-tax badge-${g.account.taxTreatment}`}>{taxTreatmentLabel(g.account.taxTreatment)}</span>}
            </h3>
            <p className="muted num">
              {[
                plural(g.trades.length, 'trade'),
                decimalSign(g.sold) !== 0 && `sell ${formatMoney(g.sold, currency)}`,
                decimalSign(g.bought) !== 0 && `buy ${formatMoney(g.bought, currency)}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
          </header>
          <Table
            className="plan-trades-table"
            caption={`Trades in ${g.account.name}`}
            columns={['Side', 'Symbol', withNames && 'Name', num('Shares'), num('Price'), num('Amount'), 'Why', unlabelled('Change')]}
          >
            <tbody>
              {g.trades.map((t) => (
                <TradeRow
                  key={`${t.side}-${t.symbol}`}
                  trade={t}
                  currency={currency}
                  name={withNames ? (names[t.symbol] ?? '') : null}
                  form={form}
                  onExclude={onExclude}
                  onPin={onPin}
                  onUndo={onUndo}
                />
              ))}
            </tbody>
          </Table>
        </section>
      ))}
    </div>
  );
}

function pendingFor(form: PlanForm, t: PlanTradeView): { kind: 'excluded' } | { kind: 'pinned'; quantity: string } | null {
  const same = (x: { account?: string; symbol: string }) => x.account === t.account && x.symbol.toUpperCase() === t.symbol.toUpperCase();
  if (form.restrictions.some((r) => same(r) && r.rule === 'no-trade')) return { kind: 'excluded' };
  const pin = form.pinned.find(same);
  if (pin?.quantity !== undefined && pin.quantity !== t.quantity) return { kind: 'pinned', quantity: pin.quantity };
  return null;
}

function TradeRow({
  trade: t,
  currency,
  name,
  form,
  onExclude,
  onPin,
  onUndo,
}: {
  trade: PlanTradeView;
  currency: string;
  name: string | null;
  form: PlanForm;
  onExclude: (t: PlanTradeView) => void;
  onPin: (t: PlanTradeView, quantity: string) => void;
  onUndo: (t: PlanTradeView) => void;
}) {
  const uid = useId();
  const [editing, setEditing] = useState(false);
  // The Edit button is re-created when the edit closes: focus goes to the new one.
  const editButton = useRef<HTMLButtonElement>(null);
  useReturnFocus(editing, () => editButton.current);
  const [shares, setShares] = useState(t.quantity);
  const pending = pendingFor(form, t);
  const sideLabel = t.side === 'buy' ? 'Buy' : 'Sell';
  const valid = normalizeAmount(shares);
  const label = `${sideLabel} ${formatQuantity(t.quantity)} ${t.symbol}`;
  return (
    <tr className={`plan-trade plan-trade-${t.side}${pending?.kind === 'excluded' ? ' plan-trade-excluded' : ''}`} data-testid={`trade-${t.account}-${t.symbol}`} data-side={t.side}>
      <td>
        <span className={`side-badge side-${t.side}`}>{sideLabel}</span>
      </td>
      <th scope="row" className="symbol">
        {t.symbol}
      </th>
      {name !== null && <td className="name">{name}</td>}
      <td className="num" data-testid="trade-quantity">
        {editing ? (
          <span className="plan-edit-shares">
            <label className="visually-hidden" htmlFor={`${uid}-shares`}>
              Shares to {t.side} of {t.symbol}
            </label>
            <input
              id={`${uid}-shares`}
              className={`input input-shares${valid ? '' : ' input-invalid'}`}
              inputMode="decimal"
              value={shares}
              // Focus follows the user's own click on Edit.
              autoFocus
              onChange={(e) => setShares(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && valid) {
                  e.preventDefault();
                  onPin(t, valid);
                  setEditing(false);
                }
                if (e.key === 'Escape') setEditing(false);
              }}
            />
          </span>
        ) : pending?.kind === 'pinned' ? (
          <>
            <s aria-label={`was ${formatQuantity(t.quantity)}`}>{formatQuantity(t.quantity)}</s> {formatQuantity(pending.quantity)}
          </>
        ) : (
          formatQuantity(t.quantity)
        )}
      </td>
      <td className="num">{formatPrice(t.price, currency)}</td>
      <td className="num" data-testid="trade-amount">
        {formatMoney(magnitude(t.amount), currency)}
      </td>
      <td className="plan-why">
        {t.why}
        {(t.flags ?? []).length > 0 && (
          <span className="plan-flags">
            {(t.flags ?? []).map((f) => (
              <span key={f} className={`badge flag-badge flag-${f}`} title={FLAG_LABELS[f]?.detail}>
                {FLAG_LABELS[f]?.label ?? f}
              </span>
            ))}
          </span>
        )}
        {t.lots.length > 0 && (
          <span className="plan-lots muted">
            Lots: {t.lots.map((l) => `${formatQuantity(l.quantity)} from ${l.acquired}`).join(', ')}
          </span>
        )}
      </td>
      <td className="plan-trade-actions">
        {pending ? (
          <>
            <span className="muted">{pending.kind === 'excluded' ? 'Left out' : 'Pinned'}</span>{' '}
            <button type="button" className="link-button" onClick={() => onUndo(t)} aria-label={`Undo the change to ${label}`}>
              Undo
            </button>
          </>
        ) : editing ? (
          <>
            <button
              type="button"
              className="button button-small"
              disabled={!valid}
              onClick={() => {
                if (valid) onPin(t, valid);
                setEditing(false);
              }}
            >
              Pin
            </button>
            <button type="button" className="link-button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </>
        ) : (
          <>
            <button
              ref={editButton}
              type="button"
              className="link-button"
              onClick={() => {
                setShares(t.quantity);
                setEditing(true);
              }}
              aria-label={`Edit shares: ${label}`}
            >
              Edit
            </button>
            <button type="button" className="link-button" onClick={() => onExclude(t)} aria-label={`Leave out: ${label}`}>
              Leave out
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
