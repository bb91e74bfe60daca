// Formula activations in the engines: the simulator (default activation and
// per-layer overrides, its mean-field numbers), the mean-field JSON and the
// trainer (hidden layers and act specs) run a formula wherever they run a
// catalogue id, a catalogue call inside a formula with the catalogue's bits;
// and every bad formula choice is refused with a message, creating nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <memory>
#include <string>

#include "actlab/mean_field.h"
#include "actlab/network.h"
#include "actlab/trainer.h"
#include "blob_data.h"

namespace actlab {
namespace {

// A small stack with `activation` (JSON) spliced in, plus any extra keys.
std::string stack(const std::string& activation, const std::string& extra = "") {
  return R"j({"inputWidth":16,"depth":6,"width":24,"batch":12,"seed":5,"init":"xavier_normal","activation":)j" +
         activation + extra + "}";
}

// The run of a simulator config, failing the test when it is refused.
SimulationResult simulated(const std::string& json) {
  NetworkConfig config;
  const std::string message = parse_config_json(json, &config);
  EXPECT_EQ(message, "") << json;
  const SimulationResult r = simulate(config);
  EXPECT_TRUE(r.ok) << r.error;
  return r;
}

// The simulator's refusal of json ("" when accepted), checking that no network was created.
std::string simulator_refusal(const std::string& json) {
  NetworkConfig config;
  std::string message = parse_config_json(json, &config);
  if (!message.empty()) return message;
  std::unique_ptr<Network> net = Network::create(config, &message);
  EXPECT_EQ(net, nullptr) << json;
  return message;
}

// The trainer's refusal of json ("" when accepted), checking that no trainer was created.
std::string trainer_refusal(const std::string& json) {
  TrainConfig config;
  std::string message = parse_train_config_json(json, &config);
  if (!message.empty()) return message;
  std::unique_ptr<Trainer> t = Trainer::create(config, &message);
  EXPECT_EQ(t, nullptr) << json;
  return message;
}

// s as it appears inside a JSON string (quotes escaped).
std::string escaped(const std::string& s) {
  std::string out;
  for (char ch : s) out += ch == '"' ? std::string("\\\"") : std::string(1, ch);
  return out;
}

// The largest relative difference between the per-layer gradient norms of two runs.
double gradient_gap(const SimulationResult& a, const SimulationResult& b) {
  double worst = 0;
  for (size_t l = 0; l < a.layers.size(); ++l)
    worst = std::max(worst, std::fabs(a.layers[l].grad_w_norm / b.layers[l].grad_w_norm - 1.0));
  return worst;
}

TEST(FormulaLayers, ACatalogueCallInAFormulaHasTheCatalogueBitsInTheSimulator) {
  const SimulationResult formula = simulated(stack(R"j({"id":"formula","formula":"silu(x)"})j"));
  const SimulationResult catalogue = simulated(stack(R"j("silu")j"));
  EXPECT_EQ(formula.bits_hash, catalogue.bits_hash);
  EXPECT_EQ(formula.loss, catalogue.loss);
  EXPECT_NE(formula.bits_hash, simulated(stack(R"j("gelu")j")).bits_hash);  // the hash does see the activation
  // The same for one layer's override, with the rest relu.
  const SimulationResult one = simulated(stack(R"j("relu")j", R"j(,"layers":[{"layer":3,"id":"formula","formula":"tanh(x)"}])j"));
  const SimulationResult same = simulated(stack(R"j("relu")j", R"j(,"layers":[{"layer":3,"id":"tanh"}])j"));
  EXPECT_EQ(one.bits_hash, same.bits_hash);
  EXPECT_NE(one.bits_hash, simulated(stack(R"j("relu")j")).bits_hash);
}

TEST(FormulaLayers, AFormulaWrittenOutRunsCloseToItsCatalogueKernel) {
  const SimulationResult written = simulated(stack(R"j({"id":"formula","formula":"x * sigmoid(x)"})j"));
  const SimulationResult silu = simulated(stack(R"j("silu")j"));
  ASSERT_EQ(written.layers.size(), 6u);
  for (const LayerStats& s : written.layers) EXPECT_TRUE(std::isfinite(s.grad_w_norm) && s.grad_w_norm > 0);
  EXPECT_NE(written.bits_hash, silu.bits_hash);  // another float32 program: not the kernel's bits
  std::cout << "  x * sigmoid(x) against silu: per-layer ||dL/dW|| within " << gradient_gap(written, silu) << " relative\n";
  EXPECT_LT(gradient_gap(written, silu), 1e-5);  // measured 6e-8: a few float32 ULPs per value, over 6 layers
}

TEST(FormulaLayers, AFormulaParameterAtAnotherValueChangesTheRun) {
  const std::string elu = R"j({"id":"formula","formula":"where(x > 0, x, a * expm1(x)); a in [0, 5] = 1")j";
  const SimulationResult defaults = simulated(stack(elu + "}"));
  EXPECT_EQ(simulated(stack(elu + R"j(,"params":[1]})j")).bits_hash, defaults.bits_hash);  // [] = the declared default
  const SimulationResult wide = simulated(stack(elu + R"j(,"params":[2.5]})j"));
  EXPECT_NE(wide.bits_hash, defaults.bits_hash);
  EXPECT_GT(gradient_gap(wide, defaults), 0.01);
  // And it is ELU with that alpha: close to the catalogue's kernel.
  const double gap = gradient_gap(wide, simulated(stack(R"j({"id":"elu","params":[2.5]})j")));
  std::cout << "  the formula's ELU at a = 2.5 against elu(alpha = 2.5): within " << gap << " relative\n";
  EXPECT_LT(gap, 1e-5);  // measured 2e-7
}

TEST(FormulaLayers, TheMeanFieldPointOfAFormulaIsThatOfItsCatalogueKernel) {
  // The simulator's mean-field numbers (a plain stack: the stack above qualifies).
  const SimulationResult formula = simulated(stack(R"j({"id":"formula","formula":"tanh(x)"})j"));
  const SimulationResult catalogue = simulated(stack(R"j("tanh")j"));
  ASSERT_TRUE(formula.has_mean_field && catalogue.has_mean_field);
  EXPECT_EQ(formula.mean_field.q_star, catalogue.mean_field.q_star);
  EXPECT_EQ(formula.mean_field.chi1, catalogue.mean_field.chi1);
  EXPECT_EQ(formula.mean_field.xi_c, catalogue.mean_field.xi_c);
  // The bound function directly, and the phase diagram's JSON entry (points and critical line).
  ActivationChoice choice;
  choice.id = "formula", choice.formula = "tanh(x)";
  const MeanFieldPoint p = mean_field(Elementwise(choice), 1.5, 0.05), q = mean_field(Elementwise(*find_activation("tanh")), 1.5, 0.05);
  EXPECT_EQ(p.q_star, q.q_star);
  EXPECT_EQ(p.chi1, q.chi1);
  EXPECT_EQ(p.c_star, q.c_star);
  const std::string axes = R"j(,"sigmaW2":[0.5,1.5,3],"sigmaB2":[0,0.05],"criticalB2":[0.05]})j";
  const std::string json = mean_field_json(R"j({"activation":{"id":"formula","formula":"tanh(x)"})j" + axes);
  EXPECT_EQ(json.rfind(R"j({"ok":true,)j", 0), 0u) << json;
  EXPECT_EQ(json, mean_field_json(R"j({"activation":"tanh")j" + axes));
  // A parameter reaches the theory: tanh(a x) at a = 2 is another function than at a = 1.
  const std::string scaled = R"j({"activation":{"id":"formula","formula":"tanh(a * x); a in [0.1, 4] = 1","params":[2]})j";
  EXPECT_NE(mean_field_json(scaled + axes), json);
}

using testing::blobs;

// The trainer of json, failing the test when it is refused.
std::unique_ptr<Trainer> trainer(const std::string& json) {
  TrainConfig config;
  std::string message = parse_train_config_json(json, &config);
  EXPECT_EQ(message, "") << json;
  std::unique_ptr<Trainer> t = Trainer::create(config, &message);
  EXPECT_NE(t, nullptr) << message;
  return t;
}

TEST(FormulaLayers, ACatalogueCallInAFormulaHasTheCatalogueBitsInTheTrainer) {
  const Dataset d = blobs(90, 6, 3, 4);
  const std::string head = R"j({"inputWidth":6,"classes":3,"optimizer":"adam","batch":16,"seed":3,)j";
  std::unique_ptr<Trainer> catalogue = trainer(head + R"j("hidden":[{"width":9,"activation":"tanh"}]})j");
  std::unique_ptr<Trainer> hidden = trainer(head + R"j("hidden":[{"width":9,"activation":{"id":"formula","formula":"tanh(x)"}}]})j");
  std::unique_ptr<Trainer> spec = trainer(head + R"j("layers":[{"dense":9},{"act":{"id":"formula","formula":"tanh(x)"}}]})j");
  ASSERT_TRUE(catalogue && hidden && spec);
  for (int e = 0; e < 3; ++e) {
    const std::string expected = epoch_report_json(catalogue->epoch(d), catalogue->epoch_dead());
    EXPECT_EQ(epoch_report_json(hidden->epoch(d), hidden->epoch_dead()), expected) << "epoch " << e + 1;
    EXPECT_EQ(epoch_report_json(spec->epoch(d), spec->epoch_dead()), expected) << "epoch " << e + 1;
  }
  for (int l = 1; l <= catalogue->layers(); ++l) {
    EXPECT_EQ(hidden->weights(l), catalogue->weights(l)) << "W_" << l;
    EXPECT_EQ(spec->weights(l), catalogue->weights(l)) << "W_" << l;
  }
  EXPECT_EQ(spec->block_names(), (std::vector<std::string>{"dense 9", "output"}));
  // A formula of its own trains too, and differently.
  std::unique_ptr<Trainer> own = trainer(head + R"j("hidden":[{"width":9,"activation":{"id":"formula","formula":"x * tanh(softplus(x))"}}]})j");
  ASSERT_TRUE(own);
  std::vector<StepReport> first = own->epoch(d);
  ASSERT_FALSE(first.empty());
  EXPECT_TRUE(first.back().finite);
  catalogue->rewind();
  catalogue->epoch(d);
  EXPECT_NE(own->weights(1), catalogue->weights(1));
}

TEST(FormulaLayers, EveryBadFormulaChoiceIsRefusedWithItsMessage) {
  const std::string declared = R"j("formula":"where(x > 0, x, a * expm1(x)); a in [0, 5] = 1")j";
  struct Case {
    std::string activation, message;
  } cases[] = {
      {R"j({"id":"formula","formula":"x * sigmod(x)"})j", "formula: unknown name 'sigmod' at column 5"},
      {R"j({"id":"formula","formula":"x +"})j", "formula: "},
      {R"j({"id":"relu","formula":"x"})j", R"j("formula" is only for id "formula", not 'relu')j"},
      {R"j({"id":"formula"})j", R"j(id "formula" needs a "formula")j"},
      {R"j("formula")j", R"j(id "formula" needs a "formula")j"},
      {R"j({"id":"formula",)j" + declared + R"j(,"params":[1,2]})j", "the formula declares 1 parameter(s) (a); params has 2 value(s)"},
      {R"j({"id":"formula","formula":"x","params":[1]})j", "the formula declares 0 parameter(s); params has 1 value(s)"},
      {R"j({"id":"formula",)j" + declared + R"j(,"params":[7]})j", "a = 7"},
      {R"j({"id":"formula","formula":"x","alphas":[1]})j", "alphas (per-unit slopes) are only for prelu, not a formula"},
      {R"j({"id":"formula","formula":7})j", "formula must be a string, not a number"},
  };
  for (const Case& c : cases) {
    const std::string sim = simulator_refusal(stack(c.activation));
    EXPECT_EQ(sim.rfind("activation", 0), 0u) << sim;
    EXPECT_NE(sim.find(c.message), std::string::npos) << sim;
    if (c.activation[0] == '{') {
      const std::string layer = simulator_refusal(stack(R"j("relu")j", R"j(,"layers":[{"layer":2,)j" + c.activation.substr(1) + "]"));
      EXPECT_NE(layer.find(c.message), std::string::npos) << layer;
    }
    const std::string hidden = trainer_refusal(R"j({"inputWidth":4,"hidden":[{"width":8,"activation":)j" + c.activation + "}]}");
    EXPECT_NE(hidden.find(c.message), std::string::npos) << hidden;
    const std::string act = trainer_refusal(R"j({"inputWidth":4,"layers":[{"dense":8},{"act":)j" + c.activation + "}]}");
    EXPECT_NE(act.find(c.message), std::string::npos) << act;
    const std::string theory = mean_field_json(R"j({"sigmaW2":[1],"sigmaB2":[0],"activation":)j" + c.activation + "}");
    EXPECT_EQ(theory.rfind(R"j({"ok":false,)j", 0), 0u) << theory;
    EXPECT_NE(theory.find(escaped(c.message)), std::string::npos) << theory;
  }
  // Where the messages say it: the compiler's column, prefixed by the setting.
  EXPECT_EQ(simulator_refusal(stack(R"j({"id":"formula","formula":"x * sigmod(x)"})j")).rfind("activation: formula: unknown name 'sigmod' at column 5", 0), 0u);
  EXPECT_EQ(trainer_refusal(R"j({"inputWidth":4,"hidden":[{"width":8,"activation":{"id":"formula","formula":"x * sigmod(x)"}}]})j")
                .rfind("hidden layer 1: formula: unknown name 'sigmod' at column 5", 0), 0u);
}

}  // namespace
}  // namespace actlab
