import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** This checkout's Skyline version (package.json); jobs carry it so mixed versions never merge. */
export function skylineVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
