/**
 * Short names for the models that ship with lifecheck, so that `lifecheck check vfio-new` works without a path.
 * Each entry loads its module lazily, and names the module and export so that worker threads can load it too.
 * The CLI is the only importer of this file (the engine never imports specs).
 */
import type { AnyModel } from '../checker/engine/index.js';

/** A registered model: how to load it, where it lives, and one line about it. */
export interface RegisteredModel {
  readonly summary: string;
  /** The module, relative to this file, and the export holding the model. */
  readonly module: string;
  readonly exportName: string;
  load(): Promise<AnyModel>;
}

function entry(summary: string, module: string, exportName: string, load: () => Promise<Record<string, unknown>>): RegisteredModel {
  return { summary, module, exportName, load: async () => (await load())[exportName] as AnyModel };
}

/** The registry, by short name, in listing order. */
export const modelRegistry: { readonly [name: string]: RegisteredModel } = {
  'vfio-old': entry('VFIO group/container/device FD lifecycle at e0e29bdb (parent of b76c0eed)', './vfio/models.js', 'vfioOld', () => import('./vfio/models.js')),
  'vfio-new': entry('VFIO lifecycle at b76c0eed "vfio: Simplify the life cycle of the group FD"', './vfio/models.js', 'vfioNew', () => import('./vfio/models.js')),
  'vfio-post': entry('VFIO lifecycle at 3ca54708, what shipped in v5.19', './vfio/models.js', 'vfioPost', () => import('./vfio/models.js')),
  'die-hard': entry('DieHard jugs puzzle (tlaplus/Examples); NotSolved is violated in 6 steps', './examples/dieHard.js', 'dieHard', () => import('./examples/dieHard.js')),
  tcommit: entry('TCommit, RM = 3 (tlaplus/Examples transaction_commit)', './examples/tCommit.js', 'tCommit', () => import('./examples/tCommit.js')),
  'two-phase': entry('TwoPhase commit, RM = 3 (tlaplus/Examples transaction_commit)', './examples/twoPhase.js', 'twoPhase', () => import('./examples/twoPhase.js')),
  barrier: entry('Barrier, N = 6, with the action property BarrierProperty (tlaplus/Examples barriers)', './examples/barrier.js', 'barrier', () => import('./examples/barrier.js')),
  'async-termination': entry('AsyncTerminationDetection, N = 4, pending <= 3 (tlaplus/Examples ewd998)', './examples/asyncTerminationDetection.js', 'asyncTerminationDetection', () => import('./examples/asyncTerminationDetection.js')),
  'two-phase-symmetric': entry('TwoPhase with SYMMETRY Permutations(RM); constants rm5: 314 orbits of the 8,832 states', './examples/twoPhase.js', 'twoPhaseSymmetric', () => import('./examples/twoPhase.js')),
  'mc-voting': entry('MCVoting (tlaplus/Examples Paxos), acceptors and values symmetric: TLC counts 77 states, 451 generated', './examples/mcVoting.js', 'mcVoting', () => import('./examples/mcVoting.js')),
  'alternating-bit': entry('MCAlternatingBit, Data = {d1, d2}, queues of 2 (tlaplus/Examples SpecifyingSystems)', './examples/mcAlternatingBit.js', 'mcAlternatingBit', () => import('./examples/mcAlternatingBit.js')),
  'token-ring': entry("Dijkstra's self-stabilizing token ring EWD426, N = M = 6 (tlaplus/Examples ewd426)", './examples/tokenRing.js', 'tokenRing', () => import('./examples/tokenRing.js')),
  prisoners: entry('Prisoners and two switches, 4 prisoners, Liveness <>Done under per-prisoner WF (tlaplus/Examples Prisoners)', './examples/prisoners.js', 'prisoners', () => import('./examples/prisoners.js')),
  'simple-allocator': entry('SimpleAllocator, 3 clients, 2 resources, leads-to and []<> under WF/SF per client (tlaplus/Examples allocator)', './examples/simpleAllocator.js', 'simpleAllocator', () => import('./examples/simpleAllocator.js')),
  'sync-termination': entry('SyncTerminationDetection, N = 7, terminated ~> terminationDetected under WF (tlaplus/Examples ewd840)', './examples/syncTerminationDetection.js', 'syncTerminationDetection', () => import('./examples/syncTerminationDetection.js')),
  'replicated-log': entry('MCDistributedReplicatedLog, 3 servers, Lag 3, as its VIEW; InSync fails (TLC: liveness failure) (tlaplus/Examples FiniteMonotonic)', './examples/distributedReplicatedLog.js', 'mcDistributedReplicatedLog', () => import('./examples/distributedReplicatedLog.js')),
  'racy-counter': entry('Two threads increment a counter with read-then-write (defineThreads): an update is lost', './examples/threadCounter.js', 'racyCounter', () => import('./examples/threadCounter.js')),
  'locked-counter': entry('The same counter with a mutex around read and write: no update is lost', './examples/threadCounter.js', 'lockedCounter', () => import('./examples/threadCounter.js')),
  abba: entry('Two threads take locks A and B in opposite orders: a deadlock and a lockdep order cycle', './examples/abba.js', 'abbaLocks', () => import('./examples/abba.js')),
  peterson: entry("Peterson's filter lock, N = 5 (the benchmark model; SPIN and Rumur count 344,805 states)", './examples/peterson.js', 'peterson', () => import('./examples/peterson.js')),
  counters: entry('Independent counters x[i] in 0..9 with inc/dec: 3 counters, 1,000 states (--constants bench: 7, 10,000,000)', './examples/counters.js', 'counters', () => import('./examples/counters.js')),
  'paxos-commit': entry('PaxosCommit, RM = {r1} (tlaplus/Examples transaction_commit; --constants tlc: PaxosCommit.cfg, 1,321,761 states)', './examples/paxosCommit.js', 'paxosCommit', () => import('./examples/paxosCommit.js')),
  '2pc-btm': entry('2PCwithBTM, RM = 3, TM and RMs may fail, Termination under WF per process; TLC: 1,245 states, 5,841 generated (tlaplus/Examples transaction_commit)', './examples/twoPhaseBtm.js', 'twoPhaseBtm', () => import('./examples/twoPhaseBtm.js')),
  'vfio-lock-pre': entry('VFIO at its lock boundaries before be8d3adae (lock-free container_users, P3\'s old GET_DEVICE_FD order)', './vfio/lock/models.js', 'vfioLockPre', () => import('./vfio/lock/models.js')),
  'vfio-lock-old': entry('VFIO at its lock boundaries at e0e29bdb (threads, group_rwsem, deferred releases)', './vfio/lock/models.js', 'vfioLockOld', () => import('./vfio/lock/models.js')),
  'vfio-lock-new': entry('VFIO at its lock boundaries at b76c0eed (device files pin the group file)', './vfio/lock/models.js', 'vfioLockNew', () => import('./vfio/lock/models.js')),
  'vfio-lock-post': entry('VFIO at its lock boundaries at 3ca54708 (container_users a plain int)', './vfio/lock/models.js', 'vfioLockPost', () => import('./vfio/lock/models.js')),
  'simplified-paxos': entry('Paxos of SimplifiedFastPaxos, 4 replicas, 3 values, SYMMETRY on both: TLC counts 1,207 states, 13,290 generated (tlaplus/Examples)', './examples/simplifiedPaxos.js', 'simplifiedPaxos', () => import('./examples/simplifiedPaxos.js')),
};
