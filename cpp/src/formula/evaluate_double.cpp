// The double twin of a formula's program: the same instructions on doubles
// with the standard library's functions and the catalogue's double
// references, value and tangent side by side (forward-mode AD in double).
// It is the reference the float program's error is measured against.
#include <cmath>
#include <vector>

#include "actlab/catalog.h"
#include "actlab/formula.h"
#include "names.h"

namespace actlab::formula {
namespace {
constexpr double kTwoOverSqrtPi = 1.12837916709551257390;

double power_int(double a, int n) {
  double p = 1;
  for (int k = 0; k < (n < 0 ? -n : n); ++k) p *= a;
  return n < 0 ? 1 / p : p;
}
double nan_or(double a, double b, double pick) { return std::isnan(a) || std::isnan(b) ? a + b : pick; }
}  // namespace

double evaluate_double(const Program& program, const double* values, double x, CatalogReference reference,
                       double* derivative) {
  std::vector<double> v(program.code.size()), t(program.code.size());
  for (size_t i = 0; i < program.code.size(); ++i) {
    const Instruction& in = program.code[i];
    const double a = v[in.a], b = v[in.b], c = v[in.c], ta = t[in.a], tb = t[in.b], tc = t[in.c];
    double value = 0, tangent = 0;
    switch (in.op) {
      case Op::kConst: value = static_cast<float>(in.value); break;  // the float program's constant
      case Op::kX: value = x, tangent = 1; break;
      case Op::kParam: value = values[in.index]; break;
      case Op::kAdd: value = a + b, tangent = ta + tb; break;
      case Op::kSub: value = a - b, tangent = ta - tb; break;
      case Op::kMul: value = a * b, tangent = ta * b + a * tb; break;
      case Op::kDiv: value = a / b, tangent = (ta - value * tb) / b; break;
      case Op::kNeg: value = -a, tangent = -ta; break;
      case Op::kPowInt: value = power_int(a, in.index), tangent = in.index ? in.index * power_int(a, in.index - 1) * ta : 0; break;
      case Op::kPow:
        value = std::pow(a, b);
        tangent = (ta == 0 ? 0 : b * std::pow(a, b - 1) * ta) + (tb == 0 ? 0 : value * std::log(a) * tb);
        break;
      case Op::kLess: value = a < b; break;
      case Op::kLessEq: value = a <= b; break;
      case Op::kGreater: value = a > b; break;
      case Op::kGreaterEq: value = a >= b; break;
      case Op::kEqual: value = a == b; break;
      case Op::kNotEqual: value = a != b; break;
      case Op::kWhere: value = a != 0 ? b : c, tangent = a != 0 ? tb : tc; break;
      case Op::kExp: value = std::exp(a), tangent = value * ta; break;
      case Op::kExpm1: value = std::expm1(a), tangent = std::exp(a) * ta; break;
      case Op::kLog: value = std::log(a), tangent = ta / a; break;
      case Op::kLog1p: value = std::log1p(a), tangent = ta / (1 + a); break;
      case Op::kSqrt: value = std::sqrt(a), tangent = ta / (2 * value); break;
      case Op::kAbs: value = std::fabs(a), tangent = a > 0 ? ta : (a < 0 ? -ta : 0); break;
      case Op::kSin: value = std::sin(a), tangent = std::cos(a) * ta; break;
      case Op::kCos: value = std::cos(a), tangent = -std::sin(a) * ta; break;
      case Op::kErf: value = std::erf(a), tangent = kTwoOverSqrtPi * std::exp(-a * a) * ta; break;
      case Op::kMin: value = nan_or(a, b, b < a ? b : a), tangent = a < b ? ta : (b < a ? tb : (ta + tb) / 2); break;
      case Op::kMax: value = nan_or(a, b, a < b ? b : a), tangent = a > b ? ta : (b > a ? tb : (ta + tb) / 2); break;
      case Op::kCatalog: {
        float floats[kMaxParameters], float_values[kMaxParameters] = {};
        for (size_t k = 0; k < program.params.size(); ++k) float_values[k] = static_cast<float>(values[k]);
        catalog_values(in, float_values, floats);
        double params[kMaxParameters];
        for (size_t k = 0; k < kMaxParameters; ++k) params[k] = floats[k];
        value = reference(in.index, false, a, params);
        tangent = reference(in.index, true, a, params) * ta;
        break;
      }
    }
    v[i] = value, t[i] = tangent;
  }
  if (derivative) *derivative = std::isnan(v.back()) ? v.back() : t.back();  // no slope where f is undefined (log(x) at x < 0)
  return v.back();
}

}  // namespace actlab::formula
