// An activation as the engines apply it: a choice (a catalogue id with its
// params, or a formula with its parameter values) and the elementwise
// function bound to it, compiled once and applied to any number of floats.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actlab/catalog.h"
#include "actlab/formula.h"

namespace actlab {

// An activation with its parameters; alphas (PReLU only) gives one alpha per
// unit of the layer and overrides params[0]. With id "formula", `formula` is
// its text (formula.h) and params the values of its declared parameters in
// declaration order (empty = the declared defaults).
struct ActivationChoice {
  // {id, params, alphas} as before formulas, or all four.
  ActivationChoice(std::string id_ = "relu", std::vector<float> params_ = {}, std::vector<float> alphas_ = {},
                   std::string formula_ = {})
      : id(std::move(id_)), params(std::move(params_)), alphas(std::move(alphas_)), formula(std::move(formula_)) {}
  std::string id;
  std::vector<float> params;  // empty = catalogue (or declared) defaults
  std::vector<float> alphas;  // empty = shared params[0]
  std::string formula;        // id "formula" only
};

// The id that makes a choice a formula.
inline constexpr const char* kFormulaId = "formula";

// An elementwise function bound to its parameters: a catalogue kernel with
// its params, or a compiled formula with its values. Copies share the program.
class Elementwise {
 public:
  // The empty function (a gated unit's layer has none): forward and derivative write nothing.
  Elementwise() = default;
  // A catalogue kernel with its params (kMaxParams values in catalogue order; nullptr = the defaults).
  explicit Elementwise(const Activation& f, const float* params = nullptr);
  // A compiled formula with one value per declared parameter (empty = the declared defaults).
  Elementwise(formula::Program program, std::vector<float> values);
  // The function of a choice that shared::check_activation accepted; empty for a gated unit's id.
  explicit Elementwise(const ActivationChoice& choice);

  // y = f(x) for n floats (x == y allowed).
  void forward(size_t n, const float* x, float* y) const;
  // y = f'(x) for n floats (x == y allowed).
  void derivative(size_t n, const float* x, float* y) const;

  // True when there is no function to apply.
  bool empty() const { return !f_ && !program_; }
  // The catalogue entry, or nullptr for a formula (or the empty function).
  const Activation* catalog() const { return f_; }
  // The catalogue params (kMaxParams values) or the formula's values.
  const float* params() const { return params_.data(); }

 private:
  const Activation* f_ = nullptr;
  std::shared_ptr<const formula::Program> program_;
  std::vector<float> params_;
};

}  // namespace actlab
