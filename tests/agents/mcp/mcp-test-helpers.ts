/** Small readers shared by the MCP tests: a PNG's size from its header, a result's text and JSON. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(base64: string): { width: number; height: number } {
  const bytes = Buffer.from(base64, 'base64');
  if (!PNG_SIGNATURE.every((byte, i) => bytes[i] === byte) || bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export function textOf(result: unknown): string {
  return ((result as CallToolResult).content.find((part) => part.type === 'text') as { text: string } | undefined)?.text ?? '';
}

export function structured<T = Record<string, unknown>>(result: unknown): T {
  return (result as CallToolResult).structuredContent as T;
}
