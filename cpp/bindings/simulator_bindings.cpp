// embind bindings of the gradient-flow simulator and the trainer, built as
// their own module (actlab-simulator-*.wasm) so the kernel module the page
// loads first stays small; both are meant to run in a Web Worker.
#include <emscripten/bind.h>

#include <cstdint>
#include <string>

#include <algorithm>
#include <map>
#include <memory>

#include "actlab/gemm.h"
#include "simd_build.h"
#include "actlab/layers.h"
#include "actlab/mean_field.h"
#include "actlab/network.h"
#include "actlab/toy_data.h"
#include "actlab/trainer.h"

namespace {
// Random draws kept for the module's lifetime, so the next request with the
// same seed (another activation, gain, depth...) does not sample again.
actlab::DrawCache draw_cache;

// Runs the gradient-flow simulator: config JSON in, result JSON out (format in network.h).
std::string simulate_json(std::string config) { return actlab::simulate_json(config, &draw_cache); }
std::string mean_field_json(std::string config) { return actlab::mean_field_json(config); }

// Simulations run in pieces (Network::prepare / begin / step), kept between calls under an id.
std::map<int, std::unique_ptr<actlab::Network>> simulations;
int next_simulation = 1;

// Starts a simulation: {"id": n} or, for a config that is refused, the result JSON with its error.
std::string simulation_begin(std::string config_json) {
  actlab::NetworkConfig config;
  actlab::SimulationResult refused;
  refused.error = actlab::parse_config_json(config_json, &config);
  std::unique_ptr<actlab::Network> network = refused.error.empty() ? actlab::Network::prepare(config, &refused.error, &draw_cache) : nullptr;
  if (!network) return actlab::result_to_json(refused);
  network->begin();
  const int id = next_simulation++;
  simulations[id] = std::move(network);
  return "{\"id\":" + std::to_string(id) + "}";
}

// Does about `budget` multiply-adds of simulation id; its progress in [0, 1] (1 when done), -1 for no such id.
double simulation_step(int id, double budget) {
  auto it = simulations.find(id);
  if (it == simulations.end()) return -1;
  it->second->step(budget);
  return it->second->progress();
}

// The result JSON of a finished simulation id (then forgotten); "" for no such id.
std::string simulation_result(int id) {
  auto it = simulations.find(id);
  if (it == simulations.end()) return "";
  std::string json = actlab::result_to_json(it->second->result());
  simulations.erase(it);
  return json;
}

// Forgets simulation id, finished or not (a stopped request).
void simulation_destroy(int id) { simulations.erase(id); }

float* f32(uintptr_t address) { return reinterpret_cast<float*>(address); }

// The simulator's matrix product on heap floats (byte offsets from _malloc),
// for tests and benchmarks: kind 0 = nn (C = A B, A m x k, B k x n),
// 1 = tn (C = A^T B, A k x m), 2 = nt (C = A B^T, B n x k); C is m x n,
// everything row-major. Returns false (and writes nothing) for another kind.
bool gemm(int kind, uint32_t m, uint32_t n, uint32_t k, uintptr_t a, uintptr_t b, uintptr_t c) {
  switch (kind) {
    case 0: actlab::gemm_nn(m, n, k, f32(a), f32(b), f32(c)); return true;
    case 1: actlab::gemm_tn(m, n, k, f32(a), f32(b), f32(c)); return true;
    case 2: actlab::gemm_nt(m, n, k, f32(a), f32(b), f32(c)); return true;
    default: return false;
  }
}
// One conv2d forward pass of the layer library on heap floats, for tests and benchmarks:
// x is (channels x height x width) x batch, w filters x channels x kernel x kernel (torch's layout),
// b filters, y (filters x out height x out width) x batch (layers.h). The layer is kept for the
// next call with the same shape. Returns "" or the layer spec's refusal.
std::string conv2d_forward(int channels, int height, int width, int filters, int kernel, bool same, uint32_t batch,
                           uintptr_t x, uintptr_t w, uintptr_t b, uintptr_t y) {
  static std::unique_ptr<actlab::Layer> layer;
  actlab::LayerSpec spec;
  spec.kind = actlab::LayerKind::conv2d, spec.filters = filters, spec.kernel = kernel;
  spec.padding = same ? actlab::Padding::same : actlab::Padding::valid;
  const actlab::Shape in{channels, height, width};
  if (!layer || layer->in() != in || layer->spec().filters != filters || layer->spec().kernel != kernel || layer->spec().padding != spec.padding) {
    std::vector<actlab::Shape> shapes;
    const std::string problem = actlab::layer_shapes({spec}, in, &shapes);
    if (!problem.empty()) return problem;
    layer = actlab::make_layer(spec, in, shapes[0], 0);
  }
  auto& conv = static_cast<actlab::WeightLayer&>(*layer);
  std::copy(f32(w), f32(w) + conv.weights.size(), conv.weights.begin());
  std::copy(f32(b), f32(b) + conv.bias.size(), conv.bias.begin());
  for (size_t part = 0; part < layer->forward_parts(batch); ++part) layer->forward(part, f32(x), f32(y), batch, {});
  return "";
}

// Bytes of the buffers a trainer for config JSON would hold (actlab::training_bytes), or -1 for a refused config.
double trainer_memory_bytes(std::string json) {
  actlab::TrainConfig config;
  if (!actlab::parse_train_config_json(json, &config).empty()) return -1;
  return static_cast<double>(actlab::training_bytes(config));
}

// A trainer with its training and test data, kept between calls under an id.
struct Session {
  std::unique_ptr<actlab::Trainer> trainer;
  actlab::Dataset data[2];  // 0: training set, 1: test set
  actlab::EvaluationSums sums[2];  // an evaluation in slices: the training set, then the test set
};
std::map<int, Session> sessions;
int next_session = 1;

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
}

