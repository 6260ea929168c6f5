import { stringify } from 'yaml';
import { buildAsyncApiDocument } from './asyncapi';
import { buildJsonSchemas } from './json-schemas';

export interface GeneratedFile {
  /** Relative to libs/contracts. */
  path: string;
  content: string;
}

const GENERATED_NOTICE = '# Generated from libs/contracts by `npm run contracts:generate`; do not edit.\n';

/**
 * The generated documents exactly as they are checked in. The generator writes these and a test compares them with the
 * files, so the serialisation lives here, once.
 */
export function renderGeneratedFiles(): GeneratedFile[] {
  return [
    { path: 'generated/events.schema.json', content: `${JSON.stringify(buildJsonSchemas(), null, 2)}\n` },
    {
      path: 'generated/asyncapi.yaml',
      // No anchors and aliases for repeated values (readers of the file should not need to resolve them), and no
      // folding of long descriptions.
      content: `${GENERATED_NOTICE}${stringify(buildAsyncApiDocument(), { aliasDuplicateObjects: false, lineWidth: 0 })}`,
    },
  ];
}
