import { describe, expect, it } from 'vitest';
import { checkMessage } from '../support/discord-standin/limits.js';

/** The stand-in's Discord rules, on their own: bodies in, Discord's error bodies out. */
const errorsOf = (body: unknown, files: { name: string; size: number }[] = []) =>
  checkMessage(body, files)?.body as
    { code: number; message: string; errors?: Record<string, unknown> } | undefined;

describe("the stand-in's Discord limits", () => {
  it('GIVEN a message within every limit THEN it is accepted', () => {
    expect(
      checkMessage(
        {
          content: 'x'.repeat(2000),
          embeds: [{ title: 't'.repeat(256), description: 'd'.repeat(3000) }],
          components: [{ type: 1, components: [{ type: 2, custom_id: 'a'.repeat(100) }] }],
        },
        [],
      ),
    ).toBeUndefined();
  });

  it('GIVEN 2001 characters of content THEN 50035 naming the content field', () => {
    expect(errorsOf({ content: 'x'.repeat(2001) })).toMatchObject({
      code: 50035,
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
  });

  it('GIVEN embeds over 6000 characters in all THEN 50035 MAX_EMBED_SIZE_EXCEEDED', () => {
    const embeds = [1, 2].map(() => ({ description: 'd'.repeat(3500) }));
    expect(errorsOf({ embeds })).toMatchObject({
      code: 50035,
      errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } },
    });
  });

  it('GIVEN 26 embed fields, a 4097-character description or a 101-character custom id THEN each is refused at its path', () => {
    const field = { name: 'n', value: 'v' };
    expect(errorsOf({ embeds: [{ fields: Array(26).fill(field) }] })?.errors).toHaveProperty([
      'embeds',
      '0',
      'fields',
    ]);
    expect(errorsOf({ embeds: [{ description: 'd'.repeat(4097) }] })?.errors).toHaveProperty([
      'embeds',
      '0',
      'description',
    ]);
    const row = { type: 1, components: [{ type: 2, custom_id: 'a'.repeat(101) }] };
    expect(errorsOf({ content: 'x', components: [row] })?.errors).toHaveProperty([
      'components',
      '0',
      'components',
      '0',
      'custom_id',
    ]);
  });

  it('GIVEN two buttons with one custom id THEN COMPONENT_CUSTOM_ID_DUPLICATED', () => {
    const button = { type: 2, custom_id: 'same' };
    expect(
      JSON.stringify(errorsOf({ components: [{ type: 1, components: [button, button] }] })),
    ).toContain('COMPONENT_CUSTOM_ID_DUPLICATED');
  });

  it('GIVEN nothing to show THEN 50006, unless a file is attached', () => {
    expect(errorsOf({ content: '   ' })).toMatchObject({ code: 50006 });
    expect(errorsOf({})).toMatchObject({ code: 50006 });
    expect(checkMessage({}, [{ name: 'a.txt', size: 3 }])).toBeUndefined();
  });
});
