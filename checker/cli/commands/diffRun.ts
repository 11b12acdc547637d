/**
 * The work of `lifecheck diff` (see `diff.ts`, which declares the command and imports this module only when the
 * command runs): loading the models and mappings, comparing each pair, rendering, and writing the outputs (whose
 * destinations `diff.ts` has already validated).
 */
import path from 'node:path';
import type { AnyModel } from '../../engine/api/model.js';
import { UsageError } from '../../engine/api/errors.js';
import { isDiffAbstraction, type DiffAbstraction, type RefinementDef, type RefinementMapping } from '../../diff/abstraction.js';
import { createDiffCache, diffModels, type ModelComparison } from '../../diff/diffModels.js';
import { renderDiffJson } from '../../diff/render/renderDiffJson.js';
import { renderDiffText } from '../../diff/render/renderDiffText.js';
import { compareSources } from '../../diff/source/compareSources.js';
import { locateModelSource } from '../../diff/source/locateModelSource.js';
import { createSourceProject } from '../../diff/source/sourceProject.js';
import { renderDiffMarkdown, diffVersions } from '../../diff/render/renderDiffMarkdown.js';
import { crossVersionDivergences } from '../../diff/render/crossVersion.js';
import { compileModel, type CompiledModel } from '../../engine/index.js';
import { shellCommand } from '../../../traces/shellWord.js';
import { renderDiffTraceMarkdown } from '../../../traces/diffMarkdown.js';
import { traceContextFor } from '../../../traces/traceContext.js';
import { writeTraceFiles } from '../../../traces/writeTraceFiles.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCode.js';
import { loadModel, projectRoot } from '../loadModel.js';
import { guardOutputWrite, makeDirectory, writeOutputFile } from '../outputPaths.js';
import { comparisonPairs, loadNamedExport, type DiffCommandOptions } from './diff.js';
import { runObservableDiff } from './diffObservableRun.js';
import { canonicalJson } from '../../engine/api/json.js';

function isRefinementDef(value: unknown): value is RefinementDef {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.from === 'string' && typeof v.to === 'string' && typeof v.map === 'function';
}

/** The refinement mappings an export provides: one `RefinementDef`, a list or record of them, or a bare function. */
function refinementDefs(value: unknown, ref: string): RefinementDef[] | RefinementMapping {
  if (typeof value === 'function') return value as RefinementMapping;
  if (isRefinementDef(value)) return [value];
  const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null ? Object.values(value) : [];
  if (list.length > 0 && list.every(isRefinementDef)) return list;
  throw new UsageError(`refinement '${ref}' must export a function, or {from, to, map} mappings (one, a list, or a record)`);
}

