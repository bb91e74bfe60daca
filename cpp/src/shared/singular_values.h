// Singular values by one-sided (Hestenes) Jacobi in double: plane rotations
// of pairs of rows until every pair is orthogonal to working precision; the
// singular values are then the rows' norms. Rotations of rows keep each
// singular value to a few ulps relative, tiny ones of graded matrices too
// (Demmel and Veselic, "Jacobi's method is more accurate than QR", 1992),
// down to 2^-300 (about 5e-91) of the largest: smaller rows count as zero
// and are not rotated, so values below that are upper bounds.
// Only +, *, /, sqrt in a fixed order, so every build gives the same bits.
#pragma once
#include <cstddef>
#include <vector>

namespace actlab::shared {

// One-sided Jacobi on the rows of a count x length matrix (row-major); count <= length is the cheap way round.
class JacobiSingularValues {
 public:
  static constexpr int kMaxSweeps = 40;  // LAPACK's dgesvj stops at 30; rank-deficient 256 x 256 take up to about 25
  JacobiSingularValues(std::vector<double> rows, size_t count, size_t length);
  // Rotates every pair of rows that is not yet orthogonal; true when none needed it (converged).
  bool sweep();
  bool converged() const { return converged_; }
  int sweeps() const { return sweeps_; }
  // The rows' norms, descending (NaN last): the singular values once converged.
  std::vector<double> values() const;
  // Multiply-adds of one sweep (for progress and work budgets).
  static double sweep_work(size_t count, size_t length) { return 3.0 * count * count * length; }

 private:
  std::vector<double> rows_;
  size_t count_, length_;
  double tol_;  // pairs with |a_i . a_j| <= tol |a_i| |a_j| count as orthogonal
  bool converged_ = false;
  int sweeps_ = 0;
};

// The min(rows, cols) singular values of the row-major rows x cols matrix a, descending
// (sweeps until converged or kMaxSweeps; *sweeps, when given, says how many ran).
std::vector<double> singular_values(const double* a, size_t rows, size_t cols, int* sweeps = nullptr);

}  // namespace actlab::shared
