/**
 * The public surface of `lifecheck diff` as a library: compare two models (properties, observable behaviour, state
 * spaces, refinement) and render the comparison. Loads no ts-morph: the source comparison lives in
 * `./source/compareSources.js` and is imported separately by those who want it (its types are re-exported here).
 */
export { diffModels, createDiffCache } from './diffModels.js';
export type { ModelComparison, DiffOptions, DiffSide, DiffCache, CacheEntry } from './diffModels.js';
export { compareBehaviour } from './compareBehaviour.js';
export type { BehaviourComparison, CompareBehaviourOptions, Divergence, DivergenceKind, StepOutcome } from './compareBehaviour.js';
export { compareProperties } from './compareProperties.js';
export type { PropertyRow, PropertyVerdict } from './compareProperties.js';
export { compareAbstractStates } from './compareAbstractStates.js';
export type { AbstractStateComparison, AbstractOnlyIn } from './compareAbstractStates.js';
export { checkRefinement } from './checkRefinement.js';
export type { RefinementResult, AbstractStep, ClosestStep } from './checkRefinement.js';
export { abstractionFor, isDiffAbstraction } from './abstraction.js';
export type { AbstractionFunction, DiffAbstraction, RefinementDef, RefinementMapping } from './abstraction.js';
export { groupDivergences } from './groupDivergences.js';
export type { DivergenceGroup } from './groupDivergences.js';
export type { StateSpaceSummary } from './summarizeStateSpace.js';
export type { SourceComparison, SourceChange, SourceLocation, VariantSite } from './source/compareSources.js';
export { renderDiffText } from './render/renderDiffText.js';
export type { DiffTextOptions } from './render/renderDiffText.js';
export { renderDiffJson } from './render/renderDiffJson.js';
export type { DiffDocument } from './render/renderDiffJson.js';
export { renderDiffMarkdown } from './render/renderDiffMarkdown.js';
export type { DiffMarkdownOptions, DiffTraceContext } from './render/renderDiffMarkdown.js';
export { compareObservable } from './observable/compareObservable.js';
export type { ObservableComparison, ObservableDivergence, CompareObservableOptions } from './observable/compareObservable.js';
export { diffObservable } from './observable/diffObservable.js';
export type { ObservableDiff, ObservableVerdict, ObservableVersion, DiffObservableOptions } from './observable/diffObservable.js';
export { isObservableMapping } from './observable/observableMapping.js';
export type { ObservableMapping, ObservableEvent, ObservableStepKind } from './observable/observableMapping.js';
export { ObservableSpace } from './observable/observableSpace.js';
export type { ObservableExploration } from './observable/observableSpace.js';
