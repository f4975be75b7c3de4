import type { APIMessage } from 'discord.js';
import { MessageFlags, RESTJSONErrorCodes } from 'discord.js';
import { z } from 'zod';

/**
 * Discord's rules for what a bot sends, as zod schemas that produce Discord's own error
 * bodies (400 code 50035 with the offending path, 50006 for an empty message). Pure: no
 * server, no state, so each rule is testable on its own.
 */

/** A REST answer: status, JSON body, and what Discord does right after sending it. */
export interface Reply {
  status: number;
  body?: unknown;
  /** Runs once the response is sent, e.g. the gateway event Discord sends after it. */
  after?: () => void;
}
export type FileInfo = { name: string; size: number };

const maxLength = (n: number) => z.string().max(n, `Must be ${n} or fewer in length.`);
const requiredText = (n: number) => maxLength(n).min(1, 'This field is required');
const list = <T extends z.ZodType>(item: T, n: number) =>
  z.array(item).max(n, `Must be ${n} or fewer in length.`);

const embed = z.looseObject({
  title: maxLength(256).nullish(),
  description: maxLength(4096).nullish(),
  fields: list(z.looseObject({ name: requiredText(256), value: requiredText(1024) }), 25).nullish(),
  footer: z.looseObject({ text: requiredText(2048) }).nullish(),
  author: z.looseObject({ name: requiredText(256) }).nullish(),
});
const component = z.looseObject({
  custom_id: maxLength(100).nullish(),
  label: maxLength(80).nullish(),
  options: list(z.unknown(), 25).nullish(),
});
const actionRow = z.looseObject({ components: list(component, 5).nullish() });
const messageFields = {
  content: maxLength(2000).nullish(),
  embeds: list(embed, 10).nullish(),
  flags: z.number().int().nullish(),
  attachments: z.array(z.looseObject({ id: z.union([z.string(), z.number()]) })).nullish(),
  message_reference: z.unknown().optional(),
  sticker_ids: z.array(z.string()).nullish(),
  poll: z.unknown().optional(),
};
/** Components V2 messages (flag 1 << 15) have their own layout rules, not checked here. */
const messageSchemas = {
  rows: z
    .looseObject({ ...messageFields, components: list(actionRow, 5).nullish() })
    .superRefine(embedTotal)
    .superRefine(uniqueCustomIds),
  v2: z
    .looseObject({ ...messageFields, components: list(z.unknown(), 40).nullish() })
    .superRefine(embedTotal),
};
export type MessageBody = {
  content?: string | null;
  embeds?: unknown[] | null;
  components?: unknown[] | null;
  flags?: number | null;
  attachments?: { id: string | number }[] | null;
  message_reference?: unknown;
  sticker_ids?: string[] | null;
  poll?: unknown;
};

export function messageBody(body: unknown) {
  const flags = z.looseObject({ flags: z.number() }).safeParse(body);
  return flags.success && (flags.data.flags & MessageFlags.IsComponentsV2) !== 0
    ? messageSchemas.v2
    : messageSchemas.rows;
}

function embedTotal(body: { embeds?: z.infer<typeof embed>[] | null }, ctx: z.RefinementCtx) {
  const total = (body.embeds ?? []).reduce(
    (sum, e) =>
      sum +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0),
    0,
  );
  if (total > 6000)
    ctx.addIssue({
      code: 'custom',
      path: ['embeds'],
      message: 'Embed size exceeds maximum size of 6000',
      params: { discordCode: 'MAX_EMBED_SIZE_EXCEEDED' },
    });
}

function uniqueCustomIds(
  body: { components?: z.infer<typeof actionRow>[] | null },
  ctx: z.RefinementCtx,
) {
  const seen = new Set<string>();
  (body.components ?? []).forEach((row, r) =>
    (row.components ?? []).forEach((c, i) => {
      if (c.custom_id == null) return;
      if (seen.has(c.custom_id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['components', r, 'components', i, 'custom_id'],
          message: 'Component custom id cannot be duplicated',
          params: { discordCode: 'COMPONENT_CUSTOM_ID_DUPLICATED' },
        });
      }
      seen.add(c.custom_id);
    }),
  );
}

