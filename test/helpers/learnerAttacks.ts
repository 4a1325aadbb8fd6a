// Learner code that attacks the trainer, shared by the robustness catalogue (test/robustness/)
// and the in-editor suite (test/vscode/suite/trust.test.ts), so both try the same thing.
// Plain strings, no imports: the in-editor suite bundles this file.

/** Top-level learner code that rewrites the finished message (process.send) to claim 100 % and every check. */
export const FORGE_FINISHED = `const realSend = process.send!.bind(process);
(process as any).send = (message: any, ...rest: any[]) => {
  if (message?.type === 'finished') {
    message.result.metrics.train = { loss: 0.001, accuracy: 1 };
    message.result.checks = message.result.checks.map((c: any) => ({ ...c, passed: true, message: 'forged' }));
    message.result.passed = true;
  }
  return realSend(message, ...rest);
};`;
