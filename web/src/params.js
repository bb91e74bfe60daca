// Resolves a caller's params object against the catalogue: defaults for
// missing keys, RangeError for unknown keys, TypeError/RangeError for values
// that are not finite numbers. Range checks themselves belong to the C++
// catalogue (checkParams), which lab.js calls with the resolved values.

// A short description of a value for error messages.
function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string "${value}"`;
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return typeof value;
}

/** The params argument as a plain object ({} when omitted); TypeError for anything else. */
export function paramsObject(params, where) {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params) || ArrayBuffer.isView(params)) {
    throw new TypeError(`${where}: params must be an object such as { name: value }; got ${describe(params)}`);
  }
  return params;
}

/** Throws RangeError if params has a key outside validNames (listing the valid names). */
export function rejectUnknownKeys(params, validNames, where) {
  for (const key of Object.keys(params)) {
    if (!validNames.includes(key)) {
      const valid = validNames.length ? `valid parameters: ${validNames.join(', ')}` : 'it takes no parameters';
      throw new RangeError(`${where}: unknown parameter "${key}"; ${valid}`);
    }
  }
}

/** Checks that value is a finite number, naming the parameter otherwise (TypeError / RangeError). */
export function finiteNumber(value, name, where) {
  if (typeof value !== 'number') {
    throw new TypeError(`${where}: parameter ${name} must be a number; got ${describe(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`${where}: parameter ${name} must be a finite number; got ${value}`);
  }
  return value;
}

/** Values of an activation's parameters in catalogue order, defaults filled in. */
export function scalarParamValues(specs, params, where) {
  rejectUnknownKeys(params, specs.map((spec) => spec.name), where);
  return specs.map((spec) =>
    params[spec.name] === undefined ? spec.default : finiteNumber(params[spec.name], spec.name, where),
  );
}

/** A positive integer option of a row operation (rowLength, pieces), or fallback when absent. */
export function positiveInteger(params, name, fallback, where) {
  const value = params[name];
  if (value === undefined) {
    if (fallback === undefined) throw new TypeError(`${where}: params.${name} is required (a positive integer)`);
    return fallback;
  }
  finiteNumber(value, name, where);
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${where}: parameter ${name} must be a positive integer; got ${value}`);
  }
  return value;
}
