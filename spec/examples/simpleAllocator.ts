/**
 * SimpleAllocator (tlaplus/Examples `specifications/allocator/SimpleAllocator.tla` and `SimpleAllocator.cfg`, commit
 * 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9): an allocator of a set of resources to clients. A client with nothing
 * outstanding and nothing held requests a nonempty set; the allocator hands out available requested resources,
 * possibly a part at a time; a client may return any part of what it holds at any time.
 *
 * Next is `\E c \in Clients, S \in SUBSET Resources : Request(c,S) \/ Allocate(c,S) \/ Return(c,S)`: one generated
 * state per enabled (disjunct, c, S). Allocate and Return range over sets that depend on the state (`stateParams`): the
 * nonempty subsets of what is available and requested, of what the client holds; Request over the fixed
 * `SUBSET Resources`. unsat and alloc map each client (by its position in `Clients`) to a set of
 * resources, `t.set(Resources)`: a sorted array of resource names encoded as a bitset, built with the set helpers.
 *
 * Fairness, which shapes the actions (a lifecheck fairness condition is one action, or one label of it):
 * - `\A c \in Clients : WF_vars(Return(c, alloc[c]))`: the step that returns everything c holds is its own action,
 *   `ReturnAll(c)`, fair per parameter; every other binding of `Return(c,S)` (S a nonempty proper subset of
 *   alloc[c]) is the action `Return(c, S)`. Together they are exactly the bindings of the module's Return, so the
 *   counts are TLC's.
 * - `\A c \in Clients : SF_vars(\E S \in SUBSET Resources : Allocate(c,S))`: strong fairness of the disjunction over S
 *   for each client separately, neither over every (c, S) label nor over all clients at once. So Allocate is one
 *   action per client, `Allocate_<c>` with the parameter S, each strongly fair as a whole; the actions are built
 *   for the clients of the constant set (`validate` refuses other clients).
 *
 * The module's `SimpleAllocator2` weakens the first condition to `WF_vars(unsat[c] = {} /\ Return(c, alloc[c]))`;
 * {@link simpleAllocatorModel} builds it too (`ReturnAll` is then enabled only when unsat[c] = {}, and the other
 * bindings go to `Return`), with the same Next and counts.
 *
 * TLC with Clients = {c1, c2, c3}, Resources = {r1, r2} (no symmetry: the .cfg notes it does not work for liveness):
 * 400 distinct states, 1633 states generated, depth 6; the invariants TypeInvariant and ResourceMutex and the
 * properties ClientsWillReturn, ClientsWillObtain and InfOftenSatisfied hold.
 */
import {
  alwaysEventually,
  defineModel,
  defineSpec,
  leadsTo,
  strongFairness,
  setHas,
  setIntersect,
  setMinus,
  setSubset,
  setUnion,
  subsets,
  t,
  weakFairness,
  type ActionDef,
  type Json,
  type Label,
  type Model,
  type Property,
} from '../../checker/engine/index.js';

/** The constants: the clients and the resources (model values). */
export type SimpleAllocatorConstants = { readonly Clients: readonly string[]; readonly Resources: readonly string[] };

/** A state: unsat[c] (c's outstanding request) and alloc[c] (what c holds), by position in `Clients`. */
export interface SimpleAllocatorState {
  readonly unsat: readonly (readonly string[])[];
  readonly alloc: readonly (readonly string[])[];
}
type State = SimpleAllocatorState;
type Constants = SimpleAllocatorConstants;
type ResourceSet = readonly string[];

/** The constants of SimpleAllocator.cfg. */
export const SIMPLE_ALLOCATOR_CONSTANTS: Constants = { Clients: ['c1', 'c2', 'c3'], Resources: ['r1', 'r2'] };

const schemaFor = (c: Constants) => {
  const perClient = t.array(t.set(c.Resources), c.Clients.length);
  return t.record({ unsat: perClient, alloc: perClient });
};

/** The nonempty subsets of Resources (SUBSET Resources without {}). */
const nonemptySubsets = (c: Constants): ResourceSet[] => subsets(c.Resources).filter((S) => S.length > 0);

const has = setHas<string>;
const subset = setSubset<string>;
const union = (c: Constants, a: ResourceSet, b: ResourceSet): ResourceSet => setUnion(c.Resources, a, b);
const minus = setMinus<string>;
/** available == Resources \ (UNION {alloc[c] : c \in Clients}). */
const available = (s: State, c: Constants): ResourceSet => c.Resources.filter((r) => s.alloc.every((held) => !has(held, r)));
const at = (c: Constants, client: string): number => c.Clients.indexOf(client);

/** Parameters of Request and Return: the client and the set S. */
type ClientSet = { readonly c: string; readonly S: ResourceSet };

