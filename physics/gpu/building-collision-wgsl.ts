import { VEHICLE_STATUS } from '../quadrotor/quadrotor-state-layout.ts';

/**
 * Buildings on the GPU: the boxes of a world's building grid (worlds/spatial-grid.ts; physics
 * imports nothing of ours, so the grid comes in as this plain shape, which a BuildingGrid already
 * has) and the sphere test of worlds/collision-queries.ts in WGSL, one drone at a time over the
 * boxes of the cells its sphere touches. Contact counts as collision (closed boxes), as on the CPU.
 */
export interface GpuBuildingGridSource {
  originX: number;
  originY: number;
  cellSize: number;
  columns: number;
  rows: number;
  maxHeight: number;
  /** Items of cell c are [cellStart[c], cellStart[c + 1]). */
  cellStart: ArrayLike<number>;
  /** 5 numbers per item: minX, minY, maxX, maxY, height. */
  cellBoxes: ArrayLike<number>;
  cellMaxHeight: ArrayLike<number>;
}

/** What a drone may not touch or leave: the buildings, the world's bounds and ceiling. */
export interface GpuWorldSource {
  grid: GpuBuildingGridSource;
  bounds: { minX: number; minY: number; maxX: number; maxY: number; ceiling: number };
  /** Radius of each drone's collision sphere, m (ground robots use their own radius from their parameters). */
  droneRadius: number;
}

/**
 * The world's buffers as they go to the GPU. The grid is one storage buffer of 32-bit words (cell
 * starts, then each cell's maximum height and the boxes as f32 bits): the batch step already binds
 * 7 of the 8 storage buffers a stage may have by default.
 */
export interface GpuWorldArrays {
  uniforms: ArrayBuffer;
  grid: Uint32Array;
}

export const WORLD_UNIFORMS_BYTES = 16 * 4;
const BOX_STRIDE = 5;

/** Packs a world for the GPU, refusing what the shader could not index. */
export function packGpuWorld(world: GpuWorldSource): GpuWorldArrays {
  const { grid, bounds } = world;
  const cells = grid.columns * grid.rows;
  if (!Number.isInteger(grid.columns) || !Number.isInteger(grid.rows) || grid.columns < 1 || grid.rows < 1) {
    throw new RangeError(`GPU world: the building grid has ${grid.columns} × ${grid.rows} cells; accepted: whole numbers ≥ 1 (a worlds/ BuildingGrid)`);
  }
  if (grid.cellStart.length !== cells + 1 || grid.cellMaxHeight.length !== cells) {
    throw new RangeError(`GPU world: cellStart has ${grid.cellStart.length} entries and cellMaxHeight ${grid.cellMaxHeight.length} for ${cells} cells; accepted: ${cells + 1} and ${cells}`);
  }
  const items = grid.cellStart[cells];
  if (grid.cellBoxes.length < items * BOX_STRIDE) {
    throw new RangeError(`GPU world: cellBoxes holds ${grid.cellBoxes.length} numbers for ${items} items; accepted: ${BOX_STRIDE} per item`);
  }
  if (!(world.droneRadius >= 0) || !(grid.cellSize > 0)) {
    throw new RangeError(`GPU world: droneRadius ${world.droneRadius} m and cellSize ${grid.cellSize} m; accepted: a radius ≥ 0 and a cell size > 0`);
  }
  const uniforms = new ArrayBuffer(WORLD_UNIFORMS_BYTES);
  const floats = new Float32Array(uniforms), words = new Uint32Array(uniforms);
  floats[0] = grid.originX;
  floats[1] = grid.originY;
  floats[2] = grid.cellSize;
  floats[3] = 1 / grid.cellSize;
  words[4] = grid.columns;
  words[5] = grid.rows;
  floats[6] = grid.maxHeight;
  floats[7] = world.droneRadius;
  floats[8] = bounds.minX;
  floats[9] = bounds.minY;
  floats[10] = bounds.maxX;
  floats[11] = bounds.maxY;
  floats[12] = bounds.ceiling;
  const heightsAt = cells + 1, boxesAt = heightsAt + cells;
  words[13] = heightsAt;
  words[14] = boxesAt;
  const words32 = new Uint32Array(boxesAt + items * BOX_STRIDE);
  const floats32 = new Float32Array(words32.buffer);
  for (let c = 0; c <= cells; c++) words32[c] = grid.cellStart[c];
  for (let c = 0; c < cells; c++) floats32[heightsAt + c] = grid.cellMaxHeight[c];
  for (let k = 0; k < items * BOX_STRIDE; k++) floats32[boxesAt + k] = grid.cellBoxes[k];
  return { uniforms, grid: words32 };
}

/** Bindings the world adds to the batch step's group 0 (after the batch's own). */
export const WORLD_BINDING = { uniforms: 8, grid: 9 } as const;

/**
 * `worldContact(x, y, z) -> u32`: the status a drone at (x, y, z) gets from the world after a
 * physics step: crashed into a building, out of bounds, or ok (0). Buildings first, as on the CPU.
 */
