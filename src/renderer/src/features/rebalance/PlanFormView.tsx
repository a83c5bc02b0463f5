// The Rebalance form: model, mode, cash per account; constraints and tax options folded away under "More options".
// It edits a PlanForm (request.ts) and never talks to the core itself.
import { useId, useState, type FormEvent } from 'react';
import type { AccountView, ModelView, PlanModeName } from '../../../../shared/types';
import { formatMoney, maskedNumberLabel, taxTreatmentLabel } from '../../format';
import { hrefFor } from '../../router';
import { StaleDaysField } from '../../ui/StaleDaysField';
import {
  LOT_METHOD_LABELS,
  MODE_LABELS,
  MODE_ORDER,
  normalizeAmount,
  RULE_LABELS,
  type FormProblem,
  type LotMethod,
  type PlanForm,
  type RestrictionRule,
} from './request';
import { num, Table } from '../../ui/Table';
import { Field } from '../../ui/Field';
import { PinEditor } from './PinEditor';

interface Props {
  form: PlanForm;
  onChange: (form: PlanForm) => void;
  onSubmit: () => void;
  accounts: AccountView[];
  models: ModelView[];
  baseCurrency: string;
  problems: FormProblem[];
  running: boolean;
  staleDays: number;
  onStaleDays: (days: number) => void;
}

