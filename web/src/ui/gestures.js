// Pointer input on a chart canvas turned into abstract gestures: wheel zoom
// around the cursor, one-pointer drag to pan, two-pointer pinch to zoom,
// hover, and tap. On a touch screen the canvas has touch-action: pan-y, so a
// vertical swipe scrolls the page (the browser takes it and cancels the
// pointer); a sideways drag pans x only, two fingers pinch, a tap reads out.
// Positions are reported as fractions of the plot area.

const WHEEL_IDLE_MS = 350;
const TAP_SLOP_PX = 10; // a touch that moves less than this and lifts is a tap

/**
 * Listens on canvas; area() returns the plot rectangle {left, top, right, bottom}
 * in canvas CSS pixels. handlers: zoom(fx, fy, factor), pan(dfx, dfy), hover(fx|null),
 * tap(fx) (a touch that lifted without moving), start(), end().
 */
export function attachGestures(canvas, area, handlers) {
  const pointers = new Map(); // pointerId -> {x, y}
  let pinchDistance = 0;
  let wheelTimer = 0;

  // Canvas-relative position as fractions of the plot area (0..1 inside it).
  function fraction(clientX, clientY) {
    const box = canvas.getBoundingClientRect();
    const a = area();
    return {
      fx: (clientX - box.left - a.left) / (a.right - a.left),
      fy: (a.bottom - (clientY - box.top)) / (a.bottom - a.top),
      w: a.right - a.left,
      h: a.bottom - a.top,
    };
  }

  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    const { fx, fy } = fraction(event.clientX, event.clientY);
    const pixels = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    if (!wheelTimer) handlers.start();
    clearTimeout(wheelTimer);
    wheelTimer = setTimeout(() => { wheelTimer = 0; handlers.end(); }, WHEEL_IDLE_MS);
    handlers.zoom(fx, fy, Math.exp(Math.max(-300, Math.min(300, pixels)) * 0.002));
  }, { passive: false });

  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 && event.pointerType === 'mouse') return;
    canvas.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY, x0: event.clientX, y0: event.clientY, touch: event.pointerType !== 'mouse' });
    if (pointers.size === 1) handlers.start();
    if (pointers.size === 2) pinchDistance = distance();
  });

  // Distance between the first two active pointers.
  function distance() {
    const [a, b] = [...pointers.values()];
    return Math.hypot(a.x - b.x, a.y - b.y);
  }

  canvas.addEventListener('pointermove', (event) => {
    const previous = pointers.get(event.pointerId);
    if (!previous) {
      const { fx, fy } = fraction(event.clientX, event.clientY);
      handlers.hover(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1 ? fx : null);
      return;
    }
    if (pointers.size === 1) {
      if (previous.touch && !previous.moved && Math.hypot(event.clientX - previous.x0, event.clientY - previous.y0) < TAP_SLOP_PX) return; // may still be a tap
      previous.moved = true;
      const { w, h } = fraction(event.clientX, event.clientY);
      // A finger pans x only: the vertical part of its swipe belongs to the page.
      handlers.pan(-(event.clientX - previous.x) / w, previous.touch ? 0 : (event.clientY - previous.y) / h);
      pointers.set(event.pointerId, { ...previous, x: event.clientX, y: event.clientY });
      return;
    }
    pointers.set(event.pointerId, { ...previous, x: event.clientX, y: event.clientY });
    const now = distance();
    if (pinchDistance > 0 && now > 0) {
      const [a, b] = [...pointers.values()];
      const { fx, fy } = fraction((a.x + b.x) / 2, (a.y + b.y) / 2);
      handlers.zoom(fx, fy, pinchDistance / now);
    }
    pinchDistance = now;
  });

  // Pointer released or lost: end the gesture once no pointer is down.
  function release(event) {
    const released = pointers.get(event.pointerId);
    if (!released) return;
    const alone = pointers.size === 1;
    pointers.delete(event.pointerId);
    if (event.type === 'pointerup' && released.touch && alone && !released.moved) {
      const { fx, fy } = fraction(event.clientX, event.clientY);
      if (fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1) handlers.tap?.(fx);
    }
    pinchDistance = pointers.size === 2 ? distance() : 0;
    if (pointers.size === 0) handlers.end();
  }
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  // The cursor left the chart: clear the hover read-out (a lifted finger also "leaves"; its tap read-out stays).
  canvas.addEventListener('pointerleave', (event) => {
    if (event.pointerType !== 'touch' && !pointers.has(event.pointerId)) handlers.hover(null);
  });
}
