// Keeps the address bar in step with the state: pushState for committed
// changes, replaceState while a gesture (drag, wheel, slider) is under way.
import { writeState } from './url-state.js';

/** Creates the URL writer for schema; getState() returns the live state. */
export function createHistorySync(schema, getState) {
  let gestureOpen = false;

  // The URL (same path, new query) for the current state.
  function url() {
    return `${location.pathname}${writeState(getState(), schema)}${location.hash}`;
  }

  return {
    /** Records a finished, discrete change as a new history entry. */
    commit() {
      gestureOpen = false;
      const next = url();
      if (next !== `${location.pathname}${location.search}${location.hash}`) history.pushState(null, '', next);
    },
    /** Updates the URL during a gesture: the first call adds one entry, later calls replace it. */
    transient() {
      if (!gestureOpen) {
        gestureOpen = true;
        history.pushState(null, '', url());
      } else {
        history.replaceState(null, '', url());
      }
    },
    /** Ends the current gesture (its entry stays as it is). */
    endGesture() {
      if (gestureOpen) history.replaceState(null, '', url());
      gestureOpen = false;
    },
    /** Rewrites the current entry without adding one (used after loading a corrected URL). */
    replace() {
      history.replaceState(null, '', url());
    },
  };
}
