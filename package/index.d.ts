// Types of ActLab's public API (the npm package "actlab"). Hand-written from
// web/src/api/ and checked by `tsc --noEmit` on tests/package/typed-example.ts.

/** Numbers ActLab reads: copied to float32 before any wasm memory is touched. */
export type Numbers = Float32Array | Float64Array | ArrayLike<number>;

/** Which WebAssembly build to load, and from where. */
export interface BuildOptions {
  /** 'auto' (default): SIMD128 when the engine has it; true: SIMD or an Error; false: the scalar build. */
  simd?: 'auto' | boolean;
  /** Where the Emscripten glue (.mjs) lives, when it is not in the package's wasm/ folder. */
  moduleUrl?: string | URL;
  /** Where the .wasm lives, when it is not in the package's wasm/ folder. */
  wasmUrl?: string | URL;
}

/** How a long call is followed and stopped. */
export interface CallOptions<Progress> {
  /** Called about every 100 ms on this thread (200 ms from a worker) while the call runs, once a slice of work ends past that, and once at its end. */
  onProgress?: (progress: Progress) => void;
  /** Aborting it stops the call between two slices of work; the promise rejects with the signal's reason (an AbortError unless abort() was given another). */
  signal?: AbortSignal;
}

// ---------------------------------------------------------------- kernels

/** One parameter of a catalogue activation, with its allowed range. */
export interface ParamSpec { name: string; default: number; min: number; max: number }

/** A catalogue activation with its proven accuracy (max ULP error over every float32 input at its defaults). */
export interface ActivationSpec {
  id: string;
  name: string;
  params: readonly ParamSpec[];
  forwardUlp: number;
  derivativeUlp: number;
  /** The derivative crosses zero, where its error is bounded absolutely instead. */
  derivativeCrossesZero: boolean;
}

/** A gated unit y = g(gate) * value (GLU, ReGLU, GeGLU, SwiGLU). */
export interface GatedUnitSpec {
  id: string;
  name: string;
  gate: string;
  forwardUlp: number;
  dGateUlp: number;
  dValueUlp: number;
  dGateCrossesZero: boolean;
}

export interface Catalog {
  readonly activations: readonly ActivationSpec[];
  /** softmax, softmin, log_softmax, maxout. */
  readonly rowOperations: readonly string[];
  readonly gatedUnits: readonly GatedUnitSpec[];
}

/** Parameters by name (e.g. { alpha: 0.5 }); rowLength for softmax, softmin, log_softmax; pieces for maxout; PReLU's alpha may be one value per channel. */
export type ActivationParams = Record<string, number | Numbers>;

/** The partial derivatives of a gated unit. */
export interface GatedGradients { dGate: Float32Array; dValue: Float32Array }

/** The kernels of one loaded build. */
export interface Lab {
  /** True when the SIMD128 build runs (read from the module itself). */
  readonly simd: boolean;
  readonly catalog: Catalog;
  /** f(x) elementwise, or the row operation of x; `out` avoids an allocation (it may be x). */
  activate(id: string, x: Numbers, params?: ActivationParams, out?: Float32Array): Float32Array;
  /** f'(x) elementwise (row operations: use backward). */
  derivative(id: string, x: Numbers, params?: ActivationParams, out?: Float32Array): Float32Array;
  /** upstream times the Jacobian at x (vector-Jacobian product), for every operation. */
  backward(id: string, x: Numbers, upstream: Numbers, params?: ActivationParams, out?: Float32Array): Float32Array;
  /** g(gate) * value for gated unit id. */
  gated(id: string, gate: Numbers, value: Numbers, out?: Float32Array): Float32Array;
  /** { dGate: g'(gate) * value, dValue: g(gate) }. */
  gatedPartials(id: string, gate: Numbers, value: Numbers): GatedGradients;
  /** The partials times upstream. */
  gatedBackward(id: string, gate: Numbers, value: Numbers, upstream: Numbers): GatedGradients;
  /** torch.nn.functional.glu(x, dim=-1) over rows of rowLength (value half first, gate half second). */
  glu(x: Numbers, params?: { rowLength?: number; unit?: string }, out?: Float32Array): Float32Array;
  /** Compiles a formula in x (the language of cpp/include/actlab/formula.h) into an activation; throws a FormulaError. */
  formula(text: string): Formula;
  /** The wasm heap's size in bytes (diagnostics). */
  readonly memoryBytes: number;
}

