/**
 * What each district kind looks like: lot sizes, setbacks, how many lots are built on, building
 * heights under each height profile, and facade colours.
 */
import type { DistrictKind } from './world-spec.ts';
import type { HeightProfile } from './generator-params.ts';

export interface DistrictProfile {
  /** Lot frontage range along the street, metres. */
  frontage: [number, number];
  /** Distance from the sidewalk to the facade, metres. */
  frontSetback: [number, number];
  /** Gap between a building and its lot's side and back lines, metres. */
  sideGap: [number, number];
  /** Share of lots that hold a building. */
  coverage: number;
  sidewalkWidth: number;
  palette: readonly string[];
}

export const DISTRICT_PROFILES: Readonly<Record<DistrictKind, DistrictProfile>> = {
  downtown: {
    frontage: [22, 40], frontSetback: [0.5, 2], sideGap: [0.5, 2], coverage: 0.95, sidewalkWidth: 4,
    palette: ['#8fa3b8', '#6f8294', '#a9b4bf', '#5d6d7e', '#b8c4cc', '#7f96a8', '#9aa7a0'],
  },
  midtown: {
    frontage: [18, 32], frontSetback: [1, 3], sideGap: [1, 2.5], coverage: 0.9, sidewalkWidth: 3.5,
    palette: ['#c2b8a3', '#a89f91', '#b9a58c', '#9c8f80', '#d1c7b7', '#8e9aa6', '#b3a89a'],
  },
  residential: {
    frontage: [12, 22], frontSetback: [3, 6], sideGap: [1.5, 3], coverage: 0.85, sidewalkWidth: 3,
    palette: ['#b5654a', '#c98b6b', '#d9c5a0', '#e3d5b8', '#a8584a', '#cdb59a', '#bfa58a', '#c7b299'],
  },
  industrial: {
    frontage: [30, 60], frontSetback: [4, 8], sideGap: [2, 5], coverage: 0.8, sidewalkWidth: 3,
    palette: ['#8a8d8f', '#9b9486', '#7b7f84', '#a39e93', '#6f7378', '#8f8a7e'],
  },
  outskirts: {
    frontage: [16, 28], frontSetback: [4, 8], sideGap: [2, 4], coverage: 0.7, sidewalkWidth: 2.5,
    palette: ['#d8cbb0', '#cbb89a', '#e0d6c2', '#b99f85', '#c9bda6'],
  },
};

/**
 * Height range [min, max] in metres for a district under a profile; `centrality` is 1 at the
 * downtown centre and 0 at the edge of downtown, so towers peak in the middle.
 */
export function heightRange(kind: DistrictKind, profile: HeightProfile, maxHeight: number, centrality: number): [number, number] {
  if (profile === 'uniform') return [12, Math.max(20, maxHeight * 0.25)];
  if (profile === 'suburban') {
    if (kind === 'downtown') return [8, Math.min(maxHeight, 30)];
    if (kind === 'midtown') return [6, Math.min(maxHeight, 18)];
    return [4, Math.min(maxHeight, 10)];
  }
  switch (kind) {
    case 'downtown':
      return [maxHeight * (0.2 + 0.2 * centrality), maxHeight * (0.55 + 0.4 * centrality)];
    case 'midtown':
      return [Math.min(15, maxHeight), Math.max(20, maxHeight * 0.35)];
    case 'residential':
      return [6, Math.min(maxHeight, 18)];
    case 'industrial':
      return [6, Math.min(maxHeight, 16)];
    case 'outskirts':
      return [4, Math.min(maxHeight, 10)];
  }
}

/** Ring order from the centre outwards; a disabled kind falls back to its nearest enabled ring. */
export const RING_ORDER: readonly DistrictKind[] = ['downtown', 'midtown', 'residential', 'outskirts'];
