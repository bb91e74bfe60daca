// The trainer: a multilayer perceptron trained in float32 with the
// catalogue's kernels and the simulator's GEMM, deterministic from its seed.
//
// Layout (as in network.h): a layer's activations are units x batch,
// row-major, one column per sample; layer l = 1..L has W_l (out x in,
// row-major, the layout of torch.nn.Linear.weight) and b_l (out). Layers
// 1..L-1 are the hidden layers, each with its own activation; layer L maps
// to the classes:
//   softmax_cross_entropy: C = mean over the batch of -log softmax(z_L)[y]
//   sigmoid_quadratic:     C = mean over the batch of 0.5 ||sigmoid(z_L) - onehot(y)||^2
// plus, with l2 > 0, (l2 / 2) * sum of every W_l entry squared (biases are not decayed).
// Gradients are of that C; clipping (by value, then by global norm) applies
// to them before the optimiser:
//   sgd:      p -= lr * g
//   momentum: v = momentum * v + g;  p -= lr * v            (torch.optim.SGD with momentum)
// for every weight, bias and PReLU slope (a PReLU layer learns one slope per unit),
//   adam:     m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
//             p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)   (torch.optim.Adam)
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/network.h"

namespace actlab {

enum class OutputKind { softmax_cross_entropy, sigmoid_quadratic };
enum class OptimizerKind { sgd, momentum, adam };

// One hidden layer: its width and activation.
struct HiddenLayer {
  int width = 30;
  ActivationChoice activation;
};

struct TrainConfig {
  int input_width = 2;
  std::vector<HiddenLayer> hidden;  // may be empty (a linear classifier)
  int classes = 2;
  OutputKind output = OutputKind::softmax_cross_entropy;
  OptimizerKind optimizer = OptimizerKind::sgd;
  double learning_rate = 0.1;
  double momentum = 0.9;                            // momentum
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;  // adam
  double l2 = 0.0;
  double clip_value = 0.0, clip_norm = 0.0;  // 0 = off
  int batch = 32;
  uint64_t seed = 1;
  // Weights: a scheme of network.h (gain, std, bound, value as there), per layer's own fan_in/fan_out.
  InitScheme init = InitScheme::he_normal;
  FanMode fan_mode = FanMode::fan_in;
  double gain = 1.0, init_std = 1.0, init_bound = 1.0, init_value = 0.0;
  // Biases: bias_std > 0 draws N(0, bias_std^2) (Nielsen's N(0, 1)); else every bias = bias_value.
  double bias_value = 0.0, bias_std = 0.0;
};

// "" when every setting is in range, else the setting, its value and the allowed range.
std::string validate(const TrainConfig& config);

// Samples: x is size x features, row-major (one sample per row); labels in [0, classes).
struct Dataset {
  int features = 0;
  int classes = 0;
  std::vector<float> x;
  std::vector<int> labels;
  size_t size() const { return labels.size(); }
};

// Loss and accuracy of the current parameters on a data set.
struct Evaluation {
  double loss = 0;      // mean C over the samples, without the L2 term
  double accuracy = 0;  // share of samples whose largest output is their label
};

// Running sums of an evaluation done in parts (Trainer::evaluate_part).
struct EvaluationSums {
  double loss = 0;     // C summed over the samples seen, in sample order
  size_t correct = 0;  // samples whose largest output is their label
  size_t seen = 0;
};

// What one optimiser step saw, per layer l = index + 1.
struct StepReport {
  double loss = 0;                   // C of the batch before the step (with the L2 term)
  std::vector<double> bias_speed;    // ||dC/db_l||: Nielsen's learning speed (db is already a batch mean)
  std::vector<double> dead;          // share of units with f'(z) = 0 for every sample of the batch (hidden layers; 0 for the output)
  std::vector<double> update_ratio;  // ||W_l after - W_l before|| / ||W_l before||
  bool finite = true;                // false when the loss or a gradient was NaN or infinite
};

class Trainer {
 public:
  // A trainer for a valid config, its parameters drawn from the seed;
  // nullptr and *error set otherwise.
  static std::unique_ptr<Trainer> create(const TrainConfig& config, std::string* error);