// A trainer from a JSON config (trainer.h): {"ok": true, "id": n} or {"ok": false, "error": "..."}.
std::string trainer_create(std::string config_json) {
  actlab::TrainConfig config;
  std::string error = actlab::parse_train_config_json(config_json, &config);
  std::unique_ptr<actlab::Trainer> trainer = error.empty() ? actlab::Trainer::create(config, &error) : nullptr;
  if (!trainer) return "{\"ok\":false,\"error\":" + quoted(error) + "}";
  const int id = next_session++;
  sessions[id].trainer = std::move(trainer);
  return "{\"ok\":true,\"id\":" + std::to_string(id) + "}";
}

// Copies count samples (x: count x features floats, labels: count bytes, heap
// byte offsets) into session id's training (which 0) or test (1) set; "" or a message.
std::string trainer_set_data(int id, int which, uintptr_t x, uintptr_t labels, uint32_t count) {
  auto it = sessions.find(id);
  if (it == sessions.end() || (which != 0 && which != 1)) return "no trainer " + std::to_string(id) + " or no set " + std::to_string(which);
  const actlab::TrainConfig& c = it->second.trainer->config();
  actlab::Dataset& d = it->second.data[which];
  d.features = c.input_width, d.classes = c.classes;
  d.x.assign(f32(x), f32(x) + static_cast<size_t>(count) * c.input_width);
  const uint8_t* y = reinterpret_cast<const uint8_t*>(labels);
  d.labels.assign(y, y + count);
  for (int label : d.labels)
    if (label >= c.classes) return "label " + std::to_string(label) + " is outside 0.." + std::to_string(c.classes - 1);
  return "";
}

// Generates a toy data set (toy_data.h: spiral, circles, moons, xor,
// gaussians) as session id's training and test sets; "" or a message.
std::string trainer_set_toy_data(int id, std::string kind_name, int count, double noise, double seed) {
  auto it = sessions.find(id);
  actlab::ToyKind kind;
  if (it == sessions.end()) return "no trainer " + std::to_string(id);
  if (!actlab::parse_toy_kind(kind_name, &kind)) return "unknown toy data set '" + kind_name + "' (known: spiral, circles, moons, xor, gaussians)";
  if (!(count >= 10 && count <= 100000)) return "toy data size = " + std::to_string(count) + " is outside the allowed range [10, 100000]";
  if (!(noise >= 0 && noise <= 2)) return "toy data noise is outside the allowed range [0, 2]";
  const actlab::TrainConfig& c = it->second.trainer->config();
  actlab::ToyData data = actlab::make_toy_data(kind, count, noise, static_cast<uint64_t>(seed));
  if (c.input_width != 2 || c.classes != data.train.classes)
    return "the toy data have 2 inputs and " + std::to_string(data.train.classes) + " classes; the network has " +
           std::to_string(c.input_width) + " and " + std::to_string(c.classes);
  it->second.data[0] = std::move(data.train), it->second.data[1] = std::move(data.test);
  return "";
}

// Copies session id's training (which 0) or test (1) set into the heap at x
// (count x features floats) and labels (count bytes); returns count, or 0.
uint32_t trainer_copy_data(int id, int which, uintptr_t x, uintptr_t labels, uint32_t capacity) {
  auto it = sessions.find(id);
  if (it == sessions.end() || (which != 0 && which != 1)) return 0;
  const actlab::Dataset& d = it->second.data[which];
  const uint32_t count = static_cast<uint32_t>(std::min<size_t>(d.size(), capacity));
  std::copy(d.x.begin(), d.x.begin() + static_cast<size_t>(count) * d.features, f32(x));
  for (uint32_t i = 0; i < count; ++i) reinterpret_cast<uint8_t*>(labels)[i] = static_cast<uint8_t>(d.labels[i]);
  return count;
}

