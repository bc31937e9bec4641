import { describe, expect, it } from 'vitest';
import { parseJsonObject } from './jsonInput';

describe('parseJsonObject', () => {
  it('accepts an object and treats blank as {}', () => {
    expect(parseJsonObject('{"a": [1]}')).toEqual({ ok: true, value: { a: [1] } });
    expect(parseJsonObject('  ')).toEqual({ ok: true, value: {} });
  });

  it.each(['[1]', '3', 'null', '"x"'])('rejects %s, which is not an object', (text) => {
    expect(parseJsonObject(text)).toMatchObject({
      ok: false,
      error: expect.stringContaining('object'),
    });
  });

  it('explains invalid JSON', () => {
    expect(parseJsonObject('{a:')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Not valid JSON'),
    });
  });
});
