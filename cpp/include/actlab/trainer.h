// The trainer: a stack of layers of the layer library (layers.h) trained in
// float32 with the catalogue's kernels and the packed GEMM, deterministic
// from its seed: a multilayer perceptron (config.hidden) or any layer spec
// (config.layers: convolution, pooling, dropout...).
//
// Layout (layers.h): a batch is features x batch, row-major, one column per
// sample. The network is the body (config.layers, or dense + activation per
// hidden layer) followed by a dense output layer to the classes. Its weight
// layers l = 1..L (dense and conv2d, in order, the output last) have W_l
// (torch's Linear.weight or Conv2d.weight, flattened) and b_l. A block is a
// weight layer with the layers after it up to the next weight layer; the
// per-layer reports are per block. The loss, from the output layer's z_L:
//   softmax_cross_entropy: C = mean over the batch of -log softmax(z_L)[y]
//   sigmoid_quadratic:     C = mean over the batch of 0.5 ||sigmoid(z_L) - onehot(y)||^2
//   softmax_binary_cross_entropy (Keras' binary_crossentropy on softmax outputs):
//     p = clip(softmax(z_L), 1e-7, 1 - 1e-7), C = mean over the batch of the mean over
//     classes k of -(y_k log(p_k + 1e-7) + (1 - y_k) log(1 - p_k + 1e-7))
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

#include "actlab/layers.h"
#include "actlab/network.h"

namespace actlab {

enum class OutputKind { softmax_cross_entropy, sigmoid_quadratic, softmax_binary_cross_entropy };
enum class OptimizerKind { sgd, momentum, adam };

// One hidden layer: its width and activation.
struct HiddenLayer {
  int width = 30;
  ActivationChoice activation;
};

struct TrainConfig {
  int input_width = 2;              // features per sample
  Shape input_shape{0, 1, 1};       // channels x height x width; channels 0: {input_width, 1, 1}
  std::vector<HiddenLayer> hidden;  // may be empty (a linear classifier)
  std::vector<LayerSpec> layers;    // the body as a layer spec (then hidden must be empty)
  double memory_budget_mib = 512;   // refuse a network whose training buffers need more
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
// The body of the network as a layer spec: config.layers, or dense + activation per hidden layer.
std::vector<LayerSpec> body_layers(const TrainConfig& config);
// The shape of one input sample.
Shape input_shape(const TrainConfig& config);
// Bytes of the buffers a trainer for a valid config holds: parameters with their
// gradients and optimiser moments, a training batch's tensors and an evaluation chunk's.
uint64_t training_bytes(const TrainConfig& config);
// "" when training_bytes fits config.memory_budget_mib, else the amount, the budget and what to lower
// (Trainer::create checks it after validate()).
std::string check_training_memory(const TrainConfig& config);

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
  double binary_accuracy = 0;  // Keras' binary accuracy: share of (sample, class) with (p > 0.5) == onehot
};

// Running sums of an evaluation done in parts (Trainer::evaluate_part).
struct EvaluationSums {
  double loss = 0;     // C summed over the samples seen, in sample order
  size_t correct = 0;  // samples whose largest output is their label
  size_t binary_correct = 0;  // (sample, class) pairs with (p > 0.5) == onehot
  size_t pairs = 0;           // (sample, class) pairs seen
  size_t seen = 0;
};

// What one optimiser step saw, per layer l = index + 1.
struct StepReport {
  double loss = 0;                   // C of the batch before the step (with the L2 term)
  std::vector<double> bias_speed;    // ||dC/db_l||: Nielsen's learning speed (db is already a batch mean)
  std::vector<double> dead;          // share of units with f'(z) = 0 for every sample of the batch (hidden layers; 0 for the output)
  std::vector<double> update_ratio;  // ||W_l after - W_l before|| / ||W_l before||
  std::vector<double> output_mean, output_std;  // of each block's output (after its activation and dropout) in this batch
  bool finite = true;                // false when the loss or a gradient was NaN or infinite
};

class Trainer {
 public:
  // A trainer for a valid config, its parameters drawn from the seed;
  // nullptr and *error set otherwise.
  static std::unique_ptr<Trainer> create(const TrainConfig& config, std::string* error);

