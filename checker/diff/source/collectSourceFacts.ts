/**
 * What a model's source says, found syntactically with ts-morph: where each action, state field and property is
 * defined (file and line) and its text, normalised so that formatting alone never counts as a change.
 *
 * Recognised shapes: members of an object literal assigned to `actions:` (actions) or `properties:` (properties,
 * spreads of other property records followed), object literals with `kind: 'invariant' | 'action' | 'assertion'`
 * under a named member (properties), and members of the object given to `t.record(…)` (state fields).
 */
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { relativeFile } from './sourceProject.js';

/** Where something is defined and its normalised text. */
export interface SourceFact {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** Facts by category, each keyed by name (the first definition found wins). */
export interface SourceFacts {
  readonly actions: ReadonlyMap<string, SourceFact>;
  readonly stateFields: ReadonlyMap<string, SourceFact>;
  readonly properties: ReadonlyMap<string, SourceFact>;
}

/** Whitespace collapsed and comments removed: the text compared between two versions. */
export function normalizeCode(node: Node): string {
  return node
    .getText(false)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const PROPERTY_KINDS = new Set(['invariant', 'action', 'assertion']);

function memberName(node: Node): string | undefined {
  if (Node.isPropertyAssignment(node) || Node.isShorthandPropertyAssignment(node) || Node.isMethodDeclaration(node)) {
    const name = node.getNameNode();
    return Node.isStringLiteral(name) ? name.getLiteralText() : name.getText();
  }
  return undefined;
}

/** The definition a member stands for: its own node, plus the declaration an identifier initializer names. */
function definitionText(member: Node): { text: string; node: Node } {
  let target: Node | undefined;
  if (Node.isShorthandPropertyAssignment(member)) target = member.getNameNode();
  else if (Node.isPropertyAssignment(member)) {
    const init = member.getInitializer();
    if (init && Node.isIdentifier(init)) target = init;
  }
  if (target && Node.isIdentifier(target)) {
    const declaration = target.getDefinitionNodes()[0];
    if (declaration !== undefined) return { text: `${normalizeCode(member)} = ${normalizeCode(declaration)}`, node: declaration };
  }
  return { text: normalizeCode(member), node: member };
}

function add(map: Map<string, SourceFact>, root: string, name: string, member: Node): void {
  if (map.has(name)) return;
  const { text, node } = definitionText(member);
  map.set(name, { name, file: relativeFile(root, node.getSourceFile().getFilePath()), line: node.getStartLineNumber(), text });
}

/** Members of an object literal, following `...spread` of identifiers whose definition is an object literal. */
function members(object: Node, depth = 0): Node[] {
  if (!Node.isObjectLiteralExpression(object) || depth > 4) return [];
  const out: Node[] = [];
  for (const p of object.getProperties()) {
    if (Node.isSpreadAssignment(p)) {
      const expression = p.getExpression();
      if (!Node.isIdentifier(expression)) continue;
      const declaration = expression.getDefinitionNodes()[0];
      if (declaration && Node.isVariableDeclaration(declaration)) {
        const init = declaration.getInitializer();
        if (init) out.push(...members(unwrapCall(init), depth + 1));
      }
    } else out.push(p);
  }
  return out;
}

/** `defineX({...})`/`x as const`/`satisfies` wrappers: the object literal inside. */
function unwrapCall(node: Node): Node {
  if (Node.isCallExpression(node) && node.getArguments().length === 1) return unwrapCall(node.getArguments()[0]!);
  if (Node.isAsExpression(node) || Node.isSatisfiesExpression(node) || Node.isParenthesizedExpression(node)) {
    return unwrapCall(node.getExpression());
  }
  return node;
}

/** Collects the facts of `files` (spec sources), relative to `root`. Deterministic: files and nodes in order. */
export function collectSourceFacts(files: readonly SourceFile[], root: string): SourceFacts {
  const actions = new Map<string, SourceFact>();
  const stateFields = new Map<string, SourceFact>();
  const properties = new Map<string, SourceFact>();
  for (const file of files) {
    for (const assignment of file.getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
      const name = memberName(assignment);
      const init = assignment.getInitializer();
      if (init === undefined) continue;
      if (name === 'actions' || name === 'properties') {
        const target = name === 'actions' ? actions : properties;
        for (const m of members(unwrapCall(init))) {
          const memberKey = memberName(m);
          if (memberKey !== undefined) add(target, root, memberKey, m);
        }
      }
      if (name === 'kind' && Node.isStringLiteral(init) && PROPERTY_KINDS.has(init.getLiteralText())) {
        const owner = assignment.getParent()?.getParent();
        if (owner && Node.isPropertyAssignment(owner)) add(properties, root, memberName(owner)!, owner);
        else if (owner && Node.isVariableDeclaration(owner)) add(properties, root, owner.getName(), owner);
      }
    }
    for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = call.getExpression().getText();
      if (callee !== 't.record') continue;
      const object = call.getArguments()[0];
      for (const m of object ? members(object) : []) {
        const fieldName = memberName(m);
        if (fieldName !== undefined) add(stateFields, root, fieldName, m);
      }
    }
  }
  return { actions, stateFields, properties };
}
