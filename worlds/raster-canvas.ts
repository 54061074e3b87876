/**
 * A tiny RGB drawing surface for the map: filled and blended rectangles, lines, circles and
 * bitmap-font text (horizontal or reading upwards), with a halo so labels stay legible on any
 * background. Pixel (0, 0) is the top-left.
 */
import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyphOf, textWidth } from './bitmap-font.ts';

export type Rgb = readonly [number, number, number];

export function rgbOfHex(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

export class RasterCanvas {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;

  constructor(width: number, height: number, background: Rgb = [255, 255, 255]) {
    this.width = width;
    this.height = height;
    this.data = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) this.data.set(background, i * 3);
  }

  setPixel(x: number, y: number, colour: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const o = (y * this.width + x) * 3;
    this.data[o] = colour[0];
    this.data[o + 1] = colour[1];
    this.data[o + 2] = colour[2];
  }

  /** Mixes `colour` into a pixel with opacity `alpha` in [0, 1]. */
  blendPixel(x: number, y: number, colour: Rgb, alpha: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const o = (y * this.width + x) * 3;
    this.data[o] += (colour[0] - this.data[o]) * alpha;
    this.data[o + 1] += (colour[1] - this.data[o + 1]) * alpha;
    this.data[o + 2] += (colour[2] - this.data[o + 2]) * alpha;
  }

  /** Fills pixels x0 <= x < x1, y0 <= y < y1 (clipped), blended when alpha < 1. */
  fillRect(x0: number, y0: number, x1: number, y1: number, colour: Rgb, alpha = 1): void {
    const left = Math.max(0, Math.floor(x0));
    const top = Math.max(0, Math.floor(y0));
    const right = Math.min(this.width, Math.ceil(x1));
    const bottom = Math.min(this.height, Math.ceil(y1));
    for (let y = top; y < bottom; y++) {
      for (let x = left; x < right; x++) {
        if (alpha >= 1) this.setPixel(x, y, colour);
        else this.blendPixel(x, y, colour, alpha);
      }
    }
  }

  /** One-pixel outline of the rectangle x0 <= x < x1, y0 <= y < y1. */
  strokeRect(x0: number, y0: number, x1: number, y1: number, colour: Rgb, thickness = 1): void {
    this.fillRect(x0, y0, x1, y0 + thickness, colour);
    this.fillRect(x0, y1 - thickness, x1, y1, colour);
    this.fillRect(x0, y0, x0 + thickness, y1, colour);
    this.fillRect(x1 - thickness, y0, x1, y1, colour);
  }

  /** A line of the given thickness (Bresenham with square pen). */
  line(x0: number, y0: number, x1: number, y1: number, colour: Rgb, thickness = 1): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    const half = Math.floor(thickness / 2);
    for (let s = 0; s <= steps; s++) {
      const x = Math.round(x0 + ((x1 - x0) * s) / steps);
      const y = Math.round(y0 + ((y1 - y0) * s) / steps);
      this.fillRect(x - half, y - half, x - half + thickness, y - half + thickness, colour);
    }
  }

  /** A disc, or a ring when `innerRadius` > 0. */
  circle(cx: number, cy: number, radius: number, colour: Rgb, innerRadius = 0): void {
    for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++) {
      for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++) {
        const d = Math.hypot(x - cx, y - cy);
        if (d <= radius && d >= innerRadius) this.setPixel(x, y, colour);
      }
    }
  }

  /** Text with its top-left at (x, y); a halo of one pixel (times scale) when `halo` is given. */
  text(x: number, y: number, text: string, colour: Rgb, scale = 1, halo?: Rgb): void {
    if (halo) {
      for (const [ox, oy] of HALO_OFFSETS) this.drawGlyphs(x + ox * scale, y + oy * scale, text, halo, scale, false);
    }
    this.drawGlyphs(x, y, text, colour, scale, false);
  }

  /** Text turned a quarter turn anticlockwise (reading upwards), its bottom-left at (x, y). */
  textUpwards(x: number, y: number, text: string, colour: Rgb, scale = 1, halo?: Rgb): void {
    if (halo) {
      for (const [ox, oy] of HALO_OFFSETS) this.drawGlyphs(x + ox * scale, y + oy * scale, text, halo, scale, true);
    }
    this.drawGlyphs(x, y, text, colour, scale, true);
  }

  private drawGlyphs(x: number, y: number, text: string, colour: Rgb, scale: number, upwards: boolean): void {
    for (let i = 0; i < text.length; i++) {
      const glyph = glyphOf(text[i]);
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        const bits = glyph[row];
        for (let column = 0; column < GLYPH_WIDTH; column++) {
          if (!(bits & (1 << (GLYPH_WIDTH - 1 - column)))) continue;
          const along = i * GLYPH_ADVANCE + column;
          // Upwards: the text's x axis runs up the image and its y axis runs right.
          const px = upwards ? x + row * scale : x + along * scale;
          const py = upwards ? y - (along + 1) * scale + 1 : y + row * scale;
          this.fillRect(px, py, px + scale, py + scale, colour);
        }
      }
    }
  }
}

const HALO_OFFSETS: readonly [number, number][] = [[-1, -1], [0, -1], [1, -1], [-1, 0], [1, 0], [-1, 1], [0, 1], [1, 1]];

