const startedAt = Date.now();

/** One progress line, with the time since the bench started: the run is long and should be seen moving. */
export function progress(message: string): void {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[bench ${seconds}s] ${message}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
