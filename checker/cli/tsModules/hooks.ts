/**
 * Module loader hooks (`module.register`) that let Node 20 import TypeScript spec modules anywhere on disk: `load`
 * compiles a `.ts` / `.mts` file to JavaScript with TypeScript's `transpileModule` (types are erased, nothing is
 * type-checked: run `tsc` for that), and `resolve` finds the TypeScript file behind the specifiers TypeScript
 * programs write (`./state.js` for `state.ts`, `./state` without an extension, a directory's `index.ts`), and
 * `lifecheck` itself for a spec outside any project that installed it.
 *
 * The compiler is the one ts-morph ships (a dependency already, for `diff` and `lint`), imported on the loader thread
 * the first time a TypeScript file is loaded, never before: a run that loads no TypeScript module pays nothing.
 *
 * Guarantees: a file with a TypeScript syntax error fails to load with an Error whose message is
 * {@link SYNTAX_ERROR_MARK} followed by one line `file:line:column: message (TScode)`; the compiled code is exactly
 * what `tsc` emits for the file with `isolatedModules` (ES2022, ES modules), with an inline source map.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The first characters of the message of an Error for a TypeScript syntax error (then one line). */
export const SYNTAX_ERROR_MARK = 'lifecheck-ts-syntax: ';

/** What a resolve hook receives of the importing module. */
interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions?: readonly string[];
  readonly importAttributes?: Readonly<Record<string, string>>;
}
interface ResolveResult {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
interface LoadContext {
  readonly format?: string | null;
  readonly conditions?: readonly string[];
  readonly importAttributes?: Readonly<Record<string, string>>;
}
interface LoadResult {
  readonly format: string;
  readonly source?: string | ArrayBuffer | Uint8Array;
  readonly shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

const TS_FILE = /\.m?ts$/;
const isFile = (file: string): boolean => existsSync(file) && statSync(file).isFile();

/** The TypeScript file a relative specifier of a TypeScript module means, when the specifier names no file. */
function typeScriptCandidate(specifier: string, parentURL: string): string | undefined {
  const target = new URL(specifier, parentURL);
  if (target.protocol !== 'file:') return undefined;
  const file = fileURLToPath(target);
  if (isFile(file)) return undefined;
  const candidates = [
    file.replace(/\.js$/, '.ts'),
    file.replace(/\.mjs$/, '.mts'),
    `${file}.ts`,
    `${file}/index.ts`,
  ].filter((c) => c !== file);
  const found = candidates.find(isFile);
  return found === undefined ? undefined : pathToFileURL(found).href;
}

/** The resolve hook. */
export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  const parent = context.parentURL;
  if (parent !== undefined && parent.startsWith('file:') && TS_FILE.test(new URL(parent).pathname) && /^\.{1,2}\//.test(specifier)) {
    const candidate = typeScriptCandidate(specifier, parent);
    if (candidate !== undefined) return { url: candidate, shortCircuit: true };
  }
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    // A spec outside any project that installed lifecheck: `lifecheck` is the copy that runs these hooks.
    if ((specifier === 'lifecheck' || specifier.startsWith('lifecheck/')) && (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      return nextResolve(specifier, { ...context, parentURL: import.meta.url });
    }
    throw error;
  }
}

/** The TypeScript compiler API, loaded on first use. */
type Ts = typeof import('ts-morph').ts;
let compiler: Promise<Ts> | undefined;
const typescript = (): Promise<Ts> => (compiler ??= import('ts-morph').then((m) => m.ts));

/** Where `file` is shown in messages: relative to the current folder when inside it. */
function shown(file: string): string {
  const cwd = process.cwd();
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}

/** Compiles one TypeScript module; throws the one-line syntax error described above. */
export async function compileTypeScript(file: string, source: string): Promise<string> {
  const ts = await typescript();
  const out = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      isolatedModules: true,
      inlineSourceMap: true,
      inlineSources: true,
      useDefineForClassFields: true,
    },
  });
  const error = (out.diagnostics ?? []).find((d) => d.category === ts.DiagnosticCategory.Error);
  if (error !== undefined) {
    const at = error.file !== undefined && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start) : { line: 0, character: 0 };
    const message = ts.flattenDiagnosticMessageText(error.messageText, ' ');
    throw new Error(`${SYNTAX_ERROR_MARK}${shown(file)}:${at.line + 1}:${at.character + 1}: ${message} (TS${error.code})`);
  }
  return out.outputText;
}

/** The load hook. */
export async function load(url: string, context: LoadContext, nextLoad: NextLoad): Promise<LoadResult> {
  if (url.startsWith('file:') && TS_FILE.test(new URL(url).pathname)) {
    const file = fileURLToPath(url);
    return { format: 'module', source: await compileTypeScript(file, readFileSync(file, 'utf8')), shortCircuit: true };
  }
  return nextLoad(url, context);
}
