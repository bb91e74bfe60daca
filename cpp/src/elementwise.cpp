// The bound elementwise function (elementwise.h): a catalogue kernel or a formula program.
#include "actlab/elementwise.h"

#include <algorithm>
#include <utility>

namespace actlab {

Elementwise::Elementwise(const Activation& f, const float* params) : f_(&f), params_(kMaxParams, 0.0f) {
  if (params) std::copy(params, params + kMaxParams, params_.begin());
  else default_params(f, params_.data());
}

Elementwise::Elementwise(formula::Program program, std::vector<float> values)
    : program_(std::make_shared<const formula::Program>(std::move(program))), params_(std::move(values)) {
  if (params_.empty())
    for (const formula::Parameter& p : program_->params) params_.push_back(static_cast<float>(p.value));
}

Elementwise::Elementwise(const ActivationChoice& choice) {
  if (choice.id == kFormulaId) {
    formula::Compiled compiled = formula::compile(choice.formula);
    if (compiled.ok) *this = Elementwise(std::move(compiled.program), choice.params);
    return;
  }
  const Activation* f = find_activation(choice.id);
  if (!f) return;
  float params[kMaxParams] = {};
  if (choice.params.empty()) default_params(*f, params);
  else std::copy(choice.params.begin(), choice.params.begin() + std::min<size_t>(choice.params.size(), kMaxParams), params);
  *this = Elementwise(*f, params);
}

void Elementwise::forward(size_t n, const float* x, float* y) const {
  if (f_) f_->forward(n, x, y, params_.data());
  else if (program_) formula::evaluate(*program_, params_.data(), false, n, x, y);
}

void Elementwise::derivative(size_t n, const float* x, float* y) const {
  if (f_) f_->derivative(n, x, y, params_.data());
  else if (program_) formula::evaluate(*program_, params_.data(), true, n, x, y);
}

}  // namespace actlab
