/**
 * `lint`: flags spec code that is not a pure, deterministic function of its arguments — the obligations of
 * `ActionDef` that the engine can only detect after the fact (when a replay diverges). Rules:
 * - `random`: `Math.random`, `crypto.getRandomValues` / `randomUUID` / `randomInt`;
 * - `time`: `Date` (construction, `Date.now`), `performance.now`, `process.hrtime`;
 * - `io`: imports of file, network, process or worker modules, `fetch`, `require`, `console`, `process.*`;
 * - `stateMutation`: assignment, `++`/`--` or `delete` through a parameter (or a variable aliasing part of one, or a
 *   field of `this` two levels deep, as in `this.s.groups[0] = …`), a mutating method (`push`, `splice`, `sort`,
 *   `set`, …) called on one, `Object.assign` into one — parameters of spec functions are states, params and
 *   constants, all shared with the engine. A parameter whose type's TSDoc has `@privateCopies a b` (the threads
 *   layer's `StepContext`: `shared` and `local` are the successor's private copies) may be written through those
 *   members, and only those;
 * - `unorderedIteration`: `for…in`, and iteration over a `Set`/`Map` or over `Object.keys/values/entries` of a
 *   record with an index signature, whose order depends on insertion history rather than on the value.
 *
 * Syntactic with type information (ts-morph), so it can miss what hides behind calls into other modules and can
 * flag code that is in fact safe; each finding gives file, line and the code, to judge.
 */
import { Node, SyntaxKind, type SourceFile, type Type } from 'ts-morph';
import { relativeFile } from '../diff/source/sourceProject.js';

/** The rules {@link lintSourceFiles} applies. */
export type LintRule = 'random' | 'time' | 'io' | 'stateMutation' | 'unorderedIteration';

/** One finding: where, which rule, why, and the code. */
export interface LintFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: LintRule;
  readonly message: string;
  readonly code: string;
}

const IO_MODULES = new Set([
  'fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'readline', 'worker_threads', 'cluster', 'os', 'process', 'tls',
]);
const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);
const UNORDERED = new Set(['Set', 'Map', 'ReadonlySet', 'ReadonlyMap', 'WeakSet', 'WeakMap']);
const ASSIGNMENT_OPERATORS = new Set([
  SyntaxKind.EqualsToken, SyntaxKind.PlusEqualsToken, SyntaxKind.MinusEqualsToken, SyntaxKind.AsteriskEqualsToken,
  SyntaxKind.SlashEqualsToken, SyntaxKind.PercentEqualsToken, SyntaxKind.AmpersandEqualsToken, SyntaxKind.BarEqualsToken,
  SyntaxKind.CaretEqualsToken, SyntaxKind.LessThanLessThanEqualsToken, SyntaxKind.GreaterThanGreaterThanEqualsToken,
  SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, SyntaxKind.AsteriskAsteriskEqualsToken,
  SyntaxKind.QuestionQuestionEqualsToken, SyntaxKind.BarBarEqualsToken, SyntaxKind.AmpersandAmpersandEqualsToken,
]);

function isUnorderedType(type: Type): boolean {
  const name = type.getSymbol()?.getName() ?? type.getAliasSymbol()?.getName();
  if (name !== undefined && UNORDERED.has(name)) return true;
  return type.isUnion() && type.getUnionTypes().some((t) => isUnorderedType(t));
}

/** The identifier at the root of `a.b[c]!.d`, or undefined when the chain starts elsewhere (a call, a literal). */
function rootIdentifier(node: Node): Node | undefined {
  let n: Node = node;
  for (;;) {
    if (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n) || Node.isNonNullExpression(n) || Node.isParenthesizedExpression(n)) {
      n = n.getExpression();
    } else if (Node.isAsExpression(n)) n = n.getExpression();
    else break;
  }
  return Node.isIdentifier(n) ? n : undefined;
}

/**
 * The members of `parameter`'s type named by a `@privateCopies` TSDoc tag on the type's declaration: fields the
 * function owns and may change in place (empty for every other type).
 */
function privateCopyMembers(parameter: Node): ReadonlySet<string> {
  const names = new Set<string>();
  for (const declaration of parameter.getType().getSymbol()?.getDeclarations() ?? []) {
    if (!Node.isJSDocable(declaration)) continue;
    for (const doc of declaration.getJsDocs()) {
      for (const tag of doc.getTags()) {
        if (tag.getTagName() !== 'privateCopies') continue;
        for (const name of (tag.getCommentText() ?? '').split(/\s+/)) if (name !== '') names.add(name);
      }
    }
  }
  return names;
}

