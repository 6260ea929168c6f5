import fc from 'fast-check';
import { aReviewCompletion } from '@countersign/contracts/testing';
import { csvHeader, csvRow, exportLine, parseCsvRow, parseExportLine } from './export-format';
import { trainingRecordOf } from './training-record';

describe('export format', () => {
  const record = trainingRecordOf(
    aReviewCompletion({ comment: 'Says "EUR 500,000",\nnot 5m.', input: { text: 'a, "b"' } }),
    '12',
  );

  it.each(['jsonl', 'csv'] as const)('writes one %s line per record and reads it back', (format) => {
    const line = exportLine(record, format);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\r\n]/);
    expect(parseExportLine(line.slice(0, -1), format)).toEqual(record);
  });

  it('has a CSV header of the five members', () => {
    expect(csvHeader()).toBe('input,ai_output,human_output,label,metadata\n');
  });

  it('quotes CSV cells by RFC 4180 and parses any row back', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', ''])).toBe('a,"b,c","say ""hi""",');
    fc.assert(
      fc.property(
        fc.array(
          fc.string().filter((cell) => !/[\r\n]/.test(cell)),
          { minLength: 1 },
        ),
        (cells) => {
          expect(parseCsvRow(csvRow(cells))).toEqual(cells);
        },
      ),
    );
  });
});
