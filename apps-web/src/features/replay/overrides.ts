import type { Json, JsonObject } from '../../shared/ui/json';

/**
 * The overrides sent with replayJob: the edited parameters in full, plus `null` for every key the
 * person removed (at any depth). Read as a JSON Merge Patch (RFC 7386) over the original
 * parameters, that gives exactly the edited parameters; read as a replacement it gives them too,
 * with the removed keys set to null.
 */
export function replayOverrides(original: Json, edited: JsonObject): JsonObject {
  const result: JsonObject = { ...edited };
  if (!isObject(original)) return result;
  for (const [key, before] of Object.entries(original)) {
    if (!(key in edited)) {
      result[key] = null;
    } else if (isObject(before) && isObject(edited[key])) {
      result[key] = replayOverrides(before, edited[key] as JsonObject);
    }
  }
  return result;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
