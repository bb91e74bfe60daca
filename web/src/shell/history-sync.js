// Keeps the address bar in step with the state: pushState for committed
// changes, replaceState while a gesture (drag, wheel, slider) is under way.
// An embedded page only ever replaces its entry, so it never adds entries to
// the back button of the page that embeds it.
import { writeState } from './url-state.js';

const GESTURE_WRITE_MS = 200;

/**
 * Creates the URL writer for schema; getState() returns the live state,
 * onWrite() is called after every change of the URL.
 */
export function createHistorySync(schema, getState, onWrite = () => {}) {
  let gestureOpen = false;
  let pendingWrite = 0; // timer of a throttled URL write during a gesture
  let lastWrite = 0;

  // The URL (same path, new query) for the current state.
  function url() {
    return `${location.pathname}${writeState(getState(), schema)}${location.hash}`;
  }

  // A new history entry, or a replaced one in embed mode.
  function pushState(next) {
    if (getState().embed) history.replaceState(null, '', next);
    else history.pushState(null, '', next);
    onWrite();
  }

  function replaceState(next) {
    history.replaceState(null, '', next);
    onWrite();
  }

  return {
    /** Records a finished, discrete change as a new history entry. */
    commit() {
      clearTimeout(pendingWrite);
      pendingWrite = 0;
      gestureOpen = false;
      const next = url();
      if (next !== `${location.pathname}${location.search}${location.hash}`) pushState(next);
    },
    /**
     * Updates the URL during a gesture: the first call adds one entry, later
     * calls replace it, at most every GESTURE_WRITE_MS (the last one lands
     * when the gesture ends or the interval passes).
     */
    transient() {
      if (!gestureOpen) {
        gestureOpen = true;
        pushState(url());
        lastWrite = performance.now();
        return;
      }
      if (pendingWrite) return;
      pendingWrite = setTimeout(() => {
        pendingWrite = 0;
        lastWrite = performance.now();
        replaceState(url());
      }, Math.max(0, lastWrite + GESTURE_WRITE_MS - performance.now()));
    },
    /** Ends the current gesture (its entry stays as it is). */
    endGesture() {
      clearTimeout(pendingWrite);
      pendingWrite = 0;
      if (gestureOpen) replaceState(url());
      gestureOpen = false;
    },
    /** Rewrites the current entry without adding one (used after loading a corrected URL). */
    replace() {
      replaceState(url());
    },
  };
}
