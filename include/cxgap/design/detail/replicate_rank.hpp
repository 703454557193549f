// Column rank with R's rule (qr(x, tol)$rank, LINPACK dqrdc2's limited pivoting): columns are
// taken in order, and a column whose norm, after projecting out the kept columns, falls below
// tol × its original norm is set aside. Computed from the Gram matrix XᵀX (its Cholesky factor
// is the R factor of X), so a tall n × R matrix costs one pass of n·R²/2 products.
#ifndef CXGAP_DESIGN_DETAIL_REPLICATE_RANK_HPP
#define CXGAP_DESIGN_DETAIL_REPLICATE_RANK_HPP

#include <cmath>
#include <cstddef>
#include <vector>

namespace cxgap::detail {

/// Rank of the columns of a matrix given its R × R Gram matrix (row-major), with R's qr()
/// tolerance rule. A zero column never counts.
inline std::size_t rank_from_gram(const std::vector<double>& gram, std::size_t cols,
                                  double tol) {
  std::vector<std::size_t> kept;
  std::vector<double> r(cols * cols, 0.0);  // upper-triangular factor, rows = kept columns
  for (std::size_t j = 0; j < cols; ++j) {
    const double original = gram[j * cols + j];
    if (!(original > 0)) continue;
    double residual = original;
    for (std::size_t a = 0; a < kept.size(); ++a) {
      const std::size_t k = kept[a];
      double v = gram[k * cols + j];
      for (std::size_t b = 0; b < a; ++b) v -= r[b * cols + k] * r[b * cols + j];
      v /= r[a * cols + k];
      r[a * cols + j] = v;
      residual -= v * v;
    }
    if (residual > tol * tol * original) {
      r[kept.size() * cols + j] = std::sqrt(residual);
      kept.push_back(j);
    }
  }
  return kept.size();
}

/// Rank of a rows × cols matrix stored column-major by `column(j)[i]`, with R's qr() rule.
template <class ColumnAt>
std::size_t column_rank(std::size_t rows, std::size_t cols, ColumnAt column, double tol) {
  std::vector<double> gram(cols * cols, 0.0);
  for (std::size_t a = 0; a < cols; ++a) {
    const double* x = column(a);
    for (std::size_t b = a; b < cols; ++b) {
      const double* y = column(b);
      double s = 0;
      for (std::size_t i = 0; i < rows; ++i) s += x[i] * y[i];
      gram[a * cols + b] = gram[b * cols + a] = s;
    }
  }
  return rank_from_gram(gram, cols, tol);
}

}  // namespace cxgap::detail

#endif  // CXGAP_DESIGN_DETAIL_REPLICATE_RANK_HPP
