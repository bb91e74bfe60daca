// Double-precision references for every activation in activations.def:
// written from the textbook formulas, in forms that stay exact in double.
#pragma once

namespace actlab::reference {

// f(x) and f'(x) in double for activation parameters p (catalogue order).
using Function = double (*)(double x, const double* p);

#define ACTLAB_PARAM(...)
#define ACTLAB_ACTIVATION(id, ...)                  \
  double id##_forward(double x, const double* p); \
  double id##_derivative(double x, const double* p);
#include "actlab/activations.def"
#undef ACTLAB_ACTIVATION
#undef ACTLAB_PARAM

// The reference pair for catalogue entry `index` (same order as activations()).
struct Pair {
  Function forward, derivative;
};
Pair for_index(int index);

}  // namespace actlab::reference
