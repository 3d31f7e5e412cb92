import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the committed schema. `documentMode: 'string'` makes each
// operation a plain string (TypedDocumentString), so no `graphql` runtime ships.
// Operations live in .graphql files beside the code that uses them; import their
// `XxxDocument` from src/gql/graphql (tree-shaken: only used documents ship).
// Run `npm run codegen` after changing an operation or the schema; `npm run typecheck`
// fails when src/gql/ is stale or an operation no longer matches ../schema.graphql.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        // Scalars arrive as JSON strings; a scalar the console does not know yet is
        // `unknown`, which a page must narrow before use.
        defaultScalarType: 'unknown',
        scalars: {
          Date: 'string',
          DateTime: 'string',
          UUID: 'string',
          JSON: 'unknown',
        },
      },
      presetConfig: {
        fragmentMasking: false,
      },
    },
  },
};

export default config;
