// The gradient-flow simulator: a stack of fully connected layers run forward
// and backward in float32 with the catalogue's kernels, reporting per-layer
// statistics of activations and gradients.
//
// Shapes (row-major, one column per sample):
//   a_0 is input_width x batch; layer l = 1..depth has W_l (width x n_in,
//   n_in = input_width for l = 1, width after), b_l (width), and
//   z_l = W_l a_{l-1} + b_l,  a_l = f_l(z_l)   (width x batch).
// Backward starts from G = dL/da_L (width x batch), by the convention
//   upstream "normal" (default): G has i.i.d. N(0, 1) entries, i.e. the loss
//     is the linear probe L = sum over units and samples of g * a_L;
//   upstream "mse": targets t ~ i.i.d. N(0, 1) and
//     L = (1 / batch) * sum over samples of 0.5 * ||a_L - t||^2,
//     so G = (a_L - t) / batch.
// Then dL/dz_l = dL/da_l * f_l'(z_l), dL/dW_l = dL/dz_l a_{l-1}^T,
// dL/db_l = row sums of dL/dz_l, dL/da_{l-1} = W_l^T dL/dz_l.
//
// Determinism: weights of layer l, the input, the upstream gradient and the
// targets each come from their own PCG32 stream of the seed (random.h), so
// changing the batch or the activation does not change the weights. All
// sums have a fixed order; same seed and settings give the same bits
// natively and in wasm (SIMD and scalar).
//
// JSON (simulate_json): the config is one object; every key is optional and
// unknown keys are refused. Defaults in brackets.
//   "inputWidth" [256] 1..16384   "depth" [20] 1..10000
//   "width" [256] 1..16384        "batch" [256] 1..65536
//   "activation" ["relu"]: an id, or {"id": "...", "params": [..],
//       "alphas": [one per unit, prelu only]}; params default to the catalogue's;
//       or a formula (formula.h): {"id": "formula", "formula": "x * tanh(softplus(x))",
//       "params": [its declared parameters' values in order; default: the declared ones]}
//   "layers" [[]]: per-layer overrides [{"layer": 1-based, "id": ..,
//       "params": [..], "alphas": [..], "formula": ".."}]
//   "init" ["he_normal"]: xavier_normal | xavier_uniform | he_normal |
//       he_uniform | lecun_normal | lecun_uniform | orthogonal | normal |
//       uniform | constant
//   "fanMode" ["fan_in"]: fan_in | fan_out (He and LeCun)
//   "gain" [1] 0..1e6 multiplies every scheme's scale (see InitScheme)
//   "std" [1] (normal), "bound" [1] (uniform), "value" [0] (constant)
//   "bias" [0] every bias starts at this constant, plus
//   "biasStd" [0] 0..1e6 times N(0, 1) draws (layer l's from its own stream),
//       so biases ~ N(bias, biasStd^2) as in mean-field theory
//   "weightGradients" [true]: false skips dL/dW and dL/db (their norms are then 0),
//       a third less work for runs that read only the activations and dL/da
//   "pairs" [false]: samples come in pairs (2j, 2j + 1): input 2j + 1 becomes
//       c x_2j + sqrt(1 - c^2) x_2j+1 with c = "pairCorrelation" [0] -1..1, and both
//       share one upstream gradient (the same probe); the layers then report
//       zPairCorrelation and gradPairCorrelation (below)
//   "input" ["normal"]: normal N(0,1) | uniform U(-1,1) | constant;
//       "inputValue" [1] for constant
//   "upstream" ["normal"]: normal | mse (see above)
//   "seed" [1] integer 0..2^53
//   "saturationThreshold" [1e-3] 0..1, "bins" [32] 1..256
//   "clipValue" [0 = off], "clipNorm" [0 = off]: >= 0
//   "memoryBudgetMiB" [512] 1..4096
//   "chainSample" [0] which sample the width-1 chain follows
//   "norm" ["none"]: none | batchnorm | layernorm | rmsnorm (gamma 1, beta 0;
//       BatchNorm with the batch's statistics, as in training)
//   "normPlacement" ["before_activation"]: where each layer's norm sits:
//       before_activation (dense -> norm -> f) | after_activation (dense -> f -> norm)
//       | pre_residual (norm -> branch -> add, once per branch, and a final norm
//       after the last layer, as pre-norm Transformers have) | post_residual
//       (branch -> add -> norm); the last two need residualEvery >= 1
//   "residualEvery" [0 = off] 0..10000: layer 1 maps the input to the width; after
//       it, groups of this many layers form branches F with a skip around each,
//       a_out = a_in + alpha F(a_in) (the last group may be shorter)
//   "residualScale" ["one"]: one (alpha = 1) | inverse_sqrt_depth (1 / sqrt(depth))
//       | alpha (the value of "residualAlpha" [1], 0..1e3)
//   "dropout" [0] 0..0.99 after every layer's activation (and its norm), of kind
//   "dropoutKind" ["dropout"]: dropout | alphadropout, masks from the seed
//   "jacobian" [true]: the input-output Jacobian of one sample and its singular
//       values (below; only for width <= 128 and inputWidth <= 128)
// The result is {"ok": false, "error": "<setting, value, allowed range or
// what to lower>"} or
//   {"ok": true, "bytes", "loss", "bitsHash": "<16 hex digits>",
//    "aEdges": [bins + 1], "gradZEdges": [<= bins + 1 powers of two, |dL/dz|],
//    "clip": {"normBefore", "normAfterValue", "normAfter", "scale"},
//    "chain": [{"layer", "weight", "z", "slope", "factor"}] (a plain width-1 stack only: no gated unit, norm, skip or dropout),
//    "meanField": {"sigmaW2", "sigmaB2", "qStar", "chi1", "cStar", "chiC", "xiC"} or null (see SimulationResult),
//    "chainProduct", "chainLog10",
//    "jacobian": {"sample", "singularValues": [descending], "meanSquare", "max",
//      "min", "log10Spread", "rank", "conditionNote"} or {"sample", "skipped": "<why>"},
//    "layers": [{"zMean", "zStd", "aMean", "aStd", "saturated", "dead",
//      "gradARms", "gradZRms", "weightNorm", "gradWNorm", "gradBNorm",
//      "gradWRatio", "gradWNormClipped", "gradBNormClipped", "gradZZeros",
//      "nonFinite", "linearMean", "linearStd", "branchEnd",
//      "zMeanSquare", "zPairCorrelation", "gradPairCorrelation",
//      "aHistogram": [bins], "gradZHistogram": [edges - 1]}]}
// (the fields of SimulationResult / LayerStats below). Whole numbers are
// written in full, others with 9 significant digits; non-finite numbers as
// the strings "NaN", "Infinity", "-Infinity".
//
// Each layer l is a block of the layer library (layers.h): dense (z = W a + b),
// its norm, the activation f, dropout; "z" is the activation's input (W a + b
// unless a norm sits before f) and "a" the block's output (after the add and
// the post-residual norm for the last layer of a branch).
//
// The Jacobian: J = d a_L / d a_0 (width x inputWidth) of sample chainSample,
// in double, propagated forward through the ops once the run's backward pass
// is done (so it sees the run's weights, f'(z), dropout masks and norm
// statistics): dense W J, activation diag(f'(z)) J, dropout diag(keep * scale) J,
// add J_skip + alpha J, LayerNorm / RMSNorm their exact per-sample Jacobian
// (times gamma), BatchNorm diag(gamma / sigma) J with the batch statistics held
// fixed (the coupling of the sample to the batch's mean and variance is
// O(1 / batch) and left out). J is kept scaled by a power of two, so deep
// stacks neither overflow nor underflow it. Its singular values come from a
// one-sided Jacobi SVD (cpp/src/shared/singular_values.h), each to about
// 2^-52 max (and to a few ulps relative when J's small directions come from
// small rows, e.g. saturated units); all equal to 1 is dynamical isometry
// (Pennington, Schoenholz and Ganguli 2017). "log10Spread" = log10(max / min)
// ("Infinity" when min = 0); "rank" counts the values above max * max(width,
// inputWidth) * 2^-52. The others are rounding (J is formed in double, so a
// spread beyond about 13 decades is not resolved; ReLU's zero slopes remove
// rows of J): then min and log10Spread measure rounding, and "conditionNote"
// says so. Cost: width x n_in x inputWidth multiply-adds per layer and 3 min^2
// max per SVD sweep (min, max of width and inputWidth), 10 to 25 sweeps;
// natively about 0.4 s for the propagation at width 256, depth 50 and
// 0.05 to 0.35 s for the SVD at width 256 (so wider stacks skip it: kJacobianMaxWidth).
//
// Cost: three GEMMs of width x batch x n_in per layer; "orthogonal" adds a
// Householder QR in double per layer (about 2 width^3 flops each), which is
// slow for wide stacks (natively about 0.15 s per layer at width 512, 1.2 s at 1024).
#pragma once
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/catalog.h"
#include "actlab/draw_cache.h"
#include "actlab/elementwise.h"
#include "actlab/mean_field.h"

