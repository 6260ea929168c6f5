/** A span of evidence text that supports a field of the output (character offsets, end exclusive). */
export interface Span {
  start: number;
  end: number;
  field?: string;
}

/** A piece of text to show, highlighted when it is a span (and labelled with the field it supports). */
export interface Segment {
  text: string;
  highlight: boolean;
  field?: string;
}

/** One thing to show in the evidence panel. */
export type EvidenceItem =
  | { kind: 'text'; label: string; text: string; spans: Span[]; page?: number }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'value'; label: string; value: string };

/**
 * The evidence a decision carries, in the shapes producers use:
 * `{text, spans: [{start, end, field}]}` (a document with the extracted terms marked), `{<field>: {text, page}}`
 * (a quote per field, its field's value highlighted), URLs (documents to open), and anything else as a value.
 */
export function evidenceItems(
  evidence: Record<string, unknown> | undefined,
  output: Record<string, unknown>,
): EvidenceItem[] {
  if (!evidence) return [];
  const items: EvidenceItem[] = [];
  if (typeof evidence.text === 'string') {
    const spans = Array.isArray(evidence.spans) ? evidence.spans.filter(isSpan) : [];
    items.push({ kind: 'text', label: 'Document', text: evidence.text, spans });
  }
  for (const [label, value] of Object.entries(evidence)) {
    if ((label === 'text' || label === 'spans') && typeof evidence.text === 'string') continue;
    if (typeof value === 'string' && /^https?:\/\//.test(value)) items.push({ kind: 'link', label, url: value });
    else if (isRecord(value) && typeof value.text === 'string') {
      const page = typeof value.page === 'number' ? value.page : undefined;
      items.push({ kind: 'text', label, text: value.text, spans: valueSpans(value.text, output[label], label), page });
    } else if (typeof value === 'string') {
      items.push({ kind: 'text', label, text: value, spans: valueSpans(value, output[label], label) });
    } else items.push({ kind: 'value', label, value: JSON.stringify(value) });
  }
  return items;
}

/** Where an output value appears in a quote, as written ("Germany") or as a number is usually written (5,000,000). */
export function valueSpans(text: string, value: unknown, field: string): Span[] {
  const needles = new Set<string>();
  const scalars = isRecord(value) ? Object.values(value) : [value];
  for (const scalar of scalars) {
    if (typeof scalar === 'string' && scalar.length >= 2) needles.add(scalar);
    if (typeof scalar === 'number') {
      needles.add(String(scalar));
      needles.add(scalar.toLocaleString('en-US'));
    }
  }
  const spans: Span[] = [];
  const lower = text.toLowerCase();
  for (const needle of needles) {
    for (let at = lower.indexOf(needle.toLowerCase()); at >= 0; at = lower.indexOf(needle.toLowerCase(), at + 1)) {
      spans.push({ start: at, end: at + needle.length, field });
    }
  }
  return spans;
}

/** Cuts text into plain and highlighted segments; overlapping spans merge, spans outside the text are clipped. */
export function highlightSegments(text: string, spans: Span[]): Segment[] {
  const ordered = spans
    .map((span) => ({ ...span, start: Math.max(0, span.start), end: Math.min(text.length, span.end) }))
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const segments: Segment[] = [];
  let at = 0;
  for (const span of ordered) {
    if (span.end <= at) continue;
    const start = Math.max(span.start, at);
    if (start > at) segments.push({ text: text.slice(at, start), highlight: false });
    segments.push({ text: text.slice(start, span.end), highlight: true, ...(span.field && { field: span.field }) });
    at = span.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), highlight: false });
  return segments;
}

function isSpan(value: unknown): value is Span {
  return isRecord(value) && typeof value.start === 'number' && typeof value.end === 'number';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
