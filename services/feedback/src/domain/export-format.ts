import { TrainingRecord } from './training-record';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The CSV header: the record's five members, in order. Each cell but label holds the member as JSON. */
export const CSV_COLUMNS = ['input', 'ai_output', 'human_output', 'label', 'metadata'] as const;

/** One record as one line (with its newline) in the given format. JSON never contains a raw newline, so neither does a line. */
export function exportLine(record: TrainingRecord, format: ExportFormat): string {
  if (format === 'jsonl') return `${JSON.stringify(record)}\n`;
  const cells = [
    JSON.stringify(record.input),
    JSON.stringify(record.ai_output),
    JSON.stringify(record.human_output),
    record.label,
    JSON.stringify(record.metadata),
  ];
  return `${csvRow(cells)}\n`;
}

export function csvHeader(): string {
  return `${csvRow([...CSV_COLUMNS])}\n`;
}

/** RFC 4180: quote a cell that holds a comma, a quote or a line break, doubling its quotes. */
export function csvRow(cells: readonly string[]): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
}

/** The cells of one RFC 4180 row (no line breaks inside cells, which exportLine never writes). */
export function parseCsvRow(line: string): string[] {
  const cells: string[] = [];
  let index = 0;
  while (index <= line.length) {
    if (line[index] === '"') {
      let cell = '';
      index++;
      for (;;) {
        const quote = line.indexOf('"', index);
        if (quote < 0) throw new Error('unterminated quoted CSV cell');
        cell += line.slice(index, quote);
        if (line[quote + 1] === '"') {
          cell += '"';
          index = quote + 2;
        } else {
          index = quote + 1;
          break;
        }
      }
      cells.push(cell);
      index++; // the comma (or past the end)
    } else {
      const comma = line.indexOf(',', index);
      const end = comma < 0 ? line.length : comma;
      cells.push(line.slice(index, end));
      index = end + 1;
    }
  }
  return cells;
}

/** A record back from a line written by exportLine: what re-importing a file starts from. */
export function parseExportLine(line: string, format: ExportFormat): TrainingRecord {
  if (format === 'jsonl') return JSON.parse(line) as TrainingRecord;
  const [input, aiOutput, humanOutput, label, metadata] = parseCsvRow(line);
  return {
    input: JSON.parse(input ?? 'null') as TrainingRecord['input'],
    ai_output: JSON.parse(aiOutput ?? 'null') as TrainingRecord['ai_output'],
    human_output: JSON.parse(humanOutput ?? 'null') as TrainingRecord['human_output'],
    label: label as TrainingRecord['label'],
    metadata: JSON.parse(metadata ?? 'null') as TrainingRecord['metadata'],
  };
}
