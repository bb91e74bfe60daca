// Number formatting shared by the read-out, the URL and the notes.

/** A float for people: 7 significant digits, exponent for tiny/huge, NaN and ±∞ spelled out. */
export function formatValue(value) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return Object.is(value, -0) ? '−0' : '0';
  const magnitude = Math.abs(value);
  const text = magnitude < 1e-4 || magnitude >= 1e7 ? value.toExponential(6) : String(Number(value.toPrecision(7)));
  return text.replace('-', '−');
}

/** The shortest decimal text that reads back as the same number to `digits` significant digits. */
export function compactNumber(value, digits = 6) {
  return String(Number(value.toPrecision(digits)));
}

/** The shortest decimal text that rounds to the same float32 as value. */
export function float32Text(value) {
  const target = Math.fround(value);
  for (let digits = 1; digits < 10; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === target) return String(candidate);
  }
  return String(target);
}
