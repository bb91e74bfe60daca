// Keeps the address bar in step with the state: pushState for committed
// changes, replaceState while a gesture (drag, wheel, slider) is under way.
// An embedded page only ever replaces its entry, so it never adds entries to
// the back button of the page that embeds it.
import { writeState } from './url-state.js';

/**
 * Creates the URL writer for schema; getState() returns the live state,
 * onWrite() is called after every change of the URL.
 */
export function createHistorySync(schema, getState, onWrite = () => {}) {
  let gestureOpen = false;

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
      gestureOpen = false;
      const next = url();
      if (next !== `${location.pathname}${location.search}${location.hash}`) pushState(next);
    },
    /** Updates the URL during a gesture: the first call adds one entry, later calls replace it. */
    transient() {
      if (!gestureOpen) {
        gestureOpen = true;
        pushState(url());
      } else {
        replaceState(url());
      }
    },
    /** Ends the current gesture (its entry stays as it is). */
    endGesture() {
      if (gestureOpen) replaceState(url());
      gestureOpen = false;
    },
    /** Rewrites the current entry without adding one (used after loading a corrected URL). */
    replace() {
      replaceState(url());
    },
  };
}