export const callbackBody = z.looseObject({ type: z.number().int(), data: z.unknown() });
export const autocompleteData = z.looseObject({
  choices: list(
    z.looseObject({ name: requiredText(100), value: z.union([maxLength(100), z.number()]) }),
    25,
  ),
});
export const threadBody = z.looseObject({
  name: requiredText(100),
  auto_archive_duration: z
    .union([z.literal(60), z.literal(1440), z.literal(4320), z.literal(10080)])
    .optional(),
});
export const commandsBody = list(
  z.looseObject({
    name: z.string().regex(/^[-_\p{L}\p{N}]{1,32}$/u, 'Command name is invalid'),
    description: z.string().max(100, 'Must be 100 or fewer in length.').optional(),
    options: list(z.unknown(), 25).optional(),
  }),
  100,
);
export const messageReference = z.looseObject({ message_id: z.string() });

/** A 400 for a message Discord refuses, or undefined when it would be accepted. */
export function checkMessage(
  body: unknown,
  files: FileInfo[],
  prefix: string[] = [],
): Reply | undefined {
  const result = messageBody(body).safeParse(body ?? {});
  if (!result.success) return formBodyError(result.error.issues, prefix);
  return isEmpty(result.data, files) ? emptyMessage() : undefined;
}

export function parseMessage(body: unknown): MessageBody {
  const result = messageBody(body).safeParse(body ?? {});
  return result.success ? (result.data as MessageBody) : {};
}

export function isEmpty(m: MessageBody | APIMessage, files: FileInfo[]): boolean {
  const has = (v: unknown) => Array.isArray(v) && v.length > 0;
  const poll = 'poll' in m ? m.poll : undefined;
  return (
    !m.content?.trim() &&
    !has(m.embeds) &&
    !has(m.components) &&
    !has(m.attachments) &&
    !has('sticker_ids' in m ? m.sticker_ids : undefined) &&
    !poll &&
    files.length === 0
  );
}

export function formBodyError(issues: z.core.$ZodIssue[], prefix: string[] = []): Reply {
  const errors: Record<string, unknown> = {};
  for (const issue of issues) {
    let node = errors;
    for (const key of [...prefix, ...issue.path])
      node = (node[String(key)] ??= {}) as Record<string, unknown>;
    const discordCode =
      issue.code === 'custom'
        ? String(issue.params?.discordCode ?? 'BASE_TYPE_INVALID')
        : issue.code === 'too_big'
          ? 'BASE_TYPE_MAX_LENGTH'
          : issue.code === 'too_small'
            ? 'BASE_TYPE_REQUIRED'
            : 'BASE_TYPE_INVALID';
    ((node._errors ??= []) as unknown[]).push({ code: discordCode, message: issue.message });
  }
  return discordError(
    400,
    RESTJSONErrorCodes.InvalidFormBodyOrContentType,
    'Invalid Form Body',
    errors,
  );
}

export function withPrefix(reply: Reply, key: string): Reply {
  const body = reply.body as { errors?: unknown } | undefined;
  return body?.errors ? { ...reply, body: { ...body, errors: { [key]: body.errors } } } : reply;
}

export function emptyMessage(): Reply {
  return discordError(
    400,
    RESTJSONErrorCodes.CannotSendAnEmptyMessage,
    'Cannot send an empty message',
  );
}

export function unknownChannel(): Reply {
  return discordError(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
}

export function notFound(): Reply {
  return discordError(404, 0, '404: Not Found');
}

export function discordError(
  status: number,
  code: number,
  message: string,
  errors?: object,
): Reply {
  return { status, body: { message, code, ...(errors ? { errors } : {}) } };
}

export function ok(body: unknown): Reply {
  return { status: 200, body };
}
