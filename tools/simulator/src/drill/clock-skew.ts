import { existsSync, writeFileSync } from 'node:fs';

const LIBFAKETIME = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/faketime/libfaketimeMT.so.1',
];

/** libfaketime (Debian's `faketime` package), the multi-threaded build: Node runs threads. */
export function libfaketime(): string | undefined {
  return LIBFAKETIME.find((path) => existsSync(path));
}

/**
 * A service's wall clock, skewed while it runs: the service is started with libfaketime preloaded, reading its offset
 * from a file it re-reads every second. Only the wall clock moves (Date.now(), what tokens, leases, SLAs and
 * expiries read); the monotonic clock behind timers stays true, as with an NTP step on a real host.
 */
export class ServiceClock {
  constructor(readonly file: string) {
    this.set(0);
  }

  /** The environment that makes a process read this clock. */
  env(): Record<string, string> {
    const library = libfaketime();
    if (!library) throw new Error('clock skew needs libfaketime: apt-get install faketime');
    return {
      LD_PRELOAD: library,
      FAKETIME_TIMESTAMP_FILE: this.file,
      FAKETIME_CACHE_DURATION: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    };
  }

  /** Skews the clock by `seconds` (negative: behind) from now on; 0 puts it right again. */
  set(seconds: number): void {
    writeFileSync(this.file, `${seconds >= 0 ? '+' : ''}${seconds}\n`);
  }
}