/** The first member a chain takes from its root (`shared` in `k.shared.x[0]`), or undefined for the root itself. */
function firstMember(node: Node, root: Node): string | undefined {
  let n: Node = node;
  let member: string | undefined;
  while (n !== root) {
    if (Node.isPropertyAccessExpression(n)) member = n.getName();
    else if (Node.isElementAccessExpression(n)) member = undefined;
    if (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n) || Node.isNonNullExpression(n) || Node.isParenthesizedExpression(n) || Node.isAsExpression(n)) {
      n = n.getExpression();
    } else return undefined;
  }
  return member;
}

/** Whether the chain `node`, rooted at the parameter `root`, starts with one of the parameter's private copies. */
function intoPrivateCopy(node: Node, root: Node): boolean {
  const member = firstMember(node, root);
  if (member === undefined) return false;
  const declaration = root.getSymbol()?.getDeclarations()[0];
  return declaration !== undefined && Node.isParameterDeclaration(declaration) && privateCopyMembers(declaration).has(member);
}

/** Whether `identifier` names a parameter of an enclosing function (or a variable aliasing part of one). */
function isParameterRooted(identifier: Node, aliases: ReadonlySet<Node>): boolean {
  const symbol = identifier.getSymbol();
  if (symbol === undefined) return false;
  for (const declaration of symbol.getDeclarations()) {
    if (aliases.has(declaration)) return true;
    let d: Node | undefined = declaration;
    while (d !== undefined && (Node.isBindingElement(d) || Node.isObjectBindingPattern(d) || Node.isArrayBindingPattern(d))) d = d.getParent();
    if (d !== undefined && Node.isParameterDeclaration(d) && !isReduceAccumulator(d)) return true;
  }
  return false;
}

/** The accumulator of a `reduce` callback is the callback's own value, not shared state. */
function isReduceAccumulator(parameter: Node): boolean {
  const fn = parameter.getParent();
  if (fn === undefined || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return false;
  if (fn.getParameters()[0] !== parameter) return false;
  const call = fn.getParent();
  if (call === undefined || !Node.isCallExpression(call)) return false;
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) && (callee.getName() === 'reduce' || callee.getName() === 'reduceRight');
}

/**
 * Whether `node` is a chain at least two deep into `this` (`this.s.groups[0]`): an object that keeps a state in a
 * field (`this.s`) and writes into it mutates the state it was given; replacing the field (`this.s = …`) does not.
 */
function intoThisField(node: Node): boolean {
  let depth = 0;
  let n: Node = node;
  for (;;) {
    if (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) {
      depth += 1;
      n = n.getExpression();
    } else if (Node.isNonNullExpression(n) || Node.isParenthesizedExpression(n) || Node.isAsExpression(n)) n = n.getExpression();
    else break;
  }
  return n.getKind() === SyntaxKind.ThisKeyword && depth >= 2;
}

/** Variables initialised with a chain into a parameter (`const g = s.groups[i]`): writing through them mutates it. */
function collectAliases(file: SourceFile): Set<Node> {
  const aliases = new Set<Node>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const declaration of file.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
      if (aliases.has(declaration)) continue;
      const loop = declaration.getParent()?.getParent();
      if (loop !== undefined && Node.isForOfStatement(loop)) {
        const root = rootIdentifier(loop.getExpression());
        if (root !== undefined && isParameterRooted(root, aliases) && !intoPrivateCopy(loop.getExpression(), root)) {
          aliases.add(declaration);
          grew = true;
        }
        continue;
      }
      const init = declaration.getInitializer();
      if (
        init === undefined ||
        !(Node.isPropertyAccessExpression(init) || Node.isElementAccessExpression(init) || Node.isIdentifier(init) ||
          Node.isNonNullExpression(init) || Node.isAsExpression(init) || Node.isParenthesizedExpression(init))
      ) {
        continue;
      }
      const root = rootIdentifier(init);
      if (root !== undefined && isParameterRooted(root, aliases) && !intoPrivateCopy(init, root)) {
        aliases.add(declaration);
        grew = true;
      }
    }
  }
  return aliases;
}

