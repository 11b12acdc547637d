/**
 * A threaded model for `lifecheck lint` tests: step bodies write through the context's private copies (`k.shared`,
 * `k.local`, and aliases of them), which is allowed, and through the shared constants, which is not (the lines
 * marked `// LINT:<rule>`).
 */
import { defineModel, defineThreads, t } from '../../../checker/engine/index.js';

type Constants = { readonly limit: number; readonly tags: number[] };
type Shared = { x: number; items: number[] };
type Local = { seen: number };

const program = defineThreads<Shared, Local, Constants>({
  name: 'ImpureThreads',
  threads: () => 2,
  start: () => 'main',
  shared: { schema: () => t.record({ x: t.int(0, 4), items: t.list(t.int(0, 4), 2) }), init: () => ({ x: 0, items: [] }) },
  locals: { schema: () => t.record({ seen: t.int(0, 4) }), init: () => ({ seen: 0 }) },
  procedures: {
    main: {
      work: {
        run: (k) => {
          k.local.seen = k.shared.x;
          k.shared.x += 1;
          const items = k.shared.items;
          if (items.length < 2) items.push(k.local.seen);
          k.constants.tags.push(1); // LINT:stateMutation
          k.done();
        },
      },
    },
  },
});

export const impureThreads = defineModel({ name: 'impure-threads', spec: program.spec, constants: { default: { limit: 1, tags: [] } }, properties: {} });
