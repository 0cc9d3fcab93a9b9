/**
 * Downloads from the browser: any bytes as a file (`saveFile`, shared with the export page), and a chart's
 * <svg> as a standalone SVG or PNG with its title above and the data date below (`chartSvgText`,
 * `chartPngBlob`). The chart's look comes from the app's CSS, which a downloaded SVG does not carry: the
 * computed styles that draw are copied inline onto every element of a clone, so the file looks as on screen.
 */

/** Saves bytes as a file through a temporary object URL and an <a download>. */
export function saveFile(name: string, data: Uint8Array | Blob | string, type = 'application/octet-stream'): void {
  const blob = data instanceof Blob ? data : new Blob([typeof data === 'string' ? data : (data as BlobPart)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // revoked later: the download reads the URL after the click returns
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Properties that change how an SVG element draws (the rest of CSS does not apply inside an image). */
const DRAWING = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
  'shape-rendering'
];

/** A clone of `svg` with the drawing styles inline and interaction-only elements (tooltips, hover layers) kept as drawn. */
function inlinedClone(svg: SVGSVGElement): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [clone, ...clone.querySelectorAll('*')];
  from.forEach((el, i) => {
    const target = to[i] as SVGElement;
    const cs = getComputedStyle(el);
    const style = DRAWING.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    target.setAttribute('style', style);
    target.removeAttribute('class');
  });
  return clone;
}

export interface ChartImage {
  title: string;
  subtitle?: string;
  /** The line under the chart: the data date and source ("数据截至 2024年四季度 · 示例市"). */
  note: string;
}

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Width of a text in ems (CJK and full-width characters 1, others about 0.55). */
function ems(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffe6]/.test(ch) ? 1 : 0.55;
  return w;
}

/** Breaks a text into lines of at most `width` px at `size` px (a title never runs off the picture). */
export function wrapText(text: string, width: number, size: number): string[] {
  const max = Math.max(4, width / size);
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (ems(line + ch) > max) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

/** The chart as standalone SVG text: a white page with the title (and subtitle) on top, the chart, and the note below. */
export function chartSvgText(svg: SVGSVGElement, image: ChartImage): { text: string; width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const w = Math.max(1, Math.round(box.width));
  const h = Math.max(1, Math.round(box.height));
  const pad = 16;
  const width = Math.max(w + 2 * pad, 320);
  const lines: string[] = [];
  let y = pad;
  for (const [text, size, weight, fill] of [
    [image.title, 16, 600, '#1d2733'],
    [image.subtitle ?? '', 12.5, 400, '#5b6777']
  ] as const) {
    for (const line of text ? wrapText(text, width - 2 * pad, size) : []) {
      y += size * 1.35;
      lines.push(`<text x="${pad}" y="${y.toFixed(1)}" font-size="${size}" font-weight="${weight}" fill="${fill}">${escapeXml(line)}</text>`);
    }
  }
  const top = Math.round(y + 12);
  const bottom = 30;
  const height = h + top + bottom;
  const chart = inlinedClone(svg);
  chart.setAttribute('x', String(pad));
  chart.setAttribute('y', String(top));
  chart.setAttribute('width', String(w));
  chart.setAttribute('height', String(h));
  if (!chart.getAttribute('viewBox')) chart.setAttribute('viewBox', `0 0 ${w} ${h}`);
  const font = getComputedStyle(document.body).fontFamily.replace(/"/g, "'");
  const inner = new XMLSerializer().serializeToString(chart).replace(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/, '<svg');
  const text =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(font)}">` +
    `<title>${escapeXml(image.title)}</title>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    lines.join('') +
    inner +
    `<text x="${pad}" y="${height - 10}" font-size="12" fill="#5b6777">${escapeXml(image.note)}</text>` +
    `</svg>\n`;
  return { text, width, height };
}

/** The same picture as PNG (2× for sharp print), drawn by the browser from the SVG. */
export async function chartPngBlob(svg: SVGSVGElement, image: ChartImage, scale = 2): Promise<Blob> {
  const { text, width, height } = chartSvgText(svg, image);
  const img = new Image();
  img.decoding = 'sync';
  // a data: URL (not a blob:) keeps the canvas untainted in every browser
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const g = canvas.getContext('2d')!;
  g.scale(scale, scale);
  g.drawImage(img, 0, 0, width, height);
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

/** A file name from a chart title: characters Windows refuses replaced, with the data date. */
export function chartFileName(title: string, date: string, ext: 'svg' | 'png'): string {
  const clean = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/\s+/g, ' ').trim();
  return `${clean(title) || 'chart'}${date ? `_${clean(date)}` : ''}.${ext}`;
}
