/**
 * Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), plus neutrals.
 * Charts pair colour with a second cue (dash pattern, position, label) so no meaning rests on hue alone.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7'
} as const;

export const NEUTRAL = {
  axis: '#8a95a5',
  grid: '#e6eaf0',
  text: '#1d2733',
  muted: '#5b6777',
  /** Bars outside the emphasised range. */
  quiet: '#b8cde0'
} as const;