/** Lints `files` (spec sources); file names in findings are relative to `root`. Findings in file, then position order. */
export function lintSourceFiles(files: readonly SourceFile[], root: string): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const file of files) {
    const name = relativeFile(root, file.getFilePath());
    const report = (node: Node, rule: LintRule, message: string): void => {
      const { line, column } = file.getLineAndColumnAtPos(node.getStart());
      findings.push({ file: name, line, column, rule, message, code: node.getText().replace(/\s+/g, ' ').slice(0, 120) });
    };
    const aliases = collectAliases(file);
    const rooted = (node: Node): boolean => {
      const root = rootIdentifier(node);
      return root !== undefined && node !== root && isParameterRooted(root, aliases) && !intoPrivateCopy(node, root);
    };
    /** A parameter itself, or a chain into one, or a chain into a field of `this` (`this.s.groups`). */
    const touches = (node: Node): boolean =>
      rooted(node) || (Node.isIdentifier(node) && isParameterRooted(node, aliases)) || intoThisField(node);

    for (const declaration of file.getImportDeclarations()) {
      const module = declaration.getModuleSpecifierValue().replace(/^node:/, '');
      if (IO_MODULES.has(module)) report(declaration, 'io', `imports '${declaration.getModuleSpecifierValue()}': spec code must not do I/O`);
    }
    file.forEachDescendant((node) => {
      if (Node.isPropertyAccessExpression(node)) {
        const text = node.getText();
        const object = node.getExpression().getText();
        if (text === 'Math.random') report(node, 'random', 'Math.random: a spec must be a deterministic function of its state');
        else if (object === 'crypto' && ['getRandomValues', 'randomUUID', 'randomInt', 'randomBytes'].includes(node.getName())) report(node, 'random', `${text}: randomness in spec code`);
        else if (object === 'Date') report(node, 'time', `${text}: the clock is not part of the state`);
        else if (text === 'performance.now' || text === 'process.hrtime') report(node, 'time', `${text}: the clock is not part of the state`);
        else if (object === 'console') report(node, 'io', `${text}: spec code must not do I/O`);
        else if (object === 'process') report(node, 'io', `${text}: the process environment is not part of the state`);
      } else if (Node.isNewExpression(node) && node.getExpression().getText() === 'Date') {
        report(node, 'time', 'new Date(): the clock is not part of the state');
      } else if (Node.isCallExpression(node)) {
        const callee = node.getExpression();
        const calleeText = callee.getText();
        if (calleeText === 'fetch' || calleeText === 'require') report(node, 'io', `${calleeText}(): spec code must not do I/O`);
        else if (Node.isPropertyAccessExpression(callee) && MUTATING_METHODS.has(callee.getName()) && touches(callee.getExpression())) {
          report(node, 'stateMutation', `${calleeText}(): mutates a value the function was given; copy it (arr.with(i, v), [...arr, x], {...s, f: v})`);
        } else if (calleeText === 'Object.assign') {
          const target = node.getArguments()[0];
          if (target !== undefined && touches(target)) {
            report(node, 'stateMutation', 'Object.assign into a value the function was given');
          }
        } else if (['Object.keys', 'Object.values', 'Object.entries'].includes(calleeText)) {
          const argument = node.getArguments()[0];
          if (argument !== undefined && argument.getType().getStringIndexType() !== undefined) {
            report(node, 'unorderedIteration', `${calleeText} of a record with an index signature: its order is insertion history, not value`);
          }
        } else if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'forEach' && isUnorderedType(callee.getExpression().getType())) {
          report(node, 'unorderedIteration', 'forEach over a Set/Map: its order is insertion history, not value');
        } else if (calleeText === 'Array.from' && node.getArguments()[0] !== undefined && isUnorderedType(node.getArguments()[0]!.getType())) {
          report(node, 'unorderedIteration', 'Array.from of a Set/Map: its order is insertion history, not value');
        }
      } else if (Node.isBinaryExpression(node) && ASSIGNMENT_OPERATORS.has(node.getOperatorToken().getKind())) {
        if (rooted(node.getLeft()) || intoThisField(node.getLeft())) report(node, 'stateMutation', 'assignment through a value the function was given; build a new object instead');
      } else if ((Node.isPrefixUnaryExpression(node) || Node.isPostfixUnaryExpression(node)) &&
        (node.getOperatorToken() === SyntaxKind.PlusPlusToken || node.getOperatorToken() === SyntaxKind.MinusMinusToken)) {
        if (rooted(node.getOperand())) report(node, 'stateMutation', 'increment/decrement through a value the function was given');
      } else if (Node.isDeleteExpression(node)) {
        if (rooted(node.getExpression())) report(node, 'stateMutation', 'delete through a value the function was given');
      } else if (Node.isForInStatement(node)) {
        report(node.getFirstChildByKind(SyntaxKind.ForKeyword) ?? node, 'unorderedIteration', 'for…in: iterate a declared array or record fields instead');
      } else if (Node.isForOfStatement(node)) {
        const iterated = node.getExpression();
        const receiver = Node.isCallExpression(iterated) && Node.isPropertyAccessExpression(iterated.getExpression()) ? iterated.getExpression().asKindOrThrow(SyntaxKind.PropertyAccessExpression).getExpression() : iterated;
        if (isUnorderedType(receiver.getType())) report(iterated, 'unorderedIteration', 'for…of over a Set/Map: its order is insertion history, not value');
      } else if (Node.isSpreadElement(node) && isUnorderedType(node.getExpression().getType())) {
        report(node, 'unorderedIteration', 'spread of a Set/Map: its order is insertion history, not value');
      }
    });
  }
  return findings.sort((x, y) => (x.file === y.file ? x.line - y.line || x.column - y.column : x.file < y.file ? -1 : 1));
}
