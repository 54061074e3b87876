/**
 * The agent server in its own process for the agents bench (so server and clients do not share
 * one event loop): limits raised for load, its port on stdout, stops when stdin closes.
 */
import { startSkylineServer } from '../agents/index.node.ts';

const server = await startSkylineServer({
  port: 0,
  maxMessagesPerSecond: 10_000_000,
  messageBurst: 10_000_000,
  maxSessions: 20_000,
  // 1,000 sessions of a 300 m world: the 2 MB-per-world estimate would pass the default 2 GiB cap.
  maxWorldMemoryBytes: 64 * 1024 ** 3,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`port ${server.port}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
