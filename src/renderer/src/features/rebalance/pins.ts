// Pins typed on the Rebalance page (pinned mode): what the user enters — account, symbol, how much — and the Pin
// the form keeps, both ways; and what of the 2026 Rotation playbook applies to a household. Pure: no React.
import type { ModelView } from '../../../../shared/types';
import { fractionToPercent, normalizeAmount, ROTATION_MODEL, ROTATION_TRIM, type Pin } from './request';

export type PinKind = 'sell-percent' | 'sell-shares' | 'sell-amount' | 'buy-amount' | 'buy-shares';

export const PIN_KIND_LABELS: Record<PinKind, string> = {
  'sell-percent': 'Sell % of the holding',
  'sell-shares': 'Sell shares',
  'sell-amount': 'Sell $',
  'buy-amount': 'Buy $',
  'buy-shares': 'Buy shares',
};

export interface PinEntry {
  account: string;
  symbol: string;
  kind: PinKind;
  /** As typed: a percent for sell-percent, shares or money otherwise. */
  value: string;
}

const SYMBOL = /^[A-Z0-9.\-/]{1,40}$/;

/** "20" → "0.2", "12.5" → "0.125", "100" → "1", exactly (digit shifting, no floats); null unless 0 < p ≤ 100 with ≤ 4 decimals. */
export function percentToFraction(text: string): string | null {
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(text.trim().replace(/%$/, '').trim());
  if (!m) return null;
  const int = (m[1] ?? '').padStart(3, '0');
  const digits = `${int.slice(1)}${m[2] ?? ''}`.replace(/0+$/, '');
  const whole = int[0] ?? '0';
  if (whole === '1' && digits !== '') return null; // more than 100%
  if (Number(whole) > 1) return null;
  if (whole === '0' && digits === '') return null; // 0%
  return whole === '1' ? '1' : `0.${digits}`;
}

/** The pin an entry makes, or what is wrong with it. */
export function pinFromEntry(e: PinEntry): { ok: true; pin: Pin } | { ok: false; message: string } {
  const symbol = e.symbol.trim().toUpperCase();
  if (!e.account) return { ok: false, message: 'Choose the account.' };
  if (!SYMBOL.test(symbol)) return { ok: false, message: 'Type the symbol, like QQQ.' };
  const side = e.kind.startsWith('buy') ? 'buy' : 'sell';
  if (e.kind === 'sell-percent') {
    const fraction = percentToFraction(e.value);
    return fraction === null ? { ok: false, message: 'Type a percent from 0 to 100, like 20.' } : { ok: true, pin: { account: e.account, symbol, side, fraction } };
  }
  const n = normalizeAmount(e.value);
  if (!n || /^0+(\.0+)?$/.test(n)) return { ok: false, message: e.kind.endsWith('shares') ? 'Type a number of shares, like 10.' : 'Type an amount, like 5000.' };
  return { ok: true, pin: e.kind.endsWith('shares') ? { account: e.account, symbol, side, quantity: n } : { account: e.account, symbol, side, amount: n } };
}

/** The entry a pin was made from (to edit it). */
export function entryFromPin(p: Pin): PinEntry {
  if (p.fraction !== undefined) return { account: p.account, symbol: p.symbol, kind: 'sell-percent', value: fractionToPercent(p.fraction) };
  if (p.amount !== undefined) return { account: p.account, symbol: p.symbol, kind: p.side === 'buy' ? 'buy-amount' : 'sell-amount', value: p.amount };
  return { account: p.account, symbol: p.symbol, kind: p.side === 'buy' ? 'buy-shares' : 'sell-shares', value: p.quantity ?? '' };
}

/** The pins with `pin` in place of the one at `replacing` (or added), one pin per account and symbol. */
export function putPin(pins: readonly Pin[], pin: Pin, replacing: number | null): Pin[] {
  const same = (p: Pin) => p.account === pin.account && p.symbol.toUpperCase() === pin.symbol.toUpperCase();
  const out = pins.map((p, i) => (i === replacing ? pin : p)).filter((p, i) => i === replacing || !same(p));
  return replacing === null ? [...out, pin] : out;
}

/** Whether a model is the 2026 Rotation (by name, or the preset it was made from). */
export function isRotationModel(m: Pick<ModelView, 'name' | 'preset'>): boolean {
  return m.name === ROTATION_MODEL || m.preset === 'rotation-2026';
}

export interface PlaybookFacts {
  /** Accounts holding QQQ, with the shares a fifth of the holding is. */
  sells: { account: string; name: string; quantity: string }[];
  /** The rotation model's preferred buys per sleeve, in order of preference. */
  buys: { sleeve: string; symbols: string[] }[];
}

/** What of the playbook applies: which accounts have QQQ to trim, and what the model buys instead. */
export function playbookFacts(
  accounts: readonly { id: number; name: string; positions: readonly { symbol: string; quantity: string }[] }[],
  model: Pick<ModelView, 'preferred'> | undefined,
): PlaybookFacts {
  const sells = accounts.flatMap((a) => {
    const held = a.positions.find((p) => p.symbol.toUpperCase() === 'QQQ');
    return held ? [{ account: String(a.id), name: a.name, quantity: held.quantity }] : [];
  });
  const buys = Object.entries(model?.preferred ?? {})
    .filter(([, symbols]) => symbols.length > 0)
    .map(([sleeve, symbols]) => ({ sleeve, symbols }));
  return { sells, buys };
}

export const ROTATION_TRIM_PERCENT = fractionToPercent(ROTATION_TRIM);
