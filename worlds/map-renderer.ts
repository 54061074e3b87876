/**
 * A top-down map of a world, the picture one shows a colleague: streets, buildings shaded by height
 * with soft shadows, water, parks, depots, pads and no-fly zones, labelled with street, landmark,
 * park and district names, plus a title, a legend, a scale bar and a north arrow. North is up.
 */
import type { WorldSpec } from './world-spec.ts';
import { GroundRaster, SURFACE_DEPOT, SURFACE_LOT, SURFACE_PAD, SURFACE_PARK, SURFACE_ROAD, SURFACE_SIDEWALK, SURFACE_WATER } from './ground-raster.ts';
import { RasterCanvas, rgbOfHex, type Rgb } from './raster-canvas.ts';
import { GLYPH_HEIGHT, textWidth } from './bitmap-font.ts';
import type { RgbImage } from './camera-sensor.ts';

export interface MapOptions {
  /** Metres per pixel; by default the world's longer side spans about 1400 pixels. */
  metresPerPixel?: number;
  /** Title shown in the top-left corner; defaults to the world's name and seed. */
  title?: string;
}

const GROUND_COLOURS: Readonly<Record<number, Rgb>> = {
  [SURFACE_ROAD]: rgbOfHex('#fbfaf7'),
  [SURFACE_SIDEWALK]: rgbOfHex('#dcd5c8'),
  [SURFACE_PARK]: rgbOfHex('#b9dc9f'),
  [SURFACE_WATER]: rgbOfHex('#94c1e8'),
  [SURFACE_LOT]: rgbOfHex('#ebe5d8'),
  [SURFACE_DEPOT]: rgbOfHex('#f6c783'),
  [SURFACE_PAD]: rgbOfHex('#b9dc9f'),
};

/** Height ramp: low houses light and warm, towers dark and cool. */
const HEIGHT_STOPS: readonly [number, Rgb][] = [
  [0, rgbOfHex('#e8d9b5')],
  [0.08, rgbOfHex('#d9b98c')],
  [0.2, rgbOfHex('#c98d6b')],
  [0.4, rgbOfHex('#a8616a')],
  [0.7, rgbOfHex('#6f4a7e')],
  [1, rgbOfHex('#2e3566')],
];

const INK: Rgb = [40, 40, 48];
const WHITE: Rgb = [255, 255, 255];
const STREET_INK: Rgb = [90, 92, 100];
const WATER_INK: Rgb = rgbOfHex('#2c5d8f');
const PARK_INK: Rgb = rgbOfHex('#2f6b2a');
const DEPOT_FILL: Rgb = rgbOfHex('#e8731c');
const ROOF_PAD: Rgb = rgbOfHex('#d6338a');
const GROUND_PAD: Rgb = rgbOfHex('#1b8a5a');
const NO_FLY: Rgb = rgbOfHex('#d62828');
const BRIDGE_EDGE: Rgb = rgbOfHex('#6b6f78');

export function heightColour(height: number, maxHeight: number): Rgb {
  const t = Math.max(0, Math.min(1, height / Math.max(maxHeight, 1)));
  for (let i = 1; i < HEIGHT_STOPS.length; i++) {
    const [t1, c1] = HEIGHT_STOPS[i];
    const [t0, c0] = HEIGHT_STOPS[i - 1];
    if (t <= t1) {
      const f = (t - t0) / (t1 - t0);
      return [c0[0] + (c1[0] - c0[0]) * f, c0[1] + (c1[1] - c0[1]) * f, c0[2] + (c1[2] - c0[2]) * f];
    }
  }
  return HEIGHT_STOPS[HEIGHT_STOPS.length - 1][1];
}

/** An RGB map: a header band of `headerHeight` rows, then the world, north up, `metresPerPixel` per pixel. */
export interface MapImage extends RgbImage {
  metresPerPixel: number;
  headerHeight: number;
}

