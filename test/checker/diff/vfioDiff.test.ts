import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../../../checker/engine/index.js';
import { createDiffCache, diffModels } from '../../../checker/diff/diffModels.js';
import { renderDiffText } from '../../../checker/diff/render/renderDiffText.js';
import { compareSources } from '../../../checker/diff/source/compareSources.js';
import { vfioNew, vfioOld, vfioPost } from '../../../spec/vfio/models.js';

/**
 * The old/new diff of the VFIO models, pinned: a change to a model that changes what the diff says shows up here as
 * a golden-file change for review (refresh with UPDATE_GOLDEN=1). Pinned at the `small` constants to keep the suite
 * fast; `npm run diff` runs the same comparison at `default`.
 */
const golden = (name: string, text: string): void => {
  const file = path.join(__dirname, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
};

const old = vfioOld as unknown as AnyModel;
const next = vfioNew as unknown as AnyModel;
const post = vfioPost as unknown as AnyModel;

describe('lifecheck diff on the VFIO models (small constants)', () => {
  const cache = createDiffCache();
  const oldNew = diffModels(old, next, { constantSet: 'small', cache });

  it('old → new: the text report is pinned', () => {
    const presentation = old.presentation;
    const options = presentation ? { presentationA: presentation, presentationB: presentation } : {};
    golden('vfio-old-new.small.txt', renderDiffText(oldNew, options));
  });

  it('old → new: every claim rests on exhaustive explorations, and the behaviour differs', () => {
    expect(oldNew.behaviour.complete).toBe(true);
    expect(oldNew.stateSpaces.a.complete && oldNew.stateSpaces.b.complete).toBe(true);
    expect(oldNew.behaviour.equivalent).toBe(false);
    // Every witness replays: both traces share the agreed prefix, and the models answer the last call differently.
    for (const d of oldNew.behaviour.divergences) {
      const prefix = (t: typeof d.traceA) => t.steps.slice(1, d.steps).map((s) => [s.label, s.result]);
      expect(prefix(d.traceA)).toEqual(prefix(d.traceB));
      expect(d.a).not.toEqual(d.b);
    }
  });

  it('old → new: the source comparison names the kernel functions that branch on the version', () => {
    const root = process.cwd();
    const entry = path.join(root, 'spec/vfio/models.ts');
    const source = compareSources({ model: old, constants: oldNew.a.constants, entry }, { model: next, constants: oldNew.b.constants, entry }, root);
    const functions = new Set(source.variantSites.filter((s) => s.file === 'spec/vfio/kernel.ts').map((s) => s.function));
    expect(functions.has('vfio_group_fops_open')).toBe(true);
    expect(functions.has('vfio_group_fops_release')).toBe(true);
    // Sites that only distinguish post from the others are not listed for old → new.
    expect(source.variantSites.every((s) => !/'post'/.test(s.condition))).toBe(true);
  });

  it('new → post and old → post run with the cached checks', () => {
    const newPost = diffModels(next, post, { constantSet: 'small', cache });
    const oldPost = diffModels(old, post, { constantSet: 'small', cache });
    expect(newPost.behaviour.complete && oldPost.behaviour.complete).toBe(true);
    expect(newPost.stateSpaces.a).toEqual(oldNew.stateSpaces.b);
  });
});
