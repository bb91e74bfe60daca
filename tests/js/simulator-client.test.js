// createSimulatorClient: the page's side of the simulator worker, driven with
// a fake worker whose replies the tests send when they choose.
import { describe, expect, it, vi } from 'vitest';
import { createSimulatorClient } from '../../web/src/simulator/simulator-client.js';

// A stand-in for Worker: records what is posted; reply() and fail() deliver
// a 'message' or an 'error' event later, when the test calls them.
class FakeWorker {
  constructor() {
    this.listeners = { message: [], error: [] };
    this.posted = [];
    this.terminated = false;
  }

  addEventListener(type, listener) {
    this.listeners[type].push(listener);
  }

  postMessage(data) {
    if (this.terminated) throw new Error('postMessage on a terminated worker');
    this.posted.push(structuredClone(data));
  }

  terminate() {
    this.terminated = true;
  }

  reply(data) {
    for (const listener of this.listeners.message) listener({ data });
  }

  fail(message) {
    const event = { message, preventDefault: vi.fn() };
    for (const listener of this.listeners.error) listener(event);
    return event;
  }

  /** The id of the last request posted. */
  get lastId() {
    return this.posted.at(-1).id;
  }
}

// Timers under the test's control: advance(ms) runs what falls due.
function fakeTimers() {
  let now = 0, next = 1;
  const due = new Map();
  return {
    setTimeout(callback, ms) { due.set(next, { at: now + ms, callback }); return next++; },
    clearTimeout(id) { due.delete(id); },
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at <= now && due.delete(id)) timer.callback();
      }
    },
  };
}

// A client on fake workers; workers lists every worker it created, in order.
function setup(flavour = 'simd') {
  const workers = [];
  const createWorker = vi.fn(() => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker;
  });
  return { client: createSimulatorClient(createWorker, flavour), createWorker, workers };
}

// Follows a promise: { state: 'pending' | 'resolved' | 'rejected', value, error }.
function track(promise) {
  const tracked = { state: 'pending' };
  promise.then(
    (value) => Object.assign(tracked, { state: 'resolved', value }),
    (error) => Object.assign(tracked, { state: 'rejected', error }),
  );
  return tracked;
}

// Lets every settled promise run its callbacks.
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const A = [{ depth: 1 }];
const B = [{ depth: 2 }];
const C = [{ depth: 3 }];

describe('requests and replies', () => {
  it('starts no worker until the first run, then posts { id, kind: "simulate", flavour, configs }', () => {
    const { client, createWorker, workers } = setup('scalar');
    expect(createWorker).not.toHaveBeenCalled();
    client.run(A);
    expect(createWorker).toHaveBeenCalledTimes(1);
    expect(workers[0].posted).toEqual([{ id: expect.any(Number), kind: 'simulate', flavour: 'scalar', configs: A }]);
  });

  it('resolves with the results and time of the reply carrying its id', async () => {
    const { client, workers } = setup();
    const run = track(client.run(A));
    const worker = workers[0];
    await flush();
    expect(run.state).toBe('pending');
    worker.reply({ id: worker.lastId, result: { texts: [{ ok: true, loss: 1 }].map((r) => JSON.stringify(r)), ms: 12.5 } });
    await flush();
    expect(run).toEqual({ state: 'resolved', value: { results: [{ ok: true, loss: 1 }], ms: 12.5 } });
  });

  it('ignores replies with another id, and messages without data', async () => {
    const { client, workers } = setup();
    const run = track(client.run(A));
    const worker = workers[0];
    worker.reply({ id: worker.lastId + 1, result: { texts: ['wrong'].map((r) => JSON.stringify(r)), ms: 1 } });
    worker.reply(null);
    worker.reply(undefined);
    await flush();
    expect(run.state).toBe('pending');
    worker.reply({ id: worker.lastId, result: { texts: ['right'].map((r) => JSON.stringify(r)), ms: 2 } });
    await flush();
    expect(run.value).toEqual({ results: ['right'], ms: 2 });
  });

  it('gives each request a new id and reuses one worker', async () => {
    const { client, createWorker, workers } = setup();
    const ids = [];
    for (const configs of [A, B, C]) {
      const run = client.run(configs);
      const worker = workers[0];
      ids.push(worker.lastId);
      worker.reply({ id: worker.lastId, result: { texts: configs.map((c) => JSON.stringify(c)), ms: 0 } });
      expect(await run).toEqual({ results: configs, ms: 0 });
    }
    expect(new Set(ids).size).toBe(3);
    expect(createWorker).toHaveBeenCalledTimes(1);
  });

  it('rejects with the worker\'s error text when the reply carries an error', async () => {
    const { client, workers } = setup();
    const run = client.run(A);
    workers[0].reply({ id: workers[0].lastId, error: { message: 'cannot load actlab-simulator-simd.wasm', code: 'failed' } });
    await expect(run).rejects.toThrow('cannot load actlab-simulator-simd.wasm');
  });
});

