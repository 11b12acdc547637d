/**
 * Resolving a model reference given on the command line: a registered short name (`vfio-new`), or a module path
 * with an export name (`spec/examples/dieHard.ts#dieHard`; `.ts` paths inside the project load their compiled
 * `dist/` twin). Every failure is a {@link UsageError} with one line saying what is wrong and how to fix it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AnyModel } from '../engine/api/model.js';
import { UsageError } from '../engine/api/errors.js';
import { modelRegistry } from '../../spec/registry.js';

/** The project root (the folder holding package.json), found from this file's location in `dist/` or the source. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && path.basename(dir) !== 'dist') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

function isModel(value: unknown): value is AnyModel {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.spec === 'object' && typeof v.constants === 'object' && typeof v.properties === 'object';
}

/** Names of the registered models, for messages and `lifecheck models`. */
export function registeredModelNames(): string[] {
  return Object.keys(modelRegistry);
}

/**
 * Where worker threads can load the model named by `ref`: the compiled module in `dist/` and the export name.
 * Throws a {@link UsageError} when the model cannot be loaded by module (e.g. a path without an export name).
 */
export async function resolveModelSource(ref: string): Promise<{ moduleUrl: string; exportName: string }> {
  const registered = modelRegistry[ref];
  const root = projectRoot();
  if (registered !== undefined) {
    const file = path.join(root, 'dist', 'spec', registered.module);
    if (!existsSync(file)) throw new UsageError(`workers load compiled models: run 'npm run build' first (no ${file})`);
    return { moduleUrl: pathToFileURL(file).href, exportName: registered.exportName };
  }
  const hash = ref.lastIndexOf('#');
  if (hash < 0) throw new UsageError(`with --workers, name the model's export: ${ref}#<export>`);
  let file = path.resolve(ref.slice(0, hash));
  if (/\.(c|m)?ts$/.test(file)) file = path.join(root, 'dist', path.relative(root, file).replace(/\.(c|m)?ts$/, '.js'));
  if (!existsSync(file)) throw new UsageError(`workers load compiled models: no ${file} (run 'npm run build')`);
  return { moduleUrl: pathToFileURL(file).href, exportName: ref.slice(hash + 1) };
}

/** Loads the model named by `ref`. */
export async function loadModel(ref: string): Promise<AnyModel> {
  const registered = modelRegistry[ref];
  if (registered !== undefined) return registered.load();
  const hash = ref.lastIndexOf('#');
  const file = hash >= 0 ? ref.slice(0, hash) : ref;
  const exportName = hash >= 0 ? ref.slice(hash + 1) : undefined;
  if (!/\.(c|m)?(t|j)s$/.test(file)) {
    throw new UsageError(
      `unknown model '${ref}': give a registered name (${registeredModelNames().join(', ')}) or a module path such as spec/examples/dieHard.ts#dieHard`,
    );
  }
  let resolved = path.resolve(file);
  if (/\.(c|m)?ts$/.test(resolved)) {
    const root = projectRoot();
    const relative = path.relative(root, resolved);
    const compiled = path.join(root, 'dist', relative.replace(/\.(c|m)?ts$/, '.js'));
    if (relative.startsWith('..') || !existsSync(compiled)) {
      throw new UsageError(
        `cannot load ${file}: TypeScript models are loaded from their compiled twin in dist/; put the file inside the project and run 'npm run build', or pass a .js file`,
      );
    }
    resolved = compiled;
  }
  if (!existsSync(resolved)) throw new UsageError(`cannot load model: no file ${file}`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`cannot load ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (exportName !== undefined) {
    const value = module[exportName];
    if (!isModel(value)) {
      const models = Object.keys(module).filter((k) => isModel(module[k]));
      throw new UsageError(`${file} has no model export '${exportName}'; its model exports are: ${models.join(', ') || 'none'}`);
    }
    return value;
  }
  const models = Object.keys(module).filter((k) => isModel(module[k]));
  if (models.length !== 1) {
    throw new UsageError(
      `${file} exports ${models.length} models (${models.join(', ') || 'none'}); name one with ${file}#<export>`,
    );
  }
  return module[models[0]!] as AnyModel;
}
