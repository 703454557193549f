// Internals shared by the rank statistics computed from two tallies (Mann–Whitney, Brunner–Munzel,
// dominance effect sizes): argument checks and the pair counts #(A > B), #(A = B), #(A < B), all in
// O(K) over the K ordered categories, never by sorting respondents. Formulas: docs/rank.md.
#ifndef CXGAP_STATS_DETAIL_RANK_COUNTS_HPP
#define CXGAP_STATS_DETAIL_RANK_COUNTS_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#include "cxgap/detail/check.hpp"
#include "cxgap/stats/counts.hpp"

namespace cxgap::detail {

/// Accumulator type of the rank statistics: long double for the built-in floating types (its
/// 64-bit mantissa holds products of counts up to 1.8e19 exactly), Real itself otherwise.
template <class Real>
using rank_wide_t = std::conditional_t<std::is_floating_point_v<Real>, long double, Real>;

/// Group sizes of two validated tallies.
struct rank_group_sizes {
  std::int64_t n_a = 0;
  std::int64_t n_b = 0;
};

/// Checks that a and b have the same number of categories and no negative count, and returns
/// the group sizes. Throws cxgap::invalid_argument naming `function`.
inline rank_group_sizes check_rank_groups(const char* function, count_view a, count_view b) {
  if (a.size() != b.size()) {
    throw_invalid(function, "b.size()", b.size(),
                  ("equal to a.size() = " + std::to_string(a.size())).c_str());
  }
  rank_group_sizes s;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k] < 0) throw_invalid(function, ("a[" + std::to_string(k) + "]").c_str(), a[k],
                                "non-negative");
    if (b[k] < 0) throw_invalid(function, ("b[" + std::to_string(k) + "]").c_str(), b[k],
                                "non-negative");
    s.n_a += a[k];
    s.n_b += b[k];
  }
  return s;
}

/// Pair counts over the n_A·n_B (A, B) pairs: greater = #(A > B), equal = #(A = B),
/// less = #(A < B). Computed per category from cumulative counts in wide precision:
/// greater = Σ_k a_k·B_{<k}, equal = Σ_k a_k·b_k, less = Σ_k b_k·A_{<k}.
template <class Wide>
struct rank_pairs {
  Wide greater = 0;
  Wide equal = 0;
  Wide less = 0;
};

template <class Wide>
rank_pairs<Wide> count_rank_pairs(count_view a, count_view b) {
  rank_pairs<Wide> p;
  Wide a_below = 0;  // A_{<k}
  Wide b_below = 0;  // B_{<k}
  for (std::size_t k = 0; k < a.size(); ++k) {
    const Wide ak = static_cast<Wide>(a[k]);
    const Wide bk = static_cast<Wide>(b[k]);
    p.greater += ak * b_below;
    p.equal += ak * bk;
    p.less += bk * a_below;
    a_below += ak;
    b_below += bk;
  }
  return p;
}

}  // namespace cxgap::detail

#endif  // CXGAP_STATS_DETAIL_RANK_COUNTS_HPP