/** Runs `diff` on `refs` with `options` (already validated by the command) and sets the exit code. */
export async function runDiff(ctx: CommandContext, refs: readonly string[], options: DiffCommandOptions): Promise<void> {
  const relativeToDoc = (target: string): string => {
    const from = options.markdown !== undefined ? path.dirname(path.resolve(options.markdown)) : process.cwd();
    return path.relative(from, path.resolve(target)).split(path.sep).join('/') || '.';
  };
  const observable = options.observableModels !== undefined ? await runObservableDiff(options, relativeToDoc) : undefined;
  if (observable !== undefined && options.out !== undefined) ctx.io.err(`lifecheck diff: ${observable.files} observable-level files written under ${options.out}\n`);
  if (observable !== undefined && refs.length === 0) {
    const text = `# lifecheck diff\n\n${[...observable.section.summary, ...observable.section.body].join('\n').trimEnd()}\n`;
    if (options.format === 'markdown') ctx.io.out(text);
    else if (options.format === 'text') ctx.io.out(`${observable.section.summary.join('\n').trimEnd()}\n`);
    else ctx.io.out(`${canonicalJson({ rows: observable.diff.rows.length, comparisons: observable.diff.comparisons.map((c) => ({ a: c.a, b: c.b, equivalent: c.equivalent, complete: c.complete, kinds: c.divergences.length })) })}\n`);
    if (options.markdown !== undefined) writeOutputFile(options.markdown, text, '--markdown');
    const differs = observable.diff.comparisons.some((c) => !c.equivalent);
    ctx.setExitCode(observable.incomplete ? ExitCode.incomplete : options.failOnDifference && differs ? ExitCode.violated : ExitCode.ok);
    return;
  }
  const models: AnyModel[] = [];
  for (const ref of refs) models.push(await loadModel(ref));
  const byName = new Map(models.map((m) => [m.name, m]));
  const refOf = new Map(models.map((m, i) => [m.name, refs[i]!]));

  let abstraction: DiffAbstraction | undefined;
  if (options.abstraction !== undefined) {
    const value = await loadNamedExport(options.abstraction, 'abstraction');
    if (!isDiffAbstraction(value)) throw new UsageError(`abstraction '${options.abstraction}' must be a function or a record of functions by model name`);
    if (typeof value !== 'function') {
      const missing = models.filter((m) => typeof value[m.name] !== 'function').map((m) => m.name);
      if (missing.length > 0) throw new UsageError(`abstraction '${options.abstraction}' has no function for ${missing.join(', ')}`);
    }
    abstraction = value;
  }
  const refinement = options.refinement !== undefined ? refinementDefs(await loadNamedExport(options.refinement, 'refinement'), options.refinement) : undefined;
  if (typeof refinement === 'function' && models.length !== 2) throw new UsageError('a bare refinement function needs exactly two models; export {from, to, map} mappings instead');

  const root = projectRoot();
  const project = options.source === false ? undefined : createSourceProject(root);
  const cache = createDiffCache();
  const comparisons: ModelComparison[] = [];
  for (const [a, b] of comparisonPairs(models)) {
    const mapping =
      refinement === undefined ? undefined : typeof refinement === 'function' ? refinement : refinement.find((r) => r.from === a.name && r.to === b.name)?.map;
    const comparison = diffModels(a, b, {
      ...(options.constants !== undefined ? { constantSet: options.constants } : {}),
      ...(options.const !== undefined ? { constantOverrides: options.const } : {}),
      ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
      ...(abstraction !== undefined ? { abstraction } : {}),
      ...(mapping !== undefined ? { refinement: mapping } : {}),
      cache,
    });
    let source: ModelComparison['source'];
    if (project !== undefined) {
      const registry = path.join(root, 'spec', 'registry.ts');
      const entryA = locateModelSource(project, root, registry, refOf.get(a.name)!);
      const entryB = locateModelSource(project, root, registry, refOf.get(b.name)!);
      if (entryA !== undefined && entryB !== undefined) {
        source = compareSources({ model: a, constants: comparison.a.constants, entry: entryA }, { model: b, constants: comparison.b.constants, entry: entryB }, root, project);
      } else ctx.io.err(`lifecheck diff: source of ${entryA === undefined ? a.name : b.name} not found; source section skipped\n`);
    }
    comparisons.push(source ? { ...comparison, source } : comparison);
  }

  const command = shellCommand([
    'lifecheck',
    'diff',
    ...refs,
    ...(options.constants !== undefined ? ['--constants', options.constants] : []),
    ...(options.observableModels !== undefined ? ['--observable-models', options.observableModels] : []),
    ...(options.observableConstants !== undefined ? ['--observable-constants', options.observableConstants] : []),
    ...(options.observableMapping !== undefined ? ['--observable-mapping', options.observableMapping] : []),
    ...(options.observableModels !== undefined && options.observableTitle !== 'Observable level' ? ['--observable-title', options.observableTitle] : []),
  ]);
  const versions = diffVersions(comparisons);
  const compiled = new Map<string, CompiledModel>();
  for (const v of versions) {
    const model = byName.get(v);
    if (model === undefined) continue;
    compiled.set(
      v,
      compileModel(model, {
        ...(options.constants !== undefined ? { constantSet: options.constants } : {}),
        ...(options.const !== undefined ? { constantOverrides: options.const } : {}),
      }),
    );
  }
  const divergences = crossVersionDivergences(comparisons, versions, compiled);
  const relative = (target: string): string => {
    const from = options.markdown !== undefined ? path.dirname(path.resolve(options.markdown)) : process.cwd();
    return path.relative(from, path.resolve(target)).split(path.sep).join('/') || '.';
  };
  const links = {
    ...(options.out !== undefined ? { outDir: relative(options.out), outArg: options.out } : {}),
    ...(options.json !== undefined ? { json: relative(options.json) } : {}),
  };
  const markdown = (): string =>
    renderDiffMarkdown(comparisons, {
      models: byName,
      refs: refOf,
      command,
      commandLine: shellCommand,
      divergences,
      links,
      renderTrace: renderDiffTraceMarkdown,
      ...(observable !== undefined ? { sections: [observable.section] } : {}),
    });
  if (options.format === 'json') ctx.io.out(renderDiffJson(comparisons));
  else if (options.format === 'markdown') ctx.io.out(markdown());
  else {
    ctx.io.out(
      comparisons
        .map((c) => {
          const pa = byName.get(c.a.model)?.presentation;
          const pb = byName.get(c.b.model)?.presentation;
          return renderDiffText(c, { color: ctx.io.color, ...(pa ? { presentationA: pa } : {}), ...(pb ? { presentationB: pb } : {}) });
        })
        .join('\n'),
    );
  }
  if (options.markdown !== undefined) writeOutputFile(options.markdown, markdown(), '--markdown');
  if (options.json !== undefined) writeOutputFile(options.json, renderDiffJson(comparisons), '--json');
  if (options.out !== undefined) {
    const out = options.out;
    const files = guardOutputWrite(`--out ${out}`, () => writeDiffTraces(out, comparisons, byName, refOf));
    ctx.io.err(`lifecheck diff: ${files} trace files written under ${options.out}\n`);
  }

  const incomplete = comparisons.some(
    (c) => !c.behaviour.complete || !c.stateSpaces.a.complete || !c.stateSpaces.b.complete || (c.refinement !== undefined && !c.refinement.complete && c.refinement.status !== 'violated'),
  );
  const differs = comparisons.some((c) => !c.behaviour.equivalent) || (observable?.diff.comparisons.some((c) => !c.equivalent) ?? false);
  ctx.setExitCode(incomplete || observable?.incomplete === true ? ExitCode.incomplete : options.failOnDifference && differs ? ExitCode.violated : ExitCode.ok);
}