  const TrainConfig& config() const { return config_; }
  int layers() const { return static_cast<int>(weight_layers_.size()); }  // weight layers = blocks
  int fan_in(int l) const { return static_cast<int>(weight_layers_[l - 1]->cols()); }  // inputs per output of W_l
  int width(int l) const { return static_cast<int>(weight_layers_[l - 1]->rows()); }   // units or filters of W_l
  std::vector<float>& weights(int l) { return weight_layers_[l - 1]->weights; }
  std::vector<float>& biases(int l) { return weight_layers_[l - 1]->bias; }
  const std::vector<float>& grad_weights(int l) const { return weight_layers_[l - 1]->grad_weights; }
  const std::vector<float>& grad_biases(int l) const { return weight_layers_[l - 1]->grad_bias; }
  // PReLU slopes of block l's activation, one per channel (unit), trained like the weights
  // (as torch.nn.PReLU(num_parameters=channels)); empty for other activations.
  std::vector<float>& alphas(int l);
  const std::vector<float>& grad_alphas(int l) const;
  // Block names, "dense 30", "conv2d 32 3x3 valid", ..., "output".
  std::vector<std::string> block_names() const;
  // The keep mask of the last training pass of the dropout layer at body index i (empty for other layers).
  const std::vector<uint8_t>& dropout_keep(int i) const;

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
  // being one part of one layer's forward or backward pass of a batch (a
  // block of output rows, about 2^25 multiply-adds, in a big layer; the
  // whole pass in a small one), the loss, or one block's part of the update
  // that ends the step (in parts of 2^16 weights); stages_per_batch() of them
  // a full batch. True once the epoch's last batch is done. Between stages
  // evaluate() and predict() may run (they have their own buffers); other
  // training calls finish the step first.
  bool train_stages(const Dataset& data, size_t max_stages);
  // The stages of one step on a full batch.
  size_t stages_per_batch() const;
  std::vector<StepReport> finish_epoch();
  // True between begin_epoch and finish_epoch (a rewind ends the epoch unfinished).
  bool in_epoch() const { return in_epoch_; }
  // Training samples done so far in the current epoch, and the epoch's size.
  size_t epoch_samples_done() const { return cursor_; }
  size_t epoch_samples() const { return order_.size(); }
  // Per block l = index + 1, the share of channels (units) whose f'(z) was 0 at
  // every position of every training sample of the last epoch (each sample at
  // the weights of its own step): units that learned nothing in that epoch;
  // 0 for blocks without an activation and the output.
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
  // Samples per chunk of evaluate and predict (fewer for big layers, to bound their buffers).
  size_t evaluation_chunk() const { return eval_chunk_; }
  // Back to the initial parameters, a fresh optimiser and epoch 0.
  void rewind();
  int epochs_done() const { return epoch_; }
  uint64_t steps_done() const { return step_; }

 private:
  explicit Trainer(const TrainConfig& config);
  void initialise();
  // A learnable tensor and its optimiser state.
  struct Tensor {
    std::vector<float>* value;
    std::vector<float>* grad;
    std::vector<float> initial, m, v;
    int block;  // 0-based
  };
  // The training pass's output of layer i (-1: the input batch).
  const float* train_output(int i) const;
  // Eval-mode forward pass of `count` samples of x (count x features, row-major) into eval_ys_.
  void forward_eval(const float* x, size_t count) const;
  // Copies samples (rows of x, by index when indices is set) into a features x count buffer.
  void gather(const float* x, const size_t* indices, size_t first, size_t count, std::vector<float>* out) const;
  // compute_gradients in stages: begin_gradients, then gradient_stage() until it returns true
  // (the loss is then in pending_.loss and the gradients in the layers).
  void begin_gradients(const Dataset& data, const size_t* indices, size_t count);
  bool gradient_stage();
  // dC/dz of the output layer times 1/count into delta, and the batch's loss.
  double output_loss(const Dataset& data, const size_t* indices, size_t count, const float* z, float* delta);
  // L2 and clipping of the gradients (the end of compute_gradients).
  void regularise(double* loss);
  // The optimiser step after compute_gradients (loss: its result), and the step's report:
  // begin_update, then update_part() until it returns true (blocks of weights, block by block;
  // the report is then in pending_.report).
  StepReport apply_update(double loss);
  void begin_update(double loss);
  bool update_part();
  // The optimiser's rule on elements [from, to) of tensor t at step step_.
  void update_range(Tensor& t, size_t from, size_t to) const;

