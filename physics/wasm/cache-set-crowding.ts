/**
 * Whether rows read side by side crowd one cache set. With 64-byte lines a 32 KiB 8-way L1 cache
 * has 64 sets, so addresses a multiple of 4 KiB apart share a set; when more rows than ways land
 * in one, they evict each other before the next vector reads the same lines again. The default
 * geometry is that of current x86 and ARM cores; a wrong guess costs speed, never results.
 */
export interface CacheGeometry {
  lineBytes: number;
  sets: number;
  ways: number;
}

export const TYPICAL_L1_CACHE: CacheGeometry = { lineBytes: 64, sets: 64, ways: 8 };

export function rowsCrowdCacheSets(rowAddresses: readonly number[], geometry: CacheGeometry = TYPICAL_L1_CACHE): boolean {
  const rowsInSet = new Map<number, number>();
  for (const address of rowAddresses) {
    const set = Math.floor(address / geometry.lineBytes) % geometry.sets;
    rowsInSet.set(set, (rowsInSet.get(set) ?? 0) + 1);
  }
  for (const rows of rowsInSet.values()) if (rows > geometry.ways) return true;
  return false;
}
