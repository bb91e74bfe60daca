// Presets that reproduce known results. Each sets the functions shown and
// the gradient settings (every other gradient setting returns to its
// default, so a preset always gives the same picture); its fixed sentence is
// the string preset_<id>, its live sentence comes from narration.js.

export const PRESETS = [
  { id: 'nielsen', fn: ['sigmoid'], set: { ginit: 'lecun_normal', gdepth: 4, gwidth: 30, gbatch: 100, gq: 'gradBNorm' }, source: 'Nielsen, Neural Networks and Deep Learning, ch. 5 (2015)' },
  { id: 'chain', fn: ['sigmoid'], set: { ginit: 'normal', gstd: 1, gdepth: 6, gwidth: 1, gbatch: 1 }, source: 'Nielsen, Neural Networks and Deep Learning, ch. 5 (2015)' },
  { id: 'glorot', fn: ['sigmoid', 'tanh'], set: { ginit: 'xavier_uniform', gdepth: 5, gwidth: 256, gbatch: 64 }, source: 'Glorot & Bengio, AISTATS 2010' },
  { id: 'reluXavier', fn: ['relu'], set: { ginit: 'xavier_normal', gdepth: 30, gwidth: 256, gbatch: 64 }, source: 'He, Zhang, Ren & Sun, ICCV 2015' },
  { id: 'reluHe', fn: ['relu'], set: { ginit: 'he_normal', gdepth: 30, gwidth: 256, gbatch: 64 }, source: 'He, Zhang, Ren & Sun, ICCV 2015' },
  { id: 'selu', fn: ['selu'], set: { ginit: 'lecun_normal', gdepth: 50, gwidth: 256, gbatch: 64, gq: 'aStd' }, source: 'Klambauer, Unterthiner, Mayr & Hochreiter, NeurIPS 2017' },
  { id: 'exploding', fn: ['sigmoid'], set: { ginit: 'constant', gvalue: 100, gbias: -50, ginput: 'constant', ginval: 0.5, gdepth: 6, gwidth: 1, gbatch: 1, gq: 'gradBNorm' }, source: 'Nielsen, Neural Networks and Deep Learning, ch. 5 (2015)' },
  { id: 'clipped', fn: ['sigmoid'], set: { ginit: 'constant', gvalue: 100, gbias: -50, ginput: 'constant', ginval: 0.5, gdepth: 6, gwidth: 1, gbatch: 1, gclip: 'norm', gclipv: 1, gq: 'gradBNorm' }, source: 'Pascanu, Mikolov & Bengio, ICML 2013' },
  { id: 'deadRelu', fn: ['relu', 'leaky_relu'], set: { ginit: 'he_normal', gbias: -3, gdepth: 10, gwidth: 64, gbatch: 64 }, source: 'Maas, Hannun & Ng, ICML 2013 workshop (leaky ReLU)' },
  { id: 'residual50', fn: ['relu'], set: { ginit: 'normal', gstd: 0.03125, gdepth: 50, gwidth: 256, gbatch: 64, gskip: 2, gvs: 'noSkip', gq: 'gradARms' }, source: 'He, Zhang, Ren & Sun, CVPR 2016 (residual learning)' },
  { id: 'residual200', fn: ['relu'], set: { ginit: 'normal', gstd: 0.03125, gdepth: 200, gwidth: 256, gbatch: 32, gskip: 2, gskipscale: 'inverse_sqrt_depth', gvs: 'noSkip', gq: 'gradARms' }, source: 'He, Zhang, Ren & Sun, CVPR 2016 (residual learning)' },
  { id: 'sigmoidBn', fn: ['sigmoid'], set: { ginit: 'xavier_normal', gdepth: 30, gwidth: 256, gbatch: 64, gnorm: 'batchnorm', gnormat: 'before_activation', gvs: 'noNorm' }, source: 'Ioffe & Szegedy, ICML 2015' },
  { id: 'prePost', fn: ['relu'], set: { ginit: 'he_normal', gdepth: 24, gwidth: 256, gbatch: 64, gnorm: 'layernorm', gnormat: 'post_residual', gskip: 1, gvs: 'otherPlacement', gq: 'gradWNorm' }, source: 'Xiong et al., ICML 2020 (on layer normalisation in the Transformer)' },
  { id: 'seluDropout', fn: ['selu'], set: { ginit: 'lecun_normal', gdepth: 50, gwidth: 256, gbatch: 64, gdrop: 0.1, gdropkind: 'alphadropout', gvs: 'otherDropout', gq: 'aStd' }, source: 'Klambauer, Unterthiner, Mayr & Hochreiter, NeurIPS 2017' },
  { id: 'edgeOfChaos', fn: ['tanh'], set: { ginit: 'lecun_normal', ggain: 1.327, gbstd: 0.2236, gdepth: 50, gwidth: 256, gbatch: 64, gvs: 'edge', gq: 'gradARms', gpairs: 'on', gpairq: 'z' }, source: 'Schoenholz, Gilmer, Ganguli & Sohl-Dickstein, ICLR 2017' },
  { id: 'shattered', fn: ['relu'], set: { ginit: 'he_normal', gdepth: 50, gwidth: 256, gbatch: 64, gskip: 1, gskipscale: 'inverse_sqrt_depth', gpairs: 'on', gpairc: 0.99, gvs: 'noSkip', gq: 'gradARms' }, source: 'Balduzzi et al., ICML 2017 (the shattered gradients problem)' },
];
