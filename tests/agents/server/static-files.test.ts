/**
 * The viewer's files on the WebSocket's port: GET / is index.html, assets carry their content
 * types, missing files are 404 and no path, however encoded, reads outside the folder.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSkylineClient } from '../../../agents/index.node.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let test: TestServer;
let bare: TestServer;

/** A raw GET: the path goes out exactly as written (no client-side normalisation of "..")." */
function get(port: number, rawPath: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: rawPath, method }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type'] ?? ''), body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

beforeAll(async () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'skyline-static-'));
  const root = path.join(parent, 'site');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>viewer</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(path.join(root, 'assets', 'style.css'), 'body{}');
  writeFileSync(path.join(root, 'assets', 'city.json'), '{"a":1}');
  writeFileSync(path.join(parent, 'secret.txt'), 'outside the served folder');
  symlinkSync(path.join(parent, 'secret.txt'), path.join(root, 'link.txt'));
  test = await startTestServer({ staticDir: root });
  bare = await startTestServer();
});

afterAll(async () => {
  await test?.server.close();
  await bare?.server.close();
});

describe('static files beside the WebSocket', () => {
  it('serves index.html at / and assets with their content types', async () => {
    const index = await get(test.server.port, '/');
    expect(index).toMatchObject({ status: 200, body: '<!doctype html><title>viewer</title>' });
    expect(index.type).toMatch(/^text\/html/);
    expect((await get(test.server.port, '/assets/app.js')).type).toMatch(/^text\/javascript/);
    expect((await get(test.server.port, '/assets/style.css')).type).toMatch(/^text\/css/);
    expect(await get(test.server.port, '/assets/city.json?v=2')).toMatchObject({ status: 200, body: '{"a":1}' });
  });

  it('answers 404 for a missing file and for a folder', async () => {
    expect((await get(test.server.port, '/assets/missing.js')).status).toBe(404);
    expect((await get(test.server.port, '/assets')).status).toBe(404);
  });

  it('refuses paths that leave the folder (raw, percent-encoded, backslashes, symlinks) with 403', async () => {
    for (const traversal of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/..%5csecret.txt', '/link.txt']) {
      const answer = await get(test.server.port, traversal);
      expect(answer.status, traversal).toBe(403);
      expect(answer.body).not.toContain('outside the served folder');
    }
    expect((await get(test.server.port, '/%E0%A4%A')).status).toBe(400);
  });

  it('answers only GET and HEAD', async () => {
    expect((await get(test.server.port, '/', 'POST')).status).toBe(405);
    expect(await get(test.server.port, '/', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('still speaks the protocol over WebSocket on the same port', async () => {
    const client = await connectSkylineClient(test.server.url);
    expect((await client.hello()).protocol).toBe('skyline/1');
    client.close();
  });

  it('without a static folder, tells a browser it is a WebSocket server (426)', async () => {
    const answer = await get(bare.server.port, '/');
    expect(answer.status).toBe(426);
    expect(answer.body).toMatch(/WebSocket/);
  });
});
