import { REST, Routes } from 'discord.js';
import type { Command } from './command.js';

export interface DeployResult {
  scope: 'guild' | 'global';
  count: number;
}

/** Registers the slash commands: to one server when guildId is set (instant), else globally. */
export async function deployCommands(
  commands: readonly Command[],
  options: { token: string; clientId: string; guildId?: string; apiUrl?: string },
): Promise<DeployResult> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const body = commands.map((c) => c.data);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.clientId, options.guildId)
    : Routes.applicationCommands(options.clientId);
  const result = (await rest.put(route, { body })) as unknown[];
  return { scope: options.guildId ? 'guild' : 'global', count: result.length };
}