/** Renders the map as an RGB image. */
export function renderMap(spec: WorldSpec, options: MapOptions = {}): MapImage {
  const { bounds } = spec;
  const worldWidth = bounds.maxX - bounds.minX;
  const worldHeight = bounds.maxY - bounds.minY;
  const metresPerPixel = options.metresPerPixel ?? Math.max(worldWidth, worldHeight) / 1400;
  if (!(metresPerPixel > 0)) throw new RangeError(`metresPerPixel: must be > 0 (got ${metresPerPixel})`);
  const width = Math.ceil(worldWidth / metresPerPixel);
  const height = Math.ceil(worldHeight / metresPerPixel);
  if (width * height > 40_000_000) throw new RangeError(`metresPerPixel: ${metresPerPixel} gives a ${width} x ${height} image; accepted: at most 40 million pixels`);
  // The title and legend sit in a band above the map so they hide nothing.
  const canvas = new RasterCanvas(width, height + HEADER_HEIGHT);
  const px = (x: number): number => (x - bounds.minX) / metresPerPixel;
  const py = (y: number): number => HEADER_HEIGHT + height - (y - bounds.minY) / metresPerPixel;

  // Ground: one raster cell per pixel, rows flipped so north is up.
  const ground = new GroundRaster(spec, metresPerPixel);
  for (let row = 0; row < height; row++) {
    const sourceRow = Math.min(ground.rows - 1, height - 1 - row);
    for (let column = 0; column < width; column++) {
      const surface = ground.classes[sourceRow * ground.columns + Math.min(column, ground.columns - 1)];
      canvas.setPixel(column, HEADER_HEIGHT + row, GROUND_COLOURS[surface] ?? GROUND_COLOURS[SURFACE_LOT]);
    }
  }

  // Bridges get dark edges so they read as decks over the water.
  for (const segment of spec.roadSegments) {
    if (!segment.bridge) continue;
    const a = spec.intersections[segment.from];
    const b = spec.intersections[segment.to];
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    const nx = (-(b.y - a.y) / length) * (segment.width / 2 + metresPerPixel);
    const ny = ((b.x - a.x) / length) * (segment.width / 2 + metresPerPixel);
    const steps = Math.ceil((2 * length) / metresPerPixel);
    for (const side of [1, -1]) {
      for (let k = 0; k <= steps; k++) {
        const x = a.x + ((b.x - a.x) * k) / steps + side * nx;
        const y = a.y + ((b.y - a.y) * k) / steps + side * ny;
        // Only over water: on land the edge would cut across sidewalks.
        if (ground.classAt(x, y) === SURFACE_WATER) canvas.fillRect(Math.floor(px(x)) - 1, Math.floor(py(y)), Math.floor(px(x)) + 1, Math.floor(py(y)) + 2, BRIDGE_EDGE);
      }
    }
  }

  // Shadows fall to the north-east, longer for taller buildings, then the buildings on top.
  const tallest = spec.buildings.reduce((max, b) => Math.max(max, b.height), 1);
  for (const b of spec.buildings) {
    const offset = Math.min(b.height * 0.12, 30) / metresPerPixel;
    canvas.fillRect(px(b.minX) + offset, py(b.maxY) - offset, px(b.maxX) + offset, py(b.minY) - offset, [60, 60, 70], 0.18);
  }
  for (const b of spec.buildings) {
    const colour = heightColour(b.height, tallest);
    const x0 = px(b.minX), y0 = py(b.maxY), x1 = px(b.maxX), y1 = py(b.minY);
    canvas.fillRect(x0, y0, x1, y1, colour);
    const edge: Rgb = [colour[0] * 0.72, colour[1] * 0.72, colour[2] * 0.72];
    if (x1 - x0 >= 3 && y1 - y0 >= 3) canvas.strokeRect(Math.floor(x0), Math.floor(y0), Math.ceil(x1), Math.ceil(y1), edge);
    if (b.name) canvas.strokeRect(Math.floor(x0) - 1, Math.floor(y0) - 1, Math.ceil(x1) + 1, Math.ceil(y1) + 1, INK, 1);
  }

  // No-fly zones: a red tint and outline.
  for (const zone of spec.noFlyZones) {
    if (zone.shape === 'box') {
      canvas.fillRect(px(zone.minX), py(zone.maxY), px(zone.maxX), py(zone.minY), NO_FLY, 0.12);
      canvas.strokeRect(Math.floor(px(zone.minX)), Math.floor(py(zone.maxY)), Math.ceil(px(zone.maxX)), Math.ceil(py(zone.minY)), NO_FLY, 2);
    } else {
      const r = zone.radius / metresPerPixel;
      const cx = px(zone.x), cy = py(zone.y);
      for (let y = Math.floor(cy - r); y <= cy + r; y++) {
        for (let x = Math.floor(cx - r); x <= cx + r; x++) if (Math.hypot(x - cx, y - cy) <= r) canvas.blendPixel(x, y, NO_FLY, 0.12);
      }
      canvas.circle(cx, cy, r, NO_FLY, r - 2);
    }
  }

  // Depots and pads.
  for (const depot of spec.depots) {
    canvas.fillRect(px(depot.minX), py(depot.maxY), px(depot.maxX), py(depot.minY), DEPOT_FILL, 0.35);
    const cx = Math.round(px(depot.x)), cy = Math.round(py(depot.y));
    canvas.fillRect(cx - 7, cy - 7, cx + 8, cy + 8, DEPOT_FILL);
    canvas.strokeRect(cx - 7, cy - 7, cx + 8, cy + 8, INK);
    canvas.text(cx - 2, cy - 3, 'D', WHITE);
  }
  for (const pad of spec.pads) {
    const cx = Math.round(px(pad.x)), cy = Math.round(py(pad.y));
    const colour = pad.kind === 'rooftop' ? ROOF_PAD : GROUND_PAD;
    canvas.circle(cx, cy, 6, WHITE);
    canvas.circle(cx, cy, 6, colour, 4.6);
    canvas.text(cx - 2, cy - 3, 'H', colour);
  }

  const labels = new LabelPlacer(width, HEADER_HEIGHT, HEADER_HEIGHT + height);
  const title = (options.title ?? `${spec.name} - seed ${spec.seed}`).toUpperCase();

  // Landmarks first (most useful), then depots, parks, streets, districts.
  for (const b of spec.buildings) {
    if (!b.name) continue;
    const text = b.name.toUpperCase();
    const cx = px((b.minX + b.maxX) / 2);
    const top = py(b.maxY);
    const w = textWidth(text);
    for (const [lx, ly] of [[cx - w / 2, top - GLYPH_HEIGHT - 4], [cx - w / 2, py(b.minY) + 4], [px(b.maxX) + 4, py((b.minY + b.maxY) / 2) - 3]]) {
      if (labels.tryPlace(lx - 1, ly - 1, w + 2, GLYPH_HEIGHT + 2)) {
        canvas.text(Math.round(lx), Math.round(ly), text, INK, 1, WHITE);
        break;
      }
    }
  }
  for (const depot of spec.depots) {
    const text = depot.name.toUpperCase();
    const cx = px(depot.x), cy = py(depot.y);
    const w = textWidth(text);
    if (labels.tryPlace(cx + 10, cy - 4, w + 2, GLYPH_HEIGHT + 2)) canvas.text(Math.round(cx + 11), Math.round(cy - 3), text, DEPOT_FILL, 1, WHITE);
  }
  if (spec.river) {
    // Up to two river labels, well apart, wherever the water has room.
    const text = spec.river.name.toUpperCase();
    const line = spec.river.centerline;
    const w = textWidth(text, 2);
    let placed = 0;
    for (const fraction of [0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 0.5]) {
      if (placed === 2) break;
      const point = line[Math.floor(line.length * fraction)];
      const cx = px(point.x), cy = py(point.y);
      if (labels.tryPlace(cx - w / 2 - 2, cy - 9, w + 4, 18, 60)) {
        canvas.text(Math.round(cx - w / 2), Math.round(cy - 7), text, WATER_INK, 2, GROUND_COLOURS[SURFACE_WATER]);
        placed++;
      }
    }
  }
  for (const district of spec.districts) {
    const text = district.name.toUpperCase();
    const w = textWidth(text, 2);
    // The anchor first, then the district's other blocks nearest to it, until a free spot turns up.
    const spots = spec.blocks
      .filter((block) => block.districtId === district.id)
      .map((block) => ({ x: (block.minX + block.maxX) / 2, y: (block.minY + block.maxY) / 2 }))
      .sort((a, b) => Math.hypot(a.x - district.anchor.x, a.y - district.anchor.y) - Math.hypot(b.x - district.anchor.x, b.y - district.anchor.y));
    for (const spot of [district.anchor, ...spots].slice(0, 40)) {
      const cx = px(spot.x), cy = py(spot.y);
      if (labels.tryPlace(cx - w / 2 - 2, cy - 9, w + 4, 18, 14)) {
        canvas.text(Math.round(cx - w / 2), Math.round(cy - 7), text, [105, 95, 120], 2, WHITE);
        break;
      }
    }
  }
  for (const park of spec.parks) {
    const text = park.name.toUpperCase();
    const w = textWidth(text);
    const cx = px((park.minX + park.maxX) / 2), cy = py((park.minY + park.maxY) / 2);
    if (w < px(park.maxX) - px(park.minX) + 20 && labels.tryPlace(cx - w / 2 - 1, cy - 4, w + 2, GLYPH_HEIGHT + 2)) {
      canvas.text(Math.round(cx - w / 2), Math.round(cy - 3), text, PARK_INK, 1, GROUND_COLOURS[SURFACE_PARK]);
    }
  }
  drawStreetLabels(spec, canvas, labels, px, py, metresPerPixel);
  drawHeader(canvas, title, spec, tallest, metresPerPixel);
  return { width, height: height + HEADER_HEIGHT, data: canvas.data, metresPerPixel, headerHeight: HEADER_HEIGHT };
}

