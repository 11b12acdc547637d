/**
 * TokenRing (tlaplus/Examples `specifications/ewd426/TokenRing.tla` and `TokenRing.cfg`, commit
 * 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9): Dijkstra's self-stabilizing token ring (EWD426). Node 0 creates a
 * token when its counter equals that of node N-1; every other node copies its predecessor's counter when they differ.
 *
 * Next is `CreateToken \/ \E i \in Node \ {0} : PassToken(i)`. Init is every counter vector in [Node -> 0..M-1], so
 * every state is initial: the search has depth 1.
 *
 * TLC with N = M = 6 and CHECK_DEADLOCK FALSE: 46656 distinct states, 248832 states generated, depth 1 (TypeOK
 * holds; the .cfg's temporal property Stab, `<>[]UniqueToken`, is a liveness property and is not checked here).
 */
import { action, defineModel, defineSpec, t, type Infer } from '../../checker/engine/index.js';

/** The constants: the number of nodes N and the counter domain size M. */
export type TokenRingConstants = { readonly N: number; readonly M: number };

const schemaFor = (c: TokenRingConstants) => t.record({ c: t.array(t.int(0, c.M - 1), c.N) });

/** A state: `c[i]` is node i's counter. */
export type TokenRingState = Infer<ReturnType<typeof schemaFor>>;

/** The TokenRing spec. */
export const tokenRingSpec = defineSpec<TokenRingState, TokenRingConstants>({
  name: 'TokenRing',
  summary: "Dijkstra's self-stabilizing token ring with N nodes and counters modulo M (EWD426).",
  schema: schemaFor,
  validate: (c) =>
    !Number.isInteger(c.N) || c.N < 1
      ? 'N must be a positive integer'
      : !Number.isInteger(c.M) || c.M < 1
        ? 'M must be a positive integer'
        : c.N > c.M + 1
          ? 'N <= M + 1 is assumed (NMAssumption)'
          : undefined,
  *init(c) {
    // Every function in [Node -> 0..M-1], in odometer order.
    const counters = new Array<number>(c.N).fill(0);
    for (;;) {
      yield { c: [...counters] };
      let k = c.N - 1;
      while (k >= 0 && counters[k] === c.M - 1) {
        counters[k] = 0;
        k -= 1;
      }
      if (k < 0) return;
      counters[k]! += 1;
    }
  },
  actions: {
    CreateToken: {
      summary: 'node 0 holds the token (c[0] = c[N-1]) and injects a new value',
      enabled: (s, _p, k) => s.c[0] === s.c[k.N - 1],
      next: (s, _p, k) => ({ c: s.c.with(0, (s.c[k.N - 1]! + 1) % k.M) }),
    },
    PassToken: action({
      summary: "node i holds the token (c[i] /= c[i-1]) and copies its predecessor's counter",
      params: (k) => Array.from({ length: k.N - 1 }, (_, i) => i + 1),
      enabled: (s, i) => s.c[i] !== s.c[i - 1],
      next: (s, i) => ({ c: s.c.with(i, s.c[i - 1]!) }),
    }),
  },
});

/** TokenRing.cfg: N = M = 6, invariant TypeOK, no deadlock check. */
export const tokenRing = defineModel<TokenRingState, TokenRingConstants>({
  name: 'TokenRing',
  spec: tokenRingSpec,
  constants: { default: { N: 6, M: 6 } },
  deadlock: false,
  properties: {
    TypeOK: {
      kind: 'invariant',
      summary: 'c \\in [Node -> 0..M-1]',
      reference: 'TokenRing.tla TypeOK',
      holds: (s, k) => s.c.length === k.N && s.c.every((x) => Number.isInteger(x) && x >= 0 && x < k.M),
    },
  },
});
