// chart.js for the renderer: only the controllers, elements and plugins Keel draws with are registered (the rest
// stays out of the bundle), and colours come from the stylesheet's CSS variables so charts follow light and dark.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type Plugin,
} from 'chart.js';
import { useEffect, useState } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, LineController, LineElement, PointElement, Tooltip, Legend);

export interface ChartTheme {
  font: string;
  text: string;
  muted: string;
  grid: string;
  surface: string;
  current: string;
  target: string;
  band: string;
  bandBorder: string;
  /** Sleeve colours by slot: the default sleeves have fixed slots, sleeves the user added take the rest. */
  sleeves: string[];
  unclassified: string;
}

const SLEEVE_SLOTS = 12;

function readTheme(): ChartTheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  // Ticks, legends and tooltips inherit the font from chart.js's defaults.
  Chart.defaults.font.family = v('--font', 'system-ui, sans-serif');
  Chart.defaults.font.size = 12;
  return {
    font: v('--font', 'system-ui, sans-serif'),
    text: v('--text', '#171a20'),
    muted: v('--text-muted', '#5b6472'),
    grid: v('--border', '#dfe3e9'),
    surface: v('--surface', '#ffffff'),
    current: v('--chart-current', '#1d5bbf'),
    target: v('--chart-target', '#5b6472'),
    band: v('--chart-band', '#1d5bbf24'),
    bandBorder: v('--chart-band-border', '#1d5bbf66'),
    sleeves: Array.from({ length: SLEEVE_SLOTS }, (_, i) => v(`--sleeve-${i}`, '#8b95a5')),
    unclassified: v('--chart-unclassified', '#c9cfd8'),
  };
}

/** The chart colours for the current colour scheme; re-read when the OS switches between light and dark. */
export function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(readTheme);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setTheme(readTheme());
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return theme;
}

const DEFAULT_SLEEVES = ['Small-cap', 'Cyclicals', 'Value', 'Large-cap growth', 'International', 'Bonds', 'Cash', 'Other'];

/**
 * A colour per sleeve name, the same in every chart on a page: the default sleeves keep their own colour, other
 * names take the free slots in the order given.
 */
export function sleeveColors(names: readonly string[], theme: ChartTheme): Map<string, string> {
  const out = new Map<string, string>();
  let next = DEFAULT_SLEEVES.length;
  for (const name of names) {
    if (out.has(name)) continue;
    const fixed = DEFAULT_SLEEVES.indexOf(name);
    const slot = fixed >= 0 ? fixed : next++;
    out.set(name, theme.sleeves[slot % theme.sleeves.length] ?? theme.muted);
  }
  return out;
}

/**
 * Writes what the chart holds (labels, and each dataset's label and data) to the canvas as data-chart, after
 * every update: tests and assistive tooling can read the figures chart.js actually draws.
 */
export const exposeChartData: Plugin = {
  id: 'keelExposeData',
  afterUpdate(chart) {
    chart.canvas.dataset.chart = JSON.stringify({
      labels: chart.data.labels ?? [],
      datasets: chart.data.datasets.map((d) => ({ label: d.label ?? '', data: d.data })),
    });
  },
};

/** Options every Keel chart shares: the page's font and colours, no animation when the user asks for less motion. */
export function baseOptions(theme: ChartTheme) {
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: reduceMotion ? (false as const) : { duration: 250 },
    color: theme.text,
    plugins: {
      legend: { labels: { color: theme.text, boxWidth: 12, boxHeight: 12 } },
    },
  };
}
