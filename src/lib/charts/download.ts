/**
 * Downloads from the browser: any bytes as a file (`saveFile`, shared with the export page), and a chart's
 * chart as a standalone SVG or PNG with its title above and the data date below (`chartSvgText`,
 * `chartPngBlob`; the buttons are `ChartDownload.svelte`). The chart's look comes from the app's CSS, which a
 * downloaded SVG does not carry: for an <svg> chart the computed styles that draw are copied inline onto every
 * element of a clone; an HTML chart (bars as boxes) is redrawn as real SVG shapes and text where the browser
 * laid them out (`htmlAsSvg`), so the file looks as on screen, opens in any SVG editor (no <foreignObject>),
 * and rasterises to PNG through a canvas without tainting it.
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

/** Parses a CSS colour into an SVG paint and its alpha (null when fully transparent). */
function paint(color: string): { fill: string; alpha: number } | null {
  const m = /^rgba?\(([^)]+)\)$/.exec(color.trim());
  if (!m) return color && color !== 'transparent' ? { fill: color, alpha: 1 } : null;
  const [r, g, b, a = '1'] = m[1].split(/[\s,/]+/).filter(Boolean);
  const alpha = Number(a);
  if (!(alpha > 0)) return null;
  return { fill: `rgb(${r},${g},${b})`, alpha };
}

const px = (v: string) => parseFloat(v) || 0;
const num = (v: number) => String(Math.round(v * 10) / 10);

