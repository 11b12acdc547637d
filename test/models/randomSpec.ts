/**
 * `randomSpec`: one model whose whole behaviour is described by its constants — a random spec as data — so that
 * fast-check can generate thousands of specs (`test/checker/randomSpecs.test.ts`) and worker threads can rebuild
 * the very same spec from the constants alone (the module is compiled to `dist/test/models/randomSpec.js`).
 *
 * A described state is a record of fields of every schema kind (int, bool, enum, nullable int, array of ints);
 * each leaf is a *slot* holding a small code 0..range-1. Actions have 1–3 parameters, a guard comparing slots with
 * constants, an update `slot := (a·src + b·param + c) mod range` written with structural sharing (`{...s, f: v}`,
 * `array.with`), and may stutter (return the state itself), report a result, or raise an assertion. Invariants,
 * action properties and a constraint compare slots with constants, so that violations happen at random depths.
 */
import { AssertionFailure, defineModel, defineSpec, t, withResult, type Json, type Model, type Schema } from '../../checker/engine/index.js';

/** One field of the described state. */
export type FieldSpec =
  | { readonly kind: 'int'; readonly min: number; readonly range: number }
  | { readonly kind: 'bool' }
  | { readonly kind: 'enum'; readonly range: number }
  | { readonly kind: 'nullable'; readonly range: number }
  | { readonly kind: 'array'; readonly length: number; readonly range: number }
  /** `null` or `{x, y}`: three slots — presence (0/1), x (0..range-1), y (a boolean). */
  | { readonly kind: 'nullableRecord'; readonly range: number }
  /** A list of at most `maxLength` ints: slots length, then each element (0 beyond the length). */
  | { readonly kind: 'list'; readonly maxLength: number; readonly range: number };

/** `slot op value` (op: 0 <, 1 >, 2 ==, 3 !=). */
export type Cond = { readonly slot: number; readonly op: number; readonly value: number };

/** One described action. */
export type ActionSpec = {
  readonly params: number;
  readonly guard: readonly Cond[];
  /** The slot written, the slot read, and a, b, c of `(a·src + b·param + c) mod range`. */
  readonly target: number;
  readonly source: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  /** 0: a new state; 1: the state itself (a stutter); 2: a new state with the written code as result. */
  readonly mode: number;
  /** When this holds in the state, the action raises the assertion `assert<index>`. */
  readonly assertWhen?: Cond;
};

/** A whole described spec. */
export type RandomSpec = {
  readonly fields: readonly FieldSpec[];
  /** Initial states, as one code per slot. */
  readonly init: readonly (readonly number[])[];
  readonly actions: readonly ActionSpec[];
  readonly invariants: readonly Cond[];
  /** Action property k: taking action `action` never leads to a state where `cond` holds. */
  readonly actionProperties: readonly { readonly action: number; readonly cond: Cond }[];
  readonly constraint?: Cond;
  readonly deadlock: boolean;
};

/** Where slot i lives: field index and element (-1 for a scalar field; for records and lists, see the kinds), and its range. */
type Slot = { readonly field: number; readonly element: number; readonly range: number };

function slotsOf(spec: RandomSpec): Slot[] {
  const slots: Slot[] = [];
  spec.fields.forEach((f, field) => {
    if (f.kind === 'array') for (let e = 0; e < f.length; e += 1) slots.push({ field, element: e, range: f.range });
    else if (f.kind === 'nullableRecord') {
      slots.push({ field, element: 0, range: 2 }, { field, element: 1, range: f.range }, { field, element: 2, range: 2 });
    } else if (f.kind === 'list') {
      slots.push({ field, element: -1, range: f.maxLength + 1 });
      for (let e = 0; e < f.maxLength; e += 1) slots.push({ field, element: e, range: f.range });
    } else slots.push({ field, element: -1, range: f.kind === 'bool' ? 2 : f.range });
  });
  return slots;
}

const LETTERS = 'abcdefgh';
type State = Record<string, unknown>;

