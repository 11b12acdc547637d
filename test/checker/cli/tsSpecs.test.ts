/**
 * TypeScript specs anywhere: `lifecheck check ./path/spec.ts[#export]` compiles a `.ts` module outside the project
 * on the fly (tsModules/), with its relative imports of other TypeScript files (written `./x.js` as TypeScript
 * programs do, or without an extension), also in worker threads; a syntax error is one line
 * `file:line:column: message` and exit 2. Runs the built CLI in a folder outside the repository.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const MAIN = path.resolve('dist/checker/cli/main.js');
let dir = '';

function lifecheck(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const JUGS_LIB = `export type Jug = 'big' | 'small';
export const CAPACITY: Record<Jug, number> = { big: 5, small: 3 };
export interface Pour { readonly from: Jug; readonly to: Jug }
`;

const JUGS_SPEC = `import { action, defineModel, defineSpec, t, type Infer } from 'lifecheck';
import { CAPACITY, type Pour } from './lib/jugs.js';
import { describeJug } from './lib/describe';

const schema = t.record({ big: t.int(0, 5), small: t.int(0, 3) });
type State = Infer<typeof schema>;

export const jugs = defineModel<State, Record<string, never>>({
  name: 'Jugs',
  summary: describeJug('big'),
  constants: { default: {} },
  spec: defineSpec({
    name: 'Jugs',
    schema: () => schema,
    init: () => [{ big: 0, small: 0 }],
    actions: {
      Fill: action({ params: ['big', 'small'] as const, next: (s, jug) => ({ ...s, [jug]: CAPACITY[jug] }) }),
      Empty: action({ params: ['big', 'small'] as const, next: (s, jug) => ({ ...s, [jug]: 0 }) }),
      Pour: action({
        params: [{ from: 'big', to: 'small' }, { from: 'small', to: 'big' }] satisfies Pour[],
        next: (s, { from, to }) => {
          const poured = Math.min(s[from], CAPACITY[to] - s[to]);
          return { ...s, [from]: s[from] - poured, [to]: s[to] + poured };
        },
      }),
    },
  }),
  properties: { NotSolved: { kind: 'invariant', holds: (s) => s.big !== 4 } },
});
`;

/** Four counters to 8: levels of up to 489 states, so that worker threads expand them (levels under 256 are not). */
const COUNTERS_SPEC = `import { action, defineModel, defineSpec, t, type Infer } from 'lifecheck';
const schema = t.record({ v: t.array(t.int(0, 8), 4) });
type State = Infer<typeof schema>;
export const other = 42;
export const counters = defineModel<State, { readonly max: number }>({
  name: 'Counters',
  constants: { default: { max: 8 } },
  spec: defineSpec({
    name: 'Counters',
    schema: () => schema,
    init: () => [{ v: [0, 0, 0, 0] }],
    actions: {
      Inc: action({ params: [0, 1, 2, 3], enabled: (s, i, c) => s.v[i]! < c.max, next: (s, i) => ({ v: s.v.with(i, s.v[i]! + 1) }) }),
    },
  }),
  properties: { Bounded: { kind: 'invariant', holds: (s) => s.v.every((x) => x <= 8) } },
  deadlock: false,
});
`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-ts-'));
  mkdirSync(path.join(dir, 'lib'));
  writeFileSync(path.join(dir, 'lib', 'jugs.ts'), JUGS_LIB);
  writeFileSync(path.join(dir, 'lib', 'describe.ts'), "export const describeJug = (jug: string): string => `the ${jug} jug`;\n");
  writeFileSync(path.join(dir, 'spec.ts'), JUGS_SPEC);
  writeFileSync(path.join(dir, 'counters.ts'), COUNTERS_SPEC);
  writeFileSync(path.join(dir, 'lib', 'broken.ts'), 'export const x: number = ;\n');
  writeFileSync(path.join(dir, 'importsBroken.ts'), "import { x } from './lib/broken.js';\nexport const y = x;\n");
  writeFileSync(path.join(dir, 'old.cts'), 'module.exports = {};\n');
});

describe('lifecheck check on a TypeScript spec outside the project', () => {
  it('loads it with its relative TypeScript imports and finds the counterexample', () => {
    const r = lifecheck('check', './spec.ts', '--no-progress');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Error: Invariant NotSolved is violated.');
    expect(r.stdout).toContain('State 7: Pour({"from":"big","to":"small"})');
    expect(r.stdout).toContain('big: 5 → 4');
  });

  it('takes #export, and an absolute path', () => {
    const r = lifecheck('list', `${path.join(dir, 'spec.ts')}#jugs`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Model Jugs: the big jug');
    expect(r.stdout).toContain('Pour {"from":"big","to":"small"} | {"from":"small","to":"big"}');
  });

  it('gives the same bytes with --workers 2 (workers load the TypeScript module too), with no #export needed', () => {
    const one = lifecheck('check', 'counters.ts', '--no-progress');
    const two = lifecheck('check', 'counters.ts', '--no-progress', '--workers', '2');
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('6,561 distinct states found');
    expect(two.stderr).toBe('');
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it('reports a syntax error in an imported file as one line file:line:column: message, exit 2', () => {
    const r = lifecheck('check', 'importsBroken.ts');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${path.join('lib', 'broken.ts')}:1:26: Expression expected. (TS1109)\n`);
    const direct = lifecheck('check', path.join(dir, 'lib', 'broken.ts'));
    expect(direct.code).toBe(2);
    expect(direct.stderr).toBe(`${path.join('lib', 'broken.ts')}:1:26: Expression expected. (TS1109)\n`);
  });

  it('refuses a .cts module, a missing file and a module without a model in one line, exit 2', () => {
    for (const [args, pattern] of [
      [['check', 'old.cts'], /\.cts \(CommonJS\) specs are not supported/],
      [['check', 'nope.ts'], /no file nope\.ts/],
      [['check', 'lib/jugs.ts'], /lib\/jugs\.ts exports 0 models/],
    ] as const) {
      const r = lifecheck(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
