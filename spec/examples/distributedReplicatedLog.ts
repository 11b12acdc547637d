/**
 * MCDistributedReplicatedLog (tlaplus/Examples `specifications/FiniteMonotonic/DistributedReplicatedLog.tla`,
 * `MCDistributedReplicatedLog.tla` and `.cfg`, commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9): servers append to
 * a replicated log; the longest log may be extended (keeping every log within `Lag` entries of it), and a shorter
 * one copies part of the missing suffix from a longer one — at least all but one entry of it.
 *
 * The logs only grow, so the state space is infinite; the .cfg makes it finite with `VIEW DropCommonPrefix`, under
 * which TLC identifies states whose logs agree once their longest common prefix is dropped. Guards and effects
 * depend only on what follows the common prefix, so the view is a bisimulation of the spec, and this port stores
 * the view itself: after every step the new common prefix is dropped. With one value (`Values = {v}`, as in the
 * .cfg) a log is determined by its length, and the longest common prefix is the shortest log; `validate` asks for
 * one value. TLC records no state counts for this model (only the verdict), and none are claimed here.
 *
 * Next is `\E i \in Servers : Copy(i) \/ Extend(i)`, with `Copy(i) == \E j \in Servers : ... \E l \in L-1 .. L` and
 * `Extend(i) == ... \E s \in BoundedSeq(Values, Lag - ...)`. Fairness: `\A s \in Servers : WF_vars(Extend(s)) /\
 * WF_vars(Copy(s))` — weak fairness of each server's whole disjunction over j and l (or s), so each server has its
 * own actions `Copy_<s>` (parameters j and l) and `Extend_<s>` (parameter: how many entries), each weakly fair as a
 * whole. `Copy` with l = 0 and `Extend` by nothing are stuttering steps, generated as TLC generates them.
 *
 * TLC's verdict: liveness failure. The module's comment names the property: "TLC correctly verifies that InSync is
 * not a property of the system because followers are permitted to copy only a prefix of the missing suffix".
 * AllExtending (`[]<><<IsStrictPrefix(cLogs[s], cLogs'[s])>>_cLogs`, a theorem of the module) is about steps, not
 * states, and lifecheck's temporal properties are over state predicates, so it is not stated.
 */
import {
  alwaysEventually,
  defineModel,
  defineSpec,
  t,
  weakFairness,
  type ActionDef,
  type Json,
  type Label,
  type Model,
  type Property,
} from '../../checker/engine/index.js';

/** The constants: the servers and values (model values) and the bound on the divergence of the logs. */
export type DistributedReplicatedLogConstants = { readonly Servers: readonly string[]; readonly Values: readonly string[]; readonly Lag: number };

/** A state: each server's log with the longest common prefix of all logs dropped (the .cfg's VIEW). */
export interface DistributedReplicatedLogState {
  readonly cLogs: readonly (readonly string[])[];
}
type State = DistributedReplicatedLogState;
type Constants = DistributedReplicatedLogConstants;

/** The constants of MCDistributedReplicatedLog.cfg. */
export const DISTRIBUTED_REPLICATED_LOG_CONSTANTS: Constants = { Servers: ['n1', 'n2', 'n3'], Values: ['v'], Lag: 3 };

const schemaFor = (c: Constants) => t.record({ cLogs: t.array(t.list(t.enum(...c.Values), c.Lag), c.Servers.length) });

/** DropCommonPrefix: every log without the longest common prefix of all of them. */
function dropCommonPrefix(logs: readonly (readonly string[])[]): State {
  let common = 0;
  const shortest = Math.min(...logs.map((l) => l.length));
  while (common < shortest && logs.every((l) => l[common] === logs[0]![common])) common += 1;
  return { cLogs: logs.map((l) => l.slice(common)) };
}

/** Whether two logs are the same sequence. */
const sameLog = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, k) => v === b[k]);
const at = (c: Constants, server: string): number => c.Servers.indexOf(server);
const upTo = (n: number): number[] => Array.from({ length: n + 1 }, (_, k) => k);

/** Parameters of Copy: the server copied from, and how many entries. */
type CopyParams = { readonly j: string; readonly l: number };

/** The action holding `Copy(server)` for every j and l. */
export const copyAction = (server: string): string => `Copy_${server}`;
/** The action holding `Extend(server)` for every sequence appended. */
export const extendAction = (server: string): string => `Extend_${server}`;

