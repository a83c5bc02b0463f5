// Every broker Keel reads exports of. Adding one: its file here (id, layouts, parsers) and its names in
// shared/brokers.ts. Detection tries the brokers in this order (brokers/common.ts LayoutSig).
import type { Broker } from './common.ts';
import { broker as degiro } from './degiro.ts';
import { broker as etrade } from './etrade.ts';
import { broker as fidelity } from './fidelity.ts';
import { broker as ibkr } from './ibkr.ts';
import { broker as merrill } from './merrill.ts';
import { broker as robinhood } from './robinhood.ts';
import { broker as schwab } from './schwab.ts';
import { broker as tdameritrade } from './tdameritrade.ts';
import { broker as trading212 } from './trading212.ts';
import { broker as vanguard } from './vanguard.ts';
import { broker as webull } from './webull.ts';
import { broker as zerodha } from './zerodha.ts';

export const BROKERS: readonly Broker[] = [
  ibkr,
  schwab,
  fidelity,
  vanguard,
  etrade,
  degiro,
  zerodha,
  robinhood,
  tdameritrade,
  trading212,
  merrill,
  webull,
];