export const WORLD_CONTACT_WGSL = /* wgsl */ `
struct WorldUniforms {
  originX: f32, originY: f32, cellSize: f32, inverseCellSize: f32,
  columns: u32, rows: u32, maxHeight: f32, droneRadius: f32,
  minX: f32, minY: f32, maxX: f32, maxY: f32,
  ceiling: f32, heightsAt: u32, boxesAt: u32, pad: u32,
}
@group(0) @binding(${WORLD_BINDING.uniforms}) var<uniform> world: WorldUniforms;
@group(0) @binding(${WORLD_BINDING.grid}) var<storage, read> worldGrid: array<u32>;

fn worldBox(k: u32, field: u32) -> f32 {
  return bitcast<f32>(worldGrid[world.boxesAt + k * ${BOX_STRIDE}u + field]);
}

// Column and row of a coordinate, clamped to the grid (BuildingGrid.columnOf / rowOf).
fn worldColumn(x: f32) -> u32 {
  return u32(clamp(floor((x - world.originX) * world.inverseCellSize), 0.0, f32(world.columns - 1u)));
}
fn worldRow(y: f32) -> u32 {
  return u32(clamp(floor((y - world.originY) * world.inverseCellSize), 0.0, f32(world.rows - 1u)));
}

// True where the sphere touches a building (collideSphereAt of worlds/collision-queries.ts).
fn touchesBuilding(x: f32, y: f32, z: f32, radius: f32) -> bool {
  if (z - radius > world.maxHeight || z + radius < 0.0) { return false; }
  let x0 = x - radius; let x1 = x + radius; let y0 = y - radius; let y1 = y + radius;
  if (x1 < world.originX || y1 < world.originY
      || x0 > world.originX + f32(world.columns) * world.cellSize || y0 > world.originY + f32(world.rows) * world.cellSize) { return false; }
  let c0 = worldColumn(x0); let c1 = worldColumn(x1); let r0 = worldRow(y0); let r1 = worldRow(y1);
  let radiusSquared = radius * radius;
  let zLow = z - radius;
  for (var r = r0; r <= r1; r++) {
    for (var c = c0; c <= c1; c++) {
      let cell = r * world.columns + c;
      if (bitcast<f32>(worldGrid[world.heightsAt + cell]) < zLow) { continue; }
      for (var k = worldGrid[cell]; k < worldGrid[cell + 1u]; k++) {
        let minX = worldBox(k, 0u); let minY = worldBox(k, 1u); let maxX = worldBox(k, 2u); let maxY = worldBox(k, 3u); let height = worldBox(k, 4u);
        let ex = select(select(0.0, x - maxX, x > maxX), minX - x, x < minX);
        let ey = select(select(0.0, y - maxY, y > maxY), minY - y, y < minY);
        let ez = select(select(0.0, z - height, z > height), -z, z < 0.0);
        if (ex * ex + ey * ey + ez * ez <= radiusSquared) { return true; }
      }
    }
  }
  return false;
}

// True where the disc touches a building's footprint, whatever its height (buildingFootprintAt, for ground robots).
fn touchesFootprint(x: f32, y: f32, radius: f32) -> bool {
  let x0 = x - radius; let x1 = x + radius; let y0 = y - radius; let y1 = y + radius;
  if (x1 < world.originX || y1 < world.originY
      || x0 > world.originX + f32(world.columns) * world.cellSize || y0 > world.originY + f32(world.rows) * world.cellSize) { return false; }
  let c0 = worldColumn(x0); let c1 = worldColumn(x1); let r0 = worldRow(y0); let r1 = worldRow(y1);
  for (var r = r0; r <= r1; r++) {
    for (var c = c0; c <= c1; c++) {
      let cell = r * world.columns + c;
      for (var k = worldGrid[cell]; k < worldGrid[cell + 1u]; k++) {
        let minX = worldBox(k, 0u); let minY = worldBox(k, 1u); let maxX = worldBox(k, 2u); let maxY = worldBox(k, 3u);
        let ex = select(select(0.0, x - maxX, x > maxX), minX - x, x < minX);
        let ey = select(select(0.0, y - maxY, y > maxY), minY - y, y < minY);
        if (ex * ex + ey * ey <= radius * radius) { return true; }
      }
    }
  }
  return false;
}

// A ground robot may not stand where its disc leaves the world or touches a footprint.
fn robotBlocked(x: f32, y: f32, radius: f32) -> bool {
  let outside = x < world.minX + radius || x > world.maxX - radius || y < world.minY + radius || y > world.maxY - radius;
  return outside || touchesFootprint(x, y, radius);
}

fn worldContact(x: f32, y: f32, z: f32) -> u32 {
  if (touchesBuilding(x, y, z, world.droneRadius)) { return ${VEHICLE_STATUS.crashedBuilding}u; }
  if (x < world.minX || x > world.maxX || y < world.minY || y > world.maxY || z > world.ceiling) { return ${VEHICLE_STATUS.outOfBounds}u; }
  return ${VEHICLE_STATUS.ok}u;
}
`;