// Class probabilities of session id's network at count points x (heap
// offsets; count x features in, count x classes out).
void trainer_predict(int id, uintptr_t x, uint32_t count, uintptr_t out) {
  if (auto it = sessions.find(id); it != sessions.end()) it->second.trainer->predict(f32(x), count, f32(out));
}

// One epoch of session id on its training set: the epoch report JSON (trainer.h), or {"error"}.
std::string trainer_epoch_json(int id) {
  auto it = sessions.find(id);
  if (it == sessions.end()) return "{\"error\":\"no trainer\"}";
  actlab::Trainer& trainer = *it->second.trainer;
  const std::vector<actlab::StepReport> steps = trainer.epoch(it->second.data[0]);
  return actlab::epoch_report_json(steps, trainer.epoch_dead(), trainer.block_names());
}

// Starts an epoch of session id in slices (Trainer::begin_epoch): "" or a message.
std::string trainer_begin_epoch(int id) {
  auto it = sessions.find(id);
  if (it == sessions.end()) return "no trainer " + std::to_string(id);
  if (it->second.data[0].size() == 0) return "trainer " + std::to_string(id) + " has no training samples";
  it->second.trainer->begin_epoch(it->second.data[0]);
  return "";
}

// Runs train(trainer, training set) on session id's begun epoch: {"done": samples
// trained in the epoch so far, "total": samples in the epoch}, or {"error"}
// (no trainer, or no epoch begun).
template <typename Train>
std::string train_part(int id, Train train) {
  auto it = sessions.find(id);
  if (it == sessions.end()) return "{\"error\":\"no trainer\"}";
  actlab::Trainer& trainer = *it->second.trainer;
  if (!trainer.in_epoch()) return "{\"error\":\"no epoch begun\"}";
  train(trainer, it->second.data[0]);
  return "{\"done\":" + std::to_string(trainer.epoch_samples_done()) + ",\"total\":" + std::to_string(trainer.epoch_samples()) + "}";
}

// Up to max_batches more batches of session id's epoch (train_part's reply).
std::string trainer_train_steps(int id, uint32_t max_batches) {
  return train_part(id, [&](actlab::Trainer& t, const actlab::Dataset& d) { t.train_steps(d, max_batches); });
}

// Up to max_stages more stages (a layer's forward or backward pass, or a
// step's update: Trainer::train_stages) of session id's epoch (train_part's reply).
std::string trainer_train_stages(int id, uint32_t max_stages) {
  return train_part(id, [&](actlab::Trainer& t, const actlab::Dataset& d) { t.train_stages(d, max_stages); });
}

// Ends session id's epoch (Trainer::finish_epoch): the epoch report JSON
// (trainer.h), or {"error"} when no epoch was begun or it is not done.
std::string trainer_finish_epoch_json(int id) {
  auto it = sessions.find(id);
  if (it == sessions.end()) return "{\"error\":\"no trainer\"}";
  actlab::Trainer& trainer = *it->second.trainer;
  if (!trainer.in_epoch() || trainer.epoch_samples_done() < trainer.epoch_samples()) return "{\"error\":\"the epoch is not done\"}";
  const std::vector<actlab::StepReport> steps = trainer.finish_epoch();
  return actlab::epoch_report_json(steps, trainer.epoch_dead(), trainer.block_names());
}

// {"train": {"loss", "accuracy"}, "test": {...}} of session id's current parameters.
std::string trainer_evaluate_json(int id) {
  auto it = sessions.find(id);
  if (it == sessions.end()) return "{\"error\":\"no trainer\"}";
  const actlab::Trainer& t = *it->second.trainer;
  return "{\"train\":" + actlab::evaluation_json(t.evaluate(it->second.data[0])) +
         ",\"test\":" + actlab::evaluation_json(t.evaluate(it->second.data[1])) + "}";
}

// Up to `samples` more samples of session id's evaluation in slices (the
// training set first, then the test set): {"done", "total"}, or {"error"}.
std::string trainer_evaluate_steps(int id, uint32_t samples) {
  auto it = sessions.find(id);
  if (it == sessions.end()) return "{\"error\":\"no trainer\"}";
  Session& session = it->second;
  for (int which = 0; which < 2 && samples > 0; ++which) {
    const size_t left = session.data[which].size() - session.sums[which].seen;
    const size_t count = std::min<size_t>(left, samples);
    session.trainer->evaluate_part(session.data[which], session.sums[which].seen, count, &session.sums[which]);
    samples -= static_cast<uint32_t>(count);
  }
  const size_t done = session.sums[0].seen + session.sums[1].seen, total = session.data[0].size() + session.data[1].size();
  return "{\"done\":" + std::to_string(done) + ",\"total\":" + std::to_string(total) + "}";
}

