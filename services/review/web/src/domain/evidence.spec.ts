import { evidenceItems, highlightSegments, valueSpans } from './evidence';

describe('evidence', () => {
  it('cuts text into highlighted spans, merging overlaps and clipping to the text', () => {
    const text = 'Liability is capped at EUR 5,000,000 under German law.';
    const segments = highlightSegments(text, [
      { start: 27, end: 36, field: 'liabilityCap' },
      { start: 30, end: 34 },
      { start: 50, end: 999 },
    ]);
    expect(segments).toEqual([
      { text: 'Liability is capped at EUR ', highlight: false },
      { text: '5,000,000', highlight: true, field: 'liabilityCap' },
      { text: ' under German ', highlight: false },
      { text: 'law.', highlight: true },
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
  });

  it('finds an output value in a quote as written or as numbers are usually written', () => {
    const quote = "Supplier's aggregate liability shall not exceed EUR 5,000,000.";
    expect(valueSpans(quote, { amount: 5000000, currency: 'EUR' }, 'liabilityCap')).toEqual([
      { start: 52, end: 61, field: 'liabilityCap' },
      { start: 48, end: 51, field: 'liabilityCap' },
    ]);
    expect(valueSpans(quote, true, 'x')).toEqual([]);
  });

  it('reads the shapes producers send: marked document, per-field quotes, links, other values', () => {
    const items = evidenceItems(
      {
        text: 'Governed by the laws of Germany.',
        spans: [{ start: 24, end: 31, field: 'governingLaw' }, { nonsense: true }],
        liabilityCap: { page: 17, text: 'not exceed EUR 5,000,000' },
        certificate: 'https://docs.example/cert.pdf',
        reviewed: 412,
      },
      { liabilityCap: 5000000 },
    );
    expect(items).toEqual([
      {
        kind: 'text',
        label: 'Document',
        text: 'Governed by the laws of Germany.',
        spans: [{ start: 24, end: 31, field: 'governingLaw' }],
      },
      {
        kind: 'text',
        label: 'liabilityCap',
        text: 'not exceed EUR 5,000,000',
        spans: [{ start: 15, end: 24, field: 'liabilityCap' }],
        page: 17,
      },
      { kind: 'link', label: 'certificate', url: 'https://docs.example/cert.pdf' },
      { kind: 'value', label: 'reviewed', value: '412' },
    ]);
    expect(evidenceItems(undefined, {})).toEqual([]);
  });
});
