/**
 * `binaryClock`: a `bits`-bit binary counter that ticks modulo 2^bits (ripple carry over a boolean array), from 0.
 * Its 2^bits states form one cycle, reached at depths 1..2^bits; every state has exactly one successor, so
 * statesGenerated = 2^bits + 1. The invariant `belowLimit` holds while the counter's value is below `limit`.
 */
import { defineModel, defineSpec, t, type Infer, type Model } from '../../checker/engine/index.js';

/** The constants: the number of bits and the limit of `belowLimit`. */
export type BinaryClockConstants = { readonly bits: number; readonly limit: number };

const schemaFor = (c: BinaryClockConstants) => t.record({ bits: t.array(t.bool(), c.bits) });
/** A state: `bits[0]` is the least significant bit. */
export type BinaryClockState = Infer<ReturnType<typeof schemaFor>>;

/** The counter's value. */
export const clockValue = (s: BinaryClockState): number => s.bits.reduce((v, b, i) => v + (b ? 2 ** i : 0), 0);

const binaryClockSpec = defineSpec<BinaryClockState, BinaryClockConstants>({
  name: 'binaryClock',
  schema: schemaFor,
  init: (c) => [{ bits: new Array<boolean>(c.bits).fill(false) }],
  actions: {
    tick: {
      summary: 'add one, modulo 2^bits',
      next: (s) => {
        const bits = [...s.bits];
        for (let i = 0; i < bits.length; i += 1) {
          bits[i] = !bits[i];
          if (bits[i]) break;
        }
        return { bits };
      },
    },
  },
});

/** A `bits`-bit clock whose invariant `belowLimit` fails once the value reaches `limit` (never, by default). */
export function binaryClock(bits: number, limit = 2 ** bits): Model<BinaryClockState, BinaryClockConstants> {
  return defineModel<BinaryClockState, BinaryClockConstants>({
    name: 'binaryClock',
    spec: binaryClockSpec,
    constants: { default: { bits, limit } },
    properties: {
      belowLimit: { kind: 'invariant', summary: 'value < limit', holds: (s, c) => clockValue(s) < c.limit },
    },
  });
}
