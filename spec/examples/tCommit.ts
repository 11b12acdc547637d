/**
 * TCommit (tlaplus/Examples `specifications/transaction_commit/TCommit.tla` and `TCommit.cfg`, commit
 * 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9): Lamport and Gray's abstract transaction commit. Each resource manager
 * (RM) is working, prepared, committed or aborted; all RMs must agree on commit or abort.
 *
 * TCNext is `\E rm \in RM : Prepare(rm) \/ Decide(rm)`: two actions with the parameter `rm`. Decide has two
 * disjuncts (commit, abort), which TLC counts as separate successors: an {@link either} action with two branches.
 *
 * TLC with RM = {r1, r2, r3} and CHECK_DEADLOCK FALSE: 34 distinct states, 94 states generated, depth 7
 * (invariants TCTypeOK and TCConsistent hold).
 */
import { action, defineModel, defineSpec, either, t, type Infer } from '../../checker/engine/index.js';

/** The constants: the resource managers (TLA+ model values). */
export type TCommitConstants = { readonly RM: readonly string[] };

const RM_STATES = ['working', 'prepared', 'committed', 'aborted'] as const;
const schemaFor = (c: TCommitConstants) => t.record({ rmState: t.array(t.enum(...RM_STATES), c.RM.length) });

/** A state: `rmState[i]` is the state of RM `RM[i]`. */
export type TCommitState = Infer<ReturnType<typeof schemaFor>>;

const at = (c: TCommitConstants, rm: string): number => c.RM.indexOf(rm);
/** All RMs are prepared or committed. */
const canCommit = (s: TCommitState): boolean => s.rmState.every((r) => r === 'prepared' || r === 'committed');
/** No RM has committed. */
const notCommitted = (s: TCommitState): boolean => s.rmState.every((r) => r !== 'committed');
const setRm = (s: TCommitState, i: number, v: TCommitState['rmState'][number]): TCommitState => ({
  rmState: s.rmState.with(i, v),
});

/** The TCommit spec: TCInit and TCNext. */
export const tCommitSpec = defineSpec<TCommitState, TCommitConstants>({
  name: 'TCommit',
  summary: 'Abstract transaction commit (Gray and Lamport): RMs prepare, then all commit or all abort.',
  schema: schemaFor,
  validate: (c) => (c.RM.length === 0 ? 'RM must name at least one resource manager' : undefined),
  init: (c) => [{ rmState: c.RM.map(() => 'working' as const) }],
  actions: {
    Prepare: action({
      summary: 'rm goes from working to prepared',
      params: (c) => c.RM,
      enabled: (s, rm, c) => s.rmState[at(c, rm)] === 'working',
      next: (s, rm, c) => setRm(s, at(c, rm), 'prepared'),
    }),
    Decide: either<TCommitState, TCommitConstants, { rm: string }>({
      summary: 'rm commits (once every RM is prepared or committed) or aborts (while none has committed)',
      params: (c) => c.RM.map((rm) => ({ rm })),
      branches: {
        commit: {
          enabled: (s, { rm }, c) => s.rmState[at(c, rm)] === 'prepared' && canCommit(s),
          next: (s, { rm }, c) => setRm(s, at(c, rm), 'committed'),
        },
        abort: {
          enabled: (s, { rm }, c) => {
            const r = s.rmState[at(c, rm)];
            return (r === 'working' || r === 'prepared') && notCommitted(s);
          },
          next: (s, { rm }, c) => setRm(s, at(c, rm), 'aborted'),
        },
      },
    }),
  },
});

/** TCommit.cfg: RM = {r1, r2, r3}, invariants TCTypeOK and TCConsistent, no deadlock check. */
export const tCommit = defineModel<TCommitState, TCommitConstants>({
  name: 'TCommit',
  spec: tCommitSpec,
  constants: { default: { RM: ['r1', 'r2', 'r3'] } },
  deadlock: false,
  properties: {
    TCTypeOK: {
      kind: 'invariant',
      summary: 'rmState \\in [RM -> {"working", "prepared", "committed", "aborted"}]',
      reference: 'TCommit.tla TCTypeOK',
      holds: (s, c) => s.rmState.length === c.RM.length && s.rmState.every((r) => RM_STATES.includes(r)),
    },
    TCConsistent: {
      kind: 'invariant',
      summary: 'no RM has aborted while another has committed',
      reference: 'TCommit.tla TCConsistent',
      holds: (s) => !(s.rmState.includes('aborted') && s.rmState.includes('committed')),
    },
  },
});
