/**
 * A broadphase for cities in cannon-es: static bodies sit in a 2-D grid (x, y) built once, moving bodies look
 * up only the cells they overlap. cannon's sweep-and-prune walks static-vs-static pairs every step, which with
 * a thousand buildings cost more than the rest of the step.
 */
import { Body, Broadphase, type World } from 'cannon-es';

/** Metres per grid cell: about one city block, so a building touches 1 to 4 cells. */
const DEFAULT_CELL_SIZE = 32;
/** A body spanning more cells than this (the ground plane, a huge box) is tested against every moving body. */
const MAX_CELLS_PER_BODY = 1024;
/** Cell coordinates are offset by this so the key stays a non-negative integer below 2^53. */
const CELL_OFFSET = 2 ** 20;

function cellKey(ix: number, iy: number): number {
  return (ix + CELL_OFFSET) * 2 ** 21 + (iy + CELL_OFFSET);
}

export class CannonStaticGridBroadphase extends Broadphase {
  private readonly cellSize: number;
  private readonly cells = new Map<number, number[]>();
  private statics: Body[] = [];
  /** Statics too large for the grid, checked against every moving body. */
  private unboundedStatics: Body[] = [];
  private moving: Body[] = [];
  /** Per static: the query that last saw it, so a body met in several cells is paired once. */
  private lastQuery = new Int32Array(0);
  private queryCounter = 0;
  private bodiesChanged = true;
  private readonly markChanged = (): void => {
    this.bodiesChanged = true;
  };

  constructor(world: World, cellSize = DEFAULT_CELL_SIZE) {
    super();
    this.cellSize = cellSize;
    this.useBoundingBoxes = true;
    this.world = world;
    world.addEventListener('addBody', this.markChanged);
    world.addEventListener('removeBody', this.markChanged);
  }

  /** Stops listening to the world; the world's owner calls this when it is freed. */
  detach(world: World): void {
    world.removeEventListener('addBody', this.markChanged);
    world.removeEventListener('removeBody', this.markChanged);
  }

  override collisionPairs(world: World, pairs1: Body[], pairs2: Body[]): void {
    if (this.bodiesChanged) this.rebuild(world);
    const { moving, statics, unboundedStatics } = this;
    for (const body of moving) if (body.aabbNeedsUpdate) body.updateAABB();

    if (this.queryCounter > 2 ** 30) {
      this.lastQuery.fill(0); // keep the stamps inside Int32 on very long runs
      this.queryCounter = 0;
    }
    for (const body of moving) {
      const query = ++this.queryCounter;
      for (const other of unboundedStatics) this.testPair(body, other, pairs1, pairs2);
      const range = this.cellRange(body);
      if (range === null) {
        for (const other of statics) this.testPair(body, other, pairs1, pairs2);
        continue;
      }
      for (let ix = range[0]; ix <= range[2]; ix++) {
        for (let iy = range[1]; iy <= range[3]; iy++) {
          const cell = this.cells.get(cellKey(ix, iy));
          if (cell === undefined) continue;
          for (const index of cell) {
            if (this.lastQuery[index] === query) continue;
            this.lastQuery[index] = query;
            this.testPair(body, statics[index], pairs1, pairs2);
          }
        }
      }
    }

    // Moving against moving: sweep along x over bodies sorted by their lower bound.
    moving.sort((a, b) => a.aabb.lowerBound.x - b.aabb.lowerBound.x || a.id - b.id);
    for (let i = 0; i < moving.length; i++) {
      const body = moving[i];
      const upperX = body.aabb.upperBound.x;
      for (let j = i + 1; j < moving.length && moving[j].aabb.lowerBound.x <= upperX; j++) {
        this.testPair(body, moving[j], pairs1, pairs2);
      }
    }
  }

  private testPair(bodyA: Body, bodyB: Body, pairs1: Body[], pairs2: Body[]): void {
    if (this.needBroadphaseCollision(bodyA, bodyB)) this.intersectionTest(bodyA, bodyB, pairs1, pairs2);
  }

  private rebuild(world: World): void {
    this.cells.clear();
    this.statics = [];
    this.unboundedStatics = [];
    this.moving = [];
    for (const body of world.bodies) {
      if (body.shapes.length === 0) continue; // joint anchors: nothing to collide
      if (body.type !== Body.STATIC) {
        this.moving.push(body);
        continue;
      }
      if (body.aabbNeedsUpdate) body.updateAABB();
      const range = this.cellRange(body);
      if (range === null) {
        this.unboundedStatics.push(body);
        continue;
      }
      const index = this.statics.push(body) - 1;
      for (let ix = range[0]; ix <= range[2]; ix++) {
        for (let iy = range[1]; iy <= range[3]; iy++) {
          const key = cellKey(ix, iy);
          const cell = this.cells.get(key);
          if (cell === undefined) this.cells.set(key, [index]);
          else cell.push(index);
        }
      }
    }
    this.lastQuery = new Int32Array(this.statics.length);
    this.queryCounter = 0;
    this.bodiesChanged = false;
  }

  /** [minX, minY, maxX, maxY] cell indices of the body's AABB, or null when unbounded or too large. */
  private cellRange(body: Body): [number, number, number, number] | null {
    const { lowerBound: lower, upperBound: upper } = body.aabb;
    const minX = Math.floor(lower.x / this.cellSize);
    const minY = Math.floor(lower.y / this.cellSize);
    const maxX = Math.floor(upper.x / this.cellSize);
    const maxY = Math.floor(upper.y / this.cellSize);
    if (![minX, minY, maxX, maxY].every((cell) => Number.isFinite(cell) && Math.abs(cell) < CELL_OFFSET)) return null;
    if ((maxX - minX + 1) * (maxY - minY + 1) > MAX_CELLS_PER_BODY) return null;
    return [minX, minY, maxX, maxY];
  }
}
