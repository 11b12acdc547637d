/**
 * lifecheck's engine, its one public entry point: the spec API (`defineSpec`, `defineModel`, `t`, `withResult`,
 * `assertThat`), the drivers (`check`, `checkSync`, `simulate`, `Replayer`), their options and result types, and the
 * errors. Specs, invariants, trace renderers, the CLI, the diff and users' own code import from here only; the
 * folders below it are internals.
 */
export type { Json, JsonRecord, DeepReadonly } from './api/json.js';
export { canonicalJson } from './api/json.js';
export { isJsonValue, jsonEquals } from './api/json.js';
export { flattenState } from './api/flattenState.js';
export type { StateLeaf } from './api/flattenState.js';
export type { Schema, Infer } from './api/schema.js';
export { schemaSome, t } from './api/schema.js';
export type { SetSchema, FnSchema } from './api/schema.js';
export { setOf, setHas, setSize, setAdd, setRemove, setUnion, setIntersect, setMinus, setSubset, setEquals, subsets, setPermute, fnOf, fnPermute, memberIndex, memberText } from './api/sets.js';
export type { SetMember, FnKey } from './api/sets.js';
export type { Label } from './api/label.js';
export type { ActionDef, Spec, SpecAction, SpecDefinition, TypedAction, ParamsOf } from './api/spec.js';
export { defineSpec, action, withResult, StepWithResult, AssertionFailure, assertThat, warnThat } from './api/spec.js';
export type { StateParamsOf } from './api/spec.js';
export { DEFAULT_MAX_STATE_PARAMS } from './api/spec.js';
export type {
  Property,
  PropertyDoc,
  PropertyKind,
  InvariantProperty,
  ActionProperty,
  AssertionProperty,
  TemporalProperty,
  LeadsToProperty,
  RecoverabilityProperty,
  GraphProperty,
} from './api/property.js';
export { DEADLOCK_PROPERTY, eventually, alwaysEventually, eventuallyAlways, leadsTo, alwaysReachable } from './api/property.js';
export type { Model, AnyModel, Presentation, Fairness } from './api/model.js';
export type { ThreadedCallsPresentation, ThreadedCall, ThreadedProgram, ReplayTarget, ReproducerContext } from './api/model.js';
export type { Symmetry, SymmetricSet } from './api/symmetry.js';
export { permuteIndexed } from './api/symmetry.js';
/**
 * Threads: a multi-step action as a sequence of atomic steps with yield points (PlusCal labels), per-thread program
 * counters, call stacks and locals in the state, locks with blocking and lock-order checks; compiles to a `Spec`.
 */
export type {
  LockMode,
  LockDecl,
  LockRequest,
  ThreadView,
  StepContext,
  ThreadStep,
  Procedure,
  ThreadsDef,
  ThreadState,
  LockState,
  ThreadsState,
  ThreadStepParams,
  ThreadsSpec,
} from './api/threads.js';
export { defineThreads, DONE, TERMINATING } from './api/threads.js';
export { threadsLayoutOf } from './api/threads.js';
export { threadSymmetry, renameThreadIds } from './api/threadSymmetry.js';
export type { ThreadSymmetryDef, RenamableThreadsState } from './api/threadSymmetry.js';
export type { ThreadsLayout } from './api/threads.js';

export { defineModel, weakFairness, strongFairness } from './api/model.js';
export { either } from './api/either.js';
export type { Branch, EitherDef } from './api/either.js';
export type { Trace, TraceStep } from './api/trace.js';
export type {
  CheckResult,
  CheckStats,
  PropertyOutcome,
  PropertyStatus,
  ActionCoverage,
  IncompleteReason,
} from './api/result.js';
export { UsageError, SpecError, NondeterminismError, InternalError, ERROR_CODES, messageOf } from './api/errors.js';
export type { ErrorCode } from './api/errors.js';
export { compileModel, resolveConstants } from './core/compileModel.js';
export type { CompiledModel, CompileOptions, CompiledProperty } from './core/compileModel.js';
export { SchemaMismatch } from './encoding/codec.js';
export { check, checkSync, collisionProbability, singleThreadReason } from './check.js';
export type { CheckOptions, Progress } from './check.js';
export type { ExploreOptions } from './explore/exploration.js';
export type { ModelSource } from './parallel/parallelBfs.js';
export { simulate } from './explore/simulate.js';
export type { SimulateOptions, SimulationResult } from './explore/simulate.js';
export { Replayer } from './explore/replay.js';
export type { ReplayOutcome, ReplayPosition } from './explore/replay.js';
export type { Processes, StatePath } from './api/processes.js';
export type { PartialOrderSummary } from './api/result.js';
