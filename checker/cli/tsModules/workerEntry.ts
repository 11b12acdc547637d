/**
 * The module a worker thread imports to load a TypeScript model (see `register.ts`): it registers the TypeScript
 * hooks in its own thread, imports the module named by the `module` parameter of its URL, and exports the value of
 * its export named by the `export` parameter as `model`.
 */
import { registerTypeScriptModules } from './register.js';

const query = new URL(import.meta.url).searchParams;
const moduleUrl = query.get('module');
const exportName = query.get('export');
if (moduleUrl === null || exportName === null) throw new Error(`workerEntry needs ?module=…&export=… (got ${import.meta.url})`);
registerTypeScriptModules();
const loaded = (await import(moduleUrl)) as Record<string, unknown>;

/** The model the coordinator named. */
export const model: unknown = loaded[exportName];
