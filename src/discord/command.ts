import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from './context.js';

/** One slash command: its definition and thin handlers (see commands/). */
export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Questions count toward the per-user cooldown. */
  usesCooldown?: boolean;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}
