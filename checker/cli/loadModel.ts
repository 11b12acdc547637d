/**
 * Resolving a model reference given on the command line: a registered short name (`vfio-new`), or a module path
 * with an optional export name (`./my/spec.ts#model`). A `.ts` path inside this project loads its compiled `dist/`
 * twin when there is one; any other `.ts` / `.mts` file (a user's spec anywhere on disk) is compiled on the fly by
 * the TypeScript loader hooks (`tsModules/`), with its relative imports of other TypeScript files. Every failure is a
 * {@link UsageError} with one line saying what is wrong and how to fix it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AnyModel } from '../engine/api/model.js';
import { UsageError } from '../engine/api/errors.js';
import { modelRegistry } from '../../spec/registry.js';
import { registerTypeScriptModules, typeScriptWorkerSource } from './tsModules/register.js';
import { SYNTAX_ERROR_MARK } from './tsModules/hooks.js';

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

/**
 * A TypeScript syntax error in a spec module: the CLI prints {@link SourceSyntaxError.line} alone
 * (`file:line:column: message (TScode)`) and exits 2.
 */
export class SourceSyntaxError extends UsageError {
  constructor(
    /** `file:line:column: message (TScode)`. */
    readonly line: string,
  ) {
    super(line, 'LC105');
    this.name = 'SourceSyntaxError';
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

/** Where a model reference points: the module to import, the export (when named), and how to load it. */
interface Located {
  /** As the user wrote the file (for messages). */
  readonly shown: string;
  readonly moduleUrl: string;
  readonly exportName: string | undefined;
  /** Whether the module is TypeScript compiled on the fly (through the loader hooks). */
  readonly typescript: boolean;
  /** A registered model: how the registry loads it. */
  readonly load?: () => Promise<AnyModel>;
}

const MODULE_PATH = /\.(c|m)?(t|j)s$/;

function locate(ref: string): Located {
  const registered = modelRegistry[ref];
  const root = projectRoot();
  if (registered !== undefined) {
    const file = path.join(root, 'dist', 'spec', registered.module);
    return { shown: ref, moduleUrl: pathToFileURL(file).href, exportName: registered.exportName, typescript: false, load: registered.load };
  }
  const hash = ref.lastIndexOf('#');
  const file = hash >= 0 ? ref.slice(0, hash) : ref;
  const exportName = hash >= 0 ? ref.slice(hash + 1) : undefined;
  if (!MODULE_PATH.test(file)) {
    throw new UsageError(
      `unknown model '${ref}': give a registered name (${registeredModelNames().join(', ')}) or a module path such as ./spec.ts or spec/examples/dieHard.ts#dieHard`,
      'LC101',
    );
  }
  if (file.endsWith('.cts')) throw new UsageError(`cannot load ${file}: .cts (CommonJS) specs are not supported; name it .ts or .mts`, 'LC101');
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) throw new UsageError(`cannot load model: no file ${file}`, 'LC101');
  if (/\.m?ts$/.test(resolved)) {
    const relative = path.relative(root, resolved);
    const inside = !relative.startsWith('..') && !path.isAbsolute(relative) && !relative.split(path.sep).includes('node_modules');
    const compiled = path.join(root, 'dist', relative.replace(/\.m?ts$/, '.js'));
    if (inside && existsSync(compiled)) return { shown: file, moduleUrl: pathToFileURL(compiled).href, exportName, typescript: false };
    return { shown: file, moduleUrl: pathToFileURL(resolved).href, exportName, typescript: true };
  }
  return { shown: file, moduleUrl: pathToFileURL(resolved).href, exportName, typescript: false };
}

async function importModule(located: Located): Promise<Record<string, unknown>> {
  if (located.typescript) registerTypeScriptModules();
  try {
    return (await import(located.moduleUrl)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const mark = message.indexOf(SYNTAX_ERROR_MARK);
    if (mark >= 0) throw new SourceSyntaxError(message.slice(mark + SYNTAX_ERROR_MARK.length).split('\n')[0]!);
    throw new UsageError(`cannot load ${located.shown}: ${message.split('\n')[0]}`, 'LC101');
  }
}

/** The export holding the model: the one named, or the module's only model export. */
function pickExport(module: Record<string, unknown>, located: Located): [string, AnyModel] {
  const models = Object.keys(module).filter((k) => isModel(module[k]));
  if (located.exportName !== undefined) {
    const value = module[located.exportName];
    if (!isModel(value)) {
      throw new UsageError(`${located.shown} has no model export '${located.exportName}'; its model exports are: ${models.join(', ') || 'none'}`, 'LC101');
    }
    return [located.exportName, value];
  }
  if (models.length !== 1) {
    throw new UsageError(`${located.shown} exports ${models.length} models (${models.join(', ') || 'none'}); name one with ${located.shown}#<export>`, 'LC101');
  }
  return [models[0]!, module[models[0]!] as AnyModel];
}

/**
 * Where worker threads can load the model named by `ref`: a module URL and the export name. A module holding a
 * single model needs no `#export`; a TypeScript module is loaded through the worker entry of `tsModules/`.
 * Throws a {@link UsageError} when the model cannot be loaded by module.
 */
export async function resolveModelSource(ref: string): Promise<{ moduleUrl: string; exportName: string }> {
  const located = locate(ref);
  if (located.load !== undefined) {
    const file = fileURLToPath(located.moduleUrl);
    if (!existsSync(file)) throw new UsageError(`workers load compiled models: run 'npm run build' first (no ${file})`);
    return { moduleUrl: located.moduleUrl, exportName: located.exportName! };
  }
  const [exportName] = pickExport(await importModule(located), located);
  return located.typescript ? typeScriptWorkerSource(located.moduleUrl, exportName) : { moduleUrl: located.moduleUrl, exportName };
}

/** Loads the model named by `ref`. */
export async function loadModel(ref: string): Promise<AnyModel> {
  const located = locate(ref);
  if (located.load !== undefined) return located.load();
  return pickExport(await importModule(located), located)[1];
}
