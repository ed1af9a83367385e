import { readFileSync } from 'node:fs';

/** USER_HZ, the unit of /proc CPU times: 100 on every Linux ABI node runs on. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process (all its threads) from /proc; undefined where there is no /proc. */
export function processCpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name, which may itself contain spaces and parentheses;
  // utime and stime are fields 14 and 15 of the full line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Busy CPU seconds of the whole machine, all cores (everything but idle and iowait). */
export function machineCpuSeconds(): number | undefined {
  let line: string | undefined;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  } catch {
    return undefined;
  }
  // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
  const [user, nice, system, , , irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

export interface CpuUsageWindow {
  wallSeconds: number;
  /** This process: the load generator. */
  clientSeconds: number;
  /** The watched processes together (the server under test). */
  serverSeconds: number | undefined;
  /**
   * Everything else on the machine: other benchmarks' idle servers, but also builds and tests
   * of whoever shares the machine. Large values mean the figures are disturbed.
   */
  otherSeconds: number | undefined;
}

/**
 * CPU used over a window by this process, by the processes under test and by the rest of
 * the machine, so a bench can show who was busy and whether something else interfered.
 */
export class CpuMeter {
  private startedAt = process.hrtime.bigint();
  private client = process.cpuUsage();
  private server: number | undefined;
  private machine: number | undefined;

  constructor(private readonly pids: readonly number[]) {
    this.start();
  }

  start(): void {
    this.startedAt = process.hrtime.bigint();
    this.client = process.cpuUsage();
    this.server = this.serverNow();
    this.machine = machineCpuSeconds();
  }

  read(): CpuUsageWindow {
    const wallSeconds = Number(process.hrtime.bigint() - this.startedAt) / 1e9;
    const client = process.cpuUsage(this.client);
    const clientSeconds = (client.user + client.system) / 1e6;
    const serverNow = this.serverNow();
    const machineNow = machineCpuSeconds();
    const serverSeconds =
      serverNow === undefined || this.server === undefined ? undefined : serverNow - this.server;
    const otherSeconds =
      machineNow === undefined || this.machine === undefined || serverSeconds === undefined
        ? undefined
        : Math.max(0, machineNow - this.machine - serverSeconds - clientSeconds);
    return { wallSeconds, clientSeconds, serverSeconds, otherSeconds };
  }

  private serverNow(): number | undefined {
    let sum = 0;
    for (const pid of this.pids) {
      const seconds = processCpuSeconds(pid);
      if (seconds === undefined) return undefined;
      sum += seconds;
    }
    return sum;
  }
}

export interface IdleOptions {
  /** Idle means the processes together used at most this share of one core over a sample. */
  maxShare?: number;
  sampleMs?: number;
  timeoutMs?: number;
}

/**
 * Waits until the processes are idle, so work a measured window left behind (batched flushes,
 * GC) is neither charged to the next window nor disturbs it. Resolves with the seconds waited;
 * gives up after timeoutMs (still resolving), since a process that never idles must not hang
 * a bench.
 */
export async function waitForIdle(
  pids: readonly number[],
  options: IdleOptions = {},
): Promise<number> {
  const { maxShare = 0.05, sampleMs = 500, timeoutMs = 60_000 } = options;
  const started = Date.now();
  const total = () => pids.reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? 0), 0);
  let before = total();
  while (Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, sampleMs));
    const now = total();
    if (now - before <= maxShare * (sampleMs / 1000)) break;
    before = now;
  }
  return (Date.now() - started) / 1000;
}