namespace actlab {

// How weights start. s = gain * (scale below); fan = fan_in or fan_out.
enum class InitScheme {
  xavier_normal,   // N(0, s^2),  s = gain * sqrt(2 / (fan_in + fan_out))
  xavier_uniform,  // U(-s, s),   s = gain * sqrt(6 / (fan_in + fan_out))
  he_normal,       // N(0, s^2),  s = gain * sqrt(2 / fan)
  he_uniform,      // U(-s, s),   s = gain * sqrt(6 / fan)
  lecun_normal,    // N(0, s^2),  s = gain * sqrt(1 / fan)
  lecun_uniform,   // U(-s, s),   s = gain * sqrt(3 / fan)
  orthogonal,      // gain * Q from the QR of a Gaussian matrix (sign-fixed, as PyTorch)
  normal,          // N(0, s^2),  s = gain * std
  uniform,         // U(-s, s),   s = gain * bound
  constant,        // every weight = gain * value
};
enum class FanMode { fan_in, fan_out };
enum class InputKind { normal, uniform, constant };
enum class UpstreamKind { normal, mse };
enum class NormKind { none, batch_norm, layer_norm, rms_norm };
enum class NormPlacement { before_activation, after_activation, pre_residual, post_residual };
enum class ResidualScale { one, inverse_sqrt_depth, alpha };
enum class DropoutKind { dropout, alpha_dropout };

// The names used in JSON and messages, and the reverse look-ups (false if unknown).
const char* name_of(InitScheme scheme);
bool parse_init_scheme(std::string_view name, InitScheme* out);
// "xavier_normal, xavier_uniform, ..." for messages.
std::string init_scheme_names();

// Replaces the default activation on one layer (1-based).
struct LayerOverride {
  int layer = 1;
  ActivationChoice activation;
};

struct NetworkConfig {
  int input_width = 256;
  int depth = 20;
  int width = 256;
  int batch = 256;
  ActivationChoice activation;
  std::vector<LayerOverride> overrides;
  InitScheme init = InitScheme::he_normal;
  FanMode fan_mode = FanMode::fan_in;
  double gain = 1.0;
  double init_std = 1.0;
  double init_bound = 1.0;
  double init_value = 0.0;
  double bias_value = 0.0;
  InputKind input = InputKind::normal;
  double input_value = 1.0;
  UpstreamKind upstream = UpstreamKind::normal;
  uint64_t seed = 1;
  double saturation_threshold = 1e-3;
  int histogram_bins = 32;
  double clip_value = 0.0;  // 0 = off; clamps every gradient entry to [-v, v]
  double clip_norm = 0.0;   // 0 = off; then scales all gradients so the global norm <= this
  double memory_budget_mib = 512.0;
  int chain_sample = 0;
  NormKind norm = NormKind::none;
  NormPlacement norm_placement = NormPlacement::before_activation;
  int residual_every = 0;  // 0 = no skips
  ResidualScale residual_scale = ResidualScale::one;
  double residual_alpha = 1.0;
  double dropout = 0.0;
  DropoutKind dropout_kind = DropoutKind::dropout;
  double bias_std = 0.0;
  bool pairs = false;
  double pair_correlation = 0.0;
  bool weight_gradients = true;  // false: dL/dW and dL/db are not computed (stay 0), for runs that need dL/da only
  bool jacobian = true;  // the Jacobian's singular values (when width, input_width <= kJacobianMaxWidth)
};

constexpr int kJacobianMaxWidth = 128;

// alpha of the skips: 1, 1 / sqrt(depth) or residual_alpha.
double residual_alpha(const NetworkConfig& config);

constexpr double kDefaultMemoryBudgetMiB = 512.0;

// "" when every setting is in range, else a message naming the setting, its
// value and the allowed range (checked before any memory is reserved).
std::string validate(const NetworkConfig& config);

// Bytes the simulation of a (valid) configuration allocates: weights and
// their gradients, z and a of every layer, backward scratch, init scratch.
uint64_t memory_bytes(const NetworkConfig& config);

// "" when memory_bytes fits the budget, else "needs X MiB, above the budget
// of Y MiB; lower <setting(s)>" naming the settings that dominate.
std::string check_memory(const NetworkConfig& config);

// Per-layer statistics (layer l = index + 1). Gradient norms are Frobenius.
struct LayerStats {
  double z_mean = 0, z_std = 0, a_mean = 0, a_std = 0;
  double saturated_fraction = 0;  // entries with |f'(z)| < saturation_threshold
  double dead_fraction = 0;       // units with f'(z) == 0 for every sample
  double grad_a_rms = 0;          // RMS of dL/da_l
  double grad_z_rms = 0;          // RMS of dL/dz_l
  double weight_norm = 0;         // ||W_l||
  double grad_w_norm = 0;         // ||dL/dW_l|| before clipping
  double grad_b_norm = 0;         // ||dL/db_l|| before clipping
  double grad_w_ratio = 0;        // ||dL/dW_l|| / ||W_l|| (inf if W_l = 0)
  double grad_w_norm_clipped = 0;  // after clipping (= before when off)
  double grad_b_norm_clipped = 0;
  std::vector<uint32_t> a_histogram;       // counts per SimulationResult::a_edges bin
  std::vector<uint32_t> grad_z_histogram;  // counts of |dL/dz| per grad_z_edges bin
  uint64_t grad_z_zeros = 0;               // exact zeros in dL/dz (not in the histogram)
  uint64_t non_finite = 0;                 // NaN/inf entries of a_l or dL/dz_l (in no histogram)
  double linear_mean = 0, linear_std = 0;  // of W a + b (= z without a norm before f)
  bool branch_end = false;                 // a_l is the sum of a skip and a branch (its dL/da_l is what the skip carries back)
  double z_mean_square = 0;                // mean of z^2 (mean-field theory's q)
  // Pairs only (else 0): the mean over pairs of the cosine between the two samples'
  // z_l (mean-field theory's c) and between their dL/da_l.
  double z_pair_correlation = 0, grad_pair_correlation = 0;
};

// One factor of dC/db_1 = f'(z_1) * prod_{j=2..L} (w_j f'(z_j)) * dC/da_L
// for a width-1 stack and one sample.
struct ChainFactor {
  int layer;      // 1..L; L + 1 for the upstream factor dC/da_L
  double weight;  // w_j (NaN for layer 1 and for the upstream factor)
  double z;       // z_j (NaN for the upstream factor)
  double slope;   // f'(z_j) (NaN for the upstream factor)
  double factor;  // w_j f'(z_j); f'(z_1) for layer 1; dC/da_L for the last
};

struct ClipReport {
  double norm_before = 0;       // global norm of all dW and db
  double norm_after_value = 0;  // after clipping by value (= before when off)
  double norm_after = 0;        // after clipping by value then norm
  double scale = 1;             // factor clipping by norm applied (1 when off or not needed)
};

// The input-output Jacobian of one sample (see the top of this file).
struct JacobianReport {
  bool computed = false;
  std::string skipped;                  // why not, when !computed
  int sample = 0;
  std::vector<double> singular_values;  // descending, min(width, input_width) of them
  double mean_square = 0;               // mean of s^2 (= ||J||_F^2 / min(width, input_width))
  double max = 0, min = 0;
  double log10_spread = 0;              // log10(max / min), inf when min = 0
  int rank = 0;                         // values above max * max(width, input_width) * 2^-52
  std::string condition_note;           // "" or what to keep in mind reading min and log10_spread
};

struct SimulationResult {
  bool ok = false;
  std::string error;  // set when !ok
  uint64_t bytes = 0;
  double loss = 0;
  std::vector<LayerStats> layers;
  std::vector<double> a_edges;       // histogram_bins + 1 edges covering every layer's finite a
  std::vector<double> grad_z_edges;  // |dL/dz| edges: powers of two spanning every layer's nonzero values
  ClipReport clip;
  std::vector<ChainFactor> chain;  // empty unless a plain width-1 stack of elementwise activations (Network::has_chain)
  double chain_product = 0;        // product of the factors (double; may underflow)
  double chain_log10 = 0;          // log10 |product|, from the factors (no underflow)
  // Mean-field theory (mean_field.h) at this stack's sigma_w^2 = width Var(W) and sigma_b^2 = biasStd^2, for
  // plain stacks (no norm, skip or dropout; bias 0; one activation without per-unit alphas; width >= 2).
  bool has_mean_field = false;
  double sigma_w2 = 0, sigma_b2 = 0;
  MeanFieldPoint mean_field;
  JacobianReport jacobian;
  uint64_t bits_hash = 0;          // FNV-1a of the float bits of a_L and every clipped dW, db: one
                                   // number to compare native and wasm runs bit for bit
};

// The stack with its tensors: create, run, read.
class Network {
 public:
  // A network for a valid config within its memory budget; nullptr and
  // *error set otherwise. Weights, biases, input and upstream/targets are drawn
  // here, through cache when given (the same bits either way).
  static std::unique_ptr<Network> create(const NetworkConfig& config, std::string* error,
                                         DrawCache* cache = nullptr);
  // The same network with its weights drawn layer by layer in step(), so a
  // caller that must answer between pieces of work (a Web Worker) never waits
  // for the whole draw. cache, when given, must outlive the run.
  static std::unique_ptr<Network> prepare(const NetworkConfig& config, std::string* error,
                                          DrawCache* cache = nullptr);

