/**
 * A 64-bit fingerprint (two independent 32-bit FNV-style lanes) of the bytes of typed arrays.
 * Used for determinism checks: the same seed and actions must give the same hash, bit for bit.
 */
export function hashTypedArrays(arrays: readonly ArrayBufferView[]): string {
  let a = 0x811c9dc5;
  let b = 0x6a09e667;
  for (const view of arrays) {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const words = Math.floor(bytes.length / 4);
    const u32 = bytes.byteOffset % 4 === 0 ? new Uint32Array(view.buffer, view.byteOffset, words) : null;
    for (let i = 0; i < words; i++) {
      const w = u32 ? u32[i] : bytes[4 * i] | (bytes[4 * i + 1] << 8) | (bytes[4 * i + 2] << 16) | (bytes[4 * i + 3] << 24);
      a = Math.imul(a ^ w, 0x01000193);
      b = Math.imul(b ^ ((w >>> 16) | (w << 16)), 0x5bd1e995);
      b ^= b >>> 15;
    }
    for (let i = words * 4; i < bytes.length; i++) {
      a = Math.imul(a ^ bytes[i], 0x01000193);
      b = Math.imul(b ^ bytes[i], 0x5bd1e995);
    }
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
