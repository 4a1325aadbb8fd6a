// Child-process adapter: IPC in, IPC out, nothing else. All logic lives in core.ts.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sandboxInEffect, SANDBOX_STATE_ENV } from './sandboxState';
import { createTrainerCore } from './core';
import { createFunctionCore } from './functionCore';
import { onHostMessage, sendToHost } from './ipc';

const POOL_WORKER = process.env.DLX_TRAINER_POOL === '1';

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
sampler.unref();

let lastSend: Promise<void> = Promise.resolve();
const sandbox = sandboxInEffect(process.env[SANDBOX_STATE_ENV], process.permission, path.parse(process.cwd()).root);
const core = createTrainerCore({
  send: (message) => {
    lastSend = sendToHost(message);
  },
  now: () => performance.now(),
  peakRssMb: () => Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20,
  sandbox,
});

const functionCore = createFunctionCore({
  send: (message) => {
    lastSend = sendToHost(message);
  },
  sandbox,
});

onHostMessage((message) => {
  // One run per process (a fresh heap and tfjs engine each time), unless this is a pool worker
  // that takes run after run: then start-up is paid once per worker, not once per run.
  const handled = message.type === 'call' ? functionCore.handle(message)
    : message.type === 'cancel' ? Promise.all([core.handle(message), functionCore.handle(message)])
      : core.handle(message);
  void handled.then(async () => {
    if (message.type === 'cancel' || POOL_WORKER) return;
    await lastSend;
    process.exit(0);
  });
});
// The host going away (crash, window closed) must not leave us running.
process.on('disconnect', () => process.exit(0));
