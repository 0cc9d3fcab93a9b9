/**
 * The pointer's position in an SVG chart's own coordinates (viewBox width `w`), for tooltips: the SVG is
 * drawn at 100% width, so screen pixels are scaled back to chart units.
 */
export function pointerInChart(e: PointerEvent, w: number): { x: number; y: number } {
  const box = (e.currentTarget as SVGElement).ownerSVGElement!.getBoundingClientRect();
  const scale = box.width / w;
  return { x: (e.clientX - box.left) / scale, y: (e.clientY - box.top) / scale };
}
