// Gives the worker's event loop one turn (so a waiting 'stop' message is
// handled) without setTimeout's 4 ms clamp: a message to itself on a
// MessageChannel, or setTimeout where MessageChannel is missing. In Node,
// setImmediate (a MessagePort listening there would keep the process alive).

let channel = null;
const waiting = [];

/** Resolves after the event loop has run the tasks queued before it. */
export function yieldToLoop() {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
