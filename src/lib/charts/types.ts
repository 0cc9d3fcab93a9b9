/** Shapes the chart components share. Charts receive formatted text: language and units stay with the page. */

export interface TipLine {
  label: string;
  value: string;
  /** Colour swatch next to the label. */
  color?: string;
}

export interface TipContent {
  title: string;
  lines: TipLine[];
  /** A closing hint, e.g. "click to filter". */
  note?: string;
}

export interface Tip extends TipContent {
  /** Pointer position inside the chart body, px. */
  x: number;
  y: number;
}

export type ChartState = 'loading' | 'ready' | 'empty' | 'error';

export interface ChartTexts {
  loading: string;
  empty: string;
  error: string;
}

export interface TrendPoint {
  key: string;
  bar: number | null;
  line: number | null;
}

export interface HistBin {
  x0: number;
  x1: number;
  count: number;
  /** Drawn in the emphasis colour (e.g. at or above the first award tier). */
  emphasis?: boolean;
}

export interface RefLine {
  value: number;
  label: string;
  color: string;
  dash?: string;
}

export interface BarMeasure {
  id: string;
  title: string;
  /** Text at the end of the bar (the row's total for this measure). */
  format: (v: number) => string;
  tickFormat: (v: number) => string;
  /** One colour per stacked part. */
  colors: string[];
  /** Room kept after the longest bar for its value text, px (default: the chart's). */
  valueWidth?: number;
}

export interface BarRow {
  key: string;
  label: string;
  group?: string;
  /** values[measure][part] */
  values: number[][];
  selectable?: boolean;
  /** Where the label leads (a plain row only: a selectable row is a button already). */
  href?: string;
}