// The evaluation in slices once every sample is in: {"train", "test"} as
// trainerEvaluateJson, bit for bit; the sums start again. {"error"} before.
std::string trainer_evaluation_json(int id) {
  auto it = sessions.find(id);
  if (it == sessions.end()) return "{\"error\":\"no trainer\"}";
  Session& session = it->second;
  if (session.sums[0].seen < session.data[0].size() || session.sums[1].seen < session.data[1].size()) return "{\"error\":\"the evaluation is not done\"}";
  const std::string out = "{\"train\":" + actlab::evaluation_json(actlab::Trainer::evaluation_of(session.sums[0])) +
                          ",\"test\":" + actlab::evaluation_json(actlab::Trainer::evaluation_of(session.sums[1])) + "}";
  session.sums[0] = session.sums[1] = {};
  return out;
}

// Session id back to its initial parameters (same seed, same data order).
void trainer_rewind(int id) {
  if (auto it = sessions.find(id); it != sessions.end()) {
    it->second.trainer->rewind();
    it->second.sums[0] = it->second.sums[1] = {};
  }
}

// Frees session id.
void trainer_destroy(int id) { sessions.erase(id); }
}  // namespace

EMSCRIPTEN_BINDINGS(actlab_simulator) {
  emscripten::function("simdBuild", &actlab::bindings::simd_build);  // -> true in the SIMD128 build
  emscripten::function("simulateJson", &simulate_json);  // config JSON -> result JSON
  emscripten::function("meanFieldJson", &mean_field_json);  // {activation, sigmaW2, sigmaB2, criticalB2} -> theory grid JSON
  emscripten::function("simulationBegin", &simulation_begin);      // config JSON -> {"id"} | refused result JSON
  emscripten::function("simulationStep", &simulation_step);        // (id, budget) -> progress in [0, 1], -1 unknown
  emscripten::function("simulationResult", &simulation_result);    // id -> result JSON (then freed)
  emscripten::function("simulationDestroy", &simulation_destroy);  // id -> freed
  emscripten::function("gemm", &gemm);  // gemm(kind 0 nn / 1 tn / 2 nt, m, n, k, aPtr, bPtr, cPtr) -> ok
  emscripten::function("conv2dForward", &conv2d_forward);  // (c, h, w, filters, kernel, same, batch, xPtr, wPtr, bPtr, yPtr) -> "" | message
  emscripten::function("trainerMemoryBytes", &trainer_memory_bytes);  // config JSON -> bytes of its buffers | -1
  emscripten::function("trainerCreate", &trainer_create);              // config JSON -> {ok, id | error}
  emscripten::function("trainerSetData", &trainer_set_data);           // (id, 0 train / 1 test, xPtr, labelsPtr, count) -> "" | message
  emscripten::function("trainerSetToyData", &trainer_set_toy_data);     // (id, kind, count, noise, seed) -> "" | message
  emscripten::function("trainerCopyData", &trainer_copy_data);          // (id, which, xPtr, labelsPtr, capacity) -> count
  emscripten::function("trainerPredict", &trainer_predict);             // (id, xPtr, count, outPtr): class probabilities
  emscripten::function("trainerEpochJson", &trainer_epoch_json);       // id -> epoch report JSON
  emscripten::function("trainerBeginEpoch", &trainer_begin_epoch);     // id -> "" | message
  emscripten::function("trainerTrainSteps", &trainer_train_steps);     // (id, maxBatches) -> {done, total} | {error}
  emscripten::function("trainerTrainStages", &trainer_train_stages);   // (id, maxStages) -> {done, total} | {error}
  emscripten::function("trainerFinishEpochJson", &trainer_finish_epoch_json);  // id -> epoch report JSON | {error}
  emscripten::function("trainerEvaluateJson", &trainer_evaluate_json);  // id -> {train, test}
  emscripten::function("trainerEvaluateSteps", &trainer_evaluate_steps);    // (id, samples) -> {done, total} | {error}
  emscripten::function("trainerEvaluationJson", &trainer_evaluation_json);  // id -> {train, test} | {error}
  emscripten::function("trainerRewind", &trainer_rewind);              // id -> back to the start
  emscripten::function("trainerDestroy", &trainer_destroy);            // id -> freed
}
