import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../../checker/cli/program.js';
import { memoryIo } from '../../../../checker/cli/io.js';

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const io = memoryIo();
  const code = await createProgram(io).run(args);
  return { code, out: io.stdout.join('') };
}

describe('lifecheck simulate', () => {
  it('says a violation once: the property, its kind and the walk, without repeating the engine\'s message', async () => {
    const r = await cli('simulate', 'die-hard', '--seed', '1');
    expect(r.code).toBe(1);
    const first = r.out.split('\n')[0]!;
    expect(first).toMatch(/^Error: invariant NotSolved is violated in walk \d+$/);
    expect(r.out.match(/is violated/g)).toHaveLength(1);
  });
});

describe("check's depth sentence", () => {
  it("is TLC's only when the whole graph was searched", async () => {
    const stopped = await cli('check', 'die-hard', '--no-progress');
    expect(stopped.out).not.toContain('complete state graph search');
    expect(stopped.out).toMatch(/The search stopped at depth \d+, before the state graph was complete\./);
    const whole = await cli('check', 'die-hard', '--no-progress', '--continue');
    expect(whole.out).toMatch(/The depth of the complete state graph search is \d+\./);
    const limited = await cli('check', 'die-hard', '--no-progress', '--continue', '--max-states', '3');
    expect(limited.code).toBe(4);
    expect(limited.out).not.toContain('complete state graph search');
  });
});