  const TrainConfig& config() const { return config_; }
  int layers() const { return static_cast<int>(weights_.size()); }  // hidden + 1
  int fan_in(int l) const { return l == 1 ? config_.input_width : width(l - 1); }
  int width(int l) const;  // units of layer l (classes for the last)
  std::vector<float>& weights(int l) { return weights_[l - 1]; }
  std::vector<float>& biases(int l) { return biases_[l - 1]; }
  const std::vector<float>& grad_weights(int l) const { return grad_weights_[l - 1]; }
  const std::vector<float>& grad_biases(int l) const { return grad_biases_[l - 1]; }
  // PReLU slopes of hidden layer l, one per unit, trained like the weights
  // (as torch.nn.PReLU(num_parameters=width)); empty for other activations.
  std::vector<float>& alphas(int l) { return alphas_[l - 1]; }
  const std::vector<float>& grad_alphas(int l) const { return grad_alphas_[l - 1]; }

  // The loss of samples `indices` of data, and its gradients in grad_weights/grad_biases (clipped as configured).
  double compute_gradients(const Dataset& data, const size_t* indices, size_t count);
  // compute_gradients, then one optimiser step.
  StepReport step(const Dataset& data, const size_t* indices, size_t count);
  // One pass over data in an order shuffled from the seed and the epoch number,
  // in batches of config.batch (the last one smaller); returns each step's report.
  // Same as begin_epoch(data), train_steps(data, every batch), finish_epoch().
  std::vector<StepReport> epoch(const Dataset& data);
  // The same epoch in slices, bit for bit: begin_epoch shuffles the order
  // and forgets the dead-unit tracking; train_steps trains up to max_batches
  // more batches of it (true once the epoch's last batch is done; data must
  // be the set begin_epoch saw); finish_epoch counts the epoch's dead units,
  // ends the epoch and returns its steps' reports.
  void begin_epoch(const Dataset& data);
  bool train_steps(const Dataset& data, size_t max_batches);
  // Finer still, same bits: up to max_stages stages of the epoch, a stage
  // being one layer's forward or backward pass of a batch (or a block of
  // rows of its matrix product, about 2^18 multiply-adds, in a wide layer or
  // a big batch), or one layer's part of the update that ends its step (in
  // blocks of 2^16 weights); 3 x layers() + 1 stages a batch of a small
  // network; true once the epoch's last batch is done. Between stages evaluate() and predict() may
  // run (they have their own buffers); other training calls finish the step first.
  bool train_stages(const Dataset& data, size_t max_stages);
  std::vector<StepReport> finish_epoch();
  // True between begin_epoch and finish_epoch (a rewind ends the epoch unfinished).
  bool in_epoch() const { return in_epoch_; }
  // Training samples done so far in the current epoch, and the epoch's size.
  size_t epoch_samples_done() const { return cursor_; }
  size_t epoch_samples() const { return order_.size(); }
  // Per layer l = index + 1, the share of units whose f'(z) was 0 on every
  // training sample of the last epoch() (each sample at the weights of its
  // own step): units that learned nothing in that epoch; 0 for the output.
  const std::vector<double>& epoch_dead() const { return epoch_dead_; }
  // Loss and accuracy on data (no training).
  Evaluation evaluate(const Dataset& data) const;
  // evaluate() in parts, bit for bit: adds samples [start, start + count) of
  // data to sums (a sample's outputs do not depend on the others in its
  // chunk); evaluation_of(sums) once every sample is in gives evaluate's result.
  void evaluate_part(const Dataset& data, size_t start, size_t count, EvaluationSums* sums) const;
  static Evaluation evaluation_of(const EvaluationSums& sums);
  // Class probabilities (softmax, or the sigmoids) of `count` samples x
  // (count x features, row-major) into out (count x classes, row-major).
  void predict(const float* x, size_t count, float* out) const;
  // Back to the initial parameters, a fresh optimiser and epoch 0.
  void rewind();
  int epochs_done() const { return epoch_; }
  uint64_t steps_done() const { return step_; }