/** Street names along their streets: on the roadway, every ~600 m, horizontal or reading upwards. */
function drawStreetLabels(
  spec: WorldSpec, canvas: RasterCanvas, labels: LabelPlacer,
  px: (x: number) => number, py: (y: number) => number, metresPerPixel: number,
): void {
  for (const street of spec.streets) {
    const text = street.name.toUpperCase();
    const w = textWidth(text);
    const segments = spec.roadSegments.filter((s) => s.streetId === street.id);
    let sinceLast = Infinity;
    for (const segment of segments) {
      const a = spec.intersections[segment.from];
      const b = spec.intersections[segment.to];
      const length = Math.hypot(b.x - a.x, b.y - a.y) / metresPerPixel;
      sinceLast += length;
      if (segment.bridge || length < w + 16 || sinceLast < 600 / metresPerPixel) continue;
      const cx = (px(a.x) + px(b.x)) / 2;
      const cy = (py(a.y) + py(b.y)) / 2;
      const vertical = a.x === b.x;
      const horizontal = a.y === b.y;
      if (!vertical && !horizontal) continue;
      const placed = vertical
        ? labels.tryPlace(cx - 4, cy - w / 2 - 1, GLYPH_HEIGHT + 2, w + 2)
        : labels.tryPlace(cx - w / 2 - 1, cy - 4, w + 2, GLYPH_HEIGHT + 2);
      if (!placed) continue;
      if (vertical) canvas.textUpwards(Math.round(cx - 3), Math.round(cy + w / 2), text, STREET_INK, 1, WHITE);
      else canvas.text(Math.round(cx - w / 2), Math.round(cy - 3), text, STREET_INK, 1, WHITE);
      sinceLast = 0;
    }
  }
}

