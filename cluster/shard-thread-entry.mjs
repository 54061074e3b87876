// Shard threads start from plain JavaScript: register the TypeScript loader, then load the thread.
import { register } from 'tsx/esm/api';

register();
await import('./shard-thread.node.ts');
