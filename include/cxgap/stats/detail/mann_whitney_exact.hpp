// Exact permutation distribution of the Mann–Whitney statistic conditional on the observed ties
// (the pooled category counts), by dynamic programming over the K categories.
//
// Under H0 the n observations of one group are a uniformly random subset of the N pooled
// observations. Category k (pooled count c_k) receives m_k of them with probability
// Π_k C(c_k, m_k) / C(N, n). With scores w_k = 2·midrank_k = 2·C_{<k} + c_k + 1 (integers), the
// statistic 2U = Σ_k m_k·w_k − n(n+1) is an integer in [0, 2·n·(N − n)].
//
// The DP keeps, after categories 1..k, the probability of each state (j, t): j observations of the
// group placed so far and partial t = Σ_{i≤k} m_i·w_i − j(j+1), which lies in [0, 2j(N − j)]
// (a subset of j midranks sums to at least j(j+1)/2 and at most j(2N − j + 1)/2). Transitions use
// the conditional hypergeometric weight of m_k given j, so every entry is a probability in [0, 1]
// (normalised by C(N, n) from the start: no overflow of binomial coefficients for N in the
// thousands); the weights are exp(log-factorial differences) in long double. The table is
// double (contiguous rows, a branch-free multiply-add inner loop the compiler vectorises), with
// a long double rerun for p-values below 1e-250.
// Cost: mann_whitney_exact_operations(pooled, n) multiply-adds, at most
// O(Σ_k min(c_k, n) · Σ_j 2j(N − j)); memory Σ_{j<=n} (2j(N − j) + 1) values (≈ n²N).
// Reference: the shift algorithm of Streitberg & Röhmel (1986), here per category instead of per
// observation; coin::wilcox_test(distribution = "exact") computes the same distribution.
#ifndef CXGAP_STATS_DETAIL_MANN_WHITNEY_EXACT_HPP
#define CXGAP_STATS_DETAIL_MANN_WHITNEY_EXACT_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "cxgap/stats/counts.hpp"

