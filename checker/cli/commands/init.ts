/**
 * `lifecheck init [dir]`: scaffolds a project that checks a model in its own tests — a minimal spec, a vitest test
 * that uses `lifecheck/testing`, a tsconfig and package.json scripts (`npm test`, `npm run check`).
 *
 * Guarantees: writes nothing into a folder that holds anything but what `npm init` / `npm install` and git leave
 * (package.json, package-lock.json, node_modules, .git, .gitignore, .npmrc): such a folder is one line, LC106, exit
 * 2. An existing package.json keeps its fields and dependencies; lifecheck and vitest are added as devDependencies
 * only when missing, lifecheck as a `file:` spec of the installation that runs this command (never the npm
 * registry, where another package may bear the name).
 */
import { Command } from 'commander';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../engine/index.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCode.js';
import { projectRoot } from '../loadModel.js';
import { INIT_ALLOWED_ENTRIES, SCAFFOLD_FILES, scaffoldPackageJson, type PackageJson } from '../init/scaffold.js';

/** The npm spec of the lifecheck that runs this command, as seen from `target`: a `file:` path to its folder. */
function lifecheckSpec(target: string): string {
  const relative = path.relative(target, projectRoot()).split(path.sep).join('/');
  return `file:${relative === '' ? '.' : relative}`;
}

/** The vitest range lifecheck itself is tested with. */
function vitestSpec(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as PackageJson;
    return pkg.devDependencies?.vitest ?? '^4.1.12';
  } catch {
    return '^4.1.12';
  }
}

/** Builds the `init` command. */
export function createInitCommand(ctx: CommandContext): Command {
  return new Command('init')
    .description('scaffold a spec, a vitest test that checks it (lifecheck/testing) and package.json scripts')
    .argument('[dir]', 'the folder to scaffold (created if missing)', '.')
    .action((dir: string) => {
      const target = path.resolve(dir);
      if (existsSync(target)) {
        if (!statSync(target).isDirectory()) throw new UsageError(`lifecheck init: ${dir} is a file, not a folder; give a new or empty folder`, 'LC106');
        const extra = readdirSync(target).filter((e) => !INIT_ALLOWED_ENTRIES.has(e)).sort();
        if (extra.length > 0) {
          const shown = extra.slice(0, 3).join(', ') + (extra.length > 3 ? `, … (${extra.length} entries)` : '');
          throw new UsageError(`lifecheck init: ${dir} is not empty (it holds ${shown}); give a new or empty folder`, 'LC106');
        }
      } else {
        mkdirSync(target, { recursive: true });
      }
      const pkgFile = path.join(target, 'package.json');
      let existing: PackageJson | undefined;
      if (existsSync(pkgFile)) {
        try {
          existing = JSON.parse(readFileSync(pkgFile, 'utf8')) as PackageJson;
        } catch (error) {
          throw new UsageError(`lifecheck init: ${pkgFile} is not valid JSON (${(error as Error).message})`, 'LC105');
        }
      }
      const name = path.basename(target).toLowerCase().replace(/[^a-z0-9._-]+/g, '-') || 'my-model';
      const { json, added } = scaffoldPackageJson(existing, name, { lifecheck: lifecheckSpec(target), vitest: vitestSpec() });
      for (const [file, text] of Object.entries(SCAFFOLD_FILES)) writeFileSync(path.join(target, file), text);
      writeFileSync(pkgFile, `${JSON.stringify(json, null, 2)}\n`);
      const where = path.relative(process.cwd(), target) || '.';
      const steps = [
        ...(where === '.' ? [] : [`cd ${where}`]),
        ...(added.length > 0 ? [`npm install          # adds ${added.join(' and ')}`] : []),
        'npm test             # checks every property of spec.ts (LIFECHECK_SHOW_FAILURE=1 npm test shows a failing one)',
        'npx lifecheck check ./spec.ts',
      ];
      ctx.io.out(`Wrote ${Object.keys(SCAFFOLD_FILES).join(', ')} and package.json ${where === '.' ? 'here' : `in ${where}`}. Next:\n${steps.map((s) => `  ${s}\n`).join('')}`);
      ctx.setExitCode(ExitCode.ok);
    });
}