 private:
  explicit Trainer(const TrainConfig& config);
  void initialise();
  // Forward pass of `count` samples (features x count input); fills z_, a_.
  void forward(const float* input, size_t count) const;
  // Layer l of a forward pass into zs[l - 1], as[l - 1] (layer 1 reads input, the others as[l - 2]).
  void forward_layer(int l, const float* input, size_t count, std::vector<std::vector<float>>& zs,
                     std::vector<std::vector<float>>& as) const;
  // The rest of layer l's forward pass once zs[l - 1] holds W x: biases, then the activation into as[l - 1].
  void forward_activate(int l, size_t count, std::vector<std::vector<float>>& zs, std::vector<std::vector<float>>& as) const;
  // compute_gradients in stages: begin_gradients, then gradient_stage() until it returns true
  // (the loss is then in pending_.loss and the gradients in grad_*).
  void begin_gradients(const Dataset& data, const size_t* indices, size_t count);
  bool gradient_stage();
  // The optimiser step after compute_gradients (loss: its result), and the step's report:
  // begin_update, then update_part() until it returns true (blocks of weights, layer by layer;
  // the report is then in pending_.report).
  StepReport apply_update(double loss);
  void begin_update(double loss);
  bool update_part();
  // The optimiser's rule on elements [from, to) of p (gradient g, moments m and v) at step step_.
  void update_range(std::vector<float>& p, const std::vector<float>& g, std::vector<float>& m, std::vector<float>& v,
                    size_t from, size_t to) const;
  // f (or f') of hidden layer l on x (units x count) into y; PReLU uses each unit's own slope.
  void apply(int l, bool derivative, const float* x, float* y, size_t count) const;

  TrainConfig config_;
  std::vector<const Activation*> activation_;  // hidden layers
  std::vector<std::vector<float>> params_;     // per hidden layer, kMaxParams each
  std::vector<std::vector<float>> weights_, biases_, grad_weights_, grad_biases_;
  std::vector<std::vector<float>> alphas_, grad_alphas_;  // per hidden layer (and one empty for the output)
  std::vector<std::vector<float>> initial_weights_, initial_biases_, initial_alphas_;
  std::vector<std::vector<float>> moment1_w_, moment1_b_, moment2_w_, moment2_b_, moment1_a_, moment2_a_;
  mutable std::vector<std::vector<float>> z_, a_;  // per layer, units x count
  mutable std::vector<float> input_;               // features x count
  std::vector<double> dead_;                       // per layer, from the last compute_gradients
  std::vector<std::vector<uint8_t>> alive_;        // per hidden layer and unit: f'(z) != 0 for some sample since the epoch began
  std::vector<double> epoch_dead_;                 // per layer, from the last epoch()
  int epoch_ = 0;
  uint64_t step_ = 0;
  std::vector<size_t> order_;        // the current epoch's sample order
  size_t cursor_ = 0;                // samples of order_ trained so far
  std::vector<StepReport> reports_;  // the current epoch's step reports
  bool in_epoch_ = false;
  bool step_begun_ = false;  // a step of the epoch is under way in stages
  // A compute_gradients under way: its batch, the next stage (-1 when the gradients are ready), the loss and work buffers.
  struct PendingGradients {
    const Dataset* data = nullptr;
    const size_t* indices = nullptr;
    size_t count = 0;
    int stage = -1;
    size_t part = 0;  // the next block of rows of the stage's product
    double loss = 0;
    std::vector<float> delta, grad_a, slope;
    StepReport report;         // the step's report, filled by begin_update and update_part
    int update_layer = 1;      // the layer update_part works on
    size_t update_at = 0;      // its next weight
    double change = 0;         // ||W after - W before||^2 so far
    std::vector<float> before;  // the layer's weights before the update
  } pending_;
  bool update_begun_ = false;  // the step under way in stages is in its update
  std::vector<std::vector<float>> train_z_, train_a_;  // the training pass's layers (z_, a_ serve evaluate and predict)
  std::vector<float> train_input_;
};

// Reads a JSON config (every key optional; unknown keys refused): inputWidth,
// hidden [{"width": n, "activation": id | {"id", "params"}}], classes,
// output (softmax_cross_entropy | sigmoid_quadratic), optimizer (sgd |
// momentum | adam), learningRate, momentum, beta1, beta2, epsilon, l2,
// clipValue, clipNorm, batch, seed, init (network.h's names), fanMode, gain,
// std, bound, value, bias, biasStd. "" and *config filled, or a message
// naming the key (range checks as validate()).
std::string parse_train_config_json(std::string_view json, TrainConfig* config);
// An epoch as JSON: {"steps", "meanLoss", "finite", "biasSpeed": [per layer,
// mean over the steps], "updateRatio": [same], "dead": [per layer, last step],
// "deadEpoch": [per layer, Trainer::epoch_dead(): dead on every sample of the epoch]}.
std::string epoch_report_json(const std::vector<StepReport>& steps, const std::vector<double>& epoch_dead);
// {"loss", "accuracy"}.
std::string evaluation_json(const Evaluation& evaluation);

}  // namespace actlab
