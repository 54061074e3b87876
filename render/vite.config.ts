/**
 * The viewer's build: Vite with render/ as its root, output in render/dist. Relative asset paths
 * let any server (`npm start`, `skyline replay`) serve the folder at its root.
 */
import { fileURLToPath } from 'node:url';
import { createLogger, defineConfig, type Plugin } from 'vite';

const renderDir = fileURLToPath(new URL('.', import.meta.url));
const repositoryDir = fileURLToPath(new URL('..', import.meta.url));
/** Our layers below render/ have no side effects on import: what the viewer does not use is left out (CLI, LLM client, physics). */
const sideEffectFreeLayers = new RegExp(`^${repositoryDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(sim|worlds|physics|learn)/`);

/**
 * Node-only modules (`*.node.ts`, loaded with dynamic import by the layers below) become a module
 * that fails with a clear message if a page ever loads it, so the browser bundle never tries to
 * pull in worker threads or the file system.
 */
function nodeOnlyModules(): Plugin {
  const prefix = '\0skyline-node-only:';
  return {
    name: 'skyline-node-only-modules',
    enforce: 'pre',
    resolveId(source) {
      return /\.node\.ts$/.test(source) ? prefix + source : null;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const name = JSON.stringify(id.slice(prefix.length));
      return `throw new Error(${name} + ' runs in Node only; the viewer cannot load it');`;
    },
  };
}

/**
 * Under the dev server nothing is tree-shaken, so the CLI modules that sim/'s face re-exports load
 * too, and their Node built-ins and CLI packages fail in a page as soon as they load. The dev
 * server gets inert stand-ins for them (the page never runs a CLI command).
 */
function cliPackagesInertWhenServed(): Plugin {
  const stubs: Record<string, string> = {
    commander: 'export class Command {} export class Option {} export class Argument {} export class CommanderError extends Error {} export class InvalidArgumentError extends Error {} export default {};',
    'cli-progress': 'export default { SingleBar: class {}, MultiBar: class {}, Presets: {} };',
  };
  const prefix = '\0skyline-cli-package:';
  return {
    name: 'skyline-cli-packages-inert-when-served',
    apply: 'serve',
    enforce: 'pre',
    resolveId(source) {
      return source in stubs || source.startsWith('node:') ? prefix + source : null;
    },
    async load(id) {
      if (!id.startsWith(prefix)) return null;
      const source = id.slice(prefix.length);
      if (source in stubs) return stubs[source];
      // A Node built-in: the same names, each a function that says it runs in Node only when called.
      const names = Object.keys(await import(source)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
      const body = `function nodeOnly() { throw new Error(${JSON.stringify(source)} + ' runs in Node only; the viewer cannot use it'); }`;
      return `${body}\n${names.map((name) => `export const ${name} = nodeOnly;`).join('\n')}\nexport default {};`;
    },
  };
}

/**
 * Resolution runs before tree-shaking, so Vite reports Node built-ins under the CLI modules that
 * the bundle then leaves out; those reports say nothing about the viewer and are dropped.
 */
function quietLogger(level: 'info' | 'warn'): ReturnType<typeof createLogger> {
  const logger = createLogger(level);
  const warn = logger.warn.bind(logger);
  logger.warn = (message, options) => {
    if (/externalized for browser compatibility|INEFFECTIVE_DYNAMIC_IMPORT/.test(message)) return;
    warn(message, options);
  };
  return logger;
}

// `npm run dev` must print the address it serves (Vite says it at level info); builds stay quiet.
export default defineConfig(({ command }) => ({
  customLogger: quietLogger(command === 'serve' ? 'info' : 'warn'),
  logLevel: command === 'serve' ? 'info' : 'warn',
  root: renderDir,
  plugins: [nodeOnlyModules(), cliPackagesInertWhenServed()],
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
    rollupOptions: {
      // The viewer, and the standalone page that simulates a swarm on WebGPU with no server.
      input: { main: `${renderDir}index.html`, standalone: `${renderDir}standalone.html`, train: `${renderDir}train.html` },
      treeshake: { moduleSideEffects: (id: string) => !sideEffectFreeLayers.test(id) },
    },
  },
  server: { host: '127.0.0.1' },
}));