let measureCtx: CanvasRenderingContext2D | null = null;
/** Width of a text in a CSS font, px (for ellipsis). */
function textWidth(text: string, font: string): number {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return ems(text) * 12;
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

/** The HTML element's painted rendering: an element wrapping exactly one <svg> (and nothing else drawn) is that svg. */
function soleSvg(el: Element): SVGSVGElement | null {
  if (el instanceof SVGSVGElement) return el;
  const drawn = [...el.children].filter((c) => getComputedStyle(c).display !== 'none' && !c.classList.contains('no-print'));
  if (drawn.length === 1 && (el.textContent ?? '').trim() === (drawn[0].textContent ?? '').trim()) return soleSvg(drawn[0]);
  return null;
}

/**
 * An HTML chart (bars drawn as boxes, labels as text) redrawn as real SVG: every visible box's background
 * becomes a <rect>, its borders <line>s, every line of text a <text> where the browser laid it out, nested
 * <svg>s are copied with their styles inline, overflow-hidden boxes clip, dimmed elements keep their
 * opacity. Interaction-only parts (buttons, inputs, tooltips, `no-print`) are left out.
 */
function htmlAsSvg(root: HTMLElement): { inner: string; width: number; height: number } {
  const origin = root.getBoundingClientRect();
  const ox = origin.left;
  const oy = origin.top;
  const out: string[] = [];
  const defs: string[] = [];
  let clipSeq = 0;
  const skip = (el: Element, cs: CSSStyleDeclaration) =>
    cs.display === 'none' ||
    el.classList.contains('no-print') ||
    el.getAttribute('role') === 'tooltip' ||
    ['BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'SCRIPT', 'STYLE', 'TEMPLATE'].includes(el.tagName);

  function text(node: Text, cs: CSSStyleDeclaration, parent: Element) {
    const raw = node.textContent ?? '';
    if (!raw.trim() || cs.visibility === 'hidden') return;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) return;
    const fill = paint(cs.color);
    if (!fill) return;
    const font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    // one piece per laid-out line: characters grouped by the line box they fall in
    const lines: { x: number; y: number; h: number; text: string }[] = [];
    if (rects.length === 1) lines.push({ x: rects[0].left, y: rects[0].top, h: rects[0].height, text: raw });
    else {
      let offset = 0;
      for (const ch of raw) {
        range.setStart(node, offset);
        range.setEnd(node, offset + ch.length);
        offset += ch.length;
        const r = [...range.getClientRects()].find((q) => q.height > 0);
        if (!r) continue;
        const last = lines.at(-1);
        if (last && Math.abs(last.y - r.top) < 2) last.text += ch;
        else lines.push({ x: r.left, y: r.top, h: r.height, text: ch });
      }
    }
    // a label cut with an ellipsis on screen is cut the same way in the file
    const box = parent.getBoundingClientRect();
    const ellipsis = cs.textOverflow === 'ellipsis' && parent.scrollWidth > parent.clientWidth + 1;
    for (const l of lines) {
      let s = cs.whiteSpace.startsWith('pre') ? l.text : l.text.replace(/\s+/g, ' ');
      s = s.trim();
      if (!s) continue;
      const x = l.x;
      if (ellipsis) {
        const room = box.right - px(cs.paddingRight) - x;
        if (textWidth(s, font) > room) {
          while (s.length > 1 && textWidth(s + '…', font) > room) s = s.slice(0, -1);
          s += '…';
        }
      }
      const attrs = [
        `x="${num(x - ox)}"`,
        `y="${num(l.y + l.h / 2 - oy)}"`,
        'dominant-baseline="central"',
        `font-size="${num(px(cs.fontSize))}"`,
        cs.fontWeight !== '400' && cs.fontWeight !== 'normal' ? `font-weight="${cs.fontWeight}"` : '',
        cs.fontStyle !== 'normal' ? `font-style="${cs.fontStyle}"` : '',
        `fill="${fill.fill}"`,
        fill.alpha < 1 ? `fill-opacity="${fill.alpha}"` : '',
        cs.fontVariantNumeric.includes('tabular') ? 'font-variant-numeric="tabular-nums" style="font-variant-numeric:tabular-nums"' : ''
      ].filter(Boolean);
      out.push(`<text ${attrs.join(' ')}>${escapeXml(s)}</text>`);
    }
  }

  function walk(el: Element) {
    const cs = getComputedStyle(el);
    if (skip(el, cs)) return;
    const r = el.getBoundingClientRect();
    const opacity = Number(cs.opacity);
    const groups: string[] = [];
    if (opacity < 1 && el !== root) groups.push(`<g opacity="${opacity}">`);
    if (el instanceof SVGSVGElement) {
      if (cs.visibility !== 'hidden' && r.width > 0 && r.height > 0) {
        const clone = inlinedClone(el);
        clone.setAttribute('x', num(r.left - ox));
        clone.setAttribute('y', num(r.top - oy));
        clone.setAttribute('width', num(r.width));
        clone.setAttribute('height', num(r.height));
        if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${r.width} ${r.height}`);
        out.push(...groups, new XMLSerializer().serializeToString(clone).replace(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/, '<svg'), ...groups.map(() => '</g>'));
      }
      return;
    }
    out.push(...groups);
    if (cs.visibility !== 'hidden' && r.width > 0 && r.height > 0) {
      const bg = paint(cs.backgroundColor);
      if (bg) {
        const radius = Math.min(r.height / 2, r.width / 2, Math.max(px(cs.borderTopLeftRadius), px(cs.borderTopRightRadius), px(cs.borderBottomLeftRadius), px(cs.borderBottomRightRadius)));
        out.push(
          `<rect x="${num(r.left - ox)}" y="${num(r.top - oy)}" width="${num(r.width)}" height="${num(r.height)}"${radius ? ` rx="${num(radius)}"` : ''} fill="${bg.fill}"${bg.alpha < 1 ? ` fill-opacity="${bg.alpha}"` : ''}/>`
        );
      }
      for (const [side, x1, y1, x2, y2] of [
        ['Top', r.left, r.top, r.right, r.top],
        ['Bottom', r.left, r.bottom, r.right, r.bottom],
        ['Left', r.left, r.top, r.left, r.bottom],
        ['Right', r.right, r.top, r.right, r.bottom]
      ] as const) {
        const w = px(cs.getPropertyValue(`border-${side.toLowerCase()}-width`));
        const style = cs.getPropertyValue(`border-${side.toLowerCase()}-style`);
        const color = paint(cs.getPropertyValue(`border-${side.toLowerCase()}-color`));
        if (!w || !color || style === 'none' || style === 'hidden') continue;
        // the line runs through the middle of the border
        const dx = side === 'Left' ? w / 2 : side === 'Right' ? -w / 2 : 0;
        const dy = side === 'Top' ? w / 2 : side === 'Bottom' ? -w / 2 : 0;
        const dash = style === 'dashed' ? ` stroke-dasharray="${num(w * 3)} ${num(w * 2)}"` : style === 'dotted' ? ` stroke-dasharray="${num(w)} ${num(w)}"` : '';
        out.push(
          `<line x1="${num(x1 + dx - ox)}" y1="${num(y1 + dy - oy)}" x2="${num(x2 + dx - ox)}" y2="${num(y2 + dy - oy)}" stroke="${color.fill}"${color.alpha < 1 ? ` stroke-opacity="${color.alpha}"` : ''} stroke-width="${num(w)}"${dash}/>`
        );
      }
    }
    const clips = cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
    if (clips && el !== root) {
      const id = `clip${++clipSeq}`;
      defs.push(`<clipPath id="${id}"><rect x="${num(r.left - ox)}" y="${num(r.top - oy)}" width="${num(r.width)}" height="${num(r.height)}"/></clipPath>`);
      out.push(`<g clip-path="url(#${id})">`);
    }
    for (const child of el.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text(child as Text, cs, el);
      else if (child.nodeType === Node.ELEMENT_NODE) walk(child as Element);
    }
    if (clips && el !== root) out.push('</g>');
    out.push(...groups.map(() => '</g>'));
  }

  walk(root);
  const width = Math.max(1, Math.ceil(Math.max(origin.width, root.scrollWidth)));
  const height = Math.max(1, Math.ceil(origin.height));
  return { inner: `<svg width="${width}" height="${height}" overflow="hidden">${defs.length ? `<defs>${defs.join('')}</defs>` : ''}${out.join('')}</svg>`, width, height };
}

/** The chart's drawing as an <svg> element's text, placed at (x, y), with its size. */
function chartBody(el: Element): { inner: string; width: number; height: number } {
  const svg = soleSvg(el);
  if (!svg) return htmlAsSvg(el as HTMLElement);
  const box = svg.getBoundingClientRect();
  let w = Math.max(1, Math.round(box.width));
  let h = Math.max(1, Math.round(box.height));
  // a chart drawn in a viewBox and stretched to a wide card keeps its own size in the file (its text stays
  // smaller than the title, as designed)
  const vb = svg.viewBox?.baseVal;
  if (vb && vb.width > 0 && vb.width < w && svg.getAttribute('preserveAspectRatio') !== 'none') {
    w = Math.round(vb.width);
    h = Math.round(vb.height);
  }
  const chart = inlinedClone(svg);
  chart.setAttribute('width', String(w));
  chart.setAttribute('height', String(h));
  if (!chart.getAttribute('viewBox')) chart.setAttribute('viewBox', `0 0 ${w} ${h}`);
  const inner = new XMLSerializer().serializeToString(chart).replace(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/, '<svg');
  return { inner, width: w, height: h };
}

/**
 * The chart as standalone SVG text: a white page with the title (and subtitle) on top, the chart, and the note
 * below. `el` is the chart: an <svg> (copied with its styles inline) or an HTML element (bars as boxes, a
 * table with bars; redrawn as SVG shapes and text by `htmlAsSvg`), possibly holding small <svg>s.
 */
export function chartSvgText(el: Element, image: ChartImage): { text: string; width: number; height: number } {
  const body = chartBody(el);
  const w = body.width;
  const h = body.height;
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
  const inner = body.inner.replace(/^<svg/, `<svg x="${pad}" y="${top}"`);
  const font = getComputedStyle(document.body).fontFamily.replace(/"/g, "'");
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
export async function chartPngBlob(el: Element, image: ChartImage, scale = 2): Promise<Blob> {
  const { text, width, height } = chartSvgText(el, image);
  const img = new Image();
  img.decoding = 'sync';
  // a data: URL (not a blob:) keeps the canvas untainted in every browser; the SVG holds no <foreignObject>
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

/** The text of the heading of the element `host` (a selector) holding `el`, e.g. a target card's title for its charts. */
export function headingNear(el: Element | null | undefined, host: string, heading = 'h3'): string {
  return el?.closest(host)?.querySelector(heading)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}
