// Keeps a rendered formula inside its box: when its natural width is more
// than the box, the formula's font shrinks to fit (down to MIN_SCALE); past
// that the box scrolls sideways (and can be focused to scroll by keyboard).
// Formulas are fitted again when their box is resized and when a web font
// (KaTeX's) finishes loading, since that changes their width.
const MIN_SCALE = 0.72;
const boxes = new Set();
let resizes = null;

// Shrinks box's font so its content fits its width; true when it fits.
function fit(box) {
  box.style.fontSize = '';
  const natural = box.scrollWidth, room = box.clientWidth;
  if (room <= 0 || natural <= room + 1) return true;
  const scale = Math.max(MIN_SCALE, Math.floor((room / natural) * 100) / 100);
  box.style.fontSize = `${parseFloat(getComputedStyle(box).fontSize) * scale}px`;
  return box.scrollWidth <= box.clientWidth + 1;
}

// Fits box and marks whether it still needs to scroll.
function refit(box) {
  const fits = fit(box);
  box.classList.toggle('scrolls', !fits);
  if (fits) box.removeAttribute('tabindex');
  else box.tabIndex = 0;
}

// Refits every formula still on the page; forgets the others.
function refitAll() {
  for (const box of boxes) {
    if (box.isConnected) refit(box);
    else {
      boxes.delete(box);
      resizes.unobserve(box);
    }
  }
}

/** Fits box's formula to its width now and whenever the box is resized or a font finishes loading. */
export function fitFormula(box) {
  if (!resizes) {
    resizes = new ResizeObserver((entries) => entries.forEach((entry) => refit(entry.target)));
    document.fonts?.addEventListener('loadingdone', refitAll);
  }
  boxes.add(box);
  resizes.observe(box);
}
