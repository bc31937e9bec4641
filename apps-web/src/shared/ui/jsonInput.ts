import type { JsonObject } from './json';

export type ParsedJson = { ok: true; value: JsonObject } | { ok: false; error: string };

/** Parses a textarea that must hold a JSON object; blank means {}. */
export function parseJsonObject(text: string): ParsedJson {
  if (!text.trim()) return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${(e as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'Must be a JSON object, like {"key": "value"}' };
  }
  return { ok: true, value: value as JsonObject };
}
