import type { Json } from './json.js';

/**
 * A transition's label: the action's name and the parameters it was taken with (the witnesses of the ∃ in Next).
 * Labels are JSON and deterministic: for a given state, a label names exactly one successor.
 */
export interface Label {
  readonly action: string;
  readonly params: Json;
}