describe('warm-up', () => {
  it('sends no warm-up message by default', () => {
    const { client, workers } = setup();
    client.run(A);
    expect(workers[0].posted).toEqual([{ id: expect.any(Number), kind: 'simulate', flavour: 'simd', configs: A }]);
  });

  it('sends { warmUp, flavour } to every new worker before its first request, and ignores it for replies', async () => {
    const workers = [];
    const client = createSimulatorClient(() => {
      workers.push(new FakeWorker());
      return workers.at(-1);
    }, 'scalar', ['relu', 'tanh']);
    const first = client.run(A);
    expect(workers[0].posted).toEqual([
      { warmUp: ['relu', 'tanh'], flavour: 'scalar' },
      { id: expect.any(Number), kind: 'simulate', flavour: 'scalar', configs: A },
    ]);
    workers[0].reply({ id: workers[0].lastId, result: { texts: ['a'].map((r) => JSON.stringify(r)), ms: 0 } });
    expect(await first).toEqual({ results: ['a'], ms: 0 });

    const failed = client.run(B);
    workers[0].fail('crash');
    await expect(failed).rejects.toThrow('crash');
    client.run(C);
    expect(workers[1].posted.map((m) => m.warmUp ?? m.configs)).toEqual([['relu', 'tanh'], C]);
  });
});

