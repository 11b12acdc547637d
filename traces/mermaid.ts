/**
 * The Mermaid renderer: a sequence diagram that GitHub and GitLab draw inline. For VFIO traces the participants are
 * userspace and the kernel objects each call reaches (group, container, device, KVM), with each call on a solid
 * arrow and its result on the dashed reply; for other models the participants are the actions, and each reply
 * carries the state changes.
 */
import type { Json, Label, Presentation, Trace } from '../checker/engine/index.js';
import { diffStates, formatLeafValue } from './flattenState.js';
import { formatStep } from './text.js';
import { FdObjects } from './vfio/fdObjects.js';
import { isVfioVocabulary, formatSyscallCall, formatSyscallResult } from './vfio/vfioPresentation.js';
import { traceActionNames } from './presentationFor.js';

/** Options of {@link renderTraceMermaid}. */
export interface MermaidOptions {
  /** Force the VFIO form (default: when every action of the trace is a VFIO syscall). */
  readonly vfio?: boolean;
  /** Step formatting for the generic form. */
  readonly presentation?: Presentation;
}

/** Mermaid message text: `;` and `#` would end or escape the message, so they become entity codes. */
function escapeMessage(text: string): string {
  return text.replace(/[#;]/g, (c) => (c === '#' ? '#35;' : '#59;')).replace(/\n/g, ' ');
}

/** A participant id Mermaid accepts (letters, digits, underscore). */
function participantId(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Renders `trace` as a Mermaid `sequenceDiagram`, ending in a newline. Deterministic. */
export function renderTraceMermaid(trace: Trace<unknown>, options: MermaidOptions = {}): string {
  const vfio = options.vfio ?? isVfioVocabulary(traceActionNames(trace));
  return vfio ? renderVfio(trace) : renderGeneric(trace, options.presentation);
}

class Diagram {
  private readonly declared = new Map<string, string>();
  private readonly body: string[] = [];
  participant(id: string, alias: string): string {
    const pid = participantId(id);
    if (!this.declared.has(pid)) this.declared.set(pid, alias);
    return pid;
  }
  line(text: string): void {
    this.body.push(`    ${text}`);
  }
  render(): string {
    const head = [...this.declared].map(([id, alias]) => `    participant ${id} as ${escapeMessage(alias)}`);
    return ['sequenceDiagram', ...head, ...this.body].join('\n') + '\n';
  }
}

function renderVfio(trace: Trace<unknown>): string {
  const d = new Diagram();
  const user = d.participant('U', 'userspace');
  const objects = new FdObjects();
  const mappings = new Map<number, string>();
  const targetOf = (label: Label): string => {
    if (label.action === 'kvmGroupAdd' || label.action === 'kvmGroupDel') return d.participant('KVM', 'KVM');
    if (label.action === 'munmap') {
      const m = (label.params as { mapping?: number } | null)?.mapping;
      const id = typeof m === 'number' ? mappings.get(m) : undefined;
      if (id !== undefined) return id;
    }
    const object = objects.target(label);
    return object ? d.participant(object.id, object.name) : d.participant('kernel', 'kernel');
  };
  const resultText = (label: Label, result: Json | undefined): string => formatSyscallResult(label.action, result);
  trace.steps.forEach((step, i) => {
    if (step.label === null) return;
    const label = step.label;
    const target = targetOf(label);
    d.line(`${user}->>${target}: ${escapeMessage(`${i}. ${formatSyscallCall(label)}`)}`);
    d.line(`${target}-->>${user}: ${escapeMessage(resultText(label, step.result))}`);
    if (label.action === 'mmap' && typeof step.result === 'number') mappings.set(step.result, target);
    objects.step(label, step.result);
  });
  if (trace.aborted) {
    const target = targetOf(trace.aborted.label);
    d.line(`${user}-x${target}: ${escapeMessage(`${trace.steps.length}. ${formatSyscallCall(trace.aborted.label)}`)}`);
    d.line(`Note over ${target}: ${escapeMessage(`✗ ${trace.aborted.message}`)}`);
  }
  if (trace.loop !== undefined) d.line(`Note over ${user}: ${escapeMessage(`back to state ${trace.loop}`)}`);
  return d.render();
}

function renderGeneric(trace: Trace<unknown>, presentation: Presentation | undefined): string {
  const d = new Diagram();
  const system = d.participant('S', 'state');
  trace.steps.forEach((step, i) => {
    if (step.label === null) return;
    const target = d.participant(`A_${step.label.action}`, step.label.action);
    d.line(`${system}->>${target}: ${escapeMessage(`${i}. ${formatStep(step.label, step.result, presentation)}`)}`);
    const changes = diffStates(trace.steps[i - 1]!.state, step.state).map(
      (c) => `${c.path}: ${formatLeafValue(c.before)} → ${formatLeafValue(c.after)}`,
    );
    d.line(`${target}-->>${system}: ${changes.length === 0 ? '(no change)' : changes.map(escapeMessage).join('<br/>')}`);
  });
  if (trace.aborted) {
    const target = d.participant(`A_${trace.aborted.label.action}`, trace.aborted.label.action);
    d.line(`${system}-x${target}: ${escapeMessage(`${trace.steps.length}. ${formatStep(trace.aborted.label, undefined, presentation)}`)}`);
    d.line(`Note over ${target}: ${escapeMessage(`✗ ${trace.aborted.message}`)}`);
  }
  if (trace.loop !== undefined) d.line(`Note over ${system}: ${escapeMessage(`back to state ${trace.loop}`)}`);
  return d.render();
}
