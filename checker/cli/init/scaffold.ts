/**
 * What `lifecheck init` writes: a minimal TypeScript spec, a vitest test that checks it with `lifecheck/testing`
 * (and a second test, run only when `LIFECHECK_SHOW_FAILURE=1`, in which a violated property fails with its
 * counterexample), a tsconfig for editors, and the package.json fields `npm test` needs.
 *
 * Guarantees: pure functions of their arguments (no file system access), so the scaffold's text is testable and
 * the same on every machine. The spec has 4 distinct states and 9 generated states (TLC's counting: the initial
 * state and every successor computed).
 */

/** The scaffold's files other than package.json, by file name. */
export const SCAFFOLD_FILES: Readonly<Record<string, string>> = {
  'spec.ts': `/**
 * A counter from 0 to max: add 1 or 2 while it stays within max, or reset it to 0.
 * \`npx lifecheck check ./spec.ts\` explores every reachable state: 4 distinct, 9 generated.
 */
import { action, defineModel, defineSpec, t } from 'lifecheck';

/** The state: one bounded integer. */
export type State = { n: number };

/** The constants: how far the counter may go. */
export type Constants = { max: number };

export const counter = defineModel<State, Constants>({
  name: 'Counter',
  constants: { default: { max: 3 } },
  spec: defineSpec<State, Constants>({
    name: 'Counter',
    schema: (c) => t.record({ n: t.int(0, c.max) }),
    init: () => [{ n: 0 }],
    actions: {
      // params are typed: k is a number in enabled and next, with no casts.
      add: action({ params: [1, 2], enabled: (s, k, c) => s.n + k <= c.max, next: (s, k) => ({ n: s.n + k }) }),
      reset: { enabled: (s) => s.n > 0, next: () => ({ n: 0 }) },
    },
  }),
  properties: {
    withinMax: { kind: 'invariant', holds: (s, c) => s.n <= c.max },
  },
});
`,
  'spec.test.ts': `import { expect, test } from 'vitest';
import { assertModel } from 'lifecheck/testing';
import { counter } from './spec.ts';

test('every property of the counter holds', () => {
  // assertModel explores every reachable state and throws the counterexample if a property fails.
  const result = assertModel(counter);
  expect(result.stats.distinctStates).toBe(4);
});

// See a failure: LIFECHECK_SHOW_FAILURE=1 npm test. The counter does reach 3, so this property is violated and
// the test fails with the shortest counterexample in its message.
test.runIf(process.env.LIFECHECK_SHOW_FAILURE === '1')('a violated property fails the test with its trace', () => {
  assertModel({
    ...counter,
    properties: { ...counter.properties, neverThree: { kind: 'invariant', holds: (s) => s.n !== 3 } },
  });
});
`,
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        allowImportingTsExtensions: true,
        skipLibCheck: true,
      },
      include: ['*.ts'],
    },
    null,
    2,
  )}\n`,
};

/** A package.json as a plain object (only the fields the scaffold reads or writes are typed). */
export interface PackageJson {
  name?: string;
  type?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** Where the scaffold's dependencies come from. */
export interface ScaffoldDependencies {
  /** The npm spec of lifecheck itself, e.g. `file:../lifecheck-0.1.0.tgz` or `file:/path/to/lifecheck`. */
  readonly lifecheck: string;
  /** The npm spec of vitest, e.g. `^4.1.12`. */
  readonly vitest: string;
}

/**
 * The scaffold's package.json, from the one already in the folder (or none): `type: module`, the scripts `test`
 * (vitest) and `check` (lifecheck on the spec), and the devDependencies lifecheck and vitest unless the package
 * already depends on them. Guarantees: keeps every other field and every existing dependency as it was; returns the
 * names of the dependencies it added (those `npm install` must still fetch).
 */
export function scaffoldPackageJson(existing: PackageJson | undefined, name: string, deps: ScaffoldDependencies): { json: PackageJson; added: string[] } {
  const json: PackageJson = { ...(existing ?? { name, version: '0.0.0', private: true }) };
  json.type = 'module';
  json.scripts = { ...json.scripts, test: 'vitest run', check: 'lifecheck check ./spec.ts' };
  const has = (dep: string): boolean => json.dependencies?.[dep] !== undefined || json.devDependencies?.[dep] !== undefined;
  const added: string[] = [];
  const devDependencies = { ...json.devDependencies };
  for (const [dep, spec] of [['lifecheck', deps.lifecheck], ['vitest', deps.vitest]] as const) {
    if (!has(dep)) {
      devDependencies[dep] = spec;
      added.push(dep);
    }
  }
  json.devDependencies = devDependencies;
  return { json, added };
}

/** The entries a folder may hold and still be initialised: what `npm init` and `npm install` leave, and git's. */
export const INIT_ALLOWED_ENTRIES: ReadonlySet<string> = new Set(['package.json', 'package-lock.json', 'node_modules', '.git', '.gitignore', '.npmrc']);
