import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JsonObject } from '@countersign/contracts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TypedConfig } from '@countersign/platform';
import { ReviewEnvironment } from '../review-environment';

/**
 * The JSON Schema of each workflow's AI output (`<workflow>.schema.json` in REVIEW_OUTPUT_SCHEMAS_DIR): corrections are
 * validated against it, and the reviewer UI builds its correction form from it.
 */
@Injectable()
export class OutputSchemas implements OnModuleInit {
  private readonly log = new Logger(OutputSchemas.name);
  private readonly schemas = new Map<string, JsonObject>();

  constructor(private readonly config: TypedConfig<ReviewEnvironment>) {}

  onModuleInit(): void {
    const dir = this.config.get('REVIEW_OUTPUT_SCHEMAS_DIR');
    if (!existsSync(dir)) {
      this.log.warn({ msg: 'no output schema directory; corrections are checked only for being JSON objects', dir });
      return;
    }
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.schema.json'))) {
      this.schemas.set(file.replace(/\.schema\.json$/, ''), JSON.parse(readFileSync(join(dir, file), 'utf8')));
    }
    this.log.log({ msg: 'output schemas loaded', workflows: [...this.schemas.keys()] });
  }

  forWorkflow(workflow: string): JsonObject | undefined {
    return this.schemas.get(workflow);
  }
}
