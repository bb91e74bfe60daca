// The worker protocol (web/src/workers/): a host and a client joined by a
// fake worker, under fake timers and a fake clock: requests answered by id
// and in order, slices that adapt to ~30 ms and stop within 200 ms and can
// be resumed, progress at least twice a second, error codes, and the
// client's watchdog (stalled, crashed, restart with a fresh worker).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { codedError, serveRequests } from '../../web/src/workers/worker-host.js';
import { WorkerFailure, createWorkerClient } from '../../web/src/workers/worker-client.js';
import { nextSliceUnits } from '../../web/src/workers/slice-size.js';

// A Worker stand-in running handlers through serveRequests in this process;
// messages cross in a macrotask each way (as between threads). silent: the
// worker receives but never runs anything (a hung worker); beats: false
// turns off the timer heartbeats (only the slices' own progress is sent).
// Work takes fake time by moving the clock (vi.setSystemTime), which also
// moves every pending timer: the fake timers then count work as time.
class FakeWorker {
  constructor(handlers, { silent = false, beats = true } = {}) {
    this.listeners = { message: [], error: [] };
    this.scopeListeners = [];
    this.terminated = false;
    this.received = [];
    const scope = {
      addEventListener: (type, listener) => this.scopeListeners.push(listener),
      postMessage: (data) => setTimeout(() => {
        if (!this.terminated) for (const l of this.listeners.message) l({ data: structuredClone(data) });
      }, 0),
    };
    if (!silent) {
      serveRequests(handlers, {
        scope, now: () => Date.now(),
        yieldNow: () => new Promise((resolve) => setTimeout(() => !this.terminated && resolve(), 0)), // a terminated worker runs no more
        timers: beats ? globalThis : { setInterval: () => 0, clearInterval() {} },
      });
    }
  }

  addEventListener(type, listener) { this.listeners[type].push(listener); }

  postMessage(data) {
    this.received.push(structuredClone(data));
    setTimeout(() => {
      if (!this.terminated) for (const l of this.scopeListeners) l({ data: structuredClone(data) });
    }, 0);
  }

  terminate() { this.terminated = true; }

  crash(message) {
    for (const l of this.listeners.error) l({ message, preventDefault() {} });
  }
}

// Work of `total` units, each taking `msPerUnit` of fake time; records slice sizes.
function unitsOfWork(total, msPerUnit) {
  const work = { done: 0, slices: [] };
  work.step = (units) => {
    const n = Math.min(units, total - work.done);
    vi.setSystemTime(Date.now() + n * msPerUnit);
    work.done += n;
    work.slices.push(n);
    return work.done >= total;
  };
  return work;
}

// A client on fake workers running handlers; workers lists each one made.
function setup(handlers, { silent = false, stallMs = 2000, beats = true } = {}) {
  const workers = [];
  const client = createWorkerClient(() => {
    const worker = new FakeWorker(handlers, { silent: silent && workers.length === 0, beats });
    workers.push(worker);
    return worker;
  }, { stallMs });
  return { client, workers };
}

// Follows a promise: { state, value, error, at } (at: the fake time it settled).
function track(promise) {
  const tracked = { state: 'pending' };
  promise.then(
    (value) => Object.assign(tracked, { state: 'resolved', value, at: Date.now() }),
    (error) => Object.assign(tracked, { state: 'rejected', error, at: Date.now() }),
  );
  return tracked;
}

beforeEach(() => vi.useFakeTimers({ now: 1000 }));
afterEach(() => vi.useRealTimers());

describe('requests and answers', () => {
  it('answers each request by its id, in the order sent, with the handler’s result', async () => {
    const { client, workers } = setup({ double: async ({ x }) => 2 * x, echo: async ({ text }) => text });
    const a = track(client.request('double', { x: 21 }).done);
    const b = track(client.request('echo', { text: 'hi' }).done);
    await vi.advanceTimersByTimeAsync(10);
    expect(a.value).toEqual({ result: 42, stopped: false });
    expect(b.value).toEqual({ result: 'hi', stopped: false });
    expect(workers[0].received.map((m) => [m.id, m.kind])).toEqual([[1, 'double'], [2, 'echo']]);
    expect(workers).toHaveLength(1);
  });

  it('passes the handler’s error code and message; an unknown kind says so', async () => {
    const { client } = setup({ load: async () => { throw codedError('http', 'ActLab: HTTP 404 for /x.gz'); } });
    const failed = track(client.request('load').done);
    const unknown = track(client.request('fly').done);
    await vi.advanceTimersByTimeAsync(10);
    expect(failed.error).toBeInstanceOf(WorkerFailure);
    expect([failed.error.code, failed.error.message]).toEqual(['http', 'HTTP 404 for /x.gz']);
    expect(unknown.error.code).toBe('unknown');
    expect(unknown.error.message).toMatch(/unknown request kind "fly"/);
  });
});

