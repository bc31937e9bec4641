// @vitest-environment node
/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentNode } from 'graphql';
import { buildSchema, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as operations from './operations';

// The schema the backend serves is the contract: every document the console sends must validate.
const schemaDir = join(import.meta.dirname, '../../../adapters-graphql/src/main/resources/graphql');
const schemaFiles = readdirSync(schemaDir).filter((f) => f.endsWith('.graphqls'));
const schema = buildSchema(
  schemaFiles.map((f) => readFileSync(join(schemaDir, f), 'utf8')).join('\n'),
);

describe('GraphQL operations', () => {
  it('finds the schema', () => {
    expect(schemaFiles.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(operations))('%s validates against the schema', (_name, document) => {
    expect(validate(schema, document as DocumentNode).map((e) => e.message)).toEqual([]);
  });
});
