/**
 * The spec modules of two models side by side: the actions, state fields and properties added, removed or changed,
 * with file and line, so that a diff ties behaviour to code.
 *
 * What exists in each model is taken from the models themselves (action names and their labels, the schema at the
 * compared constants, property names, kinds and documentation); where it is defined and whether its code changed
 * comes from the sources, read with ts-morph ({@link collectSourceFacts}). When both models are built from the same
 * code (one spec parametrised by a version), the code of a shared action is the same text, so the comparison also
 * lists the *variant sites*: comparisons of a value with a string literal naming one of the two models (e.g.
 * `version === 'old'` for `vfio-old`), with the function they are in.
 */
import type { JsonRecord } from '../../engine/api/json.js';
import type { AnyModel } from '../../engine/api/model.js';
import type { Schema } from '../../engine/api/schema.js';
import { Node, SyntaxKind, type Project } from 'ts-morph';
import { collectSourceFacts, type SourceFact, type SourceFacts } from './collectSourceFacts.js';
import { createSourceProject, modelSourceFiles, relativeFile } from './sourceProject.js';

/** A file and line in the compared tree (file relative to its root). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** What changed about one action, state field or property between A and B. */
export interface SourceChange {
  readonly category: 'action' | 'stateField' | 'property';
  readonly name: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** Where A defines it (absent when added). */
  readonly a?: SourceLocation;
  /** Where B defines it (absent when removed). */
  readonly b?: SourceLocation;
  /** What changed, in a few words. */
  readonly detail?: string;
}

/** A place in code shared by both models where behaviour depends on which model runs. */
export interface VariantSite {
  readonly file: string;
  readonly line: number;
  /** The enclosing named function (or member), or `(top level)`. */
  readonly function: string;
  readonly condition: string;
}

/** The result of {@link compareSources}. */
export interface SourceComparison {
  readonly filesA: readonly string[];
  readonly filesB: readonly string[];
  readonly changes: readonly SourceChange[];
  readonly variantSites: readonly VariantSite[];
}

/** One model to compare: the model, the constants its schema is taken at, and the file that defines it. */
export interface SourceSide {
  readonly model: AnyModel;
  readonly constants: JsonRecord;
  readonly entry: string;
}

function describeSchema(schema: Schema): string {
  switch (schema.kind) {
    case 'bool':
      return 'bool';
    case 'int':
      return `int ${schema.min}..${schema.max}`;
    case 'enum':
      return `enum ${schema.values.join('|')}`;
    case 'nullable':
      return `${describeSchema(schema.inner)} | null`;
    case 'array':
      return `array[${schema.length}]`;
    case 'list':
      return `list ≤ ${schema.maxLength}`;
    case 'record':
      return 'record';
    case 'set':
      return `set of ${schema.universe.join('|')}`;
    case 'fn':
      return `fn over ${schema.domain.join('|')}`;
  }
}

/** Every node of a schema by path (`groups[].opened`), with a short description of its type. */
export function schemaFields(schema: Schema, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (s: Schema, p: string): void => {
    if (p !== '') out.set(p, describeSchema(s));
    if (s.kind === 'record') for (const [k, f] of Object.entries(s.fields)) walk(f, p === '' ? k : `${p}.${k}`);
    else if (s.kind === 'array' || s.kind === 'list') walk(s.element, `${p}[]`);
    else if (s.kind === 'nullable') walk(s.inner, p);
  };
  walk(schema, prefix);
  return out;
}

function lastSegment(path: string): string {
  return path.replace(/\[\]/g, '').split('.').pop()!;
}

function location(fact: SourceFact | undefined): SourceLocation | undefined {
  return fact === undefined ? undefined : { file: fact.file, line: fact.line };
}

function withLocations(change: Omit<SourceChange, 'a' | 'b'>, a: SourceFact | undefined, b: SourceFact | undefined): SourceChange {
  const la = change.change === 'added' ? undefined : location(a);
  const lb = change.change === 'removed' ? undefined : location(b);
  return { ...change, ...(la ? { a: la } : {}), ...(lb ? { b: lb } : {}) };
}

