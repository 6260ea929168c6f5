import { NestFactory } from '@nestjs/core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ServiceDefinition } from '../../bootstrap/run-service';
import { buildOpenApiDocument } from './openapi-document';

/** Where the exported documents live, from the workspace root. */
export const OPENAPI_DIRECTORY = 'docs/api';

export interface OpenApiExport {
  file: string;
  /** The document as the service builds it now, serialised as checked in. */
  current: string;
  /** The checked-in file; undefined when there is none yet. */
  checkedIn?: string;
}

/**
 * Builds a service's OpenAPI document without starting it (Nest's preview mode: modules and routes are read, no
 * provider runs, so no database or broker is needed), and writes it when OPENAPI_WRITE=1 (`npm run openapi:generate`).
 */
export async function exportOpenApiDocument(service: ServiceDefinition, workspaceRoot: string): Promise<OpenApiExport> {
  const app = await NestFactory.create(service.module, { preview: true, logger: false, abortOnError: false });
  try {
    const document = buildOpenApiDocument(app, service);
    const file = join(workspaceRoot, OPENAPI_DIRECTORY, `${service.name}.openapi.json`);
    const current = `${JSON.stringify(document, null, 2)}\n`;
    if (process.env.OPENAPI_WRITE === '1') {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, current);
    }
    return { file, current, checkedIn: existsSync(file) ? readFileSync(file, 'utf8') : undefined };
  } finally {
    await app.close();
  }
}
