/**
 * Short names for the models that ship with lifecheck, so that `lifecheck check vfio-new` works without a path.
 * Each entry loads its module lazily. The CLI is the only importer of this file (the engine never imports specs).
 */
import type { AnyModel } from '../checker/index.js';

/** A registered model: how to load it, and one line about it. */
export interface RegisteredModel {
  readonly summary: string;
  load(): Promise<AnyModel>;
}

/** The registry, by short name, in listing order. */
export const modelRegistry: { readonly [name: string]: RegisteredModel } = {
  'die-hard': {
    summary: 'DieHard jugs puzzle (tlaplus/Examples); NotSolved is violated in 6 steps',
    load: async () => (await import('./examples/dieHard.js')).dieHard,
  },
};
