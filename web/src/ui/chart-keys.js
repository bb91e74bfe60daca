// Keyboard control of a focused chart: arrows step the read-out x, Home/End
// jump to the ends of the range, + and - zoom around the read-out x.

/** Listens on the focusable element; handlers: step(direction, big), jump('start'|'end'), zoom(factor). */
export function attachChartKeys(target, handlers) {
  target.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case 'ArrowLeft': case 'ArrowDown': handlers.step(-1, event.shiftKey); break;
      case 'ArrowRight': case 'ArrowUp': handlers.step(1, event.shiftKey); break;
      case 'Home': handlers.jump('start'); break;
      case 'End': handlers.jump('end'); break;
      case '+': case '=': handlers.zoom(0.8); break;
      case '-': case '_': handlers.zoom(1.25); break;
      default: return;
    }
    event.preventDefault();
  });
}
