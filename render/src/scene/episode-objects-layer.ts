/**
 * Objects that belong to one episode rather than to the city (the search task's car on a roof, a
 * crate in a park): a recording opens with a `task_started` event whose `data.markers` lists them
 * as boxes, and this layer draws them with a label, so a person replaying a benchmark episode sees
 * what the agent had to find. Agents never get them from the world's text or JSON.
 */
import { Group, MeshLambertMaterial } from 'three';
import type { FleetEvent } from '../../../sim/index.ts';
import type { SceneMarker } from '../../../worlds/index.ts';
import { createBoxInstances } from './box-instances.ts';

/** An episode's object as the world's cameras draw it (worlds/scene-markers.ts). */
export type EpisodeObject = SceneMarker;

/** The episode objects an event log announces (the first `task_started` event with markers), checked field by field. */
export function episodeObjectsOf(events: readonly FleetEvent[]): EpisodeObject[] {
  const started = events.find((event) => event.kind === 'task_started' && Array.isArray(event.data?.markers));
  if (!started) return [];
  const objects: EpisodeObject[] = [];
  for (const marker of started.data!.markers as unknown[]) {
    const m = marker as Partial<EpisodeObject>;
    const numbers = [m.x, m.y, m.z, m.sizeX, m.sizeY, m.height];
    if (!numbers.every((value) => typeof value === 'number' && Number.isFinite(value)) || !Array.isArray(m.rgb) || m.rgb.length !== 3) continue;
    objects.push({ label: String(m.label ?? 'object'), x: m.x!, y: m.y!, z: m.z!, sizeX: m.sizeX!, sizeY: m.sizeY!, height: m.height!, rgb: m.rgb as [number, number, number] });
  }
  return objects;
}

export class EpisodeObjectsLayer {
  readonly group = new Group();
  objects: EpisodeObject[] = [];

  constructor() {
    this.group.name = 'episode objects';
  }

  show(objects: EpisodeObject[]): void {
    this.clear();
    this.objects = objects;
    if (objects.length === 0) return;
    const mesh = createBoxInstances('episode objects', objects.map((object) => ({
      minX: object.x - object.sizeX / 2, maxX: object.x + object.sizeX / 2, minY: object.y - object.sizeY / 2, maxY: object.y + object.sizeY / 2,
      minZ: object.z, maxZ: object.z + object.height,
      color: (object.rgb[0] << 16) | (object.rgb[1] << 8) | object.rgb[2],
    })), new MeshLambertMaterial({ color: 0xffffff }));
    this.group.add(mesh);
  }

  clear(): void {
    for (const child of [...this.group.children]) {
      this.group.remove(child);
      const mesh = child as { geometry?: { dispose(): void }; material?: { dispose(): void } };
      mesh.material?.dispose();
    }
    this.objects = [];
  }
}
