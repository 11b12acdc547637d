/**
 * The reachable graph, recorded while exploring for the properties checked after exploration (temporal properties,
 * recoverability): for every expanded state, its successors in label order, as (target id, label) edges in typed
 * arrays (compressed sparse rows). Stuttering steps — back to the same state — are not edges: TLA+ behaviours may
 * stutter anywhere anyway. Successors outside the constraint are not in the graph.
 *
 * Guarantees: `edges(id)` lists exactly the non-stuttering steps from `id` to stored states, in label order;
 * states are added in id order (the sequential BFS expands them so; the parallel driver appends a level's edges in
 * id order at the level's barrier, `parallel/levelEdges.ts`, the same edges).
 */
import { GrowableArray } from '../store/growableArray.js';

/** The recorded graph (see the module comment). */
export class StateGraph {
  /** `starts.get(id)`: index of state `id`'s first edge; one more entry than expanded states. */
  private readonly starts = new GrowableArray(Int32Array);
  private readonly targets = new GrowableArray(Int32Array);
  private readonly labels: GrowableArray;

  constructor(maxLabel: number) {
    this.labels = new GrowableArray(GrowableArray.kindFor(maxLabel));
    this.starts.push(0);
  }

  /** Number of states whose successors are recorded. */
  get states(): number {
    return this.starts.length - 1;
  }

  /** Starts the successors of the next state (`id` must be {@link states}). */
  begin(id: number): void {
    while (this.starts.length - 1 < id) this.starts.push(this.targets.length);
  }

  /** Records a step to `target` by `label` from the state being added. */
  add(target: number, label: number): void {
    this.targets.push(target);
    this.labels.push(label);
  }

  /** Ends the successors of the state being added. */
  end(): void {
    this.starts.push(this.targets.length);
  }

  /** The edge index range of state `id`. */
  range(id: number): { readonly from: number; readonly to: number } {
    return { from: this.starts.get(id), to: this.starts.get(id + 1) };
  }

  target(edge: number): number {
    return this.targets.get(edge);
  }

  label(edge: number): number {
    return this.labels.get(edge);
  }

  /** Bytes held by the graph's arrays. */
  get bytes(): number {
    return this.starts.bytes + this.targets.bytes + this.labels.bytes;
  }
}