  // Forward, backward, clipping and statistics; the result is `result()`.
  void run();
  // run() in pieces with the same bits: begin(), then step(budget) until it
  // returns true. Each step does pieces until about `budget` multiply-adds
  // are done, at least one piece: a block of rows of a layer's weights, a
  // part of one library layer's forward or backward pass (layers.h: about
  // 2^25 multiply-adds at most), a layer's statistics, or a part of the
  // Jacobian (one op's propagation, one SVD sweep), so no piece is long.
  // progress() is the share of the work done, in [0, 1].
  void begin();
  bool step(double budget);
  double progress() const;
  const SimulationResult& result() const { return result_; }
  // After a run: J = d a_L / d a_0 of sample chainSample (width x inputWidth, row-major, double)
  // by the propagation the report uses; empty when the report skipped it.
  std::vector<double> jacobian_matrix();

  const NetworkConfig& config() const { return config_; }
  // Inputs of layer l (1-based): n_in = input_width for l = 1, width after.
  size_t fan_in(int l) const { return l == 1 ? config_.input_width : config_.width; }
  // Rows of layer l's weights: width, or 2 x width before a gated unit (value and gate).
  size_t dense_rows(int l) const;
  // Whether layer l's activation is a gated unit (gated.def), which halves 2 x width to width.
  bool gated(int l) const;
  // Tensors (row-major, see the top of this file); l is 1-based.
  std::vector<float>& weights(int l);
  std::vector<float>& biases(int l);
  const std::vector<float>& grad_weights(int l) const;
  const std::vector<float>& grad_biases(int l) const;
  const std::vector<float>& z(int l) const;
  const std::vector<float>& a(int l) const;  // a(0) is the input
  const std::vector<float>& input() const { return tensors_[0]; }
  std::vector<float>& input() { return tensors_[0]; }  // a change shows in the next run()
  // dL/da_L for "normal"; the targets t for "mse".
  const std::vector<float>& upstream() const { return upstream_; }
  // Activation of layer l: the bound function (empty for a gated layer) and its per-unit alphas (may be empty).
  const Elementwise& activation(int l) const { return layer_function_[l - 1]; }
  const std::vector<float>& activation_alphas(int l) const { return layer_alphas_[l - 1]; }
  ~Network();

