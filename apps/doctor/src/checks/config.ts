import { MIGRATIONS, resolveConfigPath, updateConfig } from '../deps.js';
import type { Check, Finding } from '../types.js';

const CONFIG_EDIT = 'edit the file, then run: clawdbot doctor';

/** config.parse: the config file reads as JSON5 and every ${VAR} in it is set. */
export const configParseCheck: Check = {
  id: 'config.parse',
  section: 'config',
  async run(ctx, state) {
    const r = await state.config();
    if (r.ok) return [];
    const file = r.error.path ?? resolveConfigPath(ctx);
    if (r.error.code === 'ENV_VAR_MISSING') {
      return [
        {
          id: 'config.env-var-missing',
          severity: 'error',
          section: 'config',
          file,
          message: r.error.message,
          fix: r.error.hint ?? 'set the variable in ~/.clawdbot/.env',
        },
      ];
    }
    return [
      {
        id: 'config.parse',
        severity: 'error',
        section: 'config',
        file,
        message: r.error.message,
        fix: r.error.hint ?? CONFIG_EDIT,
      },
    ];
  },
};

/** config.schema: every entry matches the schema (problems by path). */
export const configSchemaCheck: Check = {
  id: 'config.schema',
  section: 'config',
  async run(_ctx, state) {
    const loaded = await state.loadedConfig();
    if (!loaded) return [];
    return loaded.issues.map(
      (issue): Finding => ({
        id: 'config.schema',
        severity: 'error',
        section: 'config',
        file: loaded.path,
        message: `${issue.path}: ${issue.message} (the entry is ignored)`,
        fix: CONFIG_EDIT,
      }),
    );
  },
};

/** config.migration: legacy shapes that load fine in memory but are still in the file. */
export const configMigrationCheck: Check = {
  id: 'config.migration',
  section: 'config',
  async run(ctx, state) {
    const loaded = await state.loadedConfig();
    if (!loaded?.exists || loaded.migrations.length === 0) return [];
    const describe = (id: string) => MIGRATIONS.find((m) => m.id === id)?.describe ?? id;
    return [
      {
        id: 'config.migration',
        severity: 'warn',
        section: 'config',
        file: loaded.path,
        message: `legacy config pending migration: ${loaded.migrations.map((id) => `${id} (${describe(id)})`).join('; ')}`,
        fix: 'clawdbot doctor --yes',
        repair: {
          describe: `migrated config (${loaded.migrations.join(', ')}); backup kept as ${loaded.path}.bak`,
          safe: true,
          apply: async () => {
            await updateConfig(ctx, () => {});
          },
        },
      },
    ];
  },
};

export const CONFIG_CHECKS: readonly Check[] = [configParseCheck, configSchemaCheck, configMigrationCheck];
