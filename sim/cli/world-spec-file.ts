import { parseWorldSpec, type WorldSpec } from '../../worlds/index.ts';

/**
 * Reads and validates a WorldSpec file named by a CLI flag; a missing or unreadable file gets an
 * error naming the flag and what is accepted. fs is imported when called, so sim/'s face still
 * bundles for the browser.
 */
export async function readWorldSpecFile(path: string, flag = '--world'): Promise<WorldSpec> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${flag} ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}); accepted: a WorldSpec JSON file such as \`skyline world --seed 7 --out city.json\` writes`);
  }
  return parseWorldSpec(text);
}
