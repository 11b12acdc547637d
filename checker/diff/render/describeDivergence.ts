/**
 * One sentence saying how a call diverges between two models, shared by the text and Markdown renderers.
 */
import type { Presentation } from '../../engine/api/model.js';
import type { Divergence, StepOutcome } from '../compareBehaviour.js';
import { formatCall, formatValue } from './formatCall.js';

/** How one side answered, in a few words: `= 0`, `refused`, `assertion noDecFromThree`. */
export function describeOutcome(outcome: StepOutcome): string {
  switch (outcome.kind) {
    case 'refused':
      return 'refused';
    case 'taken':
      return outcome.result === undefined ? 'taken' : `= ${formatValue(outcome.result)}`;
    case 'assertion':
      return `assertion ${outcome.property} (${outcome.message})`;
  }
}

/** E.g. `read(): vfio-old = 2, vfio-new = "two"`. Deterministic. */
export function describeDivergence(d: Divergence, nameA: string, nameB: string, presentation?: Presentation): string {
  const call = formatCall(d.label, undefined, presentation);
  const what: Record<Divergence['kind'], string> = {
    result: 'results differ',
    refusedByA: `${nameA} refuses it`,
    refusedByB: `${nameB} refuses it`,
    assertionInA: `${nameA} hits an assertion`,
    assertionInB: `${nameB} hits an assertion`,
  };
  return `${call}: ${what[d.kind]} — ${nameA} ${describeOutcome(d.a)}, ${nameB} ${describeOutcome(d.b)}`;
}