/** A declared parameter of a formula (`a in [0, 5] = 1`). */
export interface FormulaParameter { readonly name: string; readonly min: number; readonly max: number; readonly value: number }

/** Parameter values by name; missing ones take their declared values. */
export type FormulaValues = Record<string, number>;

/** An activation typed as a formula, compiled by the C++ engine (never evaluated as JavaScript). */
export interface Formula {
  readonly text: string;
  readonly params: readonly FormulaParameter[];
  /** Instructions of the compiled program (at most 256). */
  readonly instructions: number;
  /** f(x) in float32, four lanes at a time. */
  activate(x: Numbers, values?: FormulaValues, out?: Float32Array): Float32Array;
  /** f'(x) in float32, by forward-mode automatic differentiation over the same program. */
  derivative(x: Numbers, values?: FormulaValues, out?: Float32Array): Float32Array;
  /** The double twin of the program at the float32 values of x: the reference to measure f and f' against. */
  reference(x: Numbers, values?: FormulaValues): { f: Float64Array; df: Float64Array };
  /** Frees the program (also done when the object is garbage-collected). */
  destroy(): void;
}

/** A formula the engine refused: the message names the problem; column is 1-based (0: the text as a whole, e.g. a limit). */
export class FormulaError extends Error {
  readonly name: 'FormulaError';
  readonly column: number;
}

/** Loads the kernels (once per build and file overrides) and resolves to the lab. */
export function loadActLab(options?: BuildOptions): Promise<Lab>;

/** Whether this engine runs WebAssembly SIMD128 (what simd: 'auto' decides on). */
export function engineSupportsSimd(): boolean;

// ---------------------------------------------------------------- simulator

/** An activation by id with its defaults, or with parameter values in the catalogue's order (PReLU: alphas, one per unit). */
export type CatalogActivationChoice = string | { id: string; params?: number[]; alphas?: number[] };
/**
 * A formula activation (the language of lab.formula): params are the values of its declared
 * parameters in declaration order (absent: the declared defaults). A bad formula rejects with
 * a RangeError carrying the compiler's message and column ("activation: formula: ... at column 5").
 */
export interface FormulaActivationChoice { id: 'formula'; formula: string; params?: number[] }
export type ActivationChoice = CatalogActivationChoice | FormulaActivationChoice;

export type InitScheme =
  | 'xavier_normal' | 'xavier_uniform' | 'he_normal' | 'he_uniform' | 'lecun_normal' | 'lecun_uniform'
  | 'orthogonal' | 'normal' | 'uniform' | 'constant';

/** How weights and biases start: the scheme, its gain or its std / bound / value, and the biases (constant plus N(0, biasStd²)). */
export interface InitSettings {
  init?: InitScheme;
  fanMode?: 'fan_in' | 'fan_out';
  gain?: number;
  std?: number;
  bound?: number;
  value?: number;
  bias?: number;
  biasStd?: number;
}

/**
 * The gradient-flow simulator's settings (cpp/include/actlab/network.h); every one is optional.
 * Defaults: inputWidth 256, depth 20, width 256, batch 256, activation relu, init he_normal (fan_in),
 * input N(0, 1), upstream 'normal' (the loss is the linear probe L = sum of g * a_L with g ~ N(0, 1),
 * so it may be negative), seed 1.
 */
export interface SimulatorConfig extends InitSettings {
  /** Inputs per sample (layer 1's W is width x inputWidth). */
  inputWidth?: number;
  depth?: number;
  width?: number;
  batch?: number;
  activation?: ActivationChoice;
  /** Other activations for single layers (1-based). */
  layers?: Array<{ layer: number } & Exclude<ActivationChoice, string>>;
  input?: 'normal' | 'uniform' | 'constant';
  inputValue?: number;
  upstream?: 'normal' | 'mse';
  seed?: number;
  saturationThreshold?: number;
  bins?: number;
  clipValue?: number;
  clipNorm?: number;
  memoryBudgetMiB?: number;
  /** Which sample's single-neuron chain to report (width 1). */
  chainSample?: number;
  norm?: 'none' | 'batchnorm' | 'layernorm' | 'rmsnorm';
  normPlacement?: 'before_activation' | 'after_activation' | 'pre_residual' | 'post_residual';
  residualEvery?: number;
  residualScale?: 'one' | 'inverse_sqrt_depth' | 'alpha';
  residualAlpha?: number;
  dropout?: number;
  dropoutKind?: 'dropout' | 'alphadropout';
  pairs?: boolean;
  pairCorrelation?: number;
  /** Compute the input-output Jacobian's singular values (width and inputWidth <= 128). */
  jacobian?: boolean;
  weightGradients?: boolean;
}