 private:
  struct Op;     // one layer of the library, or the add that closes a skip
  struct Block;  // where layer l's tensors and layers sit among the ops
  struct Task;   // one piece of work of a run
  struct JacobianState;  // the Jacobian being propagated, then its SVD
  // What the backward pass carries from one op (and piece) to the next.
  struct BackwardState {
    std::vector<float> grad, grad_prev, grad_skip;  // dL/d(current tensor), the op's dx, the pending skip's
    int skip_to = -1;                               // the tensor grad_skip is added to, -1 for none
    std::vector<ChainFactor> factors;
    std::vector<std::vector<uint32_t>> octaves;
    double a_lo = 0, a_hi = 0;
    bool a_any = false;
  };

  explicit Network(const NetworkConfig& config);
  void build();                        // the ops, the blocks and the tensors
  void initialise(DrawCache& draws);   // input, upstream; every weight but drawn ones
  void draw_weights(int l, DrawCache& draws);
  void plan();                         // the tasks of a run, with their work
  double run_task(const Task& task);   // the work it did (0 when it had nothing left to do)
  void forward_part(int op, size_t part);
  void summarize_block(int l);
  void histogram_block(int l);
  void backward_begin();
  void backward_part(int op, size_t part);
  void backward_done(int op);          // op's dx is complete: skips, statistics
  void gradient_complete(int tensor);  // dL/dt is complete for that tensor
  void backward_end();
  void clip();
  void finish();
  std::string jacobian_skipped() const;  // "" when the Jacobian is computed, else why not
  void jacobian_begin();
  bool jacobian_op(int op);            // J of op's output from J of its input; false once J is not finite
  bool jacobian_sweep();               // one SVD sweep; false when already converged
  void jacobian_end();