/** Writes property counterexamples (per model) and behaviour witnesses (per comparison) in every trace format; returns the number of files. */
function writeDiffTraces(dir: string, comparisons: readonly ModelComparison[], models: ReadonlyMap<string, AnyModel>, refs: ReadonlyMap<string, string>): number {
  const done = new Set<string>();
  let written = 0;
  for (const c of comparisons) {
    for (const p of c.properties) {
      for (const [name, v] of [
        [c.a.model, p.a],
        [c.b.model, p.b],
      ] as const) {
        const key = `${name}/${p.name}`;
        const model = models.get(name);
        if (done.has(key) || v.status !== 'violated' || !v.counterexample || !model) continue;
        done.add(key);
        const constants = name === c.a.model ? c.a.constants : c.b.constants;
        const ref = refs.get(name) ?? name;
        const set = name === c.a.model ? c.a.constantSet : c.b.constantSet;
        const reproduceCommand = shellCommand(['lifecheck', 'check', ref, ...(set !== undefined ? ['--constants', set] : []), '--property', p.name]);
        const context = traceContextFor(model, { propertyName: p.name, modelRef: ref, constants, reproduceCommand, ...(v.message ? { message: v.message } : {}) });
        makeDirectory(path.join(dir, name), `--out ${dir}`);
        written += writeTraceFiles(path.join(dir, name), p.name, v.counterexample, context).length;
      }
    }
    const pairDir = path.join(dir, `${c.a.model}--${c.b.model}`);
    if (c.behaviour.divergences.length > 0) makeDirectory(pairDir, `--out ${dir}`);
    c.behaviour.divergences.forEach((d, i) => {
      for (const [name, trace, constants] of [
        [c.a.model, d.traceA, c.a.constants],
        [c.b.model, d.traceB, c.b.constants],
      ] as const) {
        const model = models.get(name);
        if (!model) continue;
        const reproduceCommand = shellCommand(['lifecheck', 'diff', refs.get(c.a.model) ?? c.a.model, refs.get(c.b.model) ?? c.b.model]);
        written += writeTraceFiles(pairDir, `difference-${i + 1}-${name}`, trace, traceContextFor(model, { modelRef: refs.get(name) ?? name, constants, reproduceCommand })).length;
      }
    });
  }
  return written;
}