/** Which of the module's two specifications: they differ only in the fairness of returning. */
export type SimpleAllocatorVariant = 'SimpleAllocator' | 'SimpleAllocator2';

/** The action holding `Allocate(client, S)` for every S (see the module comment). */
export const allocateAction = (client: string): string => `Allocate_${client}`;

/**
 * The spec for the clients `clients` (Allocate is one action per client). With `SimpleAllocator2`, `ReturnAll(c)` is
 * `unsat[c] = {} /\ Return(c, alloc[c])`; otherwise it is `Return(c, alloc[c])`. `Return(c, S)` is every other
 * binding of the module's Return.
 */
export function simpleAllocatorSpec(clients: readonly string[], variant: SimpleAllocatorVariant = 'SimpleAllocator') {
  /** Whether Return(c, S) in `s` is a step of the fair ReturnAll(c). */
  const returnsAllFairly = (s: State, k: number, S: ResourceSet): boolean =>
    S.length === s.alloc[k]!.length && (variant === 'SimpleAllocator' || s.unsat[k]!.length === 0);
  const returnNext = (s: State, k: number, S: ResourceSet): State => ({ ...s, alloc: s.alloc.with(k, minus(s.alloc[k]!, S)) });
  const allocate = (client: string): ActionDef<State, Constants, Json> => ({
    summary: `Allocate(${client}, S): the allocator gives ${client} a nonempty set S of available resources it requested`,
    // \E S \in SUBSET Resources with S # {} /\ S \subseteq available /\ S \subseteq unsat[c]: the nonempty subsets
    // of what is both available and requested, in this state
    stateParams: (s, c) => subsets(c.Resources, setIntersect(available(s, c), s.unsat[at(c, client)]!)).filter((S) => S.length > 0),
    next: (s, p, c) => {
      const k = at(c, client);
      const S = p as ResourceSet;
      return { unsat: s.unsat.with(k, minus(s.unsat[k]!, S)), alloc: s.alloc.with(k, union(c, s.alloc[k]!, S)) };
    },
  });
  return defineSpec<State, Constants>({
    name: variant,
    summary: 'An allocator of resources to clients that request, partly obtain and return sets of resources.',
    schema: schemaFor,
    validate: (c) =>
      c.Clients.length !== clients.length || c.Clients.some((x, i) => x !== clients[i])
        ? `this spec's Allocate actions are built for Clients = {${clients.join(', ')}}; build the spec for other clients with simpleAllocatorSpec(clients)`
        : new Set(c.Resources).size !== c.Resources.length || c.Resources.length === 0
          ? 'Resources must be a nonempty set of distinct values'
          : undefined,
    init: (c) => [{ unsat: c.Clients.map(() => []), alloc: c.Clients.map(() => []) }],
    actions: {
      Request: {
        summary: 'Request(c, S): a client with nothing outstanding and nothing held requests a nonempty set S',
        params: (c) => c.Clients.flatMap((client) => nonemptySubsets(c).map((S): ClientSet => ({ c: client, S }))),
        enabled: (s, p, c) => {
          const k = at(c, (p as ClientSet).c);
          return s.unsat[k]!.length === 0 && s.alloc[k]!.length === 0;
        },
        next: (s, p, c) => ({ ...s, unsat: s.unsat.with(at(c, (p as ClientSet).c), (p as ClientSet).S) }),
      },
      ...Object.fromEntries(clients.map((client) => [allocateAction(client), allocate(client)])),
      ReturnAll: {
        summary:
          variant === 'SimpleAllocator'
            ? 'Return(c, alloc[c]): c returns everything it holds (weakly fair per client)'
            : 'unsat[c] = {} /\\ Return(c, alloc[c]): c, fully served, returns everything it holds (weakly fair per client)',
        params: (c) => c.Clients,
        enabled: (s, client, c) => {
          const k = at(c, client as string);
          return s.alloc[k]!.length > 0 && returnsAllFairly(s, k, s.alloc[k]!);
        },
        next: (s, client, c) => {
          const k = at(c, client as string);
          return returnNext(s, k, s.alloc[k]!);
        },
      },
      Return: {
        summary: 'Return(c, S): c returns a nonempty set S of what it holds (the bindings ReturnAll does not take)',
        // \E c \in Clients, S \in SUBSET alloc[c] with S # {}, less the binding ReturnAll takes
        stateParams: (s, c) =>
          c.Clients.flatMap((client, k) =>
            subsets(c.Resources, s.alloc[k]!)
              .filter((S) => S.length > 0 && !returnsAllFairly(s, k, S))
              .map((S): ClientSet => ({ c: client, S })),
          ),
        next: (s, p, c) => returnNext(s, at(c, (p as ClientSet).c), (p as ClientSet).S),
      },
    },
  });
}