const HEADER_HEIGHT = 64;

/** The band above the map: title and summary on the left; legend, scale bar and north arrow on the right as room allows. */
function drawHeader(canvas: RasterCanvas, title: string, spec: WorldSpec, tallest: number, metresPerPixel: number): void {
  const width = canvas.width;
  canvas.fillRect(0, 0, width, HEADER_HEIGHT, WHITE);
  canvas.fillRect(0, HEADER_HEIGHT - 2, width, HEADER_HEIGHT, INK);
  const summary = summaryLine(spec);
  const titleScale = textWidth(title, 2) + 16 <= width ? 2 : 1;
  canvas.text(10, 12, title, INK, titleScale);
  canvas.text(10, 40, summary, STREET_INK);
  let right = width - 10;

  // North arrow.
  if (right - 30 > textWidth(summary) + 40) {
    const cx = right - 12;
    canvas.text(cx - 2, 6, 'N', INK);
    for (let row = 0; row < 34; row++) {
      const half = Math.floor(row / 3.4);
      canvas.fillRect(cx - half, 16 + row, cx + 1 + half, 17 + row, INK);
      canvas.fillRect(cx + 1, 16 + row, cx + 1 + half, 17 + row, [150, 150, 160]);
    }
    right -= 40;
  }

  // Scale bar: the largest round length under 140 pixels.
  const lengths = [50, 100, 200, 250, 500, 1000, 2000, 5000];
  const metres = lengths.filter((m) => m / metresPerPixel <= 140).pop() ?? 50;
  const barWidth = Math.round(metres / metresPerPixel);
  const scaleText = metres >= 1000 ? `${metres / 1000} KM` : `${metres} M`;
  const scaleWidth = Math.max(barWidth, textWidth(scaleText));
  if (right - scaleWidth > textWidth(summary) + 40) {
    const x = right - scaleWidth;
    canvas.text(x, 20, scaleText, INK);
    canvas.fillRect(x, 34, x + barWidth, 40, INK);
    canvas.fillRect(x + barWidth / 2, 35, x + barWidth - 1, 39, WHITE);
    right = x - 24;
  }

  // Legend: symbols in three columns of two rows, then the height ramp.
  const items: [Rgb, string, 'fill' | 'ring' | 'zone'][] = [
    [GROUND_COLOURS[SURFACE_WATER], 'WATER', 'fill'], [GROUND_COLOURS[SURFACE_PARK], 'PARK', 'fill'],
    [DEPOT_FILL, 'DEPOT', 'fill'], [NO_FLY, 'NO-FLY ZONE', 'zone'],
    [ROOF_PAD, 'ROOFTOP PAD', 'ring'], [GROUND_PAD, 'GROUND PAD', 'ring'],
  ];
  const columnWidth = 104;
  const legendWidth = columnWidth * 3;
  if (right - legendWidth > textWidth(summary) + 40) {
    const left = right - legendWidth;
    items.forEach(([colour, name, shape], k) => {
      const x = left + Math.floor(k / 2) * columnWidth;
      const top = 14 + (k % 2) * 22;
      if (shape === 'ring') canvas.circle(x + 6, top + 5, 6, colour, 4.4);
      else {
        canvas.fillRect(x, top, x + 12, top + 11, colour, shape === 'zone' ? 0.25 : 1);
        canvas.strokeRect(x, top, x + 12, top + 11, shape === 'zone' ? NO_FLY : INK);
      }
      canvas.text(x + 17, top + 2, name, INK);
    });
    right = left - 24;
  }
  const rampWidth = 150;
  if (right - rampWidth > textWidth(summary) + 40) {
    const left = right - rampWidth;
    canvas.text(left, 8, 'BUILDING HEIGHT', INK);
    for (let i = 0; i < rampWidth; i++) canvas.fillRect(left + i, 20, left + i + 1, 32, heightColour((i / (rampWidth - 1)) * tallest, tallest));
    canvas.strokeRect(left - 1, 19, left + rampWidth + 1, 33, INK);
    canvas.text(left, 38, '0', INK);
    const maxText = `${Math.round(tallest)} M`;
    canvas.text(left + rampWidth - textWidth(maxText), 38, maxText, INK);
  }
}

function summaryLine(spec: WorldSpec): string {
  const size = `${((spec.bounds.maxX - spec.bounds.minX) / 1000).toFixed(1)} X ${((spec.bounds.maxY - spec.bounds.minY) / 1000).toFixed(1)} KM`;
  return `${size} - ${spec.buildings.length} BUILDINGS - ${spec.streets.length} STREETS - ${spec.depots.length} DEPOTS`;
}

/** Keeps labels from overlapping one another and from leaving the image. */
class LabelPlacer {
  private readonly placed: { x: number; y: number; w: number; h: number; gap: number }[] = [];

  constructor(private readonly width: number, private readonly top: number, private readonly bottom: number) {}

  /** Claims the rectangle when it is inside the map and at least `gap` pixels from every other label. */
  tryPlace(x: number, y: number, w: number, h: number, gap = 3): boolean {
    if (x < 2 || y < this.top + 2 || x + w > this.width - 2 || y + h > this.bottom - 2) return false;
    for (const r of this.placed) {
      const g = Math.max(gap, r.gap);
      if (x < r.x + r.w + g && r.x < x + w + g && y < r.y + r.h + g && r.y < y + h + g) return false;
    }
    this.placed.push({ x, y, w, h, gap });
    return true;
  }
}
