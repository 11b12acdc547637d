/**
 * lifecheck's engine: the one public entry point. Specs, invariants, traces and the CLI import from here only.
 */
export type { Json, JsonRecord, DeepReadonly } from './api/json.js';
export { canonicalJson } from './api/json.js';
export { flattenState } from './api/flattenState.js';
export type { StateLeaf } from './api/flattenState.js';
export type { Schema, Infer } from './api/schema.js';
export { t } from './api/schema.js';
export type { Label } from './api/label.js';
export type { ActionDef, Spec } from './api/spec.js';
export { defineSpec, withResult, StepWithResult, AssertionFailure, assertThat } from './api/spec.js';
export type {
  Property,
  PropertyDoc,
  PropertyKind,
  InvariantProperty,
  ActionProperty,
  AssertionProperty,
} from './api/property.js';
export { DEADLOCK_PROPERTY } from './api/property.js';
export type { Model, AnyModel, Presentation } from './api/model.js';
export { defineModel } from './api/model.js';
export type { Trace, TraceStep } from './api/trace.js';
export type {
  CheckResult,
  CheckStats,
  PropertyOutcome,
  PropertyStatus,
  ActionCoverage,
  IncompleteReason,
} from './api/result.js';
export { UsageError, NondeterminismError } from './api/errors.js';
export { compileModel, resolveConstants } from './core/compileModel.js';
export type { CompiledModel, CompileOptions, CompiledProperty, Successor } from './core/compileModel.js';
export { compileCodec, SchemaMismatch } from './encoding/codec.js';
export type { StateCodec } from './encoding/codec.js';
export { check, checkSync, collisionProbability } from './check.js';
export type { CheckOptions, Progress } from './check.js';
export { BfsExplorer } from './explore/bfs.js';
export { StateTable } from './store/stateTable.js';
export { reconstructTrace } from './trace/reconstruct.js';
export type { TraceEnd } from './trace/reconstruct.js';
export { simulate } from './explore/simulate.js';
export type { SimulateOptions, SimulationResult } from './explore/simulate.js';
export { createRandom } from './explore/random.js';
export type { Random } from './explore/random.js';
