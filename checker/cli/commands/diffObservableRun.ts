/**
 * The observable-level part of `lifecheck diff` (`--observable-models`, `--observable-mapping`): loads the models
 * and the mapping, runs `diffObservable`, writes the concrete interleavings of each first-diverging call and each
 * property counterexample under `<out>/<title slug>/` (every trace format, thread lanes included), and renders the
 * report's section.
 */
import path from 'node:path';
import type { AnyModel } from '../../engine/api/model.js';
import { UsageError } from '../../engine/api/errors.js';
import { canonicalJson, type Json } from '../../engine/api/json.js';
import { diffObservable, type ObservableDiff } from '../../diff/observable/diffObservable.js';
import { isObservableMapping, type ObservableMapping } from '../../diff/observable/observableMapping.js';
import { renderObservableMarkdown, type ObservableMarkdown } from '../../diff/render/renderObservableMarkdown.js';
import { traceContextFor } from '../../../traces/traceContext.js';
import { writeTraceFiles } from '../../../traces/writeTraceFiles.js';
import { loadModel } from '../loadModel.js';
import { guardOutputWrite, makeDirectory, writeOutputFile } from '../outputPaths.js';
import { shellCommand } from '../../../traces/shellWord.js';
import { loadNamedExport, type DiffCommandOptions } from './diff.js';

/** What the observable-level part gives the rest of `diff`. */
export interface ObservableRun {
  readonly diff: ObservableDiff;
  readonly section: ObservableMarkdown;
  /** Whether some walk was not exhaustive. */
  readonly incomplete: boolean;
  /** Trace files written. */
  readonly files: number;
}

/** A file-name slug of a title (`Lock level` → `lock-level`). */
function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'observable';
}

/**
 * Runs the observable-level comparison for `options` (whose `observableModels` and `observableMapping` are set);
 * `relative` turns an output path into a link relative to the Markdown document.
 */
export async function runObservableDiff(options: DiffCommandOptions, relative: (target: string) => string): Promise<ObservableRun> {
  const refs = options.observableModels!.split(',').filter(Boolean);
  const models: AnyModel[] = [];
  for (const ref of refs) models.push(await loadModel(ref));
  const value = await loadNamedExport(options.observableMapping!, 'observable mapping');
  if (!isObservableMapping(value)) throw new UsageError(`observable mapping '${options.observableMapping}' must export {thread, classify, call, formatCall, formatResult}`);
  const mapping: ObservableMapping = value;
  const diff = diffObservable(models, mapping, {
    ...(options.observableConstants !== undefined ? { constantSet: options.observableConstants } : {}),
    ...(options.maxStates !== undefined ? { maxPairs: options.maxStates } : {}),
  });
  const command = shellCommand([
    'lifecheck',
    'diff',
    '--observable-models',
    refs.join(','),
    ...(options.observableConstants !== undefined ? ['--observable-constants', options.observableConstants] : []),
    '--observable-mapping',
    options.observableMapping!,
    ...(options.observableTitle !== 'Observable level' ? ['--observable-title', options.observableTitle] : []),
  ]);
  const byName = new Map(models.map((m, i) => [m.name, { model: m, ref: refs[i]! }]));
  const rowLinks = new Map<string, string>();
  const cxLinks = new Map<string, string>();
  let files = 0;
  const outDir = options.out;
  if (outDir !== undefined) {
    const dir = path.join(outDir, slug(options.observableTitle));
    files = guardOutputWrite(`--out ${outDir}`, () => {
      let written = 0;
      makeDirectory(dir, `--out ${outDir}`);
      const constantsOf = (name: string) => diff.spaces.find((s) => s.name === name)!.compiled.constants;
      for (const p of diff.properties) {
        for (const [name, v] of p.verdicts) {
          if (v.status !== 'violated') continue;
          const { model, ref } = byName.get(name)!;
          const reproduceCommand = shellCommand(['lifecheck', 'check', ref, ...(options.observableConstants !== undefined ? ['--constants', options.observableConstants] : []), '--property', p.name]);
          const context = traceContextFor(model, { propertyName: p.name, modelRef: ref, constants: constantsOf(name), reproduceCommand });
          makeDirectory(path.join(dir, name), `--out ${outDir}`);
          written += writeTraceFiles(path.join(dir, name), p.name, v.counterexample, context).length;
          cxLinks.set(`${name} ${p.name}`, relative(path.join(dir, name, `${p.name}.md`)));
        }
      }
      diff.rows.forEach((row, i) => {
        for (const space of diff.spaces) {
          const answer = row.answers.get(space.name);
          if (answer === undefined || answer.kind === 'earlier') continue;
          const allows = space.witness([...row.prefix, row.event]);
          const trace = allows ?? space.witness(row.prefix);
          if (trace === undefined) continue;
          const { model, ref } = byName.get(space.name)!;
          const base = `call-${i + 1}-${space.name}`;
          written += writeTraceFiles(dir, base, trace, traceContextFor(model, { modelRef: ref, constants: space.compiled.constants, reproduceCommand: command })).length;
          rowLinks.set(`${i} ${space.name}`, relative(path.join(dir, `${base}.md`)));
        }
      });
      const json: Json = {
        constantSet: diff.constantSet ?? null,
        versions: diff.versions.map((v) => ({ model: v.model, states: v.exploration.states, modelStates: v.exploration.modelStates, transitions: v.exploration.transitions })),
        comparisons: diff.comparisons.map((c) => ({
          a: c.a,
          b: c.b,
          equivalent: c.equivalent,
          complete: c.complete,
          jointStates: c.jointStates,
          occurrences: c.occurrences,
          divergences: c.divergences.map((d) => ({ prefix: d.prefix as unknown as Json, event: d.event as unknown as Json, only: d.only, occurrences: d.occurrences })),
        })),
        rows: diff.rows.map((r) => ({ call: r.call, prefix: r.prefix as unknown as Json, event: r.event as unknown as Json, answers: Object.fromEntries([...r.answers].map(([k, a]) => [k, a as unknown as Json])) })),
      };
      writeOutputFile(path.join(dir, 'diff.json'), `${canonicalJson(json)}\n`, '--out');
      return written + 1;
    });
  }
  const section = renderObservableMarkdown(diff, {
    mapping,
    title: options.observableTitle,
    command,
    rowTrace: (row, model) => rowLinks.get(`${row} ${model}`),
    counterexample: (model, property) => cxLinks.get(`${model} ${property}`),
  });
  return { diff, section, incomplete: diff.comparisons.some((c) => !c.complete), files };
}
