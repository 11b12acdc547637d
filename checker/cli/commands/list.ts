/**
 * `lifecheck list <model>`: the model's actions with their parameters, its properties and its constant sets.
 * `lifecheck models`: the registered model names.
 */
import { Command } from 'commander';
import { canonicalJson } from '../../engine/api/json.js';
import type { JsonRecord } from '../../engine/api/json.js';
import { resolveConstants } from '../../engine/core/compileModel.js';
import type { CommandContext } from '../commandContext.js';
import { loadModel, registeredModelNames } from '../loadModel.js';
import { modelRegistry } from '../../../spec/registry.js';

/** Builds the `list` command. */
export function createListCommand(ctx: CommandContext): Command {
  return new Command('list')
    .description("list a model's actions (with parameters), properties and constant sets")
    .argument('<model>', 'a registered model name or path/to/module.ts#export')
    .option('--constants <set>', 'the constant set used to enumerate parameters')
    .action(async (modelRef: string, options: { constants?: string }) => {
      const model = await loadModel(modelRef);
      const { constants, setName } = resolveConstants(model, options.constants !== undefined ? { constantSet: options.constants } : {});
      const lines: string[] = [`Model ${model.name}${model.summary ? `: ${model.summary}` : ''}`, ''];
      lines.push(`Actions (parameters for constant set '${setName ?? ''}'):`);
      for (const [name, def] of Object.entries(model.spec.actions)) {
        const params = def.stateParams !== undefined ? [] : def.params === undefined ? [null] : typeof def.params === 'function' ? def.params(constants as JsonRecord) : def.params;
        const shown =
          def.stateParams !== undefined ? ' (parameters depend on the state)' : params.length === 1 && params[0] === null ? '' : ` ${params.map((p) => canonicalJson(p)).join(' | ')}`;
        lines.push(`  ${name}${shown}${def.summary ? `  — ${def.summary}` : ''}`);
      }
      lines.push('', 'Properties:');
      for (const [name, p] of Object.entries(model.properties)) {
        lines.push(`  ${name} [${p.kind}]${p.summary ? `  — ${p.summary}` : ''}`);
      }
      if (model.deadlock ?? true) lines.push('  deadlock [deadlock]  — a state with no enabled action');
      lines.push('', 'Constant sets:');
      for (const [name, value] of Object.entries(model.constants)) lines.push(`  ${name}: ${canonicalJson(value)}`);
      ctx.io.out(`${lines.join('\n')}\n`);
    });
}

/** Builds the `models` command. */
export function createModelsCommand(ctx: CommandContext): Command {
  return new Command('models').description('list the registered model names').action(() => {
    const names = registeredModelNames();
    const width = Math.max(...names.map((n) => n.length));
    ctx.io.out(`${names.map((n) => `${n.padEnd(width)}  ${modelRegistry[n]!.summary}`).join('\n')}\n`);
  });
}
