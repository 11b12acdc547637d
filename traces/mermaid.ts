/**
 * The Mermaid renderer: a sequence diagram that GitHub and GitLab draw inline. When the model's presentation names
 * the participants (`Presentation.sequenceDiagram`; for VFIO, userspace and the kernel objects each call reaches),
 * each step is a solid arrow from the caller to its target and its result the dashed reply; otherwise the
 * participants are the state and the actions, and each reply carries the state changes.
 */
import type { Label, Presentation, Schema, Trace } from '../checker/engine/index.js';
import { diffStates, formatLeafValue } from './flattenState.js';
import { formatCall, formatResult, formatStep, loopSentence } from './formatStep.js';
import { displayTrace } from './schemaValues.js';
import { laneStepName, laneSteps, type ThreadLanesInfo } from './threadLanes.js';

/** Options of {@link renderTraceMermaid}. */
export interface MermaidOptions {
  /** The model's presentation: step formatting, and the participants when it names them. */
  readonly presentation?: Presentation;
  /** The states' schema, so that sets read `{a, b}` in the state changes. */
  readonly schema?: Schema;
  /** For a trace of a threaded spec (see `threadLanes.ts`): each thread, each lock and the shared state are participants. */
  readonly threads?: ThreadLanesInfo;
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
  if (options.threads !== undefined) return renderThreads(trace, options.threads);
  const roles = options.presentation?.sequenceDiagram?.(trace);
  return roles ? renderWithRoles(trace, roles, options.presentation) : renderGeneric(displayTrace(trace, options.schema), options.presentation);
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

type Roles = NonNullable<ReturnType<NonNullable<Presentation['sequenceDiagram']>>>;

function renderWithRoles(trace: Trace<unknown>, roles: Roles, presentation: Presentation | undefined): string {
  const d = new Diagram();
  const caller = d.participant(roles.caller.id, roles.caller.name);
  const targetOf = (k: number): string => {
    const t = roles.targets[k] ?? { id: 'unknown', name: 'unknown' };
    return d.participant(t.id, t.name);
  };
  const call = (label: Label): string => formatCall(label, presentation);
  let k = 0;
  trace.steps.forEach((step, i) => {
    if (step.label === null) return;
    const target = targetOf(k);
    k += 1;
    d.line(`${caller}->>${target}: ${escapeMessage(`${i}. ${call(step.label)}`)}`);
    if (step.result !== undefined) d.line(`${target}-->>${caller}: ${escapeMessage(formatResult(step.label, step.result, presentation))}`);
  });
  if (trace.aborted) {
    const target = targetOf(k);
    d.line(`${caller}-x${target}: ${escapeMessage(`${trace.steps.length}. ${call(trace.aborted.label)}`)}`);
    d.line(`Note over ${target}: ${escapeMessage(`✗ ${trace.aborted.message}`)}`);
  }
  const loop = loopSentence(trace, 0);
  if (loop !== undefined) d.line(`Note over ${caller}: ${escapeMessage(loop)}`);
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
    d.line(`${system}-x${target}: ${escapeMessage(`${trace.steps.length}. ${formatCall(trace.aborted.label, presentation)}`)}`);
    d.line(`Note over ${target}: ${escapeMessage(`✗ ${trace.aborted.message}`)}`);
  }
  const loop = loopSentence(trace, 0, presentation);
  if (loop !== undefined) d.line(`Note over ${system}: ${escapeMessage(loop)}`);
  return d.render();
}

/**
 * A threaded trace: a participant per thread, per lock and the shared state. A step is a message from its thread to
 * the shared state (with the shared changes) or to itself; taking a lock is a solid arrow to the lock, releasing it
 * a dashed one.
 */
function renderThreads(trace: Trace<unknown>, info: ThreadLanesInfo): string {
  const d = new Diagram();
  const thread = (k: number | undefined): string => (k === undefined ? d.participant('T_none', 'system') : d.participant(`T${k}`, `thread ${k}`));
  for (let k = 0; k < info.threads; k += 1) thread(k);
  const shared = d.participant('S', 'shared');
  const lock = (name: string): string => d.participant(`L_${name}`, `lock ${name}`);
  for (const name of info.locks) lock(name);
  for (const step of laneSteps(trace, info)) {
    const t = thread(step.thread);
    const aborted = trace.aborted !== undefined && step.index === trace.steps.length;
    const pc = step.pcBefore !== undefined && step.pcAfter !== undefined && step.pcBefore !== step.pcAfter ? ` (pc → ${step.pcAfter})` : '';
    const result = step.result !== undefined && step.result !== null ? ` = ${formatLeafValue(step.result as never)}` : '';
    const head = `${step.index}. ${laneStepName(step.label)}${result}${pc}`;
    const parts = [head, ...step.local].map(escapeMessage).join('<br/>');
    if (aborted) {
      d.line(`${t}-x${t}: ${escapeMessage(`${step.index}. ${laneStepName(step.label)}`)}`);
      d.line(`Note over ${t}: ${escapeMessage(`✗ ${trace.aborted!.message}`)}`);
      continue;
    }
    if (step.shared.length > 0) d.line(`${t}->>${shared}: ${[parts, ...step.shared.map(escapeMessage)].join('<br/>')}`);
    else d.line(`${t}->>${t}: ${parts}`);
    for (const l of step.locks) {
      const m = /^(lock|unlock) (.+?)( \(read\))?$/.exec(l);
      if (m === null) continue;
      const target = lock(m[2]!);
      d.line(`${t}${m[1] === 'lock' ? '->>' : '-->>'}${target}: ${escapeMessage(l)}`);
    }
  }
  const loop = loopSentence(trace, 0);
  if (loop !== undefined) d.line(`Note over ${shared}: ${escapeMessage(loop)}`);
  return d.render();
}
