/**
 * The models `npm run bench` runs, in order: what lifecheck checks (a registered model and its constants), the counts
 * every checker must find, and the twins — Promela for SPIN, Murphi for Rumur, the hand-packed loop — where they
 * exist.
 */
import type { BenchConstants } from './lifecheckChild.js';
import { countersMurphi } from './peers/countersMurphi.js';
import { countersPromela } from './peers/countersPromela.js';
import { makePromela } from './peers/makePromela.js';
import { murphiModel } from './peers/murphiModel.js';
import type { PeerSources } from './peers/peers.js';

/** One benchmark model. */
export interface BenchModel {
  /** The name `--only` takes. */
  readonly name: string;
  /** One line for the table. */
  readonly title: string;
  /** The registered model (`spec/registry.ts`) and its constants. */
  readonly registered: string;
  readonly constants: BenchConstants;
  /** Small constants of the same model, checked for the warm memory baseline (Node, the code, the JIT, no states). */
  readonly warmConstants: BenchConstants;
  /** The counts every checker must find, and where they come from. */
  readonly expected: { readonly distinctStates: number; readonly statesGenerated?: number; readonly source: string };
  /** Sources for SPIN and Rumur (none: the peer is not run on this model). */
  readonly peers: () => PeerSources;
  /** The hand-packed loop's arguments, when it has this model. */
  readonly handPacked?: { readonly counters: number; readonly max: number };
}

/** Every benchmark model, in run order. */
export const benchModels: readonly BenchModel[] = [
  {
    name: 'peterson-5',
    title: "Peterson's filter lock, N = 5",
    registered: 'peterson',
    constants: { overrides: { N: 5 } },
    warmConstants: { overrides: { N: 3 } },
    expected: { distinctStates: 344_805, statesGenerated: 1_205_326, source: 'SPIN and Rumur' },
    peers: () => ({ promela: makePromela(5), murphi: murphiModel(5) }),
  },
  {
    name: 'peterson-6',
    title: "Peterson's filter lock, N = 6",
    registered: 'peterson',
    constants: { overrides: { N: 6 } },
    warmConstants: { overrides: { N: 3 } },
    expected: { distinctStates: 8_786_754, statesGenerated: 35_331_481, source: 'SPIN and Rumur' },
    peers: () => ({ promela: makePromela(6), murphi: murphiModel(6) }),
  },
  {
    name: 'counters',
    title: '7 counters x[i] in 0..9, inc/dec',
    registered: 'counters',
    constants: { set: 'bench' },
    warmConstants: { set: 'default' },
    expected: { distinctStates: 10_000_000, statesGenerated: 126_000_001, source: 'the formula, SPIN and Rumur' },
    peers: () => ({ promela: countersPromela(7, 9), murphi: countersMurphi(7, 9) }),
    handPacked: { counters: 7, max: 9 },
  },
  {
    name: 'vfio-post',
    title: 'VFIO lifecycle at 3ca54708 (vfio-post), constants large',
    registered: 'vfio-post',
    constants: { set: 'large' },
    warmConstants: { set: 'small' },
    expected: { distinctStates: 2_127_384, statesGenerated: 171_800_025, source: 'lifecheck (no other checker has it)' },
    peers: () => ({}),
  },
  {
    name: 'paxos-commit',
    title: 'PaxosCommit (tlaplus/Examples), PaxosCommit.cfg',
    registered: 'paxos-commit',
    constants: { set: 'tlc' },
    warmConstants: { set: 'default' },
    expected: { distinctStates: 1_321_761, statesGenerated: 16_959_159, source: "TLC (the Examples' manifest.json)" },
    peers: () => ({}),
  },
];
