import { parentPort, workerData } from 'worker_threads';
import { TemplateJudge } from './check';
import { judgeTargets, WorkerTask } from './parallel';

// A worker thread of `check`: judges its share of the templates with a judge of its own and sends the results back.
if (parentPort) {
  const task = workerData as WorkerTask;
  const judge = new TemplateJudge(task.options);
  const results = judgeTargets(judge, task.targets.map(([, t]) => t), task.listed);
  parentPort.postMessage(task.targets.map(([i], k) => [i, results[k]]));
}