describe('latest wins', () => {
  it('posts only the newest waiting request: the replaced one resolves { stale: true } and is never posted', async () => {
    const { client, workers } = setup();
    const first = track(client.run(A));
    const worker = workers[0];
    const firstId = worker.lastId;
    const second = track(client.run(B));
    const third = track(client.run(C));
    await flush();
    expect(worker.posted.map((m) => m.configs)).toEqual([A]); // one computation at a time
    expect(second).toEqual({ state: 'resolved', value: { stale: true } });
    expect(first.state).toBe('pending');
    expect(third.state).toBe('pending');

    worker.reply({ id: firstId, result: { texts: ['a'].map((r) => JSON.stringify(r)), ms: 1 } });
    await flush();
    expect(first.value).toEqual({ results: ['a'], ms: 1 });
    expect(worker.posted.map((m) => m.configs)).toEqual([A, C]);
    const thirdId = worker.lastId;
    expect(thirdId).not.toBe(firstId);

    worker.reply({ id: firstId, result: { texts: ['late duplicate'].map((r) => JSON.stringify(r)), ms: 1 } });
    await flush();
    expect(third.state).toBe('pending');
    worker.reply({ id: thirdId, result: { texts: ['c'].map((r) => JSON.stringify(r)), ms: 3 } });
    await flush();
    expect(third.value).toEqual({ results: ['c'], ms: 3 });
    expect(worker.posted).toHaveLength(2);
  });

  it('stops a run that has taken over 400 ms when a different request comes: it resolves stale, the worker is asked to stop it, and the newer one follows on the same worker', async () => {
    const { client, workers } = setup();
    const clock = vi.spyOn(performance, 'now').mockReturnValue(1000);
    const long = track(client.run(A));
    clock.mockReturnValue(1300); // 300 ms in: the newer request waits
    const waitingFirst = track(client.run(B));
    await flush();
    expect(long.state).toBe('pending');
    clock.mockReturnValue(1500); // 500 ms in: stop it
    const newer = track(client.run(C));
    await flush();
    expect(long).toEqual({ state: 'resolved', value: { stale: true } });
    expect(waitingFirst).toEqual({ state: 'resolved', value: { stale: true } });
    const longId = workers[0].posted[0].id;
    expect(workers[0].posted.slice(1)).toEqual([{ stop: longId }, { id: expect.any(Number), kind: 'simulate', flavour: 'simd', configs: C }]);
    expect(workers).toHaveLength(1);
    workers[0].reply({ id: longId, result: null, stopped: true }); // the worker stopped between two slices
    workers[0].reply({ id: workers[0].lastId, result: { texts: ['c'].map((r) => JSON.stringify(r)), ms: 2 } });
    await flush();
    expect(newer.value).toEqual({ results: ['c'], ms: 2 });
    expect(workers[0].terminated).toBe(false);
    clock.mockRestore();
  });

  it('replaces a worker that does not answer a stop within 200 ms, and runs the newer request on the fresh one', async () => {
    const timers = fakeTimers();
    const workers = [];
    const client = createSimulatorClient(() => (workers.push(new FakeWorker()), workers.at(-1)), 'simd', [], { timers });
    const clock = vi.spyOn(performance, 'now').mockReturnValue(1000);
    track(client.run(A));
    clock.mockReturnValue(2000);
    const newer = track(client.run(C));
    await flush();
    timers.advance(199);
    expect(workers).toHaveLength(1);
    timers.advance(2); // no answer to the stop in 200 ms: a fresh worker takes C
    await flush();
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1].posted).toEqual([{ id: expect.any(Number), kind: 'simulate', flavour: 'simd', configs: C }]);
    workers[1].reply({ id: workers[1].lastId, result: { texts: ['c'].map((r) => JSON.stringify(r)), ms: 5 } });
    await flush();
    expect(newer.value).toEqual({ results: ['c'], ms: 5 });
    clock.mockRestore();
  });

  it('passes progress messages to the run\'s onProgress, and to a joined run\'s too', async () => {
    const { client, workers } = setup();
    const seen = [], joinedSeen = [];
    client.run(A, { onProgress: (p) => seen.push(p.fraction) });
    client.run(A, { onProgress: (p) => joinedSeen.push(p.fraction) });
    workers[0].reply({ id: workers[0].lastId, progress: { run: 0, runs: 1, fraction: 0.25 } });
    workers[0].reply({ id: workers[0].lastId, progress: { run: 0, runs: 1, fraction: 0.5 } });
    await flush();
    expect(seen).toEqual([0.25, 0.5]);
    expect(joinedSeen).toEqual([0.25, 0.5]);
  });

  it('joins a request identical to the running one, however long it has run: no abandon, no second post, one result for both', async () => {
    const { client, workers } = setup();
    const clock = vi.spyOn(performance, 'now').mockReturnValue(1000);
    const first = track(client.run(A));
    clock.mockReturnValue(9000); // 8 s in: a tab round trip re-submits the same settings
    const again = track(client.run(structuredClone(A)));
    const third = track(client.run(A));
    await flush();
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(false);
    expect(workers[0].posted).toHaveLength(1);
    expect([first.state, again.state, third.state]).toEqual(['pending', 'pending', 'pending']);
    workers[0].reply({ id: workers[0].lastId, result: { texts: ['a'].map((r) => JSON.stringify(r)), ms: 8000 } });
    await flush();
    for (const request of [first, again, third]) expect(request.value).toEqual({ results: ['a'], ms: 8000 });
    clock.mockRestore();
  });

  it('a request identical to the running one drops the different one waiting behind it', async () => {
    const { client, workers } = setup();
    const running = track(client.run(A));
    const queued = track(client.run(B));
    const back = track(client.run(A));
    await flush();
    expect(queued).toEqual({ state: 'resolved', value: { stale: true } });
    workers[0].reply({ id: workers[0].lastId, result: { texts: ['a'].map((r) => JSON.stringify(r)), ms: 1 } });
    await flush();
    expect([running.value, back.value]).toEqual([{ results: ['a'], ms: 1 }, { results: ['a'], ms: 1 }]);
    expect(workers[0].posted.map((m) => m.configs)).toEqual([A]);
  });

  it('never resolves the running request as stale: only waiting ones are replaced', async () => {
    const { client, workers } = setup();
    const running = track(client.run(A));
    for (let i = 0; i < 5; i++) client.run([{ depth: 10 + i }]);
    await flush();
    expect(running.state).toBe('pending');
    workers[0].reply({ id: workers[0].lastId, result: { texts: ['a'].map((r) => JSON.stringify(r)), ms: 0 } });
    await flush();
    expect(running.value).toEqual({ results: ['a'], ms: 0 });
    expect(workers[0].posted.at(-1).configs).toEqual([{ depth: 14 }]);
  });

  it('posts the waiting request after the running one fails with an error reply', async () => {
    const { client, workers } = setup();
    const first = track(client.run(A));
    const second = track(client.run(B));
    const worker = workers[0];
    worker.reply({ id: worker.lastId, error: { message: 'boom', code: 'failed' } });
    await flush();
    expect(first.state).toBe('rejected');
    expect(second.state).toBe('pending');
    expect(worker.posted.map((m) => m.configs)).toEqual([A, B]);
    worker.reply({ id: worker.lastId, result: { texts: ['b'].map((r) => JSON.stringify(r)), ms: 0 } });
    await flush();
    expect(second.value).toEqual({ results: ['b'], ms: 0 });
  });
});

