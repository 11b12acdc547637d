/**
 * `lifecheck replay` refuses input it cannot replay before replaying anything, with one line naming the file, the
 * line and the step, and exit 2: an empty file, a JSON file without our `format` tag or with another one, an unknown
 * version, ITF or JSON states that do not fit the model's schema (a wrong type, a missing variable, an extra one), and
 * an action the model does not have. Spec code that throws during a replay is the spec's fault: exit 3, one line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../checker/cli/program.js';
import { memoryIo } from '../../checker/cli/io.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lifecheck-replay-input-'));

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo();
  const code = await createProgram(io).run(argv);
  return { code, stdout: io.stdout.join(''), stderr: io.stderr.join('') };
}

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Exit 2 with exactly one line on stderr matching `pattern`, and nothing replayed on stdout. */
async function expectRefused(argv: string[], pattern: RegExp): Promise<void> {
  const r = await run(...argv);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
}

let json: string;
let itf: string;

beforeAll(async () => {
  // DieHard's counterexample as check --out writes it: our JSON and its ITF form.
  const out = path.join(dir, 'out');
  expect((await run('check', 'die-hard', '--no-progress', '--out', out)).code).toBe(1);
  json = readFileSync(path.join(out, 'DieHard.NotSolved.json'), 'utf8');
  itf = readFileSync(path.join(out, 'DieHard.NotSolved.itf.json'), 'utf8');
  expect((await run('replay', file('ok.json', json), '--model', 'die-hard')).code).toBe(0);
  expect((await run('replay', file('ok.itf.json', itf), '--model', 'die-hard')).code).toBe(0);
});

/** The text with `edit` applied to the parsed JSON. */
function edited(text: string, edit: (doc: Record<string, any>) => void): string {
  const doc = JSON.parse(text) as Record<string, any>;
  edit(doc);
  return JSON.stringify(doc, null, 2);
}

describe('replay refuses what it cannot replay (exit 2, one line naming the step)', () => {
  it('an empty file, and one holding only white space', async () => {
    await expectRefused(['replay', file('empty.json', ''), '--model', 'die-hard'], /^lifecheck: error\[LC\d+\]: .*empty\.json: the file is empty: nothing to replay/);
    await expectRefused(['replay', file('blank.strace', ' \n\n'), '--model', 'vfio-old'], /^lifecheck: error\[LC\d+\]: .*blank\.strace: the file is empty/);
  });

  it('a JSON file with another format tag, without one, or of an unknown version', async () => {
    await expectRefused(['replay', file('other.json', edited(json, (d) => (d.format = 'other-trace'))), '--model', 'die-hard'], /^lifecheck: error\[LC\d+\]: .*other\.json:1: not a trace file: "format" is "other-trace", expected "lifecheck-trace"/);
    await expectRefused(['replay', file('bare.json', edited(json, (d) => delete d.format)), '--model', 'die-hard'], /^lifecheck: error\[LC\d+\]: .*bare\.json:1: not a trace file \(no "format"\)/);
    await expectRefused(['replay', file('v3.json', edited(json, (d) => (d.version = 3))), '--model', 'die-hard'], /trace file version 3 is not supported; this lifecheck reads version 2/);
    await expectRefused(['replay', file('meta.itf.json', edited(itf, (d) => (d['#meta'].format = 'TLC'))), '--model', 'die-hard'], /not an ITF trace: "#meta.format" is "TLC", expected "ITF"/);
  });

  it('an ITF state with a value of the wrong type, a missing variable, or a variable the model does not have', async () => {
    const wrongType = edited(itf, (d) => (d.states[2].small = 'three'));
    await expectRefused(['replay', file('type.itf.json', wrongType), '--model', 'die-hard'], /^lifecheck: error\[LC\d+\]: .*type\.itf\.json:\d+: step 2: state field state\.small is "three", but the schema says an integer in 0\.\.3/);
    const missing = edited(itf, (d) => {
      d.vars = ['big'];
      for (const s of d.states) delete s.small;
    });
    await expectRefused(['replay', file('missing.itf.json', missing), '--model', 'die-hard'], /step 0: state field state\.small is missing/);
    const extra = edited(itf, (d) => {
      d.vars.push('medium');
      for (const s of d.states) s.medium = { '#bigint': '1' };
    });
    await expectRefused(['replay', file('extra.itf.json', extra), '--model', 'die-hard'], /step 0: state field state\.medium is 1, but the schema says there is no field "medium" in state; its fields are big, small/);
    const outOfRange = edited(itf, (d) => (d.states[4].big = { '#bigint': '9' }));
    await expectRefused(['replay', file('range.itf.json', outOfRange), '--model', 'die-hard'], /step 4: state field state\.big is 9, but the schema says an integer in 0\.\.5/);
  });

  it('a state of our JSON that does not fit the schema names its step and line', async () => {
    const doc = JSON.parse(json) as { trace: { steps: { state: Record<string, unknown> }[] } };
    doc.trace.steps[3]!.state.big = true;
    // one step per line: steps[i] is on line 3 + i
    const text = `{"format": "lifecheck-trace", "version": 2, "trace": {\n"steps": [\n${doc.trace.steps.map((step) => JSON.stringify(step)).join(',\n')}\n]}}\n`;
    await expectRefused(['replay', file('state.json', text), '--model', 'die-hard'], /^lifecheck: error\[LC\d+\]: .*state\.json:6: step 3: state field state\.big is true, but the schema says an integer in 0\.\.5/);
  });

  it('an action the model does not have: the step, and the actions it has', async () => {
    const typo = edited(json, (d) => (d.trace.steps[3].label.action = 'opn'));
    await expectRefused(
      ['replay', file('typo.json', typo), '--model', 'die-hard'],
      /^lifecheck: error\[LC\d+\]: .*typo\.json:\d+: step 3: the model has no action 'opn'; its actions are: FillSmallJug, FillBigJug, EmptySmallJug, EmptyBigJug, SmallToBig, BigToSmall\n$/,
    );
    const itfTypo = edited(itf, (d) => (d.states[1]['#meta'].action = 'Fill'));
    await expectRefused(['replay', file('typo.itf.json', itfTypo), '--model', 'die-hard'], /step 1: the model has no action 'Fill'; its actions are: /);
  });
});

describe('a spec that throws during a replay', () => {
  it('is the spec\'s fault: exit 3, one line naming the step and the spec\'s message', async () => {
    const calls = JSON.stringify({ format: 'lifecheck-trace', version: 2, trace: { steps: [{ label: { action: 'Step', params: null } }, { label: { action: 'Step', params: null } }] } });
    const r = await run('replay', file('throws.json', calls), '--model', 'test/traces/fixtures/throwsOnSecondStep.mjs');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/^lifecheck: error\[LC\d+\]: .*throws\.json:\d+: step 1: replaying Step null: action Step threw: n = 1 is not handled\n$/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
