// The sufficient statistic of paired ordinal data: a K×K table of counts, rows = the first
// rating's category (e.g. the employee's), columns = the second's (the customer's of the same
// interaction), both in ascending order of score on one scale. Paired tests, agreement and
// Bland–Altman statistics of dyads are computed from it; like a tally it is built in one pass
// and merges by adding counts.
#ifndef CXGAP_PAIRED_PAIRED_TABLE_HPP
#define CXGAP_PAIRED_PAIRED_TABLE_HPP

#include <cstddef>
#include <cstdint>
#include <vector>

#include "cxgap/detail/check.hpp"
#include "cxgap/error.hpp"

namespace cxgap {

/// K×K counts of (first rating, second rating) pairs; categories in ascending score order, with
/// scores supplied alongside (default 0, 1, …, K−1 is never assumed by statistics that need
/// scores: they take the scores explicitly).
class paired_table {
 public:
  paired_table() = default;

  /// An all-zero K×K table. Throws invalid_argument unless K >= 1.
  explicit paired_table(std::size_t k) : k_(k), counts_(k * k, 0) {
    if (k == 0) detail::throw_invalid("cxgap::paired_table", "k", k, "at least 1");
  }

  /// A table from row-major counts (size K²). Throws invalid_argument if the size is not a
  /// square or a count is negative.
  paired_table(std::size_t k, std::vector<std::int64_t> row_major) : k_(k), counts_(std::move(row_major)) {
    if (k == 0) detail::throw_invalid("cxgap::paired_table", "k", k, "at least 1");
    if (counts_.size() != k * k)
      detail::throw_invalid("cxgap::paired_table", "counts.size()", counts_.size(), "k * k");
    for (std::int64_t c : counts_)
      if (c < 0) detail::throw_invalid("cxgap::paired_table", "count", c, "non-negative");
  }

  std::size_t size() const noexcept { return k_; }
  /// Count of pairs with first rating in category i and second in category j.
  std::int64_t operator()(std::size_t i, std::size_t j) const { return counts_.at(i * k_ + j); }
  std::int64_t& operator()(std::size_t i, std::size_t j) { return counts_.at(i * k_ + j); }
  const std::vector<std::int64_t>& counts() const noexcept { return counts_; }

  /// Adds one pair (i, j).
  void add(std::size_t i, std::size_t j, std::int64_t n = 1) { (*this)(i, j) += n; }

  /// Number of pairs.
  std::int64_t total() const noexcept {
    std::int64_t n = 0;
    for (std::int64_t c : counts_) n += c;
    return n;
  }

  /// Adds a table of other pairs on the same categories.
  paired_table& operator+=(const paired_table& o) {
    if (o.k_ != k_)
      detail::throw_invalid("cxgap::paired_table::operator+=", "other.size()", o.k_,
                            "equal to this table's size");
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += o.counts_[i];
    return *this;
  }

  friend bool operator==(const paired_table& a, const paired_table& b) {
    return a.k_ == b.k_ && a.counts_ == b.counts_;
  }
  friend bool operator!=(const paired_table& a, const paired_table& b) { return !(a == b); }

 private:
  std::size_t k_ = 0;
  std::vector<std::int64_t> counts_;
};

}  // namespace cxgap

#endif  // CXGAP_PAIRED_PAIRED_TABLE_HPP
