/**
 * Summaries of V8 .cpuprofile files (node --cpu-prof): where self time went, by function and
 * by package. Run directly to summarize a file: node dist/bench/support/cpu-profile.js FILE [TOP].
 */
import { readFileSync } from 'node:fs';
import { sourceMapOf } from './source-map';
import { Row, printTable } from './table';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SummaryOptions {
  /** How many entries to keep in each ranking. */
  top?: number;
  /**
   * Only samples taken in these windows, in milliseconds after the profile started: e.g. the
   * measured windows of a bench relative to the child's spawn time (the profile starts a few
   * milliseconds after the spawn, close enough for windows of seconds).
   */
  windowsMs?: readonly (readonly [number, number])[];
}

export interface SelfTime {
  name: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Idle time (the event loop waiting) is left out of the shares: busy time is what costs. */
  busyMs: number;
  byFunction: SelfTime[];
  byPackage: SelfTime[];
}

export function summarizeCpuProfile(path: string, options: SummaryOptions = {}): ProfileSummary {
  const { top = 20, windowsMs } = options;
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each sample stands for the time since the previous one (timeDeltas are in microseconds).
  const selfUs = new Map<number, number>();
  let atUs = 0;
  let totalUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const delta = deltas[i] ?? 0;
    atUs += delta;
    const atMs = atUs / 1000;
    if (windowsMs && !windowsMs.some(([from, to]) => atMs >= from && atMs <= to)) continue;
    totalUs += delta;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + delta);
  }
  const totalMs = totalUs / 1000;

  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let busyMs = 0;
  for (const node of profile.nodes) {
    const selfMs = (selfUs.get(node.id) ?? 0) / 1000;
    if (selfMs === 0) continue;
    const { functionName } = node.callFrame;
    if (functionName === '(idle)') continue;
    busyMs += selfMs;
    const { url, lineNumber } = originalPosition(node.callFrame);
    const where = url ? ` ${shortUrl(url)}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'}${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + selfMs);
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + selfMs);
  }
  const ranked = (m: Map<string, number>) =>
    [...m]
      .map(([name, selfMs]) => ({ name, selfMs, share: busyMs > 0 ? selfMs / busyMs : 0 }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top);
  return { totalMs, busyMs, byFunction: ranked(byFunction), byPackage: ranked(byPackage) };
}

export function selfTimeRows(entries: readonly SelfTime[], label: string): Row[] {
  return entries.map((e) => ({
    [label]: e.name,
    'self ms': e.selfMs.toFixed(0),
    'of busy': `${(e.share * 100).toFixed(1)}%`,
  }));
}

/**
 * Where a function was written: for a bundle (the server, dist/global-store.bundle.js) the
 * source and line its source map names, so packages and our libs are told apart as before.
 */
function originalPosition(frame: ProfileNode['callFrame']): { url: string; lineNumber: number } {
  const { url, lineNumber, columnNumber } = frame;
  if (!url.endsWith('.bundle.js')) return { url, lineNumber };
  const found = sourceMapOf(url.replace(/^file:\/\//, ''))?.sourceOf(lineNumber, columnNumber ?? 0);
  return found ? { url: found.path, lineNumber: found.line } : { url, lineNumber };
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  const dist = path.lastIndexOf('/dist/');
  if (dist >= 0) return path.slice(dist + '/dist/'.length);
  const source = /\/((?:apps|libs)\/[^/]+\/src\/.*)$/.exec(path);
  return source ? source[1] : path;
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = path.slice(modules + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  // The bundle's own glue (esbuild's __commonJS/__name helpers): a module's first require runs
  // through it, so its self time holds the lazy compiling of module bodies.
  if (path.endsWith('.bundle.js')) return '(bundle glue: module init, lazy compile)';
  const dist = path.lastIndexOf('/dist/');
  if (dist >= 0)
    return path
      .slice(dist + '/dist/'.length)
      .split('/')
      .slice(0, 2)
      .join('/');
  // A TypeScript source a bundle's source map names: apps/<app> or libs/<lib>.
  const source = /\/((?:apps|libs)\/[^/]+)\/src\//.exec(path);
  return source ? source[1] : path;
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/support/cpu-profile.js FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  const summary = summarizeCpuProfile(file, { top: top ? Number(top) : 25 });
  process.stdout.write(
    `${file}: ${summary.totalMs.toFixed(0)} ms profiled, ${summary.busyMs.toFixed(0)} ms busy\n\n`,
  );
  printTable(selfTimeRows(summary.byPackage, 'package'));
  process.stdout.write('\n');
  printTable(selfTimeRows(summary.byFunction, 'function (self time)'));
}