function labelCounts(model: AnyModel, constants: JsonRecord): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [name, def] of Object.entries(model.spec.actions)) {
    const params = def.params === undefined ? [null] : typeof def.params === 'function' ? def.params(constants) : def.params;
    counts.set(name, params.length);
  }
  return counts;
}

function compareNamed(
  category: SourceChange['category'],
  namesA: readonly string[],
  namesB: readonly string[],
  factsA: ReadonlyMap<string, SourceFact>,
  factsB: ReadonlyMap<string, SourceFact>,
  runtimeDetail: (name: string) => string | undefined,
  lookup: (name: string) => string = (n) => n,
): SourceChange[] {
  const out: SourceChange[] = [];
  const setB = new Set(namesB);
  const setA = new Set(namesA);
  for (const name of namesA) {
    const fa = factsA.get(lookup(name));
    const fb = factsB.get(lookup(name));
    if (!setB.has(name)) {
      out.push(withLocations({ category, name, change: 'removed' }, fa, fb));
      continue;
    }
    const details: string[] = [];
    const runtime = runtimeDetail(name);
    if (runtime !== undefined) details.push(...runtime.split('; '));
    if (fa && fb && fa.text !== fb.text && !details.includes('code differs')) details.push('code differs');
    if (details.length > 0) out.push(withLocations({ category, name, change: 'changed', detail: details.join('; ') }, fa, fb));
  }
  for (const name of namesB) {
    if (!setA.has(name)) out.push(withLocations({ category, name, change: 'added' }, factsA.get(lookup(name)), factsB.get(lookup(name))));
  }
  return out;
}

/** Words of a model name (`vfio-old` → vfio, old) that the other model's name lacks. */
function distinguishingWords(a: string, b: string): Set<string> {
  const words = (s: string): string[] => s.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
  const wa = words(a);
  const wb = words(b);
  return new Set([...wa.filter((w) => !wb.includes(w)), ...wb.filter((w) => !wa.includes(w)), a.toLowerCase(), b.toLowerCase()]);
}

/** The nearest enclosing named function: a function or method declaration, or a function stored under a name. */
function enclosingName(node: Node): string {
  for (let n: Node | undefined = node.getParent(); n !== undefined; n = n.getParent()) {
    if (Node.isFunctionDeclaration(n) || Node.isMethodDeclaration(n)) return n.getName() ?? '(anonymous)';
    if (Node.isArrowFunction(n) || Node.isFunctionExpression(n)) {
      const owner = n.getParent();
      if (owner !== undefined && (Node.isVariableDeclaration(owner) || Node.isPropertyAssignment(owner))) return owner.getName();
    }
  }
  return '(top level)';
}

function variantSites(project: Project, root: string, files: readonly string[], words: Set<string>): VariantSite[] {
  const sites: VariantSite[] = [];
  const matches = (node: Node): boolean =>
    (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) && words.has(node.getLiteralText().toLowerCase());
  for (const name of files) {
    const file = project.getSourceFileOrThrow(name);
    const relative = relativeFile(root, file.getFilePath());
    for (const binary of file.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
      const op = binary.getOperatorToken().getKind();
      if (
        op !== SyntaxKind.EqualsEqualsEqualsToken &&
        op !== SyntaxKind.ExclamationEqualsEqualsToken &&
        op !== SyntaxKind.EqualsEqualsToken &&
        op !== SyntaxKind.ExclamationEqualsToken
      ) {
        continue;
      }
      if (matches(binary.getLeft()) || matches(binary.getRight())) {
        sites.push({ file: relative, line: binary.getStartLineNumber(), function: enclosingName(binary), condition: binary.getText().replace(/\s+/g, ' ') });
      }
    }
    for (const clause of file.getDescendantsOfKind(SyntaxKind.CaseClause)) {
      if (!matches(clause.getExpression())) continue;
      const discriminant = clause.getParent().getParent();
      const subject = Node.isSwitchStatement(discriminant) ? discriminant.getExpression().getText() : '?';
      sites.push({ file: relative, line: clause.getStartLineNumber(), function: enclosingName(clause), condition: `${subject} === ${clause.getExpression().getText()}` });
    }
  }
  return sites;
}