/**
 * The statistics of one layer, over the batch. The loss sums over the batch, so ‖∂L/∂W‖ and ‖∂L/∂b‖
 * (Frobenius norms) grow with it; the RMS values do not.
 */
export interface LayerStats {
  zMean: number; zStd: number; aMean: number; aStd: number;
  /** Of the layer's pre-activation before any norm (linear) and its mean square. */
  linearMean: number; linearStd: number; zMeanSquare: number;
  /** Fraction of (unit, sample) pairs with |f'(z)| below the saturation threshold, and of units dead on every sample. */
  saturated: number; dead: number;
  gradARms: number; gradZRms: number;
  weightNorm: number; gradWNorm: number; gradBNorm: number; gradWRatio: number;
  gradWNormClipped: number; gradBNormClipped: number;
  gradZZeros: number; nonFinite: number;
  /** With pairs: the correlation of the pairs' z and of their gradients. */
  zPairCorrelation: number; gradPairCorrelation: number;
  /** The layer ends a residual branch. */
  branchEnd: boolean;
  /** Counts per bin of a (bins over aEdges) and of |∂L/∂z| (over gradZEdges). */
  aHistogram: number[]; gradZHistogram: number[];
  [more: string]: unknown;
}

/** What simulate() resolves to (the Gradient flow view's numbers). */
export interface SimulationResult {
  ok: true;
  /** Bytes the run used. */
  bytes: number;
  loss: number;
  /** A hash of every float the run produced (the SIMD and scalar builds agree). */
  bitsHash: string;
  layers: LayerStats[];
  /** Bin edges of every layer's aHistogram and gradZHistogram. */
  aEdges: number[]; gradZEdges: number[];
  clip: { normBefore: number; normAfterValue: number; normAfter: number; scale: number };
  /**
   * Width 1 only (else empty): the single-neuron chain f'(z1)·Π w_j f'(z_j)·∂L/∂a_L, one entry per layer
   * and a last one for the upstream factor; absent parts are NaN.
   */
  chain: Array<{ layer: number; weight: number; z: number; slope: number; factor: number }>;
  /** The chain's product and its log10 (both 0 when there is no chain). */
  chainProduct: number; chainLog10: number;
  /** Mean-field theory at the stack's sigma_w² and sigma_b²; null where it does not apply (norms, skips, gated units). */
  meanField: { sigmaW2: number; sigmaB2: number; qStar: number; chi1: number; cStar: number; chiC: number; xiC: number } | null;
  /** The input-output Jacobian of one sample: its singular values, or why it was skipped (width or inputWidth above 128). */
  jacobian: {
    sample: number; skipped?: string; singularValues?: number[]; meanSquare?: number; max?: number; min?: number;
    log10Spread?: number | null; rank?: number; conditionNote?: string;
  };
  [more: string]: unknown;
}

export interface SimulateOptions extends BuildOptions, CallOptions<{ fraction: number }> {
  /** Run in a Web Worker the API starts (browsers only; not with moduleUrl or wasmUrl). */
  worker?: boolean;
}

/** Runs the simulator once; a setting out of range rejects with a RangeError naming it and the range. */
export function simulate(config: SimulatorConfig, options?: SimulateOptions): Promise<SimulationResult>;

// ---------------------------------------------------------------- trainer

/** One layer of a layer spec: an object with one key naming its kind. */
export type LayerSpec =
  | { dense: number | { units: number } }
  | { conv2d: { filters: number; kernel: number; padding?: 'valid' | 'same' } }
  | { maxpool: number }
  | { flatten: true }
  | { act: ActivationChoice }
  | { gated: string }
  | { dropout: number }
  | { alphadropout: number };

