import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { checkSync, compileModel } from '../../checker/engine/index.js';
import { dieHard } from '../../spec/examples/dieHard.js';
import { vfioModels } from '../../spec/vfio/models.js';
import { readRecording } from '../../traces/readRecording.js';
import { replayCalls, type RecordedCall } from '../../traces/replay.js';

const CLIENTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../traces/clients');
const clientFiles = readdirSync(CLIENTS).filter((f) => f.endsWith('.json')).sort();

function clientCalls(file: string): readonly RecordedCall[] {
  const recording = readRecording(readFileSync(path.join(CLIENTS, file), 'utf8'), file);
  if (recording.kind !== 'trace') throw new Error(`${file} is not a trace file`);
  return recording.calls;
}

describe('replay of JSON and ITF traces', () => {
  test('the client traces are QEMU, DPDK and the selftests library', () => {
    expect(clientFiles).toEqual(['dpdkSetupTeardown.json', 'qemuAttachDetach.json', 'selftestsLibrary.json']);
  });

  for (const version of ['old', 'new', 'post'] as const) {
    for (const constantSet of ['small', 'default']) {
      test(`every client trace conforms to vfio-${version} (${constantSet} constants)`, () => {
        const compiled = compileModel(vfioModels[version], { constantSet });
        for (const file of clientFiles) {
          const calls = clientCalls(file);
          const report = replayCalls(compiled, calls);
          expect(report.divergence, `${file}: ${report.divergence?.message}`).toBeUndefined();
          expect(report.conforming).toHaveLength(calls.length);
        }
      });
    }
  }

  test('a tampered copy (one return value changed) is rejected at exactly that step', () => {
    const compiled = compileModel(vfioModels.new, { constantSet: 'small' });
    for (const file of clientFiles) {
      const calls = clientCalls(file);
      calls.forEach((call, i) => {
        if (typeof call.result !== 'number' || call.label.action === 'exit') return;
        const tampered = calls.map((c, j) => (j === i ? { ...c, result: '-EINVAL' } : c));
        const report = replayCalls(compiled, tampered);
        expect(report.divergence?.index, `${file} step ${i}`).toBe(i);
        expect(report.divergence?.kind).toBe('result');
        expect(report.divergence?.expected).toBe(call.result);
        expect(report.divergence?.call.line).toBe(call.line);
        expect(report.conforming).toHaveLength(i);
      });
    }
  });

  test('a call the model does not have, or does not allow, is a divergence', () => {
    const compiled = compileModel(vfioModels.old, { constantSet: 'small' });
    const unknown = replayCalls(compiled, [{ label: { action: 'close', params: { fd: 99 } }, result: '-EBADF' }]);
    expect(unknown.divergence?.kind).toBe('unknownCall');
    const state = compiled.initialStates()[0];
    expect(unknown.divergence?.state).toEqual(state);
  });

  test('a DieHard counterexample replays on its model, and a wrong label does not', () => {
    const trace = checkSync(dieHard, {}).properties.find((p) => p.name === 'NotSolved')!.counterexample!;
    const compiled = compileModel(dieHard);
    const calls = trace.steps.slice(1).map((s) => ({ label: s.label! }));
    const report = replayCalls(compiled, calls);
    expect(report.divergence).toBeUndefined();
    expect(report.finalState).toEqual({ big: 4, small: 3 });
    const wrong = replayCalls(compiled, [...calls.slice(0, 2), { label: { action: 'Spill', params: null } }]);
    expect(wrong.divergence).toMatchObject({ index: 2, kind: 'unknownCall' });
  });
});

describe('replay of a counterexample that ends in a kernel assertion', () => {
  test('the aborted step conforms when the model raises the assertion too, and not otherwise', () => {
    const text = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'vfio.aborted.json'), 'utf8');
    const recording = readRecording(text, 'vfio.aborted.json');
    if (recording.kind !== 'trace') throw new Error('not a trace');
    const last = recording.calls.at(-1)!;
    expect(last.expectAssertion).toMatch(/WARN_ON/);
    const faulty = compileModel(vfioModels.old, { constantSet: 'faulty' });
    const report = replayCalls(faulty, recording.calls, recording.initialState);
    expect(report.divergence, report.divergence?.message).toBeUndefined();
    expect(report.conforming.at(-1)!.assertion).toMatch(/^warnStaleNotifierAtOpen: /);
    // with a well-behaved driver the same calls reach no assertion: the open simply succeeds
    const wellBehaved = compileModel(vfioModels.old, { constantSet: 'small' });
    const other = replayCalls(wellBehaved, recording.calls);
    expect(other.divergence).toMatchObject({ index: recording.calls.length - 1, kind: 'result' });
    expect(other.divergence!.message).toMatch(/^the recording hits a kernel assertion here/);
  });
});