  NetworkConfig config_;
  DrawCache* draws_ = nullptr;              // where step() draws the weights from
  std::unique_ptr<DrawCache> own_draws_;    // used when no cache was given
  bool weights_drawn_ = false;
  bool any_gated_ = false;  // some layer's activation is a gated unit
  // The width-1 chain of factors w f'(z), which is dL/db_1 only for a plain stack: width 1, every
  // activation elementwise, no norm (its Jacobian is not w f'), no skip (a sum of paths) and no dropout.
  bool has_chain() const {
    const NetworkConfig& c = config_;
    return c.width == 1 && !any_gated_ && c.norm == NormKind::none && c.residual_every == 0 && c.dropout == 0;
  }
  std::vector<Op> ops_;
  std::vector<Block> blocks_;
  std::vector<std::vector<float>> tensors_;  // tensors_[0] = input, tensors_[i + 1] = output of op i
  std::vector<int> tensor_block_;            // the layer (1-based) whose z or a a tensor is, 0 for none
  std::vector<Task> tasks_;
  size_t next_task_ = 0;
  bool running_ = false;
  double total_work_ = 0, done_work_ = 0;
  BackwardState back_;
  std::unique_ptr<JacobianState> jac_;
  std::vector<Elementwise> layer_function_;
  std::vector<std::vector<float>> layer_alphas_;
  std::vector<float> upstream_;
  SimulationResult result_;
};

// create + run; errors come back in the result (never throws on bad settings).
// A cache kept between calls saves redrawing the same random numbers.
SimulationResult simulate(const NetworkConfig& config, DrawCache* cache = nullptr);

// Parses a JSON config (format at the top of this file); "" and *config
// filled on success, else a message naming the key and what was wrong.
std::string parse_config_json(std::string_view json, NetworkConfig* config);
// The result as JSON (format at the top of this file).
std::string result_to_json(const SimulationResult& result);
// parse_config_json + simulate + result_to_json: what the bindings call.
std::string simulate_json(std::string_view config_json, DrawCache* cache = nullptr);

}  // namespace actlab
