import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { loginWithRetry, reportCommandRegistration } from './boot.js';
import type { Command } from './command.js';
import type { BotContext } from './context.js';
import { handleInteraction } from './handle-interaction.js';
import { handleMessage } from './handle-message.js';

export interface RunningBot {
  client: Client;
  /** Finishes the replies in flight, then disconnects. */
  stop(): Promise<void>;
}

/**
 * Logs the bot in and routes events. Every message goes out with no allowed mentions:
 * nothing the bot sends can ping anyone, whatever a title or an answer contains.
 */
export async function startBot(
  ctx: BotContext,
  options: { token: string; apiUrl?: string; commands: readonly Command[] },
): Promise<RunningBot> {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  if (ctx.config.messageContent) intents.push(GatewayIntentBits.MessageContent);
  const client = new Client({
    intents,
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
  });
  const commands = new Map(options.commands.map((c) => [c.data.name, c]));
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  client.on(Events.InteractionCreate, (interaction) => {
    if (!stopping) track(handleInteraction(interaction, commands, ctx));
  });
  client.on(Events.MessageCreate, (message) => {
    if (!stopping && client.user) track(handleMessage(message, client.user.id, ctx));
  });
  client.on(Events.Error, (error) => ctx.log.error({ err: error }, 'discord client error'));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await loginWithRetry(() => client.login(options.token), ctx.log);
  await ready;
  if (client.isReady())
    await reportCommandRegistration(client, options.commands, ctx.config.discordGuildId, ctx.log);
  ctx.log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'logged in');
  return {
    client,
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
      await client.destroy();
    },
  };
}
