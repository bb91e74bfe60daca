// Mean-field theory of deep random networks (Poole et al. 2016; Schoenholz,
// Gilmer, Ganguli and Sohl-Dickstein 2017, "Deep information propagation"):
// a stack of infinitely wide layers z_l = W a_{l-1} + b, a_l = phi(z_l), with
// W ~ N(0, sigma_w^2 / width) and b ~ N(0, sigma_b^2). With z ~ N(0, 1):
//   length map       q -> sigma_w^2 E[phi(sqrt(q) z)^2] + sigma_b^2, fixed point q*
//   slope            chi_1 = sigma_w^2 E[phi'(sqrt(q*) z)^2]  (< 1 ordered, > 1 chaotic)
//   correlation map  c -> (sigma_w^2 E[phi(u1) phi(u2)] + sigma_b^2) / q*,
//                    u1 = sqrt(q*) z1, u2 = sqrt(q*) (c z1 + sqrt(1 - c^2) z2), fixed point c*
//   chi_c            = sigma_w^2 E[phi'(u1) phi'(u2)] at c* (= chi_1 when c* = 1)
//   depth scale      xi_c = -1 / ln(chi_c): |c_l - c*| ~ exp(-l / xi_c)
// Per layer, the mean square of dL/da grows by chi_1 going back, so its RMS by sqrt(chi_1).
// Expectations are Gauss-Hermite sums in double over the float32 kernels (or formula programs).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "actlab/elementwise.h"

namespace actlab {

struct MeanFieldPoint {
  double q_star = 0;   // +inf when the length map has no finite stable fixed point
  double chi1 = 0;
  double c_star = 1;
  double chi_c = 0;
  double xi_c = 0;     // +inf on the critical line
  bool ordered = true; // chi1 <= 1
};

// The Gauss-Hermite rule for E[g(z)], z ~ N(0, 1), with n <= 180 points (beyond, the recurrence
// overflows): nodes z_i ascending and weights w_i (summing to 1).
void gauss_hermite_normal(int n, std::vector<double>* nodes, std::vector<double>* weights);

// The theory at (sigma_w^2, sigma_b^2) for phi (a catalogue kernel or a formula, bound to its parameters).
MeanFieldPoint mean_field(const Elementwise& phi, double sigma_w2, double sigma_b2);

// One step of the correlation map at length q: (sigma_w^2 E[phi(u1) phi(u2)] + sigma_b^2) / q.
double correlation_map(const Elementwise& phi, double sigma_w2, double sigma_b2, double q, double c);

// The sigma_w^2 in [lo, hi] where chi_1 = 1 at this sigma_b^2 (bisection, chi_1 rising in sigma_w^2);
// NaN when chi_1 - 1 does not change sign over [lo, hi].
double critical_sigma_w2(const Elementwise& phi, double sigma_b2, double lo, double hi);

// One point as a JSON object: {"sigmaW2", "sigmaB2", "qStar", "chi1", "cStar", "chiC", "xiC"}.
std::string mean_field_point_json(double sigma_w2, double sigma_b2, const MeanFieldPoint& point);

// JSON in: {"activation": id or {"id", "params"} or {"id": "formula", "formula", "params"}, "sigmaW2": [..], "sigmaB2": [..], "criticalB2": [..] (optional),
// "criticalRange": [lo, hi] (optional, default [0.05, 20])};
// out: {"ok": true, "points": [{"sigmaW2", "sigmaB2", "qStar", "chi1", "cStar", "chiC", "xiC"}, ...] (sigmaB2 outer),
//       "critical": [{"sigmaB2", "sigmaW2"}, ...]} or {"ok": false, "error": "..."}.
std::string mean_field_json(std::string_view config_json);

}  // namespace actlab
