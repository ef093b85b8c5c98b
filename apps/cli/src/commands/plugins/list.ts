import { BaseCommand } from '../../base-command.js';

interface PluginRow {
  name: string;
  version: string;
  /** core (shipped with clawdbot), user (`plugins install`) or link (`plugins link`) */
  type: string;
}

export default class PluginsList extends BaseCommand {
  static override description =
    "Lists the plugins this CLI loaded: the ones shipped with it (core) and the ones installed (user) or linked (link) with `clawdbot plugins install|link`. Upstream spells it the same way; `clawdbot plugins` is the same list in oclif's words.";
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
  ];
  static override summary = 'List loaded plugins.';

  async run(): Promise<{ plugins: PluginRow[] }> {
    await this.parse(PluginsList);
    const plugins = [...this.config.plugins.values()]
      .filter((p) => p.name !== this.config.name)
      .map((p) => ({ name: p.name, version: p.version, type: p.type }))
      .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    if (!this.jsonEnabled()) {
      this.out.result(
        [`Plugins (${plugins.length})`, ...plugins.map((p) => `- ${p.name} ${p.version} (${p.type})`)].join(
          '\n',
        ),
      );
    }
    return { plugins };
  }
}