describe('worker errors', () => {
  it('rejects the running and the waiting request with the error message and terminates the worker', async () => {
    const { client, workers } = setup();
    const running = client.run(A);
    const waiting = client.run(B);
    const event = workers[0].fail('out of memory');
    await expect(running).rejects.toThrow('out of memory');
    await expect(waiting).rejects.toThrow('out of memory');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(workers[0].terminated).toBe(true);
  });

  it('uses a default message when the error event has none', async () => {
    const { client, workers } = setup();
    const running = client.run(A);
    workers[0].fail('');
    await expect(running).rejects.toThrow('the worker stopped with an error');
  });

  it('starts a fresh worker for the next run, which then works normally', async () => {
    const { client, createWorker, workers } = setup();
    const failed = client.run(A);
    const oldId = workers[0].lastId;
    workers[0].fail('crash');
    await expect(failed).rejects.toThrow('crash');

    const next = track(client.run(B));
    expect(createWorker).toHaveBeenCalledTimes(2);
    const fresh = workers[1];
    expect(fresh.posted).toEqual([{ id: expect.any(Number), kind: 'simulate', flavour: 'simd', configs: B }]);
    expect(fresh.lastId).not.toBe(oldId);
    expect(workers[0].posted).toHaveLength(1); // nothing more went to the dead worker

    fresh.reply({ id: oldId, result: { texts: ['from the failed request'].map((r) => JSON.stringify(r)), ms: 0 } });
    await flush();
    expect(next.state).toBe('pending');
    fresh.reply({ id: fresh.lastId, result: { texts: ['b'].map((r) => JSON.stringify(r)), ms: 4 } });
    await flush();
    expect(next.value).toEqual({ results: ['b'], ms: 4 });
  });
});

describe('late events from a closed or replaced worker', () => {
  it('an error from a closed worker neither throws nor touches the worker that replaced it', async () => {
    const { client, workers } = setup();
    client.run(A);
    client.close();
    expect(() => workers[0].fail('late crash')).not.toThrow(); // no current worker at all

    const next = track(client.run(B));
    workers[0].fail('late crash, again');
    await flush();
    expect(next.state).toBe('pending');
    expect(workers[1].terminated).toBe(false);
    workers[1].reply({ id: workers[1].lastId, result: { texts: ['b'].map((r) => JSON.stringify(r)), ms: 0 } });
    await flush();
    expect(next.value).toEqual({ results: ['b'], ms: 0 });
  });

  it('a second error from a failed worker does not reject the fresh worker\'s request', async () => {
    const { client, workers } = setup();
    const failed = client.run(A);
    workers[0].fail('crash');
    await expect(failed).rejects.toThrow('crash');
    const next = track(client.run(B));
    workers[0].fail('crash echo');
    await flush();
    expect(next.state).toBe('pending');
    expect(workers[1].terminated).toBe(false);
  });
});

describe('close', () => {
  it('resolves the running and the waiting request as stale and terminates the worker', async () => {
    const { client, workers } = setup();
    const running = client.run(A);
    const waiting = client.run(B);
    client.close();
    expect(await running).toEqual({ stale: true });
    expect(await waiting).toEqual({ stale: true });
    expect(workers[0].terminated).toBe(true);
  });

  it('ignores a late reply for a request it closed, and a later run starts a fresh worker', async () => {
    const { client, createWorker, workers } = setup();
    const closed = client.run(A);
    const closedId = workers[0].lastId;
    client.close();
    workers[0].reply({ id: closedId, result: { texts: ['late'].map((r) => JSON.stringify(r)), ms: 0 } });
    expect(await closed).toEqual({ stale: true });

    const next = client.run(B);
    expect(createWorker).toHaveBeenCalledTimes(2);
    workers[1].reply({ id: workers[1].lastId, result: { texts: ['b'].map((r) => JSON.stringify(r)), ms: 1 } });
    expect(await next).toEqual({ results: ['b'], ms: 1 });
  });

  it('does nothing when no worker was started', () => {
    const { client, createWorker } = setup();
    expect(() => client.close()).not.toThrow();
    expect(createWorker).not.toHaveBeenCalled();
  });
});
