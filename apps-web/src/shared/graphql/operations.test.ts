// @vitest-environment node
/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentNode } from 'graphql';
import { buildSchema, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as generated from './generated/graphql';

// The schema the backend serves is the contract: every document the console sends must validate.
const schemaDir = join(
  import.meta.dirname,
  '../../../../adapters-graphql/src/main/resources/graphql',
);
const schemaFiles = readdirSync(schemaDir).filter((f) => f.endsWith('.graphqls'));
const schema = buildSchema(
  schemaFiles.map((f) => readFileSync(join(schemaDir, f), 'utf8')).join('\n'),
);
const documents = Object.entries(generated).filter(
  ([name, value]) => name.endsWith('Document') && (value as DocumentNode).kind === 'Document',
);

describe('GraphQL operations', () => {
  it('finds the schema and the documents', () => {
    expect(schemaFiles.length).toBeGreaterThan(0);
    expect(documents.length).toBeGreaterThan(10);
  });

  it.each(documents)('%s validates against the schema', (_name, document) => {
    expect(validate(schema, document as DocumentNode).map((e) => e.message)).toEqual([]);
  });
});
