/** How one field of the correction form is edited. `json` is the fallback for objects and unknown shapes. */
export type FieldControl = 'text' | 'number' | 'integer' | 'checkbox' | 'select' | 'lines' | 'json';

export interface FormField {
  name: string;
  label: string;
  control: FieldControl;
  options?: string[];
  required: boolean;
  schema: JsonSchema;
}

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** The form's state: every field as the text in its control ("true"/"false" for checkboxes). */
export type FormValues = Record<string, string>;

/**
 * The correction form for a workflow's output schema: one field per schema property, then one per field the AI output
 * has beyond the schema (edited as JSON), so that nothing the AI said is out of the reviewer's reach.
 */
export function formFields(schema: JsonSchema | undefined, aiOutput: Record<string, unknown>): FormField[] {
  const properties = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  const fields = Object.entries(properties).map(([name, property]) => ({
    name,
    label: property.title ?? name,
    control: controlFor(property),
    ...(property.enum && { options: property.enum.map(String) }),
    required: required.has(name),
    schema: property,
  }));
  const extra = Object.keys(aiOutput).filter((name) => !(name in properties));
  return [
    ...fields,
    ...extra.map((name) => ({ name, label: name, control: 'json' as const, required: false, schema: {} })),
  ];
}

function controlFor(property: JsonSchema): FieldControl {
  const type = Array.isArray(property.type) ? property.type.find((t) => t !== 'null') : property.type;
  if (property.enum) return 'select';
  if (type === 'string') return 'text';
  if (type === 'number') return 'number';
  if (type === 'integer') return 'integer';
  if (type === 'boolean') return 'checkbox';
  if (type === 'array' && property.items?.type === 'string') return 'lines';
  return 'json';
}

/** The AI's output as form text, so an untouched form corrects nothing. */
export function initialValues(fields: FormField[], aiOutput: Record<string, unknown>): FormValues {
  return Object.fromEntries(fields.map((field) => [field.name, asText(field, aiOutput[field.name])]));
}

function asText(field: FormField, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.control === 'lines' && Array.isArray(value)) return value.join('\n');
  if (field.control === 'json') return JSON.stringify(value);
  return String(value);
}

/** What the form says: the correction to send, or the problem with each field the reviewer must fix. */
export type FormReading =
  { ok: true; correction: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** Reads the form against the schema. An empty optional field leaves the value out, as if the AI had not said it. */
export function readForm(fields: FormField[], values: FormValues): FormReading {
  const correction: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const text = (values[field.name] ?? '').trim();
    if (text === '' && field.control !== 'checkbox') {
      if (field.required) errors[field.name] = 'is required';
      continue;
    }
    const parsed = parseField(field, text);
    if ('error' in parsed) errors[field.name] = parsed.error;
    else correction[field.name] = parsed.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, correction };
}

function parseField(field: FormField, text: string): { value: unknown } | { error: string } {
  const { schema } = field;
  switch (field.control) {
    case 'checkbox':
      return { value: text === 'true' };
    case 'select':
      return field.options?.includes(text) ? { value: text } : { error: `must be one of ${field.options?.join(', ')}` };
    case 'lines':
      return {
        value: text
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
      };
    case 'json':
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { error: 'must be valid JSON' };
      }
    case 'number':
    case 'integer': {
      const value = Number(text.replace(/[\s,_]/g, ''));
      if (!Number.isFinite(value)) return { error: 'must be a number' };
      if (field.control === 'integer' && !Number.isInteger(value)) return { error: 'must be a whole number' };
      if (schema.minimum !== undefined && value < schema.minimum)
        return { error: `must be at least ${schema.minimum}` };
      if (schema.maximum !== undefined && value > schema.maximum) return { error: `must be at most ${schema.maximum}` };
      return { value };
    }
    case 'text':
      if (schema.minLength !== undefined && text.length < schema.minLength) {
        return { error: `must be at least ${schema.minLength} characters` };
      }
      if (schema.maxLength !== undefined && text.length > schema.maxLength) {
        return { error: `must be at most ${schema.maxLength} characters` };
      }
      return { value: text };
  }
}

/**
 * Field errors the API gave (`correction.termMonths`, `correction`), by form field; the ones for the whole correction
 * come under the empty name.
 */
export function apiFieldErrors(fieldErrors: Array<{ field: string; errors: string[] }>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { field, errors: messages } of fieldErrors) {
    const name = field.startsWith('correction.') ? field.slice('correction.'.length).split(/[.[]/)[0] : '';
    errors[name] = [errors[name], ...messages].filter(Boolean).join('; ');
  }
  return errors;
}
