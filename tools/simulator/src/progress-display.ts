import { MultiBar, Presets, SingleBar } from 'cli-progress';

/**
 * Progress of a run: bars on a terminal (cli-progress), a line every few seconds otherwise (a CI log, a pipe), where
 * cli-progress would print nothing useful.
 */
export class ProgressDisplay {
  private readonly multi?: MultiBar;
  private readonly bars = new Map<string, SingleBar>();
  private lastLine = 0;

  constructor(
    private readonly total: number,
    private readonly names: string[],
    interactive = Boolean(process.stdout.isTTY),
  ) {
    if (!interactive) return;
    this.multi = new MultiBar(
      { format: ' {bar} {value}/{total} {name}', hideCursor: true, clearOnComplete: false, gracefulExit: true },
      Presets.shades_classic,
    );
    for (const name of names) this.bars.set(name, this.multi.create(total, 0, { name }));
  }

  update(values: Record<string, number>): void {
    if (this.multi) {
      for (const [name, value] of Object.entries(values)) this.bars.get(name)?.update(value, { name });
      return;
    }
    if (Date.now() - this.lastLine < 5_000) return;
    this.lastLine = Date.now();
    const parts = this.names.map((name) => `${name} ${values[name] ?? 0}/${this.total}`);
    process.stdout.write(`progress: ${parts.join(', ')}\n`);
  }

  stop(): void {
    this.multi?.stop();
  }
}
