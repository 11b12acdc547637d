/**
 * What a renderer needs to know about a trace beyond its steps: which model and version produced it, which property
 * it violates (with the property's documentation), and the command that reproduces it. Every field but the model
 * name is optional, so a trace read back from a file can be rendered with whatever is known about it.
 */
import { shellCommand } from './shellWord.js';
import type { AnyModel, JsonRecord, Presentation, PropertyDoc, ReplayTarget, Schema } from '../checker/engine/index.js';
import { canonicalJson, compileModel, threadsLayoutOf } from '../checker/engine/index.js';
import { replayTarget } from './replayRecording.js';
import type { ThreadLanesInfo } from './threadLanes.js';

/** The context of a trace, for the Markdown, Mermaid, ITF and C renderers. Plain data (plus presentation hooks). */
export interface TraceContext {
  /** The model's name (for the VFIO models, the kernel version: `vfio-old`, `vfio-new`, `vfio-post`). */
  readonly modelName: string;
  /** The constants the trace was produced with (recorded in our JSON trace file, so `replay` uses them). */
  readonly constants?: JsonRecord;
  /** The name of the violated property, when the trace is a counterexample. */
  readonly propertyName?: string;
  /** The property's documentation: summary, kernel rationale, reference. */
  readonly property?: PropertyDoc;
  /** The one-line message the checker gave for the violation. */
  readonly message?: string;
  /** The shell command that reproduces the trace, e.g. `lifecheck check vfio-old --property I-1`. */
  readonly reproduceCommand?: string;
  /** The model's presentation hooks (step formatting, diagram participants, C reproducer); none: generic forms. */
  readonly presentation?: Presentation;
  /**
   * The schema of the trace's states (the model's, at the trace's constants), so that sets and functions are written
   * as such: `{a, b}` in the text forms, `#set` and `#map` in ITF. None: every array is a list.
   */
  readonly schema?: Schema;
  /** Present when the model's spec was compiled by `defineThreads`: the renderers draw a lane per thread. */
  readonly threads?: ThreadLanesInfo;
  /**
   * The model to replay steps on, at the trace's constants, compiled on first call (only the pthreads reproducer
   * needs it: `syscallReproducer.ts`); undefined when the model cannot be compiled there. Present only with `threads`.
   */
  readonly replayTarget?: () => ReplayTarget | undefined;
}

/** Options of {@link traceContextFor}. */
export interface TraceContextOptions {
  readonly propertyName?: string;
  readonly message?: string;
  /** How the model is named on the command line (a registered name such as `vfio-old`). @defaultValue model.name */
  readonly modelRef?: string;
  /** @defaultValue `lifecheck check <modelRef> --property <propertyName>` */
  readonly reproduceCommand?: string;
  /** The constants the trace was produced with. */
  readonly constants?: JsonRecord;
}

/**
 * The context of a trace of `model`: the property's documentation from the model, the model's own presentation, and
 * a reproduce command. Pure.
 */
export function traceContextFor(model: AnyModel, options: TraceContextOptions = {}): TraceContext {
  const modelRef = options.modelRef ?? model.name;
  const property = options.propertyName !== undefined ? model.properties[options.propertyName] : undefined;
  const presentation = model.presentation;
  const doc = property
    ? {
        ...(property.summary !== undefined ? { summary: property.summary } : {}),
        ...(property.rationale !== undefined ? { rationale: property.rationale } : {}),
        ...(property.reference !== undefined ? { reference: property.reference } : {}),
      }
    : undefined;
  return {
    modelName: modelRef,
    ...(options.constants !== undefined ? { constants: options.constants } : {}),
    ...(options.propertyName !== undefined ? { propertyName: options.propertyName } : {}),
    ...(doc ? { property: doc } : {}),
    ...(options.message !== undefined ? { message: options.message } : {}),
    reproduceCommand: options.reproduceCommand ?? shellCommand(['lifecheck', 'check', modelRef, ...(options.propertyName !== undefined ? ['--property', options.propertyName] : [])]),
    ...(presentation ? { presentation } : {}),
    ...withSchema(schemaOf(model, options.constants)),
    ...threadsOf(model, options.constants),
  };
}

/**
 * A thunk compiling `model` at `constants` once, for {@link TraceContext.replayTarget}: the named constant set with
 * exactly these values when there is one (a set may have constants the default set lacks, e.g. an optional flag,
 * which overrides of the default set cannot name), else the default set with these overrides. Never throws.
 */
function lazyReplayTarget(model: AnyModel, constants: JsonRecord | undefined): () => ReplayTarget | undefined {
  let target: ReplayTarget | undefined;
  let tried = false;
  return () => {
    if (!tried) {
      tried = true;
      try {
        const key = constants === undefined ? undefined : canonicalJson(constants);
        const named = key === undefined ? undefined : Object.keys(model.constants).find((name) => canonicalJson(model.constants[name] as JsonRecord) === key);
        target = replayTarget(compileModel(model, named !== undefined ? { constantSet: named } : constants !== undefined ? { constantOverrides: constants } : {}));
      } catch {
        target = undefined;
      }
    }
    return target;
  };
}

const withSchema = (schema: Schema | undefined): { schema?: Schema } => (schema ? { schema } : {});

/**
 * The schema of `model`'s states at `constants` (default: its default constant set), or undefined when the model
 * cannot give one there (unknown constants, or a schema function that throws). Never throws.
 */
export function schemaOf(model: AnyModel, constants?: JsonRecord): Schema | undefined {
  const c = constants ?? model.constants[model.defaultConstants ?? 'default'];
  if (c === undefined) return undefined;
  try {
    return model.spec.schema(c);
  } catch {
    return undefined;
  }
}

/** The thread lanes of `model`'s traces at `constants` (default: its `default` set), when `defineThreads` compiled its spec. */
function threadsOf(model: AnyModel, constants: JsonRecord | undefined): { threads?: ThreadLanesInfo; replayTarget?: () => ReplayTarget | undefined } {
  const layout = threadsLayoutOf(model.spec);
  const c = constants ?? model.constants['default'];
  if (layout === undefined || c === undefined) return {};
  return { threads: { threads: layout.threads(c), locks: layout.lockNames(c) }, replayTarget: lazyReplayTarget(model, constants) };
}
