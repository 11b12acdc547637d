/**
 * `tlcManifest.json`, typed: TLC's recorded results for the example models (from the tlaplus/Examples manifests at
 * the commit it names), by the lifecheck export that ports each one.
 */
import { readFileSync } from 'node:fs';

/** One .cfg of a TLA+ module, as the Examples manifest records TLC's run of it. */
export interface ManifestModel {
  readonly path: string;
  readonly mode: string;
  readonly result: 'success' | 'safety failure' | 'liveness failure';
  readonly distinctStates?: number;
  readonly totalStates?: number;
  readonly stateDepth?: number;
  readonly violatedProperty?: string;
  readonly counterexampleStates?: number;
  readonly finalState?: Record<string, unknown>;
  /** For specs with temporal properties: the .cfg's INVARIANTS and PROPERTIES, and the fairness of its SPECIFICATION. */
  readonly cfg?: { readonly invariants: readonly string[]; readonly properties: readonly string[]; readonly fairness: string };
}

/** A TLA+ module and the lifecheck model that ports it. */
export interface ManifestModule {
  readonly path: string;
  readonly lifecheck: { readonly module: string; readonly export: string };
  readonly models: readonly ManifestModel[];
}

/** The whole manifest. */
export const manifest = JSON.parse(readFileSync(new URL('./tlcManifest.json', import.meta.url), 'utf8')) as {
  readonly modules: readonly ManifestModule[];
};

/** TLC's record of the (first) .cfg of the module ported as `exportName`. */
export function tlcRecord(exportName: string): ManifestModel {
  const module = manifest.modules.find((m) => m.lifecheck.export === exportName);
  if (module === undefined) throw new Error(`tlcManifest.json has no module ported as ${exportName}`);
  return module.models[0]!;
}