  TrainConfig config_;
  std::vector<std::unique_ptr<Layer>> layers_;  // the body, then the output dense
  std::vector<WeightLayer*> weight_layers_;     // per block
  std::vector<int> block_end_;                  // per block: index of its last layer
  std::vector<ActivationLayer*> block_activation_;  // per block: its first activation layer, or nullptr
  std::vector<const Layer*> block_dead_layer_;  // per block: its first layer with dead_channels() (activation or gate), or nullptr
  std::vector<Tensor> tensors_;                 // every W, then every b, then every PReLU slope vector
  std::vector<float> no_slopes_;
  std::vector<uint8_t> no_keep_;
  std::vector<double> dead_;                 // per block, from the last compute_gradients
  std::vector<std::vector<uint8_t>> alive_;  // per block and channel: f'(z) != 0 somewhere since the epoch began
  std::vector<double> epoch_dead_;           // per block, from the last epoch()
  int epoch_ = 0;
  uint64_t step_ = 0;
  std::vector<size_t> order_;        // the current epoch's sample order
  size_t cursor_ = 0;                // samples of order_ trained so far
  std::vector<StepReport> reports_;  // the current epoch's step reports
  bool in_epoch_ = false;
  bool step_begun_ = false;  // a step of the epoch is under way in stages
  // A compute_gradients under way: its batch, the next stage, the loss and the work buffers.
  struct PendingGradients {
    const Dataset* data = nullptr;
    const size_t* indices = nullptr;
    size_t count = 0;
    enum Phase { idle, forward, loss_of_batch, backward } phase = idle;
    int layer = 0;    // the layer of the forward or backward pass
    size_t part = 0;  // its next part
    double loss = 0;
    std::vector<float> grad_out, grad_in;  // dC/dy of the layer going backward, and its dC/dx
    StepReport report;          // the step's report, filled by begin_update and update_part
    int update_block = 0;       // the block update_part works on
    size_t update_at = 0;       // its next weight
    double change = 0;          // ||W after - W before||^2 so far
    std::vector<float> before;  // the block's weights before the update
  } pending_;
  bool update_begun_ = false;  // the step under way in stages is in its update
  std::vector<std::vector<float>> train_ys_;  // the training pass's layer outputs
  std::vector<float> train_input_;
  mutable std::vector<std::vector<float>> eval_ys_;  // evaluate and predict's layer outputs
  mutable std::vector<float> eval_input_;
  size_t eval_chunk_ = 1024;
};

// Reads a JSON config (every key optional; unknown keys refused): inputWidth,
// inputShape [channels, height, width], hidden [{"width": n, "activation": id
// | {"id", "params"} | {"id": "formula", "formula", "params"}}] (a gated unit's id, such as "swiglu", makes the layer
// dense to 2 x width, then the gate) or layers [one-key objects: {"dense": n | {"units": n}},
// {"conv2d": {"filters", "kernel", "padding": "valid" | "same"}}, {"maxpool": k},
// {"flatten": true}, {"act": id | {"id", "params"} | {"id": "formula", "formula", "params"}}, {"gated": id}, {"dropout": p},
// {"alphadropout": p}], classes, output (softmax_cross_entropy |
// sigmoid_quadratic | softmax_binary_cross_entropy), optimizer (sgd |
// momentum | adam), learningRate, momentum, beta1, beta2, epsilon, l2,
// clipValue, clipNorm, batch, seed, init (network.h's names), fanMode, gain,
// std, bound, value, bias, biasStd, memoryBudgetMiB. "" and *config filled, or a message
// naming the key (range checks as validate()).
std::string parse_train_config_json(std::string_view json, TrainConfig* config);
// An epoch as JSON: {"steps", "meanLoss", "finite", "biasSpeed": [per block,
// mean over the steps], "updateRatio": [same], "dead": [per block, last step],
// "deadEpoch": [per block, Trainer::epoch_dead(): dead on every sample of the epoch],
// "outputMean", "outputStd": [per block, mean over the steps], "blocks": [names]}.
std::string epoch_report_json(const std::vector<StepReport>& steps, const std::vector<double>& epoch_dead,
                              const std::vector<std::string>& blocks = {});
// {"loss", "accuracy", "binaryAccuracy"}.
std::string evaluation_json(const Evaluation& evaluation);

}  // namespace actlab
