// A loader that loads each key once and shares the promise; a failed load
// is forgotten, so the next call tries again.

/** Wraps load(key) -> Promise: the returned function loads each key once. */
export function loadOnce(load) {
  const loads = new Map(); // key -> Promise
  return (key) => {
    if (!loads.has(key)) {
      const loading = load(key);
      loading.catch(() => loads.delete(key));
      loads.set(key, loading);
    }
    return loads.get(key);
  };
}
