import type { Widget, WidgetSpec } from './types';
import { GRID_WIDTH } from './widgets';

/**
 * Places widgets left to right on the 24-column grid, in order, starting a new row when one does not
 * fit; each row is as tall as its tallest widget. Pure, so a view reads as a list.
 */
export function layout(specs: readonly WidgetSpec[]): Widget[] {
  const placed: Widget[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const spec of specs) {
    const width = Math.min(spec.width, GRID_WIDTH);
    if (x + width > GRID_WIDTH) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    placed.push({ ...spec, width, x, y } as Widget);
    x += width;
    rowHeight = Math.max(rowHeight, spec.height);
  }
  return placed;
}
