import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../physics/index.ts';
import { encodePng, encodePngSync, renderMap } from '../../worlds/index.ts';
import { city } from './world-fixtures.ts';

function decode(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

describe('PNG encoding', () => {
  it('writes grey, RGB and RGBA images that a PNG decoder reads back exactly', async () => {
    const rng = new SeededRng(3);
    for (const channels of [1, 3, 4] as const) {
      const [width, height] = [37, 23];
      const pixels = Uint8Array.from({ length: width * height * channels }, () => rng.int(256));
      const png = decode(await encodePng(width, height, pixels, channels));
      expect([png.width, png.height]).toEqual([width, height]);
      for (let p = 0; p < width * height; p++) {
        const rgba = [...png.data.subarray(p * 4, p * 4 + 4)];
        const expected = channels === 1 ? [pixels[p], pixels[p], pixels[p], 255]
          : channels === 3 ? [pixels[p * 3], pixels[p * 3 + 1], pixels[p * 3 + 2], 255]
          : [...pixels.subarray(p * 4, p * 4 + 4)];
        expect(rgba).toEqual(expected);
      }
    }
  });

  it('writes the same pixels synchronously, in stored blocks, past one 64 KiB block', () => {
    const rng = new SeededRng(4);
    for (const [width, height, channels] of [[37, 23, 1], [200, 150, 3]] as const) {
      const pixels = Uint8Array.from({ length: width * height * channels }, () => rng.int(256));
      const png = decode(encodePngSync(width, height, pixels, channels));
      expect([png.width, png.height]).toEqual([width, height]);
      const last = width * height - 1;
      const expectedLast = channels === 1 ? [pixels[last], pixels[last], pixels[last], 255] : [...pixels.subarray(last * 3, last * 3 + 3), 255];
      expect([...png.data.subarray(last * 4, last * 4 + 4)]).toEqual(expectedLast);
      let mismatches = 0;
      for (let p = 0; p < width * height; p++) if (png.data[p * 4] !== pixels[p * channels]) mismatches++;
      expect(mismatches).toBe(0);
    }
    expect(() => encodePngSync(4, 4, new Uint8Array(10), 3)).toThrow('pixels: must hold width * height * channels = 48 bytes (got 10)');
  });

  it('rejects a buffer of the wrong size, saying how many bytes it needs', async () => {
    await expect(encodePng(4, 4, new Uint8Array(10), 3)).rejects.toThrow('pixels: must hold width * height * channels = 48 bytes (got 10)');
  });
});

describe('map', () => {
  const spec = city(7, { river: true });
  const map = renderMap(spec);
  const pixel = (x: number, y: number): number[] => {
    const px = Math.floor(x / map.metresPerPixel);
    const py = Math.floor(map.height - y / map.metresPerPixel);
    const o = (py * map.width + px) * 3;
    return [...map.data.subarray(o, o + 3)];
  };

  it('draws north up at the default scale of 1400 pixels across, under a header band', () => {
    expect(map.metresPerPixel).toBeCloseTo(2000 / 1400, 12);
    expect([map.width, map.height]).toEqual([1400, 1400 + map.headerHeight]);
    expect(map.data).toHaveLength(map.width * map.height * 3);
    // The header is white with a dark rule under it.
    expect([...map.data.subarray(0, 3)]).toEqual([255, 255, 255]);
    const rule = ((map.headerHeight - 1) * map.width + 5) * 3;
    expect(map.data[rule]).toBeLessThan(80);
  });

  it('paints water blue, parks green and taller buildings darker', () => {
    const river = spec.river!;
    // A point on the river's centre, away from any bridge deck.
    const bridgeYs = spec.roadSegments.filter((s) => s.bridge).map((s) => spec.intersections[s.from].y);
    const point = river.centerline.find((p) => p.y > 100 && p.y < 1900 && bridgeYs.every((y) => Math.abs(y - p.y) > 30))!;
    const [r, , b] = pixel(point.x, point.y);
    expect(b).toBeGreaterThan(r + 40);
    const park = spec.parks[0];
    const [pr, pg, pb] = pixel((park.minX + park.maxX) / 2 + 5, (park.minY + park.maxY) / 2 + 12);
    expect(pg).toBeGreaterThan(pr);
    expect(pg).toBeGreaterThan(pb);
    const luminance = ([cr, cg, cb]: number[]): number => 0.3 * cr + 0.59 * cg + 0.11 * cb;
    const tallest = spec.buildings.reduce((a, c) => (c.height > a.height ? c : a));
    const lowest = spec.buildings.reduce((a, c) => (c.height < a.height ? c : a));
    const inside = (building: typeof tallest): number[] => pixel(building.minX + 3, building.minY + 3);
    expect(luminance(inside(tallest))).toBeLessThan(luminance(inside(lowest)) - 60);
  });

  it('encodes to a PNG a viewer opens', async () => {
    const png = decode(await encodePng(map.width, map.height, map.data, 3));
    expect([png.width, png.height]).toEqual([1400, 1400 + map.headerHeight]);
  });

  it('rejects a scale that would make an absurd image', () => {
    expect(() => renderMap(spec, { metresPerPixel: 0.1 })).toThrow('accepted: at most 40 million pixels');
  });
});
