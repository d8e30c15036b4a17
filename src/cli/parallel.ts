import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { JudgeOptions, TemplateJudge, TemplateResult } from './check';
import { Target } from './inputs';

/** Templates a worker thread must have to be worth its start (each thread loads aws-cdk-lib and cdk-nag again). */
export const TEMPLATES_PER_WORKER = 100;

/** The most worker threads `--jobs` accepts. */
export const MAX_JOBS = 64;

/**
 * How many threads judge `targets` templates: `requested` (`--jobs`) when given, else one per core less one for
 * the main thread, at most one per `TEMPLATES_PER_WORKER` templates; 1 on machines of two cores or fewer, where a
 * second thread's start-up costs what it wins.
 */
export function jobsFor(targets: number, requested?: number, cores: number = availableCores()): number {
  if (requested !== undefined) return Math.max(1, Math.min(requested, targets));
  if (cores <= 2) return 1;
  return Math.max(1, Math.min(cores - 1, Math.floor(targets / TEMPLATES_PER_WORKER)));
}

function availableCores(): number {
  return typeof (os as any).availableParallelism === 'function' ? (os as any).availableParallelism() : os.cpus().length;
}

/**
 * Judges templates one after the other, each followed by its nested stacks; a template already judged (or named on
 * the command line, `listed`) is not judged again as a nested stack. One list of results per target, in order.
 */
export function judgeTargets(
  judge: TemplateJudge, targets: Target[], listed: string[] = targets.map((t) => path.resolve(t.file)),
): TemplateResult[][] {
  const seen = new Set(listed);
  return targets.map((target) => {
    const out: TemplateResult[] = [];
    const queue: Target[] = [target];
    while (queue.length > 0) {
      const result = judge.judge(queue.shift()!);
      out.push(result);
      // nested stacks are judged right after the template that holds them
      const nested = result.nested.filter((n) => !seen.has(path.resolve(n.file)));
      for (const n of nested) seen.add(path.resolve(n.file));
      queue.unshift(...nested);
    }
    return out;
  });
}

/** What a worker thread is handed. */
export interface WorkerTask {
  readonly options: JudgeOptions;
  /** Its share of the targets, each with its position in the whole list. */
  readonly targets: Array<[number, Target]>;
  /** Every template named on the command line (resolved paths), so none is judged twice as a nested stack. */
  readonly listed: string[];
}

/**
 * Judges `targets` over `jobs` worker threads (targets dealt out in turn) and returns the results in the order
 * `judgeTargets` gives them; a nested stack that two threads both reached is kept once, where it came first.
 */
export async function judgeInWorkers(options: JudgeOptions, targets: Target[], jobs: number): Promise<TemplateResult[][]> {
  const listed = targets.map((t) => path.resolve(t.file));
  const shares: Array<Array<[number, Target]>> = Array.from({ length: jobs }, () => []);
  targets.forEach((t, i) => shares[i % jobs].push([i, t]));
  const entry = path.join(__dirname, `judge-worker${path.extname(__filename)}`);
  const answers = await Promise.all(shares.map((share) => new Promise<Array<[number, TemplateResult[]]>>((resolve, reject) => {
    const task: WorkerTask = { options, targets: share, listed };
    // eval keeps the loader the process runs with (ts-node in development, plain JavaScript when published)
    const worker = new Worker(`require(${JSON.stringify(entry)})`, { eval: true, workerData: task });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`a worker thread stopped with exit code ${code}`)));
  })));
  const byIndex = new Map(answers.flat());
  const seen = new Set(listed);
  return targets.map((_t, i) => byIndex.get(i)!.filter((r, j) => {
    if (j === 0) return true;
    const file = path.resolve(r.file);
    if (seen.has(file)) return false;
    seen.add(file);
    return true;
  }));
}