function encodeValue(f: FieldSpec, code: number): unknown {
  switch (f.kind) {
    case 'int':
      return f.min + code;
    case 'bool':
      return code === 1;
    case 'enum':
      return LETTERS[code]!;
    case 'nullable':
      return code === 0 ? null : code - 1;
    case 'array':
    case 'nullableRecord':
    case 'list':
      return code;
  }
}

function decodeValue(f: FieldSpec, value: unknown): number {
  switch (f.kind) {
    case 'int':
      return (value as number) - f.min;
    case 'bool':
      return value ? 1 : 0;
    case 'enum':
      return LETTERS.indexOf(value as string);
    case 'nullable':
      return value === null ? 0 : (value as number) + 1;
    case 'array':
    case 'nullableRecord':
    case 'list':
      return value as number;
  }
}

/** The code of slot `i` in `state`. */
function read(spec: RandomSpec, slots: readonly Slot[], state: State, i: number): number {
  const slot = slots[i]!;
  const f = spec.fields[slot.field]!;
  const v = state[`f${slot.field}`];
  if (f.kind === 'nullableRecord') {
    const r = v as { x: number; y: boolean } | null;
    return slot.element === 0 ? (r === null ? 0 : 1) : r === null ? 0 : slot.element === 1 ? r.x : r.y ? 1 : 0;
  }
  if (f.kind === 'list') {
    const list = v as number[];
    return slot.element < 0 ? list.length : (list[slot.element] ?? 0);
  }
  return slot.element < 0 ? decodeValue(f, v) : (v as number[])[slot.element]!;
}

/** `state` with slot `i` set to `code`, sharing everything else. */
function write(spec: RandomSpec, slots: readonly Slot[], state: State, i: number, code: number): State {
  const slot = slots[i]!;
  const f = spec.fields[slot.field]!;
  const key = `f${slot.field}`;
  if (f.kind === 'nullableRecord') {
    const r = state[key] as { x: number; y: boolean } | null;
    if (slot.element === 0) return { ...state, [key]: code === 0 ? null : (r ?? { x: 0, y: false }) };
    const base = r ?? { x: 0, y: false };
    return { ...state, [key]: slot.element === 1 ? { ...base, x: code } : { ...base, y: code === 1 } };
  }
  if (f.kind === 'list') {
    const list = state[key] as number[];
    if (slot.element < 0) {
      const next = list.slice(0, code);
      while (next.length < code) next.push(0);
      return { ...state, [key]: next };
    }
    return slot.element < list.length ? { ...state, [key]: list.with(slot.element, code) } : { ...state };
  }
  if (slot.element < 0) return { ...state, [key]: encodeValue(f, code) };
  return { ...state, [key]: (state[key] as number[]).with(slot.element, code) };
}

function holds(spec: RandomSpec, slots: readonly Slot[], state: State, c: Cond): boolean {
  const v = read(spec, slots, state, c.slot);
  return c.op === 0 ? v < c.value : c.op === 1 ? v > c.value : c.op === 2 ? v === c.value : v !== c.value;
}

function schemaOf(spec: RandomSpec): Schema {
  const fields: Record<string, Schema> = {};
  spec.fields.forEach((f, i) => {
    fields[`f${i}`] =
      f.kind === 'int'
        ? t.int(f.min, f.min + f.range - 1)
        : f.kind === 'bool'
          ? t.bool()
          : f.kind === 'enum'
            ? t.enum(...(LETTERS.slice(0, f.range).split('') as [string, ...string[]]))
            : f.kind === 'nullable'
              ? t.nullable(t.int(0, f.range - 2))
              : f.kind === 'nullableRecord'
                ? t.nullable(t.record({ x: t.int(0, f.range - 1), y: t.bool() }))
                : f.kind === 'list'
                  ? t.list(t.int(0, f.range - 1), f.maxLength)
                  : t.array(t.int(0, f.range - 1), f.length);
  });
  return t.record(fields);
}

function stateOf(spec: RandomSpec, slots: readonly Slot[], codes: readonly number[]): State {
  const state: State = {};
  spec.fields.forEach((f, i) => {
    state[`f${i}`] =
      f.kind === 'array' ? new Array<number>(f.length).fill(0) : f.kind === 'nullableRecord' ? null : f.kind === 'list' ? [] : encodeValue(f, 0);
  });
  let s = state;
  codes.forEach((code, i) => {
    if (i < slots.length) s = write(spec, slots, s, i, code % slots[i]!.range);
  });
  return s;
}

