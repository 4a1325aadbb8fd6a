import * as assert from 'node:assert/strict';
import { PanelOutbox } from '../../src/shared/panelOutbox';
import type { HostToPanel } from '../../src/shared/panelProtocol';
import { Throttle, type Timers } from '../../src/shared/throttle';
import { sweepRunResult } from './fixtures';

/** A clock that moves only when told, running the timers that come due. */
class FakeTimers implements Timers {
  private time = 0;
  private timers: { at: number; callback: () => void; handle: number }[] = [];
  private nextHandle = 1;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): number {
    const handle = this.nextHandle++;
    this.timers.push({ at: this.time + ms, callback, handle });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.handle !== handle);
  }

  /** Time passing inside a call (a slow paint): no timer runs meanwhile. */
  spend(ms: number): void {
    this.time += ms;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = due.at;
      this.clearTimeout(due.handle);
      due.callback();
    }
    this.time = Math.max(this.time, end);
  }
}

describe('throttle', () => {
  it('calls on the next tick after a quiet spell, then at most once per interval', () => {
    const timers = new FakeTimers();
    const calls: number[] = [];
    const throttle = new Throttle(() => calls.push(timers.now()), 250, timers);
    throttle.request();
    throttle.request();
    assert.deepEqual(calls, [], 'never from inside request');
    timers.advance(0);
    assert.deepEqual(calls, [0]);
    timers.advance(10);
    throttle.request();
    throttle.request();
    timers.advance(1000);
    assert.deepEqual(calls, [0, 250]);
  });

  it('stretches the interval after a slow call, so calls take at most their share of the time', () => {
    const timers = new FakeTimers();
    const calls: number[] = [];
    const throttle = new Throttle(() => {
      calls.push(timers.now());
      timers.spend(200);
    }, 250, timers, 0.2);
    throttle.request();
    timers.advance(0);
    throttle.request();
    timers.advance(799);
    assert.deepEqual(calls, [0], 'a 200 ms call at a share of 0.2: the next one 1000 ms after its start, not 250');
    timers.advance(1);
    assert.deepEqual(calls, [0, 1000]);
  });

  it('flushes a requested call at once, and cancels one', () => {
    const timers = new FakeTimers();
    let calls = 0;
    const throttle = new Throttle(() => calls++, 250, timers);
    throttle.flush();
    assert.equal(calls, 0, 'nothing requested, nothing called');
    throttle.request();
    throttle.flush();
    assert.equal(calls, 1);
    throttle.request();
    throttle.cancel();
    timers.advance(1000);
    assert.equal(calls, 1);
  });
});

describe('panel outbox', () => {
  const setup = () => {
    const timers = new FakeTimers();
    const posted: HostToPanel[] = [];
    return { timers, posted, outbox: new PanelOutbox((message) => posted.push(message), timers, 150) };
  };
  const run = (sweepId: string, index: number): HostToPanel => ({ type: 'sweepRun', sweepId, run: sweepRunResult(index, 0.5) });
  const indices = (message: HostToPanel) => (message.type === 'sweepRuns' ? message.runs.map((r) => r.index) : message.type);

  it('posts the runs of a tick together, in the order they finished', () => {
    const { timers, posted, outbox } = setup();
    outbox.send(run('s1', 0));
    timers.advance(0);
    outbox.send(run('s1', 2));
    outbox.send(run('s1', 1));
    timers.advance(100);
    assert.deepEqual(posted.map(indices), [[0]]);
    timers.advance(50);
    assert.deepEqual(posted.map(indices), [[0], [2, 1]]);
    assert.deepEqual(posted.map((m) => m.type === 'sweepRuns' && m.sweepId), ['s1', 's1']);
  });

  it('sends the waiting runs before any other message, and other messages at once', () => {
    const { posted, outbox } = setup();
    outbox.send(run('s1', 0));
    outbox.send(run('s1', 1));
    outbox.send({ type: 'sweepFinished', sweepId: 's1', sweep: {} as never });
    outbox.send({ type: 'trust', trusted: true });
    assert.deepEqual(posted.map(indices), [[0, 1], 'sweepFinished', 'trust']);
  });

  it('keeps the runs of two sweeps apart', () => {
    const { timers, posted, outbox } = setup();
    outbox.send(run('s1', 0));
    outbox.send(run('s2', 0));
    timers.advance(1000);
    assert.deepEqual(posted.map((m) => m.type === 'sweepRuns' && m.sweepId), ['s1', 's2']);
  });

  it('drops what waits when a replay carries it', () => {
    const { timers, posted, outbox } = setup();
    outbox.send(run('s1', 0));
    outbox.clear();
    timers.advance(1000);
    assert.deepEqual(posted, []);
  });
});
