/**
 * A top-down map of a world, the picture one shows a colleague: streets, buildings shaded by height
 * with soft shadows, water, parks, depots, pads and no-fly zones, labelled with street, landmark,
 * park and district names, plus a title, a legend, a scale bar and a north arrow. North is up.
 */
import type { WorldSpec } from './world-spec.ts';
import { GroundRaster, SURFACE_DEPOT, SURFACE_LOT, SURFACE_PAD, SURFACE_PARK, SURFACE_ROAD, SURFACE_SIDEWALK, SURFACE_WATER } from './ground-raster.ts';
import { GLYPH_HEIGHT, RasterCanvas, rgbOfHex, textWidth, type Rgb } from './raster-canvas.ts';
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

/** Renders the map as an RGB image. */
export function renderMap(spec: WorldSpec, options: MapOptions = {}): RgbImage {
  const { bounds } = spec;
  const worldWidth = bounds.maxX - bounds.minX;
  const worldHeight = bounds.maxY - bounds.minY;
  const metresPerPixel = options.metresPerPixel ?? Math.max(worldWidth, worldHeight) / 1400;
  if (!(metresPerPixel > 0)) throw new RangeError(`metresPerPixel: must be > 0 (got ${metresPerPixel})`);
  const width = Math.ceil(worldWidth / metresPerPixel);
  const height = Math.ceil(worldHeight / metresPerPixel);
  if (width * height > 40_000_000) throw new RangeError(`metresPerPixel: ${metresPerPixel} gives a ${width} x ${height} image; accepted: at most 40 million pixels`);
  const canvas = new RasterCanvas(width, height);
  const px = (x: number): number => (x - bounds.minX) / metresPerPixel;
  const py = (y: number): number => height - (y - bounds.minY) / metresPerPixel;

  // Ground: one raster cell per pixel, rows flipped so north is up.
  const ground = new GroundRaster(spec, metresPerPixel);
  for (let row = 0; row < height; row++) {
    const sourceRow = Math.min(ground.rows - 1, height - 1 - row);
    for (let column = 0; column < width; column++) {
      const surface = ground.classes[sourceRow * ground.columns + Math.min(column, ground.columns - 1)];
      canvas.setPixel(column, row, GROUND_COLOURS[surface] ?? GROUND_COLOURS[SURFACE_LOT]);
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

  const labels = new LabelPlacer(width, height);
  // Reserve the corners for the title, legend and north arrow before any label claims them.
  const title = (options.title ?? `${spec.name} - seed ${spec.seed}`).toUpperCase();
  const titleBox = { x: 8, y: 8, w: Math.max(textWidth(title, 2), textWidth(summaryLine(spec))) + 16, h: 50 };
  labels.reserve(titleBox.x, titleBox.y, titleBox.w, titleBox.h);
  const legendBox = { x: 8, y: height - 150, w: 250, h: 142 };
  labels.reserve(legendBox.x, legendBox.y, legendBox.w, legendBox.h);
  labels.reserve(width - 50, 8, 42, 54);

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
      if (labels.tryPlace(cx - w / 2 - 2, cy - 9, w + 4, 18)) {
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
  if (spec.river) {
    const text = spec.river.name.toUpperCase();
    const line = spec.river.centerline;
    for (const fraction of [0.3, 0.7]) {
      const point = line[Math.floor(line.length * fraction)];
      const w = textWidth(text, 2);
      const cx = px(point.x), cy = py(point.y);
      if (labels.tryPlace(cx - w / 2 - 2, cy - 9, w + 4, 18)) canvas.text(Math.round(cx - w / 2), Math.round(cy - 7), text, WATER_INK, 2, GROUND_COLOURS[SURFACE_WATER]);
    }
  }
  drawStreetLabels(spec, canvas, labels, px, py, metresPerPixel);
  drawTitle(canvas, titleBox, title, spec);
  drawLegend(canvas, legendBox, tallest, metresPerPixel);
  drawNorthArrow(canvas, width - 30, 14);
  return { width, height, data: canvas.data };
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

function drawTitle(canvas: RasterCanvas, box: { x: number; y: number; w: number; h: number }, title: string, spec: WorldSpec): void {
  canvas.fillRect(box.x, box.y, box.x + box.w, box.y + box.h, WHITE, 0.88);
  canvas.strokeRect(box.x, box.y, box.x + box.w, box.y + box.h, INK);
  canvas.text(box.x + 8, box.y + 8, title, INK, 2);
  canvas.text(box.x + 8, box.y + 32, summaryLine(spec), STREET_INK);
}

function summaryLine(spec: WorldSpec): string {
  const size = `${((spec.bounds.maxX - spec.bounds.minX) / 1000).toFixed(1)} X ${((spec.bounds.maxY - spec.bounds.minY) / 1000).toFixed(1)} KM`;
  return `${size} - ${spec.buildings.length} BUILDINGS - ${spec.streets.length} STREETS - ${spec.depots.length} DEPOTS`;
}

function drawLegend(canvas: RasterCanvas, box: { x: number; y: number; w: number; h: number }, tallest: number, metresPerPixel: number): void {
  canvas.fillRect(box.x, box.y, box.x + box.w, box.y + box.h, WHITE, 0.9);
  canvas.strokeRect(box.x, box.y, box.x + box.w, box.y + box.h, INK);
  let y = box.y + 8;
  canvas.text(box.x + 8, y, 'BUILDING HEIGHT', INK);
  y += 12;
  const rampWidth = box.w - 60;
  for (let i = 0; i < rampWidth; i++) canvas.fillRect(box.x + 8 + i, y, box.x + 9 + i, y + 10, heightColour((i / (rampWidth - 1)) * tallest, tallest));
  canvas.text(box.x + 8, y + 13, '0', INK);
  const maxText = `${Math.round(tallest)} M`;
  canvas.text(box.x + 8 + rampWidth - textWidth(maxText), y + 13, maxText, INK);
  y += 28;
  const rows: [Rgb, string, 'box' | 'ring' | 'square'][] = [
    [GROUND_COLOURS[SURFACE_WATER], 'WATER', 'box'],
    [GROUND_COLOURS[SURFACE_PARK], 'PARK', 'box'],
    [DEPOT_FILL, 'DEPOT', 'square'],
    [ROOF_PAD, 'ROOFTOP PAD', 'ring'],
    [GROUND_PAD, 'GROUND PAD', 'ring'],
    [NO_FLY, 'NO-FLY ZONE', 'box'],
  ];
  rows.forEach(([colour, name, shape], k) => {
    const column = k % 2;
    const row = Math.floor(k / 2);
    const x = box.x + 8 + column * 118;
    const top = y + row * 16;
    if (shape === 'ring') {
      canvas.circle(x + 5, top + 4, 5, colour, 3.6);
    } else {
      canvas.fillRect(x, top, x + 11, top + 9, colour, shape === 'box' && name === 'NO-FLY ZONE' ? 0.3 : 1);
      canvas.strokeRect(x, top, x + 11, top + 9, shape === 'box' && name === 'NO-FLY ZONE' ? NO_FLY : INK);
    }
    canvas.text(x + 16, top + 1, name, INK);
  });
  // Scale bar: the largest round length under 160 pixels.
  const lengths = [50, 100, 200, 250, 500, 1000, 2000, 5000];
  const metres = lengths.filter((m) => m / metresPerPixel <= 160).pop() ?? 50;
  const barWidth = Math.round(metres / metresPerPixel);
  const barY = box.y + box.h - 16;
  canvas.fillRect(box.x + 8, barY, box.x + 8 + barWidth, barY + 4, INK);
  canvas.fillRect(box.x + 8 + barWidth / 2, barY + 1, box.x + 8 + barWidth, barY + 3, WHITE);
  canvas.text(box.x + 16 + barWidth, barY - 2, metres >= 1000 ? `${metres / 1000} KM` : `${metres} M`, INK);
}

function drawNorthArrow(canvas: RasterCanvas, cx: number, top: number): void {
  canvas.fillRect(cx - 16, top - 6, cx + 17, top + 42, WHITE, 0.85);
  for (let row = 0; row < 22; row++) {
    const half = Math.floor(row / 2.2);
    canvas.fillRect(cx - half, top + 12 + row, cx + 1 + half, top + 13 + row, row < 22 ? INK : WHITE);
  }
  canvas.fillRect(cx, top + 12, cx + 1 + 10, top + 34, WHITE, 0.55);
  canvas.text(cx - 2, top, 'N', INK);
}

/** Keeps labels from overlapping one another and from leaving the image. */
class LabelPlacer {
  private readonly placed: { x: number; y: number; w: number; h: number }[] = [];

  constructor(private readonly width: number, private readonly height: number) {}

  reserve(x: number, y: number, w: number, h: number): void {
    this.placed.push({ x, y, w, h });
  }

  tryPlace(x: number, y: number, w: number, h: number): boolean {
    if (x < 2 || y < 2 || x + w > this.width - 2 || y + h > this.height - 2) return false;
    for (const r of this.placed) {
      if (x < r.x + r.w + 3 && r.x < x + w + 3 && y < r.y + r.h + 3 && r.y < y + h + 3) return false;
    }
    this.placed.push({ x, y, w, h });
    return true;
  }
}