type Constants = { readonly spec: Json };

/** How many invariants and action properties a described spec may have (the model declares that many). */
export const MAX_INVARIANTS = 3;
export const MAX_ACTION_PROPERTIES = 2;

const described = (c: Constants): RandomSpec => c.spec as unknown as RandomSpec;

const properties: Record<string, Model<State, Constants>['properties'][string]> = {};
for (let k = 0; k < MAX_INVARIANTS; k += 1) {
  properties[`inv${k}`] = {
    kind: 'invariant',
    holds: (s, c) => {
      const spec = described(c);
      const cond = spec.invariants[k];
      return cond === undefined || !holds(spec, slotsOf(spec), s, cond);
    },
  };
}
for (let k = 0; k < MAX_ACTION_PROPERTIES; k += 1) {
  properties[`act${k}`] = {
    kind: 'action',
    holds: (_s, label, next, c) => {
      const spec = described(c);
      const ap = spec.actionProperties[k];
      return ap === undefined || !((label.params as number[])[0] === ap.action && holds(spec, slotsOf(spec), next, ap.cond));
    },
  };
}

/**
 * The random-spec model: its constant `spec` (a {@link RandomSpec} as JSON) says everything — states, actions,
 * invariants `inv<k>` and action properties `act<k>` (holding trivially beyond the spec's own), the constraint.
 * Check it with `constantOverrides: { spec }` and `propertiesOf(spec)`, `deadlock: spec.deadlock`.
 */
export const randomSpecModel: Model<State, Constants> = defineModel<State, Constants>({
  name: 'randomSpec',
  constants: { default: { spec: { fields: [{ kind: 'bool' }], init: [[0]], actions: [], invariants: [], actionProperties: [], deadlock: false } } },
  spec: defineSpec<State, Constants>({
    name: 'randomSpec',
    schema: (c) => schemaOf(described(c)),
    init: (c) => {
      const spec = described(c);
      const slots = slotsOf(spec);
      return spec.init.map((codes) => stateOf(spec, slots, codes));
    },
    actions: {
      act: {
        params: (c) => described(c).actions.flatMap((a, k) => Array.from({ length: a.params }, (_, p) => [k, p])),
        enabled: (s, params, c) => {
          const spec = described(c);
          const [k] = params as [number, number];
          const slots = slotsOf(spec);
          return spec.actions[k]!.guard.every((g) => holds(spec, slots, s, g));
        },
        next: (s, params, c) => {
          const spec = described(c);
          const [k, p] = params as [number, number];
          const action = spec.actions[k]!;
          const slots = slotsOf(spec);
          if (action.assertWhen !== undefined && holds(spec, slots, s, action.assertWhen)) {
            throw new AssertionFailure(`assert${k}`, `action ${k} in a state where its assertion fails`);
          }
          if (action.mode === 1) return s;
          const range = slots[action.target]!.range;
          const code = (action.a * read(spec, slots, s, action.source) + action.b * p + action.c) % range;
          const next = write(spec, slots, s, action.target, code);
          return action.mode === 2 ? withResult(next, code) : next;
        },
      },
    },
  }),
  constraint: (s, c) => {
    const spec = described(c);
    return spec.constraint === undefined || !holds(spec, slotsOf(spec), s, spec.constraint);
  },
  properties,
});

/** The names of the properties `spec` uses (what to select when checking it). */
export function propertiesOf(spec: RandomSpec): string[] {
  return [
    ...spec.invariants.map((_, k) => `inv${k}`),
    ...spec.actionProperties.map((_, k) => `act${k}`),
    ...(spec.deadlock ? ['deadlock'] : []),
  ];
}

/** {@link randomSpecModel} with `spec` as its default constants (for the naive oracle, which takes a model as is). */
export function randomModel(spec: RandomSpec): Model<State, Constants> {
  return { ...randomSpecModel, constants: { default: { spec: spec as unknown as Json } }, deadlock: spec.deadlock };
}
