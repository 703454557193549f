// Exact null distribution of the Wilcoxon signed-rank statistic W+ conditional on the observed
// (mid)ranks, by dynamic programming over tie groups.
//
// Under H0 (the differences are symmetric about 0) every non-zero difference is positive or
// negative with probability ½, independently, its |d|-rank fixed. With w_k = 2·midrank of tie
// group k (an integer) and t_k differences in it, 2W+ = Σ_k m_k·w_k with m_k ~ Binomial(t_k, ½)
// independent, an integer in [0, M], M = Σ_k t_k·w_k. The pmf is built by one in-place
// Bernoulli step per difference, pmf[s] ← ½(pmf[s] + pmf[s − w]), so every entry is a
// probability (no 2^n counts to overflow), a multiple of 2^−n: stored in double up to n = 1000
// signed differences, in long double beyond (no underflow of extreme tails).
// Cost: O(M · n) time and O(M) memory for n signed differences; without ties M = n(n + 1).
// Reference: the shift algorithm of Streitberg & Röhmel (1986), Comput. Stat. Q. 3:23–41; coin's
// wilcoxsign_test(distribution = "exact") computes the same conditional distribution.
#ifndef CXGAP_PAIRED_DETAIL_SIGNED_RANK_EXACT_HPP
#define CXGAP_PAIRED_DETAIL_SIGNED_RANK_EXACT_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cxgap::detail {

/// One tie group of |d|: `count` signed differences sharing the doubled midrank `weight`.
struct signed_rank_group {
  std::int64_t weight = 0;  ///< 2 × midrank (an integer)
  std::int64_t count = 0;   ///< differences in the group (both signs)
};

/// P(2W+ = s), s = 0, …, M = Σ count·weight, under random signs, in floating type F.
/// Preconditions (checked by the caller): weights >= 1, counts >= 0, M small enough to store.
template <class F>
std::vector<F> signed_rank_exact_pmf(const std::vector<signed_rank_group>& groups) {
  std::int64_t total = 0;
  for (const auto& g : groups) total += g.count * g.weight;
  std::vector<F> pmf(static_cast<std::size_t>(total) + 1, F(0));
  pmf[0] = F(1);
  std::int64_t top = 0;  // current support is [0, top]
  for (const auto& g : groups) {
    const auto w = static_cast<std::size_t>(g.weight);
    for (std::int64_t i = 0; i < g.count; ++i) {
      top += g.weight;
      F* p = pmf.data();
      for (auto s = static_cast<std::size_t>(top); s >= w; --s) p[s] = F(0.5) * (p[s] + p[s - w]);
      for (std::size_t s = 0; s < w; ++s) p[s] *= F(0.5);
    }
  }
  return pmf;
}

/// Two-sided exact p = P(|2W+ − M/2| >= |t_obs − M/2|) for the observed t_obs = 2W+, compared as
/// the integers |2·s − M| (coin's definition; equal to R's doubled one-sided p without ties,
/// where the distribution is symmetric). Every probability is a multiple of 2^−n for n signed
/// differences, so double holds them without underflow up to n = 1000 (and is much faster);
/// beyond, long double (down to 2^−16445).
template <class F>
long double signed_rank_exact_p_in(const std::vector<signed_rank_group>& groups,
                                   std::int64_t t_obs) {
  const std::vector<F> pmf = signed_rank_exact_pmf<F>(groups);
  const std::int64_t total = static_cast<std::int64_t>(pmf.size()) - 1;
  auto distance = [total](std::int64_t s) {
    const std::int64_t d = 2 * s - total;
    return d >= 0 ? d : -d;
  };
  const std::int64_t d_obs = distance(t_obs);
  long double p = 0.0L;
  for (std::int64_t s = 0; s <= total; ++s) {
    if (distance(s) >= d_obs) p += static_cast<long double>(pmf[static_cast<std::size_t>(s)]);
  }
  return std::min(p, 1.0L);
}

inline long double signed_rank_exact_p(const std::vector<signed_rank_group>& groups,
                                       std::int64_t t_obs) {
  std::int64_t n = 0;
  for (const auto& g : groups) n += g.count;
  return n <= 1000 ? signed_rank_exact_p_in<double>(groups, t_obs)
                   : signed_rank_exact_p_in<long double>(groups, t_obs);
}

}  // namespace cxgap::detail

#endif  // CXGAP_PAIRED_DETAIL_SIGNED_RANK_EXACT_HPP
