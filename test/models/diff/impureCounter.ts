/**
 * A deliberately impure model for `lifecheck lint` tests: every rule is broken once, on a known line (the test
 * finds the lines by the `// LINT:<rule>` markers), and a few pure look-alikes that must not be flagged.
 */
import { readFileSync } from 'node:fs'; // LINT:io
import { defineModel, defineSpec, t, type Infer } from '../../../checker/engine/index.js';

const schema = t.record({ n: t.int(0, 3), items: t.list(t.int(0, 3), 3) });
type State = Infer<typeof schema>;
type NoConstants = Record<string, never>;

const seen = new Set<number>();

/** Keeps a state in a field, as a kernel-style helper class would: replacing it is fine, writing into it is not. */
class Stepper {
  private readonly out: number[] = [];
  constructor(private s: State) {}
  bump(): State {
    this.out.push(1);
    this.s = { ...this.s, n: 1 };
    (this.s as { n: number }).n = 2; // LINT:stateMutation
    return this.s;
  }
}

export const impureCounter = defineModel<State, NoConstants>({
  name: 'impure-counter',
  spec: defineSpec<State, NoConstants>({
    name: 'ImpureCounter',
    schema: () => schema,
    init: () => [{ n: 0, items: [] }],
    actions: {
      jitter: { next: (s) => ({ ...s, n: Math.random() < 0.5 ? 0 : 1 }) }, // LINT:random
      stamp: { next: (s) => ({ ...s, n: Date.now() % 4 }) }, // LINT:time
      load: { next: (s) => ({ ...s, n: readFileSync('/dev/null').length }) },
      bump: {
        next: (s) => {
          (s as { n: number }).n += 1; // LINT:stateMutation
          return s;
        },
      },
      append: {
        next: (s) => {
          const items = s.items as number[];
          items.push(1); // LINT:stateMutation
          return s;
        },
      },
      walk: {
        next: (s) => {
          let total = 0;
          for (const v of seen) total += v; // LINT:unorderedIteration
          return { ...s, n: total % 4 };
        },
      },
      viaClass: { next: (s) => new Stepper(s).bump() },
      pure: {
        next: (s) => {
          const copy = [...s.items];
          copy.push(2);
          const sorted = s.items.slice().sort();
          const sum = s.items.reduce((acc: number[], x) => {
            acc.push(x);
            return acc;
          }, []);
          return { ...s, items: copy.slice(0, 3), n: (sorted.length + sum.length) % 4 };
        },
      },
    },
  }),
  constants: { default: {} },
  properties: {},
});
