import { apiFieldErrors, formFields, initialValues, JsonSchema, readForm } from './correction-form';

const schema: JsonSchema = {
  type: 'object',
  required: ['counterparty'],
  properties: {
    counterparty: { type: 'string', minLength: 1, title: 'Counterparty' },
    liabilityCap: { type: 'number', minimum: 0, title: 'Liability cap' },
    termMonths: { type: 'integer', minimum: 1, maximum: 600, title: 'Term (months)' },
    rank: { type: 'string', enum: ['A', 'B'] },
    autoRenewal: { type: 'boolean' },
    suggestedRevisions: { type: 'array', items: { type: 'string' } },
  },
};
const ai = { counterparty: 'Acme', liabilityCap: 1000000, termMonths: 24, extra: { page: 3 } };

describe('correction form', () => {
  const fields = formFields(schema, ai);

  it('has a control per schema property, then the output fields the schema does not name, as JSON', () => {
    expect(fields.map((field) => [field.name, field.label, field.control, field.required])).toEqual([
      ['counterparty', 'Counterparty', 'text', true],
      ['liabilityCap', 'Liability cap', 'number', false],
      ['termMonths', 'Term (months)', 'integer', false],
      ['rank', 'rank', 'select', false],
      ['autoRenewal', 'autoRenewal', 'checkbox', false],
      ['suggestedRevisions', 'suggestedRevisions', 'lines', false],
      ['extra', 'extra', 'json', false],
    ]);
    expect(fields[3].options).toEqual(['A', 'B']);
  });

  it('reads the untouched form back as the AI output', () => {
    const reading = readForm(fields, { ...initialValues(fields, ai), autoRenewal: '' });
    expect(reading).toEqual({ ok: true, correction: { ...ai, autoRenewal: false } });
  });

  it('parses numbers as people write them, lines as a list, and leaves empty optional fields out', () => {
    const values = {
      ...initialValues(fields, ai),
      liabilityCap: '2,500,000',
      termMonths: '',
      suggestedRevisions: 'cap at 2M\n\n raise notice ',
      autoRenewal: 'true',
    };
    expect(readForm(fields, values)).toEqual({
      ok: true,
      correction: {
        counterparty: 'Acme',
        liabilityCap: 2500000,
        suggestedRevisions: ['cap at 2M', 'raise notice'],
        autoRenewal: true,
        extra: { page: 3 },
      },
    });
  });

  it.each([
    ['counterparty', '', 'is required'],
    ['liabilityCap', 'a lot', 'must be a number'],
    ['liabilityCap', '-1', 'must be at least 0'],
    ['termMonths', '12.5', 'must be a whole number'],
    ['termMonths', '601', 'must be at most 600'],
    ['rank', 'Z', 'must be one of A, B'],
    ['extra', '{page: 3', 'must be valid JSON'],
  ])('refuses %s = %j inline: %s', (name, text, error) => {
    const reading = readForm(fields, { ...initialValues(fields, ai), [name]: text });
    expect(reading).toEqual({ ok: false, errors: { [name]: error } });
  });

  it("maps the API's field errors to form fields", () => {
    expect(
      apiFieldErrors([
        { field: 'correction.liabilityCap.amount', errors: ['must be number'] },
        { field: 'correction', errors: ['must change the AI output'] },
      ]),
    ).toEqual({ liabilityCap: 'must be number', '': 'must change the AI output' });
  });
});
