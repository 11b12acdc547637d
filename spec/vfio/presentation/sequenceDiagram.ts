/**
 * The participants of a VFIO trace's sequence diagram: userspace calls, the kernel objects each call reaches answer
 * (group, container, device, KVM; `kernel` for a call on no known object, such as `exit` or a call on a closed fd).
 * Which object an fd refers to is followed from the calls and their results alone ({@link FdObjects}).
 */
import type { Json, Label, Presentation, Trace } from '../../../checker/engine/index.js';
import { FdObjects } from './fdObjects.js';

/** The roles of a sequence diagram (the result of {@link Presentation.sequenceDiagram}). */
export type SequenceDiagramRoles = ReturnType<NonNullable<Presentation['sequenceDiagram']>>;
type Participant = SequenceDiagramRoles['caller'];

/** A participant id Mermaid accepts (letters, digits, underscore). */
const participantId = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, '_');

const USERSPACE: Participant = { id: 'U', name: 'userspace' };
const KVM: Participant = { id: 'KVM', name: 'KVM' };
const KERNEL: Participant = { id: 'kernel', name: 'kernel' };

/**
 * The caller (userspace) and the target of every step of `trace`, then of its aborted step. Deterministic; reads
 * labels and results only (no state). `munmap` goes to the object its mapping was made on, when the trace made it.
 */
export function vfioSequenceDiagram(trace: Trace<unknown>): SequenceDiagramRoles {
  const objects = new FdObjects();
  const mappings = new Map<number, Participant>();
  const targetOf = (label: Label): Participant => {
    if (label.action === 'kvmGroupAdd' || label.action === 'kvmGroupDel') return KVM;
    if (label.action === 'munmap') {
      const m = (label.params as { mapping?: Json } | null)?.mapping;
      const mapped = typeof m === 'number' ? mappings.get(m) : undefined;
      if (mapped !== undefined) return mapped;
    }
    const object = objects.target(label);
    return object ? { id: participantId(object.id), name: object.name } : KERNEL;
  };
  const targets: Participant[] = [];
  for (const step of trace.steps) {
    if (step.label === null) continue;
    const target = targetOf(step.label);
    targets.push(target);
    if (step.label.action === 'mmap' && typeof step.result === 'number') mappings.set(step.result, target);
    objects.step(step.label, step.result);
  }
  if (trace.aborted) targets.push(targetOf(trace.aborted.label));
  return { caller: USERSPACE, targets };
}
