import { readFile } from 'node:fs/promises';
import { FleetRecording } from './recording-reader.ts';

export async function readRecordingFromDisk(path: string): Promise<FleetRecording> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read recording "${path}": ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  return FleetRecording.fromBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
