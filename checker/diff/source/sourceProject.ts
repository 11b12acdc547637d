/**
 * Reading spec sources with ts-morph: a project over the lifecheck tree and the closure of a model's module under
 * its local imports (the spec code itself, never the engine or node_modules).
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { Project, type SourceFile } from 'ts-morph';

/** A ts-morph project rooted at `root` (its tsconfig.json when present), with no files added yet. */
export function createSourceProject(root: string): Project {
  const tsConfigFilePath = path.join(root, 'tsconfig.json');
  return existsSync(tsConfigFilePath)
    ? new Project({ tsConfigFilePath, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true })
    : new Project({ skipFileDependencyResolution: true });
}

/** Whether `file` is spec code of the tree at `root`: inside it, not in node_modules, dist or the engine. */
export function isSpecFile(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  const top = relative.split(path.sep)[0];
  return top !== 'node_modules' && top !== 'dist' && top !== 'checker' && !relative.endsWith('.d.ts');
}

/**
 * The source files of a model: `entry` and every file it imports or re-exports, transitively (static imports only),
 * that `include` accepts — by default the spec files of the project at `root` — in a deterministic order (entry
 * first, then breadth-first in import order).
 */
export function modelSourceFiles(
  project: Project,
  root: string,
  entry: string,
  include: (file: string) => boolean = (file) => isSpecFile(root, file),
): SourceFile[] {
  const first = project.getSourceFile(entry) ?? project.addSourceFileAtPath(entry);
  const seen = new Set<SourceFile>([first]);
  const order: SourceFile[] = [first];
  for (let i = 0; i < order.length; i += 1) {
    const file = order[i]!;
    const targets = [
      ...file.getImportDeclarations().map((d) => d.getModuleSpecifierSourceFile()),
      ...file.getExportDeclarations().map((d) => d.getModuleSpecifierSourceFile()),
    ];
    for (const target of targets) {
      if (target === undefined || seen.has(target) || !include(target.getFilePath())) continue;
      seen.add(target);
      order.push(target);
    }
  }
  return order;
}

/** `file` relative to `root`, with forward slashes (stable in reports). */
export function relativeFile(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