export function PlanFormView({ form, onChange, onSubmit, accounts, models, baseCurrency, problems, running, staleDays, onStaleDays }: Props) {
  const uid = useId();
  const set = <K extends keyof PlanForm>(key: K, value: PlanForm[K]) => onChange({ ...form, [key]: value });
  const problemFor = (field: string) => problems.find((p) => p.field === field)?.message;
  const active = models.find((m) => m.active);
  const advancedCount = countAdvanced(form);
  // An amount field's value, change and problem all come from its key in the form.
  const amount = (key: 'minTrade' | 'turnoverCap' | 'tradeCost' | 'gainBudget') => ({ value: form[key], onChange: (v: string) => set(key, v), problem: problemFor(key) });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };

  return (
    <form className="card plan-form" onSubmit={submit} aria-labelledby={`${uid}-title`} data-testid="plan-form" noValidate>
      <h2 id={`${uid}-title`}>What to plan</h2>
      <div className="plan-form-top">
        <Field label="Target model" htmlFor={`${uid}-model`}>
          <select id={`${uid}-model`} className="select" value={form.model} onChange={(e) => set('model', e.target.value)} data-testid="plan-model">
            <option value="">{active ? `${active.name} (active)` : 'The active model'}</option>
            {models
              .filter((m) => !m.active)
              .map((m) => (
                <option key={m.id} value={m.name}>
                  {m.name}
                </option>
              ))}
          </select>
          <span className="muted field-hint">
            Targets and preferred buys come from the model. <a href={hrefFor('targets')}>Edit on Targets</a>
          </span>
        </Field>
        <fieldset className="radio-group plan-modes">
          <legend className="field-label">How to trade</legend>
          {MODE_ORDER.map((m) => (
            <label key={m} className="radio radio-detailed">
              <input type="radio" name={`${uid}-mode`} value={m} checked={form.mode === m} onChange={() => set('mode', m as PlanModeName)} />
              <span>
                <span>{MODE_LABELS[m].label}</span>
                <span className="radio-detail muted">{MODE_LABELS[m].detail}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </div>

      {form.mode === 'band' && (
        <label className="check">
          <input type="checkbox" checked={form.toTarget} onChange={(e) => set('toTarget', e.target.checked)} />
          Trade out-of-band sleeves all the way to their target (not just to the band edge)
        </label>
      )}

      <fieldset className="plan-cash">
        <legend className="field-label">Cash to add or withdraw, per account</legend>
        <Table className="plan-cash-table" columns={['Account', num('Cash now'), 'Add or withdraw', `Amount (${baseCurrency})`]}>
          <tbody>
            {accounts.map((a) => {
              const key = String(a.id);
              const entry = form.cash[key] ?? { direction: 'add' as const, amount: '' };
              const problem = problemFor(`cash.${key}`);
              const inputId = `${uid}-cash-${key}`;
              return (
                <tr key={a.id} data-testid={`plan-cash-row-${a.id}`}>
                  <th scope="row">
                    <span className="plan-account-name">{a.name}</span>{' '}
                    <span className="muted" aria-label={`Account ${maskedNumberLabel(a.numberMasked)}`}>
                      {a.numberMasked}
                    </span>{' '}
                    <span className={`badge badge-tax badge-${a.taxTreatment}`}>{taxTreatmentLabel(a.taxTreatment)}</span>
                  </th>
                  <td className="num">{formatMoney(a.cash, a.currency)}</td>
                  <td>
                    <select
                      className="select"
                      aria-label={`Add to or withdraw from ${a.name}`}
                      value={entry.direction}
                      onChange={(e) => set('cash', { ...form.cash, [key]: { ...entry, direction: e.target.value as 'add' | 'withdraw' } })}
                    >
                      <option value="add">Add</option>
                      <option value="withdraw">Withdraw</option>
                    </select>
                  </td>
                  <td>
                    <input
                      id={inputId}
                      className={`input input-money${problem ? ' input-invalid' : ''}`}
                      inputMode="decimal"
                      aria-label={`Cash to ${entry.direction === 'add' ? 'add to' : 'withdraw from'} ${a.name}`}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? `${inputId}-problem` : undefined}
                      placeholder="0.00"
                      value={entry.amount}
                      onChange={(e) => set('cash', { ...form.cash, [key]: { ...entry, amount: e.target.value } })}
                    />
                    {problem && (
                      <span className="field-problem" id={`${inputId}-problem`}>
                        {problem}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </fieldset>

      <PinEditor pins={form.pinned} onChange={(pins) => set('pinned', pins)} accounts={accounts} adding={form.mode === 'pinned'} />

      <details className="plan-advanced" data-testid="plan-advanced">
        <summary>
          More options{advancedCount > 0 && <span className="badge badge-soon">{advancedCount} set</span>}
          <span className="muted"> — constraints, restrictions, taxes, price age</span>
        </summary>
        <div className="plan-advanced-body">
          <fieldset className="plan-group">
            <legend>Constraints</legend>
            <AmountField label="Smallest trade" hint="Skip trades smaller than this." {...amount('minTrade')} />
            <AmountField label="Turnover cap" hint="The most to trade in total, buys plus sells." {...amount('turnoverCap')} />
            <AmountField label="Cost per trade" hint="Fewer orders: a trade is made only if it brings the allocation closer by more than this." {...amount('tradeCost')} />
            <div className="field">
              <span className="field-label">Cash each account keeps</span>
              <div className="plan-reserves">
                {accounts.map((a) => (
                  <label key={a.id} className="plan-reserve">
                    <span>{a.name}</span>
                    <input
                      className={`input input-money${problemFor(`reserves.${a.id}`) ? ' input-invalid' : ''}`}
                      inputMode="decimal"
                      placeholder="0.00"
                      value={form.reserves[String(a.id)] ?? ''}
                      onChange={(e) => set('reserves', { ...form.reserves, [String(a.id)]: e.target.value })}
                    />
                  </label>
                ))}
              </div>
            </div>
            <div className="field">
              <span className="field-label">Fractional shares</span>
              {accounts.map((a) => (
                <label key={a.id} className="check">
                  <input
                    type="checkbox"
                    checked={form.fractional.includes(String(a.id))}
                    onChange={(e) =>
                      set('fractional', e.target.checked ? [...form.fractional, String(a.id)] : form.fractional.filter((x) => x !== String(a.id)))
                    }
                  />
                  {a.name} trades fractional shares
                </label>
              ))}
            </div>
          </fieldset>

          <Restrictions form={form} onChange={onChange} accounts={accounts} />

          <fieldset className="plan-group">
            <legend>Taxes</legend>
            <Field label="Which lots to sell" htmlFor={`${uid}-lots`}>
              <select id={`${uid}-lots`} className="select" value={form.lotMethod} onChange={(e) => set('lotMethod', e.target.value as LotMethod)}>
                {(Object.keys(LOT_METHOD_LABELS) as LotMethod[]).map((m) => (
                  <option key={m} value={m}>
                    {LOT_METHOD_LABELS[m]}
                  </option>
                ))}
              </select>
            </Field>
            <label className="check">
              <input type="checkbox" checked={form.blockShortTermGains} onChange={(e) => set('blockShortTermGains', e.target.checked)} />
              No short-term gains (do not sell lots held a year or less at a gain)
            </label>
            <AmountField label="Gain budget" hint="The most net gain the plan may realise in taxable accounts." {...amount('gainBudget')} />
            <label className="check">
              <input type="checkbox" checked={form.preferTaxAdvantaged} onChange={(e) => set('preferTaxAdvantaged', e.target.checked)} />
              Prefer selling inside tax-deferred and tax-free accounts
            </label>
            <fieldset className="radio-group">
              <legend className="field-label">Wash sales</legend>
              <label className="radio">
                <input type="radio" name={`${uid}-wash`} checked={form.washSales === 'flag'} onChange={() => set('washSales', 'flag')} />
                Flag them
              </label>
              <label className="radio">
                <input type="radio" name={`${uid}-wash`} checked={form.washSales === 'prevent'} onChange={() => set('washSales', 'prevent')} />
                Prevent them
              </label>
            </fieldset>
          </fieldset>

          <fieldset className="plan-group">
            <legend>Prices</legend>
            <StaleDaysField days={staleDays} onChange={onStaleDays} />
          </fieldset>
        </div>
      </details>

      {problems.length > 0 && (
        <div className="alert alert-error" role="alert" data-testid="plan-form-problems">
          <p className="alert-title">Check the highlighted fields</p>
          <ul>
            {problems.map((p) => (
              <li key={p.field}>{p.message}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={running} data-testid="plan-submit">
          {running ? 'Planning…' : 'Plan'}
        </button>
      </div>
    </form>
  );
}

function accountName(accounts: AccountView[], id: string): string {
  return accounts.find((a) => String(a.id) === id)?.name ?? `account ${id}`;
}

/** How many advanced options differ from the defaults (shown on the folded summary). */
function countAdvanced(f: PlanForm): number {
  return [
    f.minTrade.trim() !== '',
    f.turnoverCap.trim() !== '',
    f.tradeCost.trim() !== '',
    Object.values(f.reserves).some((v) => v.trim() !== ''),
    f.fractional.length > 0,
    f.restrictions.length > 0,
    f.lotMethod !== 'hifo',
    f.blockShortTermGains,
    f.gainBudget.trim() !== '',
    !f.preferTaxAdvantaged,
    f.washSales !== 'flag',
  ].filter(Boolean).length;
}

function AmountField({ label, hint, value, onChange, problem }: { label: string; hint: string; value: string; onChange: (v: string) => void; problem?: string | undefined }) {
  const id = useId();
  return (
    <Field label={label} htmlFor={id}>
      <input
        id={id}
        className={`input input-money${problem ? ' input-invalid' : ''}`}
        inputMode="decimal"
        placeholder="None"
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => {
          const n = normalizeAmount(value);
          if (n !== null && n !== value) onChange(n);
        }}
      />
      <span className="muted field-hint" id={`${id}-hint`}>
        {problem ?? hint}
      </span>
    </Field>
  );
}

function Restrictions({ form, onChange, accounts }: { form: PlanForm; onChange: (f: PlanForm) => void; accounts: AccountView[] }) {
  const uid = useId();
  const [symbol, setSymbol] = useState('');
  const [account, setAccount] = useState('');
  const [rule, setRule] = useState<RestrictionRule>('no-sell');
  const add = () => {
    const s = symbol.trim().toUpperCase();
    if (!/^[A-Z0-9.\-/]{1,40}$/.test(s)) return;
    onChange({ ...form, restrictions: [...form.restrictions, { symbol: s, rule, ...(account ? { account } : {}) }] });
    setSymbol('');
  };
  return (
    <fieldset className="plan-group">
      <legend>Restrictions</legend>
      {form.restrictions.length === 0 ? (
        <p className="muted">None: the planner may buy and sell any security.</p>
      ) : (
        <ul className="chip-list" data-testid="plan-restrictions">
          {form.restrictions.map((r, i) => {
            const text = `${RULE_LABELS[r.rule]} ${r.symbol} ${r.account ? `in ${accountName(accounts, r.account)}` : 'anywhere'}`;
            return (
              <li key={`${r.symbol}-${r.account ?? '*'}-${r.rule}-${i}`} className="chip">
                <span>{text}</span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove restriction: ${text}`}
                  onClick={() => onChange({ ...form, restrictions: form.restrictions.filter((_, j) => j !== i) })}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="plan-restriction-add">
        <Field label="Rule" htmlFor={`${uid}-rule`}>
          <select id={`${uid}-rule`} className="select" value={rule} onChange={(e) => setRule(e.target.value as RestrictionRule)}>
            {(Object.keys(RULE_LABELS) as RestrictionRule[]).map((r) => (
              <option key={r} value={r}>
                {RULE_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Symbol" htmlFor={`${uid}-symbol`}>
          <input
            id={`${uid}-symbol`}
            className="input input-symbol"
            value={symbol}
            onChange={(e) => setSymbol(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
        </Field>
        <Field label="In" htmlFor={`${uid}-account`}>
          <select id={`${uid}-account`} className="select" value={account} onChange={(e) => setAccount(e.target.value)}>
            <option value="">Every account</option>
            {accounts.map((a) => (
              <option key={a.id} value={String(a.id)}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="button" className="button" onClick={add} disabled={symbol.trim() === ''}>
          Add restriction
        </button>
      </div>
    </fieldset>
  );
}