describe('slices', () => {
  it('sizes slices to about 30 ms, reports progress at least twice a second, and finishes the work', async () => {
    const work = unitsOfWork(400, 5); // 2 s of work
    const progress = [];
    const { client } = setup({
      train: async (request, job) => (await job.slices((units) => {
        const done = work.step(units);
        job.progress({ done: work.done });
        return done;
      })) && 'all done',
    }, { beats: false });
    const started = Date.now();
    const answer = track(client.request('train', {}, { onProgress: (p) => progress.push({ ...p, at: Date.now() }) }).done);
    await vi.advanceTimersByTimeAsync(2500);
    expect(answer.value).toEqual({ result: 'all done', stopped: false });
    expect(work.done).toBe(400);
    const steady = work.slices.slice(4, -1); // after growing from one unit
    expect(Math.min(...steady)).toBeGreaterThanOrEqual(5); // 25-30 ms of 5 ms units
    expect(Math.max(...steady)).toBeLessThanOrEqual(6);
    const times = [started, ...progress.map((p) => p.at), answer.at];
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(500);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((x, y) => x - y));
  });

  it('a stop answers within 200 ms with stopped: true, and the next request resumes where it stopped', async () => {
    const work = unitsOfWork(1000, 4);
    const { client } = setup({
      train: async (request, job) => ((await job.slices(work.step)) ? 'finished' : `stopped at ${work.done}`),
    });
    const first = client.request('train');
    const answer = track(first.done);
    await vi.advanceTimersByTimeAsync(1); // the request has started
    vi.setSystemTime(Date.now() + 500);
    const askedAt = Date.now();
    first.stop();
    await vi.advanceTimersByTimeAsync(50);
    expect(answer.state).toBe('resolved');
    expect(answer.value.stopped).toBe(true);
    expect(answer.at - askedAt).toBeLessThanOrEqual(200);
    const stoppedAt = work.done;
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(1000);
    expect(answer.value.result).toBe(`stopped at ${stoppedAt}`);
    const again = track(client.request('train').done);
    await vi.advanceTimersByTimeAsync(5000);
    expect(again.error).toBeUndefined();
    expect(again.value).toEqual({ result: 'finished', stopped: false });
    expect(work.done).toBe(1000); // no unit twice, none skipped
  });

  it('a request stopped before it started is answered stopped without running', async () => {
    const ran = [];
    const { client } = setup({ slow: async (r, job) => job.slices(unitsOfWork(100, 10).step), note: async ({ n }) => ran.push(n) });
    client.request('slow');
    const queued = client.request('note', { n: 1 });
    queued.stop();
    const answer = track(queued.done);
    await vi.advanceTimersByTimeAsync(100);
    expect(answer.value).toEqual({ result: null, stopped: true });
    expect(ran).toEqual([]);
  });

  it('sends heartbeats while a handler waits on something asynchronous', async () => {
    const beats = [];
    const { client } = setup({ fetchy: async (r, job) => { job.progress({ phase: 'download' }); await new Promise((resolve) => setTimeout(resolve, 3000)); return 'ok'; } });
    const answer = track(client.request('fetchy', {}, { onProgress: (p) => beats.push(p) }).done);
    await vi.advanceTimersByTimeAsync(3100);
    expect(answer.value.result).toBe('ok');
    expect(beats.length).toBeGreaterThanOrEqual(6); // 3 s, twice a second at least
    expect(beats[0]).toEqual({ phase: 'download' });
  });

  it('atLeastOne runs a first slice despite a stop already there; remember carries the slice size to the next request', async () => {
    const work = unitsOfWork(100000, 1);
    const sizes = [];
    const { client } = setup({
      train: async (r, job) => job.slices((units) => (sizes.push(units), work.step(units)), { atLeastOne: true, remember: 'k' }),
    });
    const first = client.request('train');
    await vi.advanceTimersByTimeAsync(400); // grows to ~30 units of 1 ms
    first.stop();
    await vi.advanceTimersByTimeAsync(100);
    const grown = sizes.at(-1);
    expect(grown).toBeGreaterThanOrEqual(20);
    sizes.length = 0;
    const second = client.request('train');
    second.stop(); // stopped before it starts: answered without running
    const third = client.request('train');
    await vi.advanceTimersByTimeAsync(1);
    third.stop();
    await vi.advanceTimersByTimeAsync(100);
    expect((await second.done).stopped).toBe(true);
    expect((await third.done).stopped).toBe(true);
    expect(sizes[0]).toBeGreaterThanOrEqual(Math.floor(grown / 2)); // not back to one unit
    expect(sizes.length).toBeGreaterThanOrEqual(1); // the first slice ran although the stop came at once
  });

  it('nextSliceUnits: grows at most twice, scales to the target, never below one unit or above the cap', () => {
    expect(nextSliceUnits(1, 1, 30)).toBe(2);
    expect(nextSliceUnits(10, 60, 30)).toBe(5);
    expect(nextSliceUnits(1, 500, 30)).toBe(1);
    expect(nextSliceUnits(8, 0, 30, 10)).toBe(10);
    expect(nextSliceUnits(100, 30, 30)).toBe(100);
  });
});