/** The spec for the servers `servers` (Copy and Extend are actions per server). */
export function distributedReplicatedLogSpec(servers: readonly string[]) {
  const copy = (server: string): ActionDef<State, Constants, Json> => ({
    summary: `Copy(${server}): ${server} copies l of the L entries it lacks from a longer log j, l \\in L-1..L`,
    params: (c) => c.Servers.flatMap((j) => upTo(c.Lag).map((l): CopyParams => ({ j, l }))),
    enabled: (s, p, c) => {
      const { j, l } = p as CopyParams;
      const L = s.cLogs[at(c, j)]!.length - s.cLogs[at(c, server)]!.length;
      return L > 0 && (l === L - 1 || l === L);
    },
    next: (s, p, c) => {
      const { j, l } = p as CopyParams;
      const i = at(c, server);
      const mine = s.cLogs[i]!;
      return dropCommonPrefix(s.cLogs.with(i, [...mine, ...s.cLogs[at(c, j)]!.slice(mine.length, mine.length + l)]));
    },
  });
  const extend = (server: string): ActionDef<State, Constants, Json> => ({
    summary: `Extend(${server}): the longest log ${server} appends up to Lag minus its lead over the shortest entries`,
    params: (c) => upTo(c.Lag),
    enabled: (s, m, c) => {
      const mine = s.cLogs[at(c, server)]!.length;
      if (s.cLogs.some((log) => log.length > mine)) return false;
      return (m as number) <= c.Lag - Math.max(...s.cLogs.map((log) => mine - log.length));
    },
    next: (s, m, c) => {
      const i = at(c, server);
      return dropCommonPrefix(s.cLogs.with(i, [...s.cLogs[i]!, ...new Array<string>(m as number).fill(c.Values[0]!)]));
    },
  });
  return defineSpec<State, Constants>({
    name: 'DistributedReplicatedLog',
    summary: 'A replicated log: the longest log is extended within a bounded lag, shorter ones copy from longer ones.',
    schema: schemaFor,
    validate: (c) =>
      c.Servers.length !== servers.length || c.Servers.some((x, i) => x !== servers[i])
        ? `this spec's actions are built for Servers = {${servers.join(', ')}}; build the spec for other servers with distributedReplicatedLogSpec(servers)`
        : c.Servers.length < 2
          ? 'Servers must have more than one element (MCDistributedReplicatedLog ASSUME)'
          : c.Values.length !== 1
            ? 'this port stores the VIEW of logs over a single value (Values = {v}): give exactly one value'
            : !Number.isInteger(c.Lag) || c.Lag < 0
              ? 'Lag must be a natural number'
              : undefined,
    init: (c) => [{ cLogs: c.Servers.map(() => []) }],
    actions: Object.fromEntries(servers.flatMap((server) => [[copyAction(server), copy(server)], [extendAction(server), extend(server)]])),
  });
}

/** Steps as the module writes them: `Copy(n2) from n1, 2 entries`, `Extend(n1) by 3`. */
function formatStep(label: Label, result: Json | undefined): string {
  const [action, server] = label.action.split('_') as [string, string];
  const call =
    action === 'Copy'
      ? `Copy(${server}) from ${(label.params as CopyParams).j}, ${(label.params as CopyParams).l} entries`
      : `Extend(${server}) by ${String(label.params)}`;
  return result === undefined ? call : `${call} = ${JSON.stringify(result)}`;
}

/**
 * The properties of MCDistributedReplicatedLog.cfg: the invariants TypeOK and BoundedLag, and InSync
 * (`\A i, j \in Servers : []<>(cLogs[i] = cLogs[j])`) as one `[]<>` per pair of distinct servers,
 * `InSync_n1_n2` …: the conjuncts with i = j are true, and (i, j) says what (j, i) says.
 */
function logProperties(c: Constants): Record<string, Property<State, Constants>> {
  const properties: Record<string, Property<State, Constants>> = {
    TypeOK: {
      kind: 'invariant',
      summary: 'cLogs \\in [Servers -> Seq(Values)]',
      reference: 'DistributedReplicatedLog.tla TypeOK',
      holds: (s, k) => s.cLogs.length === k.Servers.length && s.cLogs.every((log) => log.every((v) => k.Values.includes(v))),
    },
    BoundedLag: {
      kind: 'invariant',
      summary: 'no two logs differ in length by more than Lag',
      reference: 'DistributedReplicatedLog.tla BoundedLag',
      holds: (s, k) => Math.max(...s.cLogs.map((l) => l.length)) - Math.min(...s.cLogs.map((l) => l.length)) <= k.Lag,
    },
  };
  c.Servers.forEach((a, i) => {
    c.Servers.forEach((b, j) => {
      if (j <= i) return;
      properties[`InSync_${a}_${b}`] = alwaysEventually<State, Constants>((s) => sameLog(s.cLogs[i]!, s.cLogs[j]!), {
        summary: `the logs of ${a} and ${b} are equal again and again ([]<>(cLogs[${a}] = cLogs[${b}]))`,
        reference: 'DistributedReplicatedLog.tla InSync',
      });
    });
  });
  return properties;
}

/** An MCDistributedReplicatedLog model for `constants` (default: the .cfg's), with the spec's fairness. */
export function distributedReplicatedLogModel(constants: Constants = DISTRIBUTED_REPLICATED_LOG_CONSTANTS): Model<State, Constants> {
  return defineModel<State, Constants>({
    name: 'MCDistributedReplicatedLog',
    spec: distributedReplicatedLogSpec(constants.Servers),
    constants: { default: constants },
    fairness: constants.Servers.flatMap((s) => [weakFairness(extendAction(s)), weakFairness(copyAction(s))]),
    properties: logProperties(constants),
    presentation: { formatStep },
  });
}

/** MCDistributedReplicatedLog.cfg: Servers = {n1, n2, n3}, Values = {v}, Lag = 3, VIEW DropCommonPrefix. */
export const mcDistributedReplicatedLog = distributedReplicatedLogModel();
