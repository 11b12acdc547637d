/**
 * One sentence saying how a call diverges between two models, shared by the text and Markdown renderers.
 */
import type { Label } from '../../engine/api/label.js';
import type { Presentation } from '../../engine/api/model.js';
import type { Divergence, StepOutcome } from '../compareBehaviour.js';
import { formatCall, formatResult } from '../../../traces/formatStep.js';

/**
 * How one side answered `label`, in a few words: `= 0` (the result as the step formatter writes it), `refused`,
 * `assertion noDecFromThree (…)`.
 */
export function describeOutcome(outcome: StepOutcome, label: Label, presentation?: Presentation): string {
  switch (outcome.kind) {
    case 'refused':
      return 'refused';
    case 'taken':
      return outcome.result === undefined ? 'taken' : `= ${formatResult(label, outcome.result, presentation)}`;
    case 'assertion':
      return `assertion ${outcome.property} (${outcome.message})`;
  }
}

/** E.g. `read: vfio-old = 2, vfio-new = two`. Deterministic; calls and results as the step formatter writes them. */
export function describeDivergence(d: Divergence, nameA: string, nameB: string, presentation?: Presentation, presentationB = presentation): string {
  const call = formatCall(d.label, presentation);
  const what: Record<Divergence['kind'], string> = {
    result: 'results differ',
    refusedByA: `${nameA} refuses it`,
    refusedByB: `${nameB} refuses it`,
    assertionInA: `${nameA} hits an assertion`,
    assertionInB: `${nameB} hits an assertion`,
  };
  return `${call}: ${what[d.kind]} — ${nameA} ${describeOutcome(d.a, d.label, presentation)}, ${nameB} ${describeOutcome(d.b, d.label, presentationB)}`;
}