describe('watchdog', () => {
  it('a worker that sends nothing is reported stalled after the bound; the next request gets a fresh worker', async () => {
    const { client, workers } = setup({ ping: async () => 'pong' }, { silent: true, stallMs: 2000 });
    const hung = track(client.request('ping').done);
    await vi.advanceTimersByTimeAsync(1999);
    expect(hung.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(2);
    expect(hung.error.code).toBe('stalled');
    expect(workers[0].terminated).toBe(true);
    const next = track(client.request('ping').done);
    await vi.advanceTimersByTimeAsync(10);
    expect(workers).toHaveLength(2);
    expect(next.value.result).toBe('pong');
  });

  it('heartbeats keep a request alive while its worker waits; a per-request bound lets a busy worker stay silent longer', async () => {
    const { client } = setup({ nap: async () => new Promise((resolve) => setTimeout(() => resolve('up'), 5000)) }, { stallMs: 1000 });
    const nap = track(client.request('nap').done);
    await vi.advanceTimersByTimeAsync(5100);
    expect(nap.error).toBeUndefined();
    expect(nap.value.result).toBe('up'); // 5 s, never 1 s without a heartbeat
    const { client: hung } = setup({ ping: async () => 'pong' }, { silent: true, stallMs: 1000 });
    const long = track(hung.request('ping', {}, { stallMs: 8000 }).done);
    await vi.advanceTimersByTimeAsync(7900);
    expect(long.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(200);
    expect(long.error.code).toBe('stalled');
    expect(long.error.message).toMatch(/sent nothing for 8 s/);
  });

  it('a killed worker (no error event, nothing more sent) is caught by the watchdog mid-request', async () => {
    const { client, workers } = setup({ long: async (r, job) => job.slices(unitsOfWork(100000, 5).step) }, { stallMs: 1500 });
    const answer = track(client.request('long').done);
    await vi.advanceTimersByTimeAsync(3000);
    expect(answer.state).toBe('pending'); // alive and working
    client.kill();
    const killedAt = Date.now();
    await vi.advanceTimersByTimeAsync(2000);
    expect(answer.error.code).toBe('stalled');
    expect(answer.at - killedAt).toBeLessThanOrEqual(1600);
    expect(workers[0].terminated).toBe(true);
  });

  it('a worker error rejects every pending request as crashed; restart() rejects as closed and starts afresh', async () => {
    const { client, workers } = setup({ wait: async () => new Promise(() => {}) });
    const a = track(client.request('wait').done), b = track(client.request('wait').done);
    await vi.advanceTimersByTimeAsync(5);
    workers[0].crash('out of memory');
    await vi.advanceTimersByTimeAsync(1);
    expect([a.error.code, b.error.code, a.error.message]).toEqual(['crashed', 'crashed', 'out of memory']);
    const c = track(client.request('wait').done);
    client.restart();
    await vi.advanceTimersByTimeAsync(1);
    expect(c.error.code).toBe('closed');
    expect(workers.map((w) => w.terminated)).toEqual([true, true]);
    expect(client.busy).toBe(false);
  });
});
