/**
 * Finding the TypeScript file that defines a model named on the command line: a module path (`spec/x.ts#model`) is
 * its own answer; a registered short name is looked up in the registry module's source (the `import('…')` in the
 * registry entry of that name), so the registry is read, never executed.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { Node, SyntaxKind, type Project } from 'ts-morph';

/**
 * The absolute path of the `.ts` file defining the model `ref`, or `undefined` when it cannot be found.
 * `registryFile` is the registry module's source (e.g. `<root>/spec/registry.ts`).
 */
export function locateModelSource(project: Project, root: string, registryFile: string, ref: string): string | undefined {
  const hash = ref.lastIndexOf('#');
  const file = hash >= 0 ? ref.slice(0, hash) : ref;
  if (/\.(c|m)?(t|j)s$/.test(file)) {
    const absolute = path.resolve(root, file);
    const ts = absolute.replace(/^(.*)\/dist\/(.*)\.js$/, '$1/$2.ts').replace(/\.(c|m)?js$/, '.ts');
    return existsSync(ts) ? ts : existsSync(absolute) ? absolute : undefined;
  }
  if (!existsSync(registryFile)) return undefined;
  const registry = project.getSourceFile(registryFile) ?? project.addSourceFileAtPath(registryFile);
  for (const assignment of registry.getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
    const nameNode = assignment.getNameNode();
    const name = Node.isStringLiteral(nameNode) ? nameNode.getLiteralText() : nameNode.getText();
    if (name !== ref) continue;
    for (const call of assignment.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      if (call.getExpression().getKind() !== SyntaxKind.ImportKeyword) continue;
      const argument = call.getArguments()[0];
      if (!argument || !Node.isStringLiteral(argument)) continue;
      const target = path.resolve(path.dirname(registryFile), argument.getLiteralText()).replace(/\.(c|m)?js$/, '.ts');
      if (existsSync(target)) return target;
    }
  }
  return undefined;
}
