// Before planning: every preferred buy (of the model to be planned) and pinned buy Keel has no price for, each with
// an input, so that the plan never silently leaves it out. The prices typed go with the plan request
// (PlanRequest.prices), which saves them as today's manual prices first.
import { useEffect, useId, useState } from 'react';
import type { MissingPriceView } from '../../../../shared/types';
import { api } from '../../api/client';
import { hrefFor } from '../../router';
import './missing-prices.css';

/** A price as typed that the core will take: "142.10", "$1,234.5". */
export function priceInput(text: string): string | null {
  const t = text.trim().replace(/^\$/, '').replace(/,/g, '');
  return /^\d{1,12}(\.\d{1,6})?$/.test(t) && !/^0+(\.0+)?$/.test(t) ? t : null;
}

/** The typed prices the request should carry (blank and unreadable ones left out), upper-case symbols. */
export function enteredPrices(typed: Record<string, string>, missing: readonly MissingPriceView[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of missing) {
    const p = priceInput(typed[m.symbol] ?? '');
    if (p !== null) out[m.symbol.toUpperCase()] = p;
  }
  return out;
}

/** The symbols `model` (or the active one) and the pinned buys would plan without a price; refreshed when `version` moves. */
export function useMissingPrices(model: string, pinned: readonly string[], version: number): MissingPriceView[] {
  const [missing, setMissing] = useState<MissingPriceView[]>([]);
  const key = `${model}\u0000${pinned.join(',')}\u0000${version}`;
  useEffect(() => {
    let live = true;
    const [m, symbols] = key.split('\u0000');
    void api.getMissingPrices({ ...(m ? { model: m } : {}), ...(symbols ? { symbols: symbols.split(',') } : {}) }).then((r) => {
      if (live) setMissing(r.ok ? r.value.missingPrices : []);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return missing;
}

export function MissingPrices({ missing, typed, onType }: { missing: MissingPriceView[]; typed: Record<string, string>; onType: (t: Record<string, string>) => void }) {
  const uid = useId();
  if (missing.length === 0) return null;
  return (
    <section className="card alert-warn missing-prices" aria-labelledby={`${uid}-title`} data-testid="missing-prices">
      <h2 id={`${uid}-title`}>{missing.length === 1 ? 'A symbol needs a price' : `${missing.length} symbols need a price`}</h2>
      <p className="muted">
        Keel has no price for these, so a plan would leave them out. Enter today’s quote: it is saved as your price when you plan (change it later on
        the <a href={hrefFor('prices')}>Prices</a> page).
      </p>
      <ul className="missing-prices-list">
        {missing.map((m) => {
          const id = `${uid}-${m.symbol}`;
          const text = typed[m.symbol] ?? '';
          const bad = text.trim() !== '' && priceInput(text) === null;
          return (
            <li key={m.symbol} data-testid={`missing-price-${m.symbol}`}>
              <label htmlFor={id}>
                <strong>{m.symbol}</strong> needs a price — enter today’s quote <span className="muted">({m.reason})</span>
              </label>
              <input
                id={id}
                className={`input input-money${bad ? ' input-invalid' : ''}`}
                inputMode="decimal"
                placeholder="0.00"
                value={text}
                aria-invalid={bad || undefined}
                onChange={(e) => onType({ ...typed, [m.symbol]: e.target.value })}
                data-testid={`missing-price-input-${m.symbol}`}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
