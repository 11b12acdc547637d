/**
 * A second, independent reading of PaxosCommit.tla for the golden-count test: states hold `msgs` as a set of message
 * records (keyed by canonical JSON), as TLC does, and PCNext is enumerated the way TLC's `getNextStates` walks the
 * formula — every ∃ binding that holds gives one successor, a ∀ is the conjunction of its instances (so the ∃ inside
 * `Decided` multiply), a disjunction gives the successors of each disjunct — with a plain breadth-first search over a
 * `Map`. It shares nothing with `spec/examples/paxosCommit.ts` but the constants. Slow; for small constants.
 *
 * Run on PaxosCommit.cfg's constants it gives TLC's 1,321,761 distinct states, 16,959,159 generated, depth 28.
 */
import { canonicalJson, type Json } from '../../../checker/engine/index.js';
import type { PaxosCommitConstants } from '../../../spec/examples/paxosCommit.js';

type Msg = { readonly [k: string]: Json };
interface DirectState {
  readonly rmState: Readonly<Record<string, string>>;
  readonly aState: Readonly<Record<string, Readonly<Record<string, { mbal: number; bal: number; val: string }>>>>;
  readonly msgs: readonly Msg[];
  /** The canonical JSON of each message of `msgs`, in the same order. */
  readonly msgKeys: readonly string[];
}

const key = (s: DirectState): string =>
  canonicalJson({ rmState: s.rmState, aState: s.aState, msgs: [...s.msgKeys].sort() } as unknown as Json);

const has = (s: DirectState, m: Msg): boolean => s.msgKeys.includes(canonicalJson(m));
const send = (s: DirectState, m: Msg): DirectState => {
  const k = canonicalJson(m);
  return s.msgKeys.includes(k) ? s : { ...s, msgs: [...s.msgs, m], msgKeys: [...s.msgKeys, k] };
};

/** Every successor of `s` under PCNext, one per enabled disjunct and binding (duplicates kept). */
function successors(s: DirectState, c: PaxosCommitConstants): DirectState[] {
  const out: DirectState[] = [];
  const withRm = (rm: string, v: string): DirectState => ({ ...s, rmState: { ...s.rmState, [rm]: v } });
  const withAcc = (ins: string, acc: string, a: { mbal: number; bal: number; val: string }): DirectState['aState'] => ({
    ...s.aState,
    [ins]: { ...s.aState[ins], [acc]: a },
  });
  for (const rm of c.RM) {
    if (s.rmState[rm] === 'working') out.push(send(withRm(rm, 'prepared'), { type: 'phase2a', ins: rm, bal: 0, val: 'prepared' }));
    if (s.rmState[rm] === 'working') out.push(send(withRm(rm, 'aborted'), { type: 'phase2a', ins: rm, bal: 0, val: 'aborted' }));
    if (has(s, { type: 'Commit' })) out.push(withRm(rm, 'committed'));
    if (has(s, { type: 'Abort' })) out.push(withRm(rm, 'aborted'));
  }
  for (const bal of c.Ballot.filter((b) => b !== 0)) {
    for (const rm of c.RM) {
      out.push(send(s, { type: 'phase1a', ins: rm, bal }));
      if (s.msgs.some((m) => m.type === 'phase2a' && m.bal === bal && m.ins === rm)) continue;
      for (const MS of c.Majority) {
        const mset = s.msgs.filter((m) => m.type === 'phase1b' && m.ins === rm && m.mbal === bal && MS.includes(m.acc as string));
        const bals = mset.map((m) => m.bal as number);
        const maxbal = bals.length === 0 ? -1 : Math.max(...bals);
        const val = maxbal === -1 ? 'aborted' : mset.find((m) => m.bal === maxbal)!.val!;
        // \A ac \in MS : \E m \in mset : m.acc = ac — the product of the number of bindings of each ∃
        let bindings = 1;
        for (const ac of MS) bindings *= mset.filter((m) => m.acc === ac).length;
        for (let k = 0; k < bindings; k += 1) out.push(send(s, { type: 'phase2a', ins: rm, bal, val }));
      }
    }
  }
  const decided = (rm: string, v: string): number => {
    let n = 0;
    for (const b of c.Ballot) {
      for (const MS of c.Majority) if (MS.every((ac) => has(s, { type: 'phase2b', ins: rm, bal: b, val: v, acc: ac }))) n += 1;
    }
    return n;
  };
  let commitBindings = 1;
  for (const rm of c.RM) commitBindings *= decided(rm, 'prepared');
  for (let k = 0; k < commitBindings; k += 1) out.push(send(s, { type: 'Commit' }));
  for (const rm of c.RM) for (let k = decided(rm, 'aborted'); k > 0; k -= 1) out.push(send(s, { type: 'Abort' }));
  for (const acc of c.Acceptor) {
    for (const m of s.msgs) {
      const ins = m.ins as string;
      const a = s.aState[ins]?.[acc];
      if (m.type !== 'phase1a' || a === undefined || !(a.mbal < (m.bal as number))) continue;
      const next = { ...s, aState: withAcc(ins, acc, { ...a, mbal: m.bal as number }) };
      out.push(send(next, { type: 'phase1b', ins, mbal: m.bal, bal: a.bal, val: a.val, acc }));
    }
    for (const m of s.msgs) {
      const ins = m.ins as string;
      const a = s.aState[ins]?.[acc];
      if (m.type !== 'phase2a' || a === undefined || !(a.mbal <= (m.bal as number))) continue;
      const next = { ...s, aState: withAcc(ins, acc, { mbal: m.bal as number, bal: m.bal as number, val: m.val as string }) };
      out.push(send(next, { type: 'phase2b', ins, bal: m.bal, val: m.val, acc }));
    }
  }
  return out;
}

/** TLC's counts for PaxosCommit with constants `c`: distinct states, states generated, depth (init = 1). */
export function directPaxosCommitCounts(c: PaxosCommitConstants): { distinctStates: number; statesGenerated: number; depth: number } {
  const init: DirectState = {
    rmState: Object.fromEntries(c.RM.map((rm) => [rm, 'working'])),
    aState: Object.fromEntries(c.RM.map((rm) => [rm, Object.fromEntries(c.Acceptor.map((a) => [a, { mbal: 0, bal: -1, val: 'none' }]))])),
    msgs: [],
    msgKeys: [],
  };
  const seen = new Set<string>([key(init)]);
  let level: DirectState[] = [init];
  let generated = 1;
  let depth = 1;
  while (level.length > 0) {
    const next: DirectState[] = [];
    for (const s of level) {
      for (const t of successors(s, c)) {
        generated += 1;
        const k = key(t);
        if (seen.has(k)) continue;
        seen.add(k);
        next.push(t);
      }
    }
    if (next.length > 0) depth += 1;
    level = next;
  }
  return { distinctStates: seen.size, statesGenerated: generated, depth };
}
