import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aReviewCompletion } from '@countersign/contracts/testing';
import { csvHeader, exportLine } from '../domain/export-format';
import { trainingRecordOf } from '../domain/training-record';
import { resumeCursor } from './export-judgments';

describe('resumeCursor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'feedback-export-'));
  const line = (seq: number, format: 'jsonl' | 'csv') =>
    exportLine(trainingRecordOf(aReviewCompletion({ taskId: `t-${seq}` }), String(seq)), format);

  it.each(['jsonl', 'csv'] as const)('finds the last complete %s record and cuts off a partial one', (format) => {
    const file = join(dir, `partial.${format}`);
    const complete = (format === 'csv' ? csvHeader() : '') + line(41, format) + line(42, format);
    writeFileSync(file, complete + line(43, format).slice(0, 30));
    expect(resumeCursor(file, format)).toBe('42');
    expect(readFileSync(file, 'utf8')).toBe(complete);
  });

  it('reads a last record longer than its first window', () => {
    const file = join(dir, 'long.jsonl');
    const long = exportLine(
      trainingRecordOf(
        aReviewCompletion({ comment: 'x'.repeat(200_000).slice(0, 4000), input: { text: 'y'.repeat(300_000) } }),
        '7',
      ),
      'jsonl',
    );
    writeFileSync(file, line(6, 'jsonl') + long);
    expect(resumeCursor(file, 'jsonl')).toBe('7');
  });

  it('has no cursor for a CSV holding only its header, or an empty file', () => {
    const csv = join(dir, 'header.csv');
    writeFileSync(csv, csvHeader());
    expect(resumeCursor(csv, 'csv')).toBeUndefined();
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '{"inp');
    expect(resumeCursor(empty, 'jsonl')).toBeUndefined();
    expect(readFileSync(empty, 'utf8')).toBe('');
  });
});
