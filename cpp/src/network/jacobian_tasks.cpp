// The simulator's Jacobian tasks: d a_L / d a_0 of one sample propagated op by
// op in forward mode (jacobian.h), then its singular values sweep by sweep.
#include <algorithm>
#include <cfloat>
#include <cmath>

#include "actlab/network.h"
#include "jacobian.h"
#include "network_parts.h"

namespace actlab {
using namespace shared;

std::string Network::jacobian_skipped() const {
  const NetworkConfig& c = config_;
  if (!c.jacobian) return "off (\"jacobian\": false)";
  const std::string max = std::to_string(kJacobianMaxWidth);
  const std::string limit = " is above " + max + ": the Jacobian is computed for width <= " + max + " and inputWidth <= " + max + " only";
  if (c.width > kJacobianMaxWidth) return "width = " + std::to_string(c.width) + limit;
  if (c.input_width > kJacobianMaxWidth) return "inputWidth = " + std::to_string(c.input_width) + limit;
  return "";
}

// J of the input: the identity; where the skips start.
void Network::jacobian_begin() {
  const size_t n = config_.input_width;
  jac_ = std::make_unique<JacobianState>();
  JacobianState& s = *jac_;
  s.rows = s.cols = n;
  s.j.assign(n * n, 0.0);
  for (size_t i = 0; i < n; ++i) s.j[i * n + i] = 1.0;
  s.skip_start.assign(tensors_.size(), 0);
  for (const Op& op : ops_)
    if (!op.layer) s.skip_start[op.from] = 1;
}

// J of op i's output from J of its input, rescaled by a power of two when its largest entry leaves [2^-256, 2^256].
bool Network::jacobian_op(int i) {
  JacobianState& s = *jac_;
  if (!s.finite) return false;
  if (s.skip_start[i]) s.skip = s.j;
  const Op& op = ops_[i];
  if (op.layer) {
    jacobian::through_layer(*op.layer, tensors_[i].data(), config_.batch, config_.chain_sample, s.cols, s.j, &s.next);
    s.rows = op.layer->out().size();
  } else {
    s.next.resize(s.j.size());
    for (size_t e = 0; e < s.j.size(); ++e) s.next[e] = s.skip[e] + static_cast<double>(op.alpha) * s.j[e];
    s.skip.clear();
  }
  std::swap(s.j, s.next);
  double top = 0.0;
  for (double v : s.j) top = std::max(top, std::fabs(v));
  for (double v : s.j) s.finite = s.finite && std::isfinite(v);
  if (!s.finite) {
    s.j.clear(), s.next.clear(), s.skip.clear();
    return true;
  }
  if (top > 0x1p256 || (top > 0 && top < 0x1p-256)) {
    const int e = std::ilogb(top);
    for (double& v : s.j) v = std::ldexp(v, -e);
    for (double& v : s.skip) v = std::ldexp(v, -e);
    s.exponent += e;
  }
  return true;
}

std::vector<double> Network::jacobian_matrix() {
  if (!jacobian_skipped().empty()) return {};
  jacobian_begin();
  for (int i = 0; i < static_cast<int>(ops_.size()); ++i) jacobian_op(i);
  std::vector<double> j = jac_->finite ? std::move(jac_->j) : std::vector<double>();
  for (double& v : j) v = std::ldexp(v, jac_->exponent);
  jac_.reset();
  return j;
}

// One sweep of the SVD (set up on the first: J's shorter side's vectors, scaled so the largest entry is in [1, 2)).
bool Network::jacobian_sweep() {
  JacobianState& s = *jac_;
  if (!s.finite || (s.svd && s.svd->converged())) return false;
  if (!s.svd) {
    double top = 0.0;
    for (double v : s.j) top = std::max(top, std::fabs(v));
    const int e = top > 0 ? std::ilogb(top) : 0;
    const size_t count = std::min(s.rows, s.cols), length = std::max(s.rows, s.cols);
    std::vector<double> v(count * length);
    for (size_t r = 0; r < s.rows; ++r)
      for (size_t c = 0; c < s.cols; ++c)
        v[s.rows <= s.cols ? r * s.cols + c : c * s.rows + r] = std::ldexp(s.j[r * s.cols + c], -e);
    s.exponent += e;
    s.j = std::vector<double>(), s.next = std::vector<double>(), s.skip = std::vector<double>();
    s.svd = std::make_unique<JacobiSingularValues>(std::move(v), count, length);
  }
  s.svd->sweep();
  return true;
}

// The report: singular values (scaled back), their mean square, extremes, spread and numerical rank.
void Network::jacobian_end() {
  JacobianState& s = *jac_;
  JacobianReport& r = result_.jacobian;
  if (!s.finite) {
    r.skipped = "J has non-finite entries (the forward pass overflowed or produced NaN)";
    jac_.reset();
    return;
  }
  std::vector<double> v = s.svd->values();
  const double top = v.front(), bottom = v.back();
  const double level = top * static_cast<double>(std::max(s.rows, s.cols)) * DBL_EPSILON;
  r.computed = true;
  r.rank = static_cast<int>(std::count_if(v.begin(), v.end(), [&](double x) { return x > level; }));
  r.log10_spread = bottom > 0 ? (deterministic_log(top) - deterministic_log(bottom)) / deterministic_log(10.0) : INFINITY;
  double squares = 0.0;
  for (double& x : v) x = std::ldexp(x, s.exponent), squares += x * x;
  r.mean_square = squares / v.size();
  r.max = v.front(), r.min = v.back();
  r.singular_values = std::move(v);
  std::string& note = r.condition_note;
  if (!s.svd->converged())
    note += "the Jacobi SVD did not converge in " + std::to_string(JacobiSingularValues::kMaxSweeps) + " sweeps; ";
  if (top == 0)
    note += "J = 0: nothing of the input reaches the output (e.g. every unit of a layer is dead); ";
  else if (r.rank < static_cast<int>(r.singular_values.size()))
    note += std::to_string(r.singular_values.size() - r.rank) + " of " + std::to_string(r.singular_values.size()) +
            " singular values are at rounding level (below max * max(width, inputWidth) * 2^-52): J is numerically "
            "singular (a spread beyond what double resolves, or rows removed by zero slopes such as ReLU's or by "
            "dropout), so min and log10Spread measure rounding; ";
  if (std::isinf(r.max) || (r.min == 0 && bottom > 0))
    note += "J = 2^" + std::to_string(s.exponent) + " times a matrix in range: values beyond double's range show as "
            "0 or Infinity, log10Spread is from the scaled values; ";
  if (!note.empty()) note.resize(note.size() - 2);
  jac_.reset();
}

}  // namespace actlab
