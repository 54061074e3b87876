/**
 * PNG encoding without Node-only modules: rows are compressed with the standard CompressionStream
 * ("deflate" is the zlib format PNG expects), so the same code runs in Node and in the browser.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const COLOUR_TYPE: Readonly<Record<number, number>> = { 1: 0, 3: 2, 4: 6 };

/** Filter-type-0 rows of 8-bit pixels (1 = grey, 3 = RGB, 4 = RGBA channels, row-major from the top-left), checked. */
function filteredRows(width: number, height: number, pixels: Uint8Array | Uint8ClampedArray, channels: 1 | 3 | 4): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new RangeError(`width/height: must be positive integers (got ${width} x ${height})`);
  }
  if (COLOUR_TYPE[channels] === undefined) throw new RangeError(`channels: must be 1, 3 or 4 (got ${channels})`);
  if (pixels.length !== width * height * channels) {
    throw new RangeError(`pixels: must hold width * height * channels = ${width * height * channels} bytes (got ${pixels.length})`);
  }
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  for (let row = 0; row < height; row++) {
    // Filter type 0 (none) on every row; deflate does the rest.
    raw[row * (stride + 1)] = 0;
    raw.set(pixels.subarray(row * stride, (row + 1) * stride), row * (stride + 1) + 1);
  }
  return raw;
}

/**
 * Encodes 8-bit pixels (1 = grey, 3 = RGB, 4 = RGBA channels, row-major from the top-left) as a PNG file.
 */
export async function encodePng(width: number, height: number, pixels: Uint8Array | Uint8ClampedArray, channels: 1 | 3 | 4): Promise<Uint8Array> {
  const raw = filteredRows(width, height, pixels, channels);
  const compressed = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer());
  return assemblePng(width, height, channels, compressed);
}

/**
 * The same PNG synchronously, with stored (uncompressed) deflate blocks: for callers that cannot
 * wait (observations answer synchronously); files are larger, so keep it to small images.
 */
export function encodePngSync(width: number, height: number, pixels: Uint8Array | Uint8ClampedArray, channels: 1 | 3 | 4): Uint8Array {
  return assemblePng(width, height, channels, zlibStored(filteredRows(width, height, pixels, channels)));
}

function assemblePng(width: number, height: number, channels: 1 | 3 | 4, zlibData: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8;
  header[9] = COLOUR_TYPE[channels];
  const chunks = [chunk('IHDR', header), chunk('IDAT', zlibData), chunk('IEND', new Uint8Array(0))];
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const out = new Uint8Array(signature.length + chunks.reduce((sum, c) => sum + c.length, 0));
  out.set(signature, 0);
  let offset = signature.length;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

const MAX_STORED_BLOCK = 65535;

/** A zlib stream of stored deflate blocks (no compression). */
function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / MAX_STORED_BLOCK));
  const out = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * MAX_STORED_BLOCK;
    const length = Math.min(MAX_STORED_BLOCK, raw.length - start);
    out[o++] = b === blocks - 1 ? 1 : 0;
    out[o++] = length & 0xff;
    out[o++] = length >>> 8;
    out[o++] = ~length & 0xff;
    out[o++] = (~length >>> 8) & 0xff;
    out.set(raw.subarray(start, start + length), o);
    o += length;
  }
  new DataView(out.buffer).setUint32(o, adler32(raw));
  return out;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}
