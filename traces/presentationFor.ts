/**
 * Choosing how to show a model's traces: the model's own `presentation` when it has one, else the VFIO syscall
 * presentation when every action of the model (or of the trace) is a VFIO syscall, else none (generic forms).
 */
import type { AnyModel, Presentation, Trace } from '../checker/engine/index.js';
import { isVfioVocabulary, vfioPresentation } from './vfio/vfioPresentation.js';

/** The action names used in `trace` (its steps and its aborted step), in first-use order. */
export function traceActionNames(trace: Trace<unknown>): string[] {
  const names = new Set<string>();
  for (const s of trace.steps) if (s.label) names.add(s.label.action);
  if (trace.aborted) names.add(trace.aborted.label.action);
  return [...names];
}

/** Whether `model` (or, without a model, `trace`) speaks the VFIO syscall vocabulary. */
export function isVfioTrace(trace: Trace<unknown>, model?: AnyModel): boolean {
  return model ? isVfioVocabulary(Object.keys(model.spec.actions)) : isVfioVocabulary(traceActionNames(trace));
}

/** The presentation to use for `trace` of `model` (see the module comment); undefined means generic rendering. */
export function presentationFor(trace: Trace<unknown>, model?: AnyModel): Presentation | undefined {
  if (model?.presentation?.formatStep) return model.presentation;
  return isVfioTrace(trace, model) ? vfioPresentation : undefined;
}