/**
 * Compares the sources of two models. Guarantees: an action, field or property is `added`/`removed` exactly when
 * one model has it and the other does not (from the models themselves, not from a text search); `changed` when its
 * runtime description (parameters, schema type, property kind or documentation) or its normalised source text
 * differs. Locations are given wherever the source defines the name in a recognised shape.
 */
export function compareSources(a: SourceSide, b: SourceSide, root: string, project: Project = createSourceProject(root)): SourceComparison {
  const filesA = modelSourceFiles(project, root, a.entry);
  const filesB = modelSourceFiles(project, root, b.entry);
  const factsA: SourceFacts = collectSourceFacts(filesA, root);
  const factsB: SourceFacts = collectSourceFacts(filesB, root);

  const countsA = labelCounts(a.model, a.constants);
  const countsB = labelCounts(b.model, b.constants);
  const actionCode = (model: AnyModel, name: string): string => {
    const def = model.spec.actions[name]!;
    return `${String(def.enabled ?? '')}\n${String(def.next)}`;
  };
  const actions = compareNamed('action', [...countsA.keys()], [...countsB.keys()], factsA.actions, factsB.actions, (name) => {
    const details: string[] = [];
    if (countsA.get(name) !== countsB.get(name)) details.push(`${countsA.get(name)} → ${countsB.get(name)} parameter values`);
    if (actionCode(a.model, name) !== actionCode(b.model, name)) details.push('code differs');
    return details.length > 0 ? details.join('; ') : undefined;
  });

  const fieldsA = schemaFields(a.model.spec.schema(a.constants));
  const fieldsB = schemaFields(b.model.spec.schema(b.constants));
  const fields = compareNamed(
    'stateField',
    [...fieldsA.keys()],
    [...fieldsB.keys()],
    factsA.stateFields,
    factsB.stateFields,
    (name) => (fieldsA.get(name) !== fieldsB.get(name) ? `${fieldsA.get(name)} → ${fieldsB.get(name)}` : undefined),
    lastSegment,
  );
  // A field whose type description is unchanged but whose definition text differs is not reported as changed:
  // records nest, and a changed nested field is reported under its own path.
  const fieldChanges = fields.filter((c) => c.change !== 'changed' || c.detail !== 'code differs');

  const docOf = (model: AnyModel, name: string): string => {
    const p = model.properties[name]!;
    return JSON.stringify([p.kind, p.summary ?? '', p.rationale ?? '', p.reference ?? '']);
  };
  const properties = compareNamed(
    'property',
    Object.keys(a.model.properties),
    Object.keys(b.model.properties),
    factsA.properties,
    factsB.properties,
    (name) => {
      const pa = a.model.properties[name]!;
      const pb = b.model.properties[name]!;
      if (pa.kind !== pb.kind) return `kind ${pa.kind} → ${pb.kind}`;
      if (docOf(a.model, name) !== docOf(b.model, name)) return 'documentation differs';
      if (pa !== pb && 'holds' in pa && 'holds' in pb && String(pa.holds) !== String(pb.holds)) return 'predicate differs';
      return undefined;
    },
  );

  const namesA = new Set(filesA.map((f) => f.getFilePath()));
  const shared = filesB.map((f) => f.getFilePath()).filter((f) => namesA.has(f));
  return {
    filesA: filesA.map((f) => relativeFile(root, f.getFilePath())),
    filesB: filesB.map((f) => relativeFile(root, f.getFilePath())),
    changes: [...actions, ...fieldChanges, ...properties],
    variantSites: variantSites(project, root, shared, distinguishingWords(a.model.name, b.model.name)),
  };
}