const setText = (S: Json): string => `{${(S as string[]).join(', ')}}`;

/** Steps as the module writes them: `Request(c1, {r1})`, `Allocate(c2, {r1, r2})`, `Return(c3, alloc[c3])`. */
function formatStep(label: Label, result: Json | undefined): string {
  const call = ((): string => {
    if (label.action === 'ReturnAll') return `Return(${String(label.params)}, alloc[${String(label.params)}])`;
    if (label.action.startsWith('Allocate_')) return `Allocate(${label.action.slice('Allocate_'.length)}, ${setText(label.params)})`;
    const { c, S } = label.params as { c: string; S: string[] };
    return `${label.action}(${c}, ${setText(S)})`;
  })();
  return result === undefined ? call : `${call} = ${JSON.stringify(result)}`;
}

/**
 * The properties of SimpleAllocator.cfg. Each of ClientsWillReturn, ClientsWillObtain and InfOftenSatisfied is a
 * conjunction over clients (and resources) of a property lifecheck states on its own, so each conjunct is a property
 * named by its bound values: `ClientsWillReturn_c1`, `ClientsWillObtain_c1_r2`, `InfOftenSatisfied_c3` (names a
 * shell takes unquoted); the conjunction holds iff every conjunct does.
 */
function allocatorProperties(constants: Constants): Record<string, Property<State, Constants>> {
  const properties: Record<string, Property<State, Constants>> = {
    TypeInvariant: {
      kind: 'invariant',
      summary: 'unsat and alloc map every client to a set of resources',
      reference: 'SimpleAllocator.tla TypeInvariant',
      holds: (s, c) =>
        [s.unsat, s.alloc].every(
          (f) => f.length === c.Clients.length && f.every((set) => subset(set, c.Resources) && new Set(set).size === set.length),
        ),
    },
    ResourceMutex: {
      kind: 'invariant',
      summary: 'no resource is allocated to two clients',
      reference: 'SimpleAllocator.tla ResourceMutex',
      holds: (s) => s.alloc.every((a, i) => s.alloc.every((b, j) => i === j || a.every((r) => !has(b, r)))),
    },
  };
  constants.Clients.forEach((client, k) => {
    properties[`ClientsWillReturn_${client}`] = leadsTo<State, Constants>(
      (s) => s.unsat[k]!.length === 0,
      (s) => s.alloc[k]!.length === 0,
      { summary: `once ${client} has all it asked for, it eventually holds nothing (unsat[${client}] = {} ~> alloc[${client}] = {})`, reference: 'SimpleAllocator.tla ClientsWillReturn' },
    );
  });
  constants.Clients.forEach((client, k) => {
    for (const r of constants.Resources) {
      properties[`ClientsWillObtain_${client}_${r}`] = leadsTo<State, Constants>(
        (s) => has(s.unsat[k]!, r),
        (s) => has(s.alloc[k]!, r),
        { summary: `a request of ${client} for ${r} is eventually granted (${r} \\in unsat[${client}] ~> ${r} \\in alloc[${client}])`, reference: 'SimpleAllocator.tla ClientsWillObtain' },
      );
    }
  });
  constants.Clients.forEach((client, k) => {
    properties[`InfOftenSatisfied_${client}`] = alwaysEventually<State, Constants>((s) => s.unsat[k]!.length === 0, {
      summary: `${client} has nothing outstanding infinitely often ([]<>(unsat[${client}] = {}))`,
      reference: 'SimpleAllocator.tla InfOftenSatisfied',
    });
  });
  return properties;
}

/**
 * A SimpleAllocator model for `constants` (default: the .cfg's), with the fairness of `variant`:
 * `\A c : WF_vars(ReturnAll(c))` and `\A c : SF_vars(Allocate_c)`. Deadlock checked.
 */
export function simpleAllocatorModel(
  constants: Constants = SIMPLE_ALLOCATOR_CONSTANTS,
  variant: SimpleAllocatorVariant = 'SimpleAllocator',
): Model<State, Constants> {
  return defineModel<State, Constants>({
    name: variant,
    spec: simpleAllocatorSpec(constants.Clients, variant),
    constants: { default: constants },
    fairness: [weakFairness('ReturnAll', { perParams: true }), ...constants.Clients.map((client) => strongFairness(allocateAction(client)))],
    properties: allocatorProperties(constants),
    presentation: { formatStep },
  });
}

/** SimpleAllocator.cfg: Clients = {c1, c2, c3}, Resources = {r1, r2}, SPECIFICATION SimpleAllocator. */
export const simpleAllocator = simpleAllocatorModel();
