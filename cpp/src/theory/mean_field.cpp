// Mean-field theory of deep random networks (mean_field.h): the length and
// correlation maps by Gauss-Hermite quadrature, their fixed points, chi_1,
// chi_c and the correlation depth scale.
#include "actlab/mean_field.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace actlab {
namespace {

// Nodes of the 1-D rule (the length map, chi_1) and of each axis of the 2-D product rule (the
// correlation map). tanh's poles at sqrt(q) z = i pi / 2 set the convergence: at q* = 3.4 the
// 160-point rule is good to about 1e-6, the 120 x 120 one to about 1e-5.
constexpr int kNodes = 160;
constexpr int kPairNodes = 120;
constexpr double kTinyQ = 1e-20;    // phi' is read at sqrt(max(q, kTinyQ)) z, so q* = 0 gives the limit slope
constexpr double kInf = std::numeric_limits<double>::infinity();

// The rules, made once.
struct Rule {
  std::vector<double> z, w;
  explicit Rule(int n) { gauss_hermite_normal(n, &z, &w); }
};
const Rule& rule() {
  static const Rule r(kNodes);
  return r;
}
const Rule& pair_rule() {
  static const Rule r(kPairNodes);
  return r;
}

// E[g(phi or phi' at s z_i)] for every node: fills y with phi (derivative = false) or phi' at s z_i.
void at_nodes(const Elementwise& phi, bool derivative, double s, std::vector<float>* y,
              const Rule& r = rule()) {
  std::vector<float> x(r.z.size());
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(s * r.z[i]);
  y->resize(x.size());
  if (derivative) phi.derivative(x.size(), x.data(), y->data());
  else phi.forward(x.size(), x.data(), y->data());
}

// sigma_w^2 E[phi(sqrt(q) z)^2] + sigma_b^2.
double length_map(const Elementwise& phi, double sw2, double sb2, double q) {
  std::vector<float> y;
  at_nodes(phi, false, std::sqrt(q), &y);
  double e = 0.0;
  for (size_t i = 0; i < y.size(); ++i) e += rule().w[i] * static_cast<double>(y[i]) * y[i];
  return sw2 * e + sb2;
}

// sigma_w^2 E[g(u1) g(u2)] over the product rule, g = phi or phi', at correlation c and length q.
double pair_expectation(const Elementwise& phi, bool derivative, double sw2, double q, double c) {
  const Rule& r = pair_rule();
  const size_t n = r.z.size();
  const double s = std::sqrt(std::max(q, kTinyQ)), rest = std::sqrt(std::max(0.0, 1.0 - c * c));
  std::vector<float> first;
  at_nodes(phi, derivative, s, &first, r);
  std::vector<float> x(n * n), y(n * n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) x[i * n + j] = static_cast<float>(s * (c * r.z[i] + rest * r.z[j]));
  if (derivative) phi.derivative(x.size(), x.data(), y.data());
  else phi.forward(x.size(), x.data(), y.data());
  double e = 0.0;
  for (size_t i = 0; i < n; ++i) {
    double inner = 0.0;
    for (size_t j = 0; j < n; ++j) inner += r.w[j] * static_cast<double>(y[i * n + j]);
    e += r.w[i] * static_cast<double>(first[i]) * inner;
  }
  return sw2 * e;
}

// The stable fixed point of the length map reached from q = 1 (the network's own iteration), or +inf.
double length_fixed_point(const Elementwise& phi, double sw2, double sb2) {
  // Plain steps find the basin; then the secant method on F(q) = map(q) - q through the last
  // two iterates finishes, taken only where F falls (a stable fixed point ahead) and q stays > 0.
  // A length still growing by more than 1e-6 of itself per step after them has no finite fixed point (+inf);
  // otherwise the last iterate is the answer (the float32 kernels' rounding can keep |F| above 1e-14 q).
  double q = 1.0, previous = 0.0, f_previous = 0.0, f = 0.0;
  for (int t = 0; t < 4000; ++t) {
    const double mapped = length_map(phi, sw2, sb2, q);
    if (!(mapped < 1e30)) return kInf;
    f = mapped - q;
    if (std::fabs(f) <= 1e-14 * std::max(q, 1e-300) || q < 1e-300) return q;
    double next = mapped;
    if (t >= 8 && (f - f_previous) / (q - previous) < 0) {
      const double secant = q - f * (q - previous) / (f - f_previous);
      if (secant > 0 && std::isfinite(secant)) next = secant;
    }
    previous = q, f_previous = f, q = next;
  }
  return f > 1e-6 * q ? kInf : q;
}

}  // namespace

