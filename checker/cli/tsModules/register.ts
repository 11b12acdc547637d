/**
 * Turning on the TypeScript loader hooks (`hooks.ts`) in this thread: after {@link registerTypeScriptModules},
 * `import()` of a `.ts` or `.mts` file anywhere compiles it, and its relative imports of other TypeScript files,
 * on the fly. Worker threads do not inherit hooks on Node 20: a worker loads a TypeScript model through
 * {@link typeScriptWorkerSource}, whose entry module registers them in the worker first.
 */
import { register } from 'node:module';

let registered = false;

/** Registers the hooks once per thread. Guarantees: idempotent; nothing is compiled until a `.ts` file is imported. */
export function registerTypeScriptModules(): void {
  if (registered) return;
  registered = true;
  process.setSourceMapsEnabled(true);
  register(new URL('./hooks.js', import.meta.url));
}

/**
 * Where a worker thread finds the model exported as `exportName` by the TypeScript module at `moduleUrl`: the
 * worker entry (`workerEntry.ts`), told the module and export in its URL's query, which exports it as `model`.
 */
export function typeScriptWorkerSource(moduleUrl: string, exportName: string): { moduleUrl: string; exportName: string } {
  const entry = new URL('./workerEntry.js', import.meta.url);
  entry.searchParams.set('module', moduleUrl);
  entry.searchParams.set('export', exportName);
  return { moduleUrl: entry.href, exportName: 'model' };
}