namespace cxgap::detail {

/// Number of DP states Σ_{j=0}^{n} (2j(N − j) + 1) that the exact distribution of the statistic
/// of a group of size n out of N pooled observations needs (as long double: it may be huge).
inline long double mann_whitney_exact_states(std::int64_t n, std::int64_t total) {
  const long double nn = static_cast<long double>(n);
  const long double big_n = static_cast<long double>(total);
  // Σ_{j=0}^{n} 2j(N − j) = N·n(n+1) − n(n+1)(2n+1)/3
  return big_n * nn * (nn + 1) - nn * (nn + 1) * (2 * nn + 1) / 3 + (nn + 1);
}

/// Upper bound on the multiply-adds of mann_whitney_exact_pmf for a group of size n out of the
/// pooled tally: the loop structure below with every row at its widest (2j(C_{<k} − j) + 1 before
/// category k), computed in O(K·n) from prefix sums. This is the cost the automatic method
/// compares with its budget.
inline long double mann_whitney_exact_operations(count_view pooled, std::int64_t n) {
  const std::int64_t total = pooled.total();
  std::vector<long double> prefix(static_cast<std::size_t>(n) + 2, 0.0L);  // prefix[j + 1] = Σ_{i<=j} W(i)
  long double ops = 0.0L;
  std::int64_t before = 0;
  for (std::size_t k = 0; k < pooled.size(); ++k) {
    const std::int64_t c = pooled[k];
    if (c == 0) continue;
    const std::int64_t remaining = total - before - c;
    // Rows that may be non-zero before category k: j <= before and completable afterwards.
    const std::int64_t j_lo = std::max<std::int64_t>(0, n - (total - before));
    const std::int64_t j_hi = std::min(n, before);
    for (std::int64_t j = 0; j <= n; ++j) {
      const long double w =
          (j >= j_lo && j <= j_hi)
              ? 2.0L * static_cast<long double>(j) * static_cast<long double>(before - j) + 1.0L
              : 0.0L;
      prefix[static_cast<std::size_t>(j) + 1] = prefix[static_cast<std::size_t>(j)] + w;
    }
    const std::int64_t top = std::min(n, before + c);
    for (std::int64_t jp = 0; jp <= top; ++jp) {
      if (n - jp > remaining) continue;
      const std::int64_t m_max = std::min(c, jp);
      // m = 0 scales row jp; m = 1..m_max read rows jp − m_max .. jp − 1.
      ops += prefix[static_cast<std::size_t>(jp) + 1] - prefix[static_cast<std::size_t>(jp - m_max)];
    }
    before += c;
  }
  return ops;
}

/// Null distribution of 2U for a group of size n whose observations are a random subset of the
/// pooled tally: pmf[t] = P(2U = t), t = 0, ..., 2·n·(N − n). Value is the floating type of the
/// table: double (fast; entries below 1e-290 are dropped, so tail probabilities below ~1e-280
/// are not resolved) or long double (range to 1e-4900, nothing dropped).
/// Preconditions (checked by the caller): counts non-negative, 0 <= n <= N = pooled.total().
template <class Value = long double>
std::vector<Value> mann_whitney_exact_pmf(count_view pooled, std::int64_t n) {
  const std::int64_t total = pooled.total();
  const std::size_t rows = static_cast<std::size_t>(n) + 1;
  // Entries below `tiny` are set to zero at the ends of each row (no denormal arithmetic).
  const Value tiny = std::is_same_v<Value, double> ? Value(1e-290) : Value(0);

  // log j! for j = 0..N, with compensated summation.
  std::vector<long double> log_fact(static_cast<std::size_t>(total) + 1, 0.0L);
  {
    long double sum = 0.0L;
    long double comp = 0.0L;
    for (std::int64_t i = 2; i <= total; ++i) {
      const long double y = std::log(static_cast<long double>(i)) - comp;
      const long double s = sum + y;
      comp = (s - sum) - y;
      sum = s;
      log_fact[static_cast<std::size_t>(i)] = sum;
    }
  }
  auto log_choose = [&log_fact](std::int64_t a, std::int64_t b) {
    return log_fact[static_cast<std::size_t>(a)] - log_fact[static_cast<std::size_t>(b)] -
           log_fact[static_cast<std::size_t>(a - b)];
  };

  // Row j holds t in [0, 2j(N − j)] at offset[j] of one buffer; lo/hi bound its non-zero
  // support (lo > hi: empty row).
  std::vector<std::size_t> offset(rows + 1, 0);
  for (std::size_t j = 0; j < rows; ++j) {
    const std::int64_t jj = static_cast<std::int64_t>(j);
    offset[j + 1] = offset[j] + static_cast<std::size_t>(2 * jj * (total - jj) + 1);
  }
  std::vector<Value> table(offset[rows], Value(0));
  std::vector<std::int64_t> lo(rows, 1);
  std::vector<std::int64_t> hi(rows, 0);
  table[0] = Value(1);
  lo[0] = 0;
  hi[0] = 0;

  std::int64_t before = 0;  // pooled count in categories < k
  for (std::size_t k = 0; k < pooled.size(); ++k) {
    const std::int64_t c = pooled[k];
    if (c == 0) continue;
    const std::int64_t remaining = total - before - c;  // pooled count in categories > k
    const std::int64_t w = 2 * before + c + 1;          // 2 × midrank of category k
    const std::int64_t top = std::min(n, before + c);
    for (std::int64_t jp = top; jp >= 0; --jp) {
      Value* dst = table.data() + offset[static_cast<std::size_t>(jp)];
      std::int64_t& dlo = lo[static_cast<std::size_t>(jp)];
      std::int64_t& dhi = hi[static_cast<std::size_t>(jp)];
      const std::int64_t left = n - jp;  // still to place in categories > k
      if (left > remaining) {            // cannot be completed: probability 0
        for (std::int64_t t = dlo; t <= dhi; ++t) dst[t] = Value(0);
        dlo = 1;
        dhi = 0;
        continue;
      }
      // m = 0: none of the n − jp still to place falls in category k.
      if (dlo <= dhi) {
        const Value h0 = static_cast<Value>(
            std::exp(log_choose(remaining, left) - log_choose(remaining + c, left)));
        for (std::int64_t t = dlo; t <= dhi; ++t) dst[t] *= h0;
      }
      // m >= 1: from row j = jp − m (a different row: source and destination never overlap).
      const std::int64_t m_max = std::min(c, jp);
      for (std::int64_t m = 1; m <= m_max; ++m) {
        const std::int64_t j = jp - m;
        const std::int64_t slo = lo[static_cast<std::size_t>(j)];
        const std::int64_t shi = hi[static_cast<std::size_t>(j)];
        if (slo > shi) continue;
        const Value h = static_cast<Value>(std::exp(log_choose(c, m) + log_choose(remaining, left) -
                                                    log_choose(remaining + c, n - j)));
        if (!(h > tiny)) continue;
        const std::int64_t shift = m * w - m * (2 * j + m + 1);
        const Value* src = table.data() + offset[static_cast<std::size_t>(j)] + slo;
        Value* out = dst + slo + shift;
        const std::int64_t len = shi - slo + 1;
        for (std::int64_t t = 0; t < len; ++t) out[t] += src[t] * h;
        if (dlo > dhi) {
          dlo = slo + shift;
          dhi = shi + shift;
        } else {
          dlo = std::min(dlo, slo + shift);
          dhi = std::max(dhi, shi + shift);
        }
      }
      // Drop negligible ends of the row.
      while (dlo <= dhi && dst[dlo] < tiny) dst[dlo++] = Value(0);
      while (dlo <= dhi && dst[dhi] < tiny) dst[dhi--] = Value(0);
    }
    before += c;
  }
  const Value* last = table.data() + offset[static_cast<std::size_t>(n)];
  return std::vector<Value>(last, last + (offset[rows] - offset[static_cast<std::size_t>(n)]));
}

/// Two-sided exact p-value P(|2U − n·n_o| >= |t_obs − n·n_o|) for the observed t_obs = 2U of a
/// group of size n (n_o = N − n), conditional on the pooled tally, from a pmf table.
template <class Value>
long double mann_whitney_exact_p_from_pmf(const std::vector<Value>& pmf, std::int64_t centre,
                                          std::int64_t t_obs) {
  const std::int64_t d_obs = t_obs >= centre ? t_obs - centre : centre - t_obs;
  long double p = 0.0L;
  for (std::size_t t = 0; t < pmf.size(); ++t) {
    const std::int64_t tt = static_cast<std::int64_t>(t);
    const std::int64_t d = tt >= centre ? tt - centre : centre - tt;
    if (d >= d_obs) p += static_cast<long double>(pmf[t]);
  }
  return std::min(p, 1.0L);
}

/// Two-sided exact p-value P(|2U − n·n_o| >= |t_obs − n·n_o|) for the observed t_obs = 2U of a
/// group of size n (n_o = N − n), conditional on the pooled tally. The comparison is between
/// integers, so there is no tolerance question (coin compares standardised doubles with a small
/// relative tolerance to the same effect). The table is built in double; when the p-value is
/// below 1e-250 (where dropped entries of ~1e-290 could matter) it is rebuilt in long double.
inline long double mann_whitney_exact_p(count_view pooled, std::int64_t n, std::int64_t t_obs) {
  const std::int64_t centre = n * (pooled.total() - n);  // E[2U] = n·n_o
  const long double p =
      mann_whitney_exact_p_from_pmf(mann_whitney_exact_pmf<double>(pooled, n), centre, t_obs);
  if (p >= 1e-250L) return p;
  return mann_whitney_exact_p_from_pmf(mann_whitney_exact_pmf<long double>(pooled, n), centre,
                                       t_obs);
}

}  // namespace cxgap::detail

#endif  // CXGAP_STATS_DETAIL_MANN_WHITNEY_EXACT_HPP
