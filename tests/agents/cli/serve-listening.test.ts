import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { listeningOn } from '../../../agents/index.node.ts';

describe('skyline serve names where clients connect', () => {
  it('prints the loopback URL as it is for a loopback host', () => {
    expect(listeningOn('127.0.0.1', 'ws://127.0.0.1:8787/')).toBe('ws://127.0.0.1:8787');
  });

  it('says "all interfaces" for 0.0.0.0 and lists every external IPv4 address of the machine, then loopback', () => {
    const line = listeningOn('0.0.0.0', 'ws://127.0.0.1:8787/');
    expect(line.startsWith('on all interfaces (0.0.0.0:8787): ')).toBe(true);
    const external = Object.values(networkInterfaces()).flat().filter((entry) => entry && !entry.internal && entry.family === 'IPv4');
    for (const entry of external) expect(line).toContain(`ws://${entry!.address}:8787`);
    expect(line.endsWith('ws://127.0.0.1:8787')).toBe(true);
    expect(line.split(', ')).toHaveLength(external.length + 1);
  });
});
