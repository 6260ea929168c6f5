// Reads a V8 .cpuprofile (node --cpu-prof) and says where the CPU time went: self time by function, by package or
// area, and inclusive time of the functions that own the work. `tsx bench/cpu-profile-summary.ts <file> [top]`
// prints the whole profile; the router bench calls summariseCpuProfile with the measured window only.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TimeShare {
  name: string;
  ms: number;
  percent: number;
}

export interface CpuProfileSummary {
  windowMs: number;
  sampledMs: number;
  /** Share of the window the main thread was busy (not idle): 100 % means the router's one thread was the limit. */
  busyPercent: number;
  topSelf: TimeShare[];
  byArea: TimeShare[];
  topInclusive: TimeShare[];
}

const SPECIAL = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/**
 * Self and inclusive time per function within [fromUs, toUs] (microseconds since the profile's start; the whole
 * profile when omitted). A sample's duration is the gap to the next sample.
 */
export function summariseCpuProfile(profile: CpuProfile, top = 15, fromUs = 0, toUs = Infinity): CpuProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const area = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let sampled = 0;
  let idle = 0;
  let at = 0;
  for (let index = 0; index < profile.samples.length; index += 1) {
    at += profile.timeDeltas[index] ?? 0;
    const duration = profile.timeDeltas[index + 1] ?? 0;
    if (at < fromUs || at > toUs || duration <= 0) continue;
    const node = byId.get(profile.samples[index]);
    if (!node) continue;
    sampled += duration;
    if (node.callFrame.functionName === '(idle)') idle += duration;
    add(self, frameName(node.callFrame), duration);
    add(area, areaOf(node.callFrame), duration);
    const onStack = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (frame && !SPECIAL.has(frame.functionName)) onStack.add(frameName(frame));
    }
    for (const name of onStack) add(inclusive, name, duration);
  }
  const windowUs = Math.min(toUs, profile.endTime - profile.startTime) - fromUs;
  const shares = (map: Map<string, number>, limit: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: us / 1000, percent: sampled > 0 ? (100 * us) / sampled : 0 }));
  return {
    windowMs: windowUs / 1000,
    sampledMs: sampled / 1000,
    busyPercent: sampled > 0 ? (100 * (sampled - idle)) / sampled : 0,
    topSelf: shares(self, top),
    byArea: shares(area, top),
    topInclusive: shares(inclusive, top),
  };
}

export function formatCpuProfileSummary(summary: CpuProfileSummary): string {
  const table = (title: string, rows: TimeShare[]) =>
    [
      title,
      ...rows.map(
        (row) => `  ${row.percent.toFixed(1).padStart(5)} %  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`,
      ),
    ].join('\n');
  return [
    `window ${(summary.windowMs / 1000).toFixed(1)} s, main thread busy ${summary.busyPercent.toFixed(0)} % of it`,
    table('self time by function (top):', summary.topSelf),
    table('self time by package / area:', summary.byArea),
    table('inclusive time (function and everything it called):', summary.topInclusive),
  ].join('\n');
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

function frameName(frame: CallFrame): string {
  if (SPECIAL.has(frame.functionName)) return frame.functionName;
  const name = frame.functionName || '(anonymous)';
  return frame.url ? `${name}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : `${name}  (native)`;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) return path.slice(inModules + 'node_modules/'.length);
  const project = /\/((?:services|libs)\/[^/]+\/src\/.*)$/.exec(path);
  if (project) return project[1];
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
}

/** node_modules/<package>, node:<internal area>, our own code by project, or V8's pseudo-frames. */
function areaOf(frame: CallFrame): string {
  if (SPECIAL.has(frame.functionName)) return frame.functionName;
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url) return '(native / V8 builtins)';
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const [scopeOrName, name] = url.slice(inModules + 'node_modules/'.length).split('/');
    return `npm:${scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName}`;
  }
  if (url.startsWith('node:')) return `node:${url.slice('node:'.length).split('/').slice(0, 2).join('/')}`;
  const project = /\/(services\/[^/]+|libs\/[^/]+)\/src\//.exec(url);
  return project ? `countersign:${project[1]}` : url;
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: tsx bench/cpu-profile-summary.ts <file.cpuprofile> [top=15]\n');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  process.stdout.write(`${formatCpuProfileSummary(summariseCpuProfile(profile, Number(top ?? 15)))}\n`);
}
