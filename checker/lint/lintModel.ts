/**
 * Linting a model named on the command line: finds its source (a registered name through the registry's source, or
 * a module path — `.ts`, `.js`, `.mjs`, `.cjs`, relative to the current folder, inside the project or not), collects
 * the spec modules it imports, and applies {@link lintSourceFiles}. Imported by the `lint` command only when it
 * runs, since it loads ts-morph and the TypeScript compiler.
 *
 * The project is compiled with `allowJs`, so JavaScript specs get the same symbols and inferred types as TypeScript
 * ones (without them the mutation and iteration rules see nothing in a `.js` file).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Project } from 'ts-morph';
import { UsageError } from '../engine/api/errors.js';
import { locateModelSource } from '../diff/source/locateModelSource.js';
import { isSpecFile, modelSourceFiles, relativeFile } from '../diff/source/sourceProject.js';
import { lintSourceFiles, type LintFinding } from './lintSpec.js';

/** What {@link lintModel} found: the files it read (relative to the naming base) and the findings in them. */
export interface ModelLintReport {
  readonly files: readonly string[];
  readonly findings: readonly LintFinding[];
}

/** A ts-morph project for linting: the project's tsconfig when there is one, with JavaScript allowed. */
function createLintProject(root: string): Project {
  const tsConfigFilePath = path.join(root, 'tsconfig.json');
  const compilerOptions = { allowJs: true };
  return existsSync(tsConfigFilePath)
    ? new Project({ tsConfigFilePath, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, compilerOptions })
    : new Project({ skipFileDependencyResolution: true, compilerOptions });
}

const MODULE_PATH = /\.(c|m)?(t|j)s$/;

/** Whether `file` is spec code to lint: inside the project, its spec files; outside, anything but node_modules. */
function isLintedFile(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  const outside = relative.startsWith('..') || path.isAbsolute(relative);
  if (!outside) return isSpecFile(root, file);
  return !file.split(path.sep).includes('node_modules') && !file.endsWith('.d.ts');
}

/**
 * Lints the model `ref` of the project at `root`; a path is taken relative to `cwd`. File names in the report are
 * relative to `root` for a model inside the project, else relative to `cwd`. Throws a {@link UsageError} when the
 * source cannot be found; `registeredNames` are listed in that message.
 */
export function lintModel(ref: string, root: string, registeredNames: readonly string[], cwd: string = process.cwd()): ModelLintReport {
  const project = createLintProject(root);
  const hash = ref.lastIndexOf('#');
  const file = hash >= 0 ? ref.slice(0, hash) : ref;
  // A module path is resolved against the current folder (locateModelSource would take it relative to the root).
  const located = MODULE_PATH.test(file) ? path.resolve(cwd, file) : ref;
  const entry = locateModelSource(project, root, path.join(root, 'spec', 'registry.ts'), located);
  if (entry === undefined) {
    throw new UsageError(
      MODULE_PATH.test(file)
        ? `cannot lint ${file}: no such file (${path.resolve(cwd, file)})`
        : `cannot find the source of '${ref}': give a registered name (${registeredNames.join(', ')}) or a path to a .ts, .js or .mjs module`,
    );
  }
  const relative = path.relative(root, entry);
  const base = relative.startsWith('..') || path.isAbsolute(relative) ? cwd : root;
  const files = modelSourceFiles(project, root, entry, (file) => isLintedFile(root, file));
  return { files: files.map((f) => relativeFile(base, f.getFilePath())), findings: lintSourceFiles(files, base) };
}
