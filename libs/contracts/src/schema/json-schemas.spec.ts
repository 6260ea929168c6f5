import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateEvent } from '../codec/decode';
import * as contracts from '../index';
import { anEventOf, without } from '../testing';
import { EventClasses } from './event-classes';
import { renderGeneratedFiles } from './generated-files';
import { JsonObject } from './json-value';
import { buildJsonSchemas } from './json-schemas';

const schemas = buildJsonSchemas();

describe('buildJsonSchemas', () => {
  it('is what libs/contracts/generated/events.schema.json holds', () => {
    const [file] = renderGeneratedFiles().filter((generated) => generated.path.endsWith('events.schema.json'));
    const checkedIn = readFileSync(path.join(__dirname, '..', '..', file.path), 'utf8');
    if (checkedIn !== file.content) {
      throw new Error(`libs/contracts/${file.path} is out of date: run \`npm run contracts:generate\` and commit it`);
    }
  });

  it('has a schema for every event class the library exports, and for nothing else', () => {
    const exported = Object.entries(contracts)
      .filter(([name, value]) => typeof value === 'function' && /^[A-Z]\w*V\d+$/.test(name))
      .map(([name]) => name);
    expect(Object.keys(schemas).sort()).toEqual(exported.sort());
    expect(exported.length).toBeGreaterThanOrEqual(8);
  });

  it.each(Object.keys(schemas))('gives %s a draft-07 schema that compiles on its own', (name) => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    expect(ajv.validateSchema(schemas[name])).toBe(true);
    expect(() => ajv.compile(schemas[name])).not.toThrow();
  });

  it.each(Object.keys(schemas))('forbids unknown fields in %s and in every class nested in it', (name) => {
    const { definitions = {}, ...root } = schemas[name];
    for (const schema of [root, ...Object.values(definitions as Record<string, JsonObject>)]) {
      expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });

  it.each(EventClasses.map((eventClass) => [eventClass.name, eventClass] as const))(
    'documents as defaults in %s exactly what the codec fills in',
    (name, eventClass) => {
      const properties = schemas[name].properties as Record<string, JsonObject>;
      for (const [property, schema] of Object.entries(properties)) {
        const result = validateEvent(eventClass, without(anEventOf(eventClass), property));
        const filledIn = result.ok ? (result.value as Record<string, unknown>)[property] : undefined;
        expect({ property, default: filledIn }).toEqual({ property, default: schema.default });
      }
    },
  );
});