/** The trainer's settings (cpp/include/actlab/trainer.h). Defaults: inputWidth 2, classes 2, no hidden layer, softmax_cross_entropy, sgd with learningRate 0.1, batch 32, he_normal, seed 1. */
export interface TrainerConfig extends InitSettings {
  /** Inputs per sample: must match the data (a RangeError says so otherwise). */
  inputWidth?: number;
  /** [channels, height, width], for convolutions. */
  inputShape?: [number, number, number];
  classes?: number;
  /** A multilayer perceptron: dense + activation per entry. */
  hidden?: Array<{ width: number; activation?: ActivationChoice }>;
  /** Any body from the layer library (then no hidden). */
  layers?: LayerSpec[];
  output?: 'softmax_cross_entropy' | 'sigmoid_quadratic' | 'softmax_binary_cross_entropy';
  optimizer?: 'sgd' | 'momentum' | 'adam';
  learningRate?: number;
  momentum?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  batch?: number;
  l2?: number;
  clipValue?: number;
  clipNorm?: number;
  seed?: number;
  memoryBudgetMiB?: number;
}

/** One split of a data set: size samples of x (row-major) and their labels. */
export interface DataSplit { x: Float32Array; labels: Uint8Array; size: number }

export type ToyName = 'spiral' | 'circles' | 'moons' | 'xor' | 'gaussians';
export interface ToySettings { name: ToyName; count?: number; noise?: number; seed?: number }
export type DatasetId = 'fashion-mnist' | 'mnist' | 'digits';

/** What a trainer learns from. */
export type TrainingData = DatasetId | { toy: ToyName | ToySettings } | { train: DataSplit; test: DataSplit };

/** An epoch's report; per-block arrays follow `blocks`. */
export interface EpochReport {
  steps: number;
  meanLoss: number;
  finite: boolean;
  blocks: string[];
  biasSpeed: number[];
  updateRatio: number[];
  dead: number[];
  deadEpoch: number[];
  outputMean: number[];
  outputStd: number[];
  [more: string]: unknown;
}

/** binaryAccuracy: Keras' binary accuracy, the share of (sample, class) pairs where (p > 0.5) equals the one-hot label. */
export interface SplitEvaluation { loss: number; accuracy: number; binaryAccuracy: number }
export interface Evaluation { train: SplitEvaluation; test: SplitEvaluation }

/** Progress of an epoch or an evaluation, in samples. */
export interface SampleProgress { done: number; total: number }

export interface Trainer {
  readonly inputWidth: number;
  readonly classes: number;
  /** Epochs trained since creation or the last rewind(). */
  readonly epochs: number;
  /** Trains one epoch; after an abort, the next call finishes the same epoch (same bits as one go). */
  epoch(options?: CallOptions<SampleProgress>): Promise<EpochReport>;
  evaluate(options?: CallOptions<SampleProgress>): Promise<Evaluation>;
  /** Class probabilities, count x classes, at count x inputWidth points. */
  predict(points: Numbers): Promise<Float32Array>;
  /** The training set's points (a toy set's, for drawing). */
  trainingPoints(): Promise<{ x: Float32Array; labels: Uint8Array }>;
  /** Back to the initial weights and epoch 0. */
  rewind(): Promise<void>;
  /** Frees the trainer; later calls reject. Throws while a call runs. */
  destroy(): void;
}

export interface TrainerOptions extends BuildOptions {
  /** Train in a Web Worker the API starts (browsers only; not with moduleUrl or wasmUrl); the Trainer is the same. */
  worker?: boolean;
}

/** Creates a trainer; a bad setting rejects with a RangeError naming it and its range. */
export function createTrainer(config: TrainerConfig, data: TrainingData, options?: TrainerOptions): Promise<Trainer>;

// ---------------------------------------------------------------- data

/** A toy set with its train (first four fifths) and test splits, exactly as a trainer given { toy } sees it. */
export interface ToyData { features: 2; classes: number; train: DataSplit; test: DataSplit }

export function toyData(toy: ToyName | ToySettings, options?: BuildOptions): Promise<ToyData>;

/** A shipped image data set, pixels scaled to [0, 1]. */
export interface Dataset { features: number; classes: number; train: DataSplit; test: DataSplit }

/** Loads a shipped data set (fetched in browsers, read from the package in Node); a RangeError for an unknown id; download and file errors carry a `code`. */
export function loadDataset(id: DatasetId): Promise<Dataset>;

export const DATASET_IDS: readonly DatasetId[];
export const TOY_DATASETS: readonly ToyName[];
export const TOY_DEFAULTS: Readonly<{ count: number; noise: number; seed: number }>;
