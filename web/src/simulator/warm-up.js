// Browsers compile WebAssembly in two tiers: a quick baseline first, and
// optimised code for a function only once it has run for a while; a long
// call keeps running baseline code to its end. Small simulations of every
// activation, run in short slices between real requests, make the hot
// functions (GEMM, kernels, statistics) optimised before a large run needs
// them (measured in headless Chromium: the first large run was about twice
// as slow without this).

const ROUNDS = 3;

/** The warm-up configs: every activation id, small stacks, ROUNDS times. */
export function warmUpConfigs(ids) {
  const configs = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const id of ids) configs.push({ depth: 3, width: 48, batch: 48, inputWidth: 48, activation: id, init: 'xavier_normal', seed: 7 + round });
  }
  return configs;
}

/** Runs configs one per macrotask (so messages are handled in between) through run(config), pausing while busy(). */
export function warmUpInSlices(configs, run, busy = () => false) {
  let next = 0;
  const slice = () => {
    if (next >= configs.length) return;
    if (!busy()) run(configs[next++]);
    setTimeout(slice, busy() ? 50 : 0);
  };
  setTimeout(slice, 0);
}