void gauss_hermite_normal(int n, std::vector<double>* nodes, std::vector<double>* weights) {
  // Newton's method on the orthonormal Hermite polynomials (weight exp(-x^2)), largest root
  // first from the usual asymptotic guesses; then z = sqrt(2) x and w / sqrt(pi) for N(0, 1).
  std::vector<double> x(n), w(n);
  const double pim4 = 0.7511255444649425;  // pi^(-1/4)
  const int m = (n + 1) / 2;
  double root = 0.0;
  for (int i = 0; i < m; ++i) {
    if (i == 0) root = std::sqrt(2.0 * n + 1) - 1.85575 * std::pow(2.0 * n + 1, -0.16667);
    else if (i == 1) root -= 1.14 * std::pow(double(n), 0.426) / root;
    else if (i == 2) root = 1.86 * root - 0.86 * x[0];
    else if (i == 3) root = 1.91 * root - 0.91 * x[1];
    else root = 2.0 * root - x[i - 2];
    double derivative = 0.0;
    for (int it = 0; it < 100; ++it) {
      double p1 = pim4, p2 = 0.0;
      for (int j = 1; j <= n; ++j) {
        const double p3 = p2;
        p2 = p1;
        p1 = root * std::sqrt(2.0 / j) * p2 - std::sqrt(double(j - 1) / j) * p3;
      }
      derivative = std::sqrt(2.0 * n) * p2;
      const double previous = root;
      root = previous - p1 / derivative;
      if (std::fabs(root - previous) <= 1e-15 * std::max(1.0, std::fabs(root))) break;
    }
    x[i] = root, x[n - 1 - i] = -root;
    w[i] = w[n - 1 - i] = 2.0 / (derivative * derivative);
  }
  nodes->resize(n), weights->resize(n);
  const double sqrt_pi = std::sqrt(3.141592653589793);
  for (int i = 0; i < n; ++i) (*nodes)[i] = std::sqrt(2.0) * x[n - 1 - i], (*weights)[i] = w[n - 1 - i] / sqrt_pi;
}

namespace {
// q* and chi_1 only (+inf both when the length diverges).
void length_and_slope(const Elementwise& phi, double sw2, double sb2, double* q_star, double* chi1) {
  *q_star = length_fixed_point(phi, sw2, sb2);
  if (!std::isfinite(*q_star)) {
    *chi1 = kInf;
    return;
  }
  std::vector<float> slope;
  at_nodes(phi, true, std::sqrt(std::max(*q_star, kTinyQ)), &slope);
  double e = 0.0;
  for (size_t i = 0; i < slope.size(); ++i) e += rule().w[i] * static_cast<double>(slope[i]) * slope[i];
  *chi1 = sw2 * e;
}
}  // namespace

MeanFieldPoint mean_field(const Elementwise& phi, double sw2, double sb2) {
  MeanFieldPoint p;
  length_and_slope(phi, sw2, sb2, &p.q_star, &p.chi1);
  if (!std::isfinite(p.q_star)) {
    p.chi_c = p.xi_c = kInf, p.c_star = NAN, p.ordered = false;
    return p;
  }
  const double q = p.q_star;
  p.ordered = p.chi1 <= 1.0;
  if (p.ordered) {
    p.c_star = 1.0, p.chi_c = p.chi1;
  } else {  // c = 1 is unstable: iterate the correlation map from c = 0 to its stable fixed point below 1
    // Plain steps, then the secant method on G(c) = map(c) - c, kept inside [-1, 1).
    auto cmap = [&](double c) { return std::clamp(correlation_map(phi, sw2, sb2, q, c), -1.0, 1.0); };
    double c = 0.0, previous = 0.0, g_previous = 0.0;
    for (int t = 0; t < 500; ++t) {
      const double mapped = cmap(c), g = mapped - c;
      if (std::fabs(g) <= 1e-13) break;
      double next = mapped;
      if (t >= 4 && g != g_previous) {
        const double secant = c - g * (c - previous) / (g - g_previous);
        if (secant >= -1.0 && secant < 1.0) next = secant;
      }
      previous = c, g_previous = g, c = next;
    }
    p.c_star = c;
    p.chi_c = pair_expectation(phi, true, sw2, q, c);
  }
  p.xi_c = p.chi_c > 0 && p.chi_c != 1.0 ? -1.0 / std::log(p.chi_c) : kInf;
  if (p.xi_c < 0) p.xi_c = kInf;  // chi_c > 1 cannot be a stable fixed point's slope; on the line in practice
  return p;
}

double correlation_map(const Elementwise& phi, double sw2, double sb2, double q, double c) {
  return (pair_expectation(phi, false, sw2, q, c) + sb2) / q;
}

double critical_sigma_w2(const Elementwise& phi, double sb2, double lo, double hi) {
  auto excess = [&](double sw2) {
    double q, chi1;
    length_and_slope(phi, sw2, sb2, &q, &chi1);
    return chi1 - 1.0;
  };
  double f_lo = excess(lo), f_hi = excess(hi);
  if (!(f_lo < 0 && f_hi > 0)) return NAN;
  for (int it = 0; it < 60 && hi - lo > 1e-10 * hi; ++it) {
    const double mid = 0.5 * (lo + hi), f = excess(mid);
    (f < 0 ? lo : hi) = mid;
    (f < 0 ? f_lo : f_hi) = f;
  }
  return 0.5 * (lo + hi);
}

}  // namespace actlab
