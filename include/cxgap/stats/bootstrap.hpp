// Bootstrap confidence intervals (percentile and BCa) for a gap statistic A − B computed from
// the two groups' category counts. Each resample draws every group's counts from a multinomial
// with the observed shares and the group's own n (stratified by group), so one resample costs
// O(K) for K categories whatever the number of respondents. Seeded with a counter-based
// generator (detail/philox.hpp): resample b of item i always uses the stream (seed, item, b), so
// results do not depend on the thread count. Methods, conventions and validation:
// docs/bootstrap.md.
#ifndef CXGAP_STATS_BOOTSTRAP_HPP
#define CXGAP_STATS_BOOTSTRAP_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cxgap/detail/check.hpp"
#include "cxgap/stats/counts.hpp"
#include "cxgap/stats/detail/binomial_sampler.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/detail/philox.hpp"
#include "cxgap/stats/detail/rank_counts.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

// ---------------------------------------------------------------------------------------------
// Gap statistics on category counts (callables `Real(count_view a, count_view b) const`).
// Each is the same estimate as the analytic function named in its comment.

/// Difference of mean scores A − B (welch_test's estimate). `scores` are the categories'
/// scores; empty means the codes 1, 2, ..., K. Throws cxgap::invalid_argument if the number of
/// scores differs from the number of categories.
template <class Real = double>
struct mean_gap {
  std::vector<Real> scores;

  Real operator()(count_view a, count_view b) const {
    if (!scores.empty() && scores.size() != a.size()) {
      detail::throw_invalid("cxgap::mean_gap", "scores.size()", scores.size(),
                            ("equal to the number of categories " + std::to_string(a.size())).c_str());
    }
    return mean_of(a) - mean_of(b);
  }

 private:
  Real mean_of(count_view c) const {
    Real sum = 0;
    std::int64_t n = 0;
    for (std::size_t k = 0; k < c.size(); ++k) {
      const Real s = scores.empty() ? static_cast<Real>(k + 1) : scores[k];
      sum += s * static_cast<Real>(c[k]);
      n += c[k];
    }
    return sum / static_cast<Real>(n);
  }
};

/// Difference of top-box shares A − B (newcombe_difference's estimate): the share of
/// respondents in categories first_top, ..., K − 1 (0-based). Throws cxgap::invalid_argument if
/// first_top is not a category.
template <class Real = double>
struct top_box_gap {
  std::size_t first_top = 0;

  Real operator()(count_view a, count_view b) const {
    if (first_top >= a.size()) {
      detail::throw_invalid("cxgap::top_box_gap", "first_top", first_top,
                            ("below the number of categories " + std::to_string(a.size())).c_str());
    }
    return share(a) - share(b);
  }

 private:
  Real share(count_view c) const {
    std::int64_t top = 0;
    std::int64_t n = 0;
    for (std::size_t k = 0; k < c.size(); ++k) {
      if (k >= first_top) top += c[k];
      n += c[k];
    }
    return static_cast<Real>(top) / static_cast<Real>(n);
  }
};

/// Difference of Net Promoter Scores A − B in points, −200..200 (nps_difference's estimate) from
/// the counts of the 11 ratings 0..10. Throws cxgap::invalid_argument unless K = 11.
template <class Real = double>
struct nps_gap {
  Real operator()(count_view a, count_view b) const {
    if (a.size() != 11) {
      detail::throw_invalid("cxgap::nps_gap", "number of categories", a.size(),
                            "11 (counts of the ratings 0..10)");
    }
    return score(a) - score(b);
  }

 private:
  static Real score(count_view c) {
    std::int64_t promoters = 0;
    std::int64_t detractors = 0;
    std::int64_t n = 0;
    for (std::size_t k = 0; k < 11; ++k) {
      if (k <= 6) detractors += c[k];
      if (k >= 9) promoters += c[k];
      n += c[k];
    }
    return Real(100) * static_cast<Real>(promoters - detractors) / static_cast<Real>(n);
  }
};

/// Cliff's δ = P(A > B) − P(A < B) (cliff_delta's estimate), in O(K) from cumulative counts.
template <class Real = double>
struct cliff_delta_gap {
  Real operator()(count_view a, count_view b) const {
    using wide = detail::rank_wide_t<Real>;
    const auto p = detail::count_rank_pairs<wide>(a, b);
    const wide pairs = p.greater + p.equal + p.less;
    return static_cast<Real>((p.greater - p.less) / pairs);
  }
};

// ---------------------------------------------------------------------------------------------

/// Options of bootstrap_gap.
struct bootstrap_options {
  std::int64_t resamples = 10000;  ///< B, at least 2
  double level = 0.95;             ///< confidence level of both intervals
  std::uint64_t seed = 0;          ///< first half of the Philox key
  std::uint64_t item = 0;          ///< second half: give every item of a report its own stream
  /// Worker threads; 0 = std::thread::hardware_concurrency(). The result is the same for every
  /// value: resample b uses the stream (seed, item, b) wherever it runs.
  unsigned threads = 1;
  bool keep_replicates = false;  ///< return the B replicate values (in resample order)
};

/// Percentile and BCa intervals from a set of bootstrap replicates.
template <class Real = double>
struct bootstrap_intervals {
  interval<Real> percentile;  ///< method "bootstrap percentile"
  interval<Real> bca;         ///< method "bootstrap BCa"
  Real z0 = nan<Real>();      ///< bias correction Φ⁻¹(#{θ* < θ̂} + ½#{θ* = θ̂}) / B)
  /// Percentile levels the BCa interval reads off (α₁, α₂).
  Real bca_lower_level = nan<Real>();
  Real bca_upper_level = nan<Real>();
};

/// Result of bootstrap_gap.
template <class Real = double>
struct bootstrap_result {
  Real estimate = nan<Real>();   ///< the statistic on the observed counts, θ̂
  Real std_error = nan<Real>();  ///< standard deviation of the replicates (B − 1 denominator)
  Real bias = nan<Real>();       ///< mean of the replicates − θ̂
  interval<Real> percentile;
  interval<Real> bca;
  Real z0 = nan<Real>();            ///< BCa bias correction
  Real acceleration = nan<Real>();  ///< BCa acceleration â (jackknife)
  std::int64_t resamples = 0;       ///< B
  std::int64_t undefined_replicates = 0;  ///< replicates whose statistic was not finite (dropped)
  std::vector<Real> replicates;           ///< only with options.keep_replicates
  stat_status status = stat_status::ok;
};

namespace detail {

/// Hyndman & Fan (1996) type-7 quantile (linear interpolation between order statistics; numpy's
/// default percentile) of sorted values, 0 <= p <= 1.
template <class Real>
Real sorted_quantile(const std::vector<Real>& sorted, Real p) {
  const Real h = static_cast<Real>(sorted.size() - 1) * p;
  const Real lo = std::floor(h);
  const auto i = static_cast<std::size_t>(lo);
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (h - lo) * (sorted[i + 1] - sorted[i]);
}

/// Jackknife pieces of one group: Σ U³ / n³ and Σ U² / n², U the jackknife influence values
/// (n − 1)(θ̄₍.₎ − θ₍ᵢ₎); leaving out one respondent of category k changes only that count.
template <class Real>
struct jackknife_moments {
  Real cubes = 0;
  Real squares = 0;
};

template <class Real, class Statistic>
jackknife_moments<Real> jackknife_group(std::vector<std::int64_t>& counts, count_view other,
                                        bool group_is_a, const Statistic& statistic) {
  std::int64_t n = 0;
  for (auto c : counts) n += c;
  const std::size_t k_count = counts.size();
  std::vector<Real> theta(k_count, Real(0));
  Real mean = 0;
  for (std::size_t k = 0; k < k_count; ++k) {
    if (counts[k] == 0) continue;
    --counts[k];
    theta[k] = group_is_a ? static_cast<Real>(statistic(count_view(counts), other))
                          : static_cast<Real>(statistic(other, count_view(counts)));
    ++counts[k];
    mean += static_cast<Real>(counts[k]) * theta[k];
  }
  const Real nr = static_cast<Real>(n);
  mean /= nr;
  jackknife_moments<Real> m;
  for (std::size_t k = 0; k < k_count; ++k) {
    if (counts[k] == 0) continue;
    const Real u = (nr - 1) * (mean - theta[k]);
    m.cubes += static_cast<Real>(counts[k]) * u * u * u;
    m.squares += static_cast<Real>(counts[k]) * u * u;
  }
  m.cubes /= nr * nr * nr;
  m.squares /= nr * nr;
  return m;
}

}  // namespace detail

/// BCa acceleration â of a two-group statistic from the jackknife over both groups' respondents,
/// computed from the counts: leaving out a respondent of category k only changes that count, so
/// the n jackknife values collapse to at most K per group, with multiplicities.
///   U_gi = (n_g − 1)(θ̄_g − θ_g(i)),  â = Σ_g n_g⁻³ Σ_i U_gi³ / (6 (Σ_g n_g⁻² Σ_i U_gi²)^{3/2})
/// (Efron 1987, JASA 82:171–185; Efron & Tibshirani 1993, An Introduction to the Bootstrap,
/// eq. 14.15, with the per-sample scaling of Davison & Hinkley 1997, §3.7 for several samples —
/// scipy.stats.bootstrap's formula). NaN if a group has fewer than 2 respondents or every
/// jackknife value is equal. Throws what the statistic throws.
template <class Real = double, class Statistic>
Real jackknife_acceleration(count_view a, count_view b, const Statistic& statistic) {
  std::vector<std::int64_t> ca(a.begin(), a.end());
  std::vector<std::int64_t> cb(b.begin(), b.end());
  if (a.total() < 2 || b.total() < 2) return nan<Real>();
  const auto ja = detail::jackknife_group<Real>(ca, b, true, statistic);
  const auto jb = detail::jackknife_group<Real>(cb, a, false, statistic);
  const Real den = ja.squares + jb.squares;
  if (!(den > 0)) return nan<Real>();
  return (ja.cubes + jb.cubes) / (6 * den * std::sqrt(den));
}

/// Percentile and BCa intervals from B bootstrap replicates of a statistic with observed value
/// `estimate` and BCa acceleration `acceleration`, at confidence `level`.
/// Percentile: the α/2 and 1 − α/2 type-7 quantiles of the replicates (as scipy.stats.bootstrap).
/// BCa (Efron 1987; Efron & Tibshirani 1993, ch. 14.3): z₀ = Φ⁻¹((#{θ* < θ̂} + ½#{θ* = θ̂})/B)
/// (θ* = θ̂ within tie_ulps units in the last place of the largest |θ|; scipy and R compare
/// exactly, tie_ulps = 0),
/// α₁,₂ = Φ(z₀ + (z₀ + z_{α/2, 1−α/2}) / (1 − â(z₀ + z_{α/2, 1−α/2}))), the interval the α₁ and
/// α₂ quantiles. Ties count one half in z₀ (scipy's convention; R boot counts θ* < θ̂ only).
/// Non-finite replicates are dropped. Fewer than two finite replicates → NaN, status too_few;
/// all replicates equal → NaN, zero_variance; z₀ infinite (all replicates on one side of θ̂)
/// or â NaN → BCa NaN, status boundary / zero_variance.
/// Throws cxgap::invalid_argument if level is not in (0, 1) or tie_ulps is negative.
template <class Real = double>
bootstrap_intervals<Real> bootstrap_confidence_intervals(std::vector<Real> replicates,
                                                         Real estimate, Real acceleration,
                                                         Real level, Real tie_ulps = 64) {
  detail::check_level("cxgap::bootstrap_confidence_intervals", level);
  detail::check_nonnegative("cxgap::bootstrap_confidence_intervals", "tie_ulps", tie_ulps);
  bootstrap_intervals<Real> out;
  out.percentile.method = "bootstrap percentile";
  out.bca.method = "bootstrap BCa";
  out.percentile.level = level;
  out.bca.level = level;
  replicates.erase(std::remove_if(replicates.begin(), replicates.end(),
                                  [](Real x) { return !std::isfinite(x); }),
                   replicates.end());
  if (replicates.size() < 2 || !std::isfinite(estimate)) {
    out.percentile.status = out.bca.status = stat_status::too_few;
    return out;
  }
  std::sort(replicates.begin(), replicates.end());
  if (!(replicates.back() > replicates.front())) {
    out.percentile.status = out.bca.status = stat_status::zero_variance;
    return out;
  }
  const Real alpha = (1 - level) / 2;
  out.percentile.lower = detail::sorted_quantile(replicates, alpha);
  out.percentile.upper = detail::sorted_quantile(replicates, 1 - alpha);

  // Ties within tie_ulps ulp of the largest magnitude: the same gap reached through different
  // counts can differ in the last bits (x/n_A − y/n_B), and must still count as a tie.
  const Real scale = std::max({std::fabs(estimate), std::fabs(replicates.front()),
                               std::fabs(replicates.back())});
  const Real tol = tie_ulps * std::numeric_limits<Real>::epsilon() * scale;
  const auto below = std::lower_bound(replicates.begin(), replicates.end(), estimate - tol);
  const auto not_above = std::upper_bound(replicates.begin(), replicates.end(), estimate + tol);
  const Real b_count = static_cast<Real>(replicates.size());
  const Real share = (static_cast<Real>(below - replicates.begin()) +
                      static_cast<Real>(not_above - replicates.begin())) / (2 * b_count);
  if (!(share > 0 && share < 1)) {
    out.bca.status = stat_status::boundary;
    return out;
  }
  out.z0 = detail::normal_quantile(share);
  if (!std::isfinite(acceleration)) {
    out.bca.status = stat_status::zero_variance;
    return out;
  }
  const Real z_lo = detail::normal_quantile(alpha);
  const Real z_hi = -z_lo;
  const Real n1 = out.z0 + z_lo;
  const Real n2 = out.z0 + z_hi;
  out.bca_lower_level = detail::normal_cdf(out.z0 + n1 / (1 - acceleration * n1));
  out.bca_upper_level = detail::normal_cdf(out.z0 + n2 / (1 - acceleration * n2));
  if (!(out.bca_lower_level >= 0 && out.bca_upper_level <= 1)) {
    out.bca.status = stat_status::boundary;
    return out;
  }
  out.bca.lower = detail::sorted_quantile(replicates, out.bca_lower_level);
  out.bca.upper = detail::sorted_quantile(replicates, out.bca_upper_level);
  return out;
}

/// Bootstrap of a gap statistic A − B from category counts a and b (same K categories):
/// B = options.resamples resamples, each drawing group A's counts from Multinomial(n_A, a/n_A)
/// and group B's from Multinomial(n_B, b/n_B) (the stratified nonparametric bootstrap of the
/// respondents, Efron & Tibshirani 1993, ch. 6 and 8), in O(B·K) time and O(B) memory whatever
/// n_A and n_B. `statistic(count_view a, count_view b)` returns the gap (mean_gap, top_box_gap,
/// nps_gap, cliff_delta_gap or any callable; called concurrently when threads > 1, so it must be
/// safe to call from several threads; an exception it throws on a resample is rethrown here
/// after all threads have joined). Returns θ̂, the bootstrap SE and bias, the percentile and
/// BCa intervals (bootstrap_confidence_intervals) and the jackknife acceleration
/// (jackknife_acceleration).
/// Degenerate data: a group empty → all NaN, status empty; a group of one → θ̂ only, status
/// too_few; replicates all equal (e.g. each group in a single category) → θ̂, std_error 0,
/// intervals NaN, status zero_variance.
/// Throws cxgap::invalid_argument if a and b differ in length, a count is negative, level is
/// not in (0, 1) or resamples < 2; and whatever the statistic throws on the observed counts.
template <class Real = double, class Statistic>
bootstrap_result<Real> bootstrap_gap(count_view a, count_view b, const Statistic& statistic,
                                     const bootstrap_options& options = {}) {
  constexpr const char* fn = "cxgap::bootstrap_gap";
  const auto sizes = detail::check_rank_groups(fn, a, b);
  detail::check_level(fn, options.level);
  if (options.resamples < 2) detail::throw_invalid(fn, "options.resamples", options.resamples, "at least 2");

  bootstrap_result<Real> r;
  r.resamples = options.resamples;
  r.percentile.method = "bootstrap percentile";
  r.bca.method = "bootstrap BCa";
  r.percentile.level = r.bca.level = static_cast<Real>(options.level);
  if (sizes.n_a == 0 || sizes.n_b == 0) {
    r.status = r.percentile.status = r.bca.status = stat_status::empty;
    return r;
  }
  r.estimate = static_cast<Real>(statistic(a, b));  // throws here, not in a worker thread
  if (sizes.n_a < 2 || sizes.n_b < 2) {
    r.status = r.percentile.status = r.bca.status = stat_status::too_few;
    return r;
  }

  const std::size_t k_count = a.size();
  const auto b_total = static_cast<std::size_t>(options.resamples);
  std::vector<Real> reps(b_total);
  auto run = [&](std::size_t first, std::size_t last, std::exception_ptr& error) {
    try {
      std::vector<std::int64_t> ra(k_count), rb(k_count);
      for (std::size_t i = first; i < last; ++i) {
        detail::philox_stream stream(options.seed, options.item, static_cast<std::uint64_t>(i));
        detail::sample_multinomial(stream, sizes.n_a, a.data(), k_count, ra.data());
        detail::sample_multinomial(stream, sizes.n_b, b.data(), k_count, rb.data());
        reps[i] = static_cast<Real>(statistic(count_view(ra), count_view(rb)));
      }
    } catch (...) {
      error = std::current_exception();  // rethrown in the calling thread
    }
  };
  unsigned threads = options.threads == 0 ? std::thread::hardware_concurrency() : options.threads;
  if (threads == 0) threads = 1;
  if (threads > b_total) threads = static_cast<unsigned>(b_total);
  std::vector<std::exception_ptr> errors(threads);
  if (threads <= 1) {
    run(0, b_total, errors[0]);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    const std::size_t chunk = (b_total + threads - 1) / threads;
    for (unsigned t = 1; t < threads; ++t) {
      const std::size_t first = std::min(b_total, chunk * t);
      const std::size_t last = std::min(b_total, first + chunk);
      pool.emplace_back(run, first, last, std::ref(errors[t]));
    }
    run(0, std::min(b_total, chunk), errors[0]);
    for (auto& th : pool) th.join();
  }
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }

  // SE and bias over the finite replicates (two-pass).
  Real sum = 0;
  std::int64_t finite = 0;
  for (Real x : reps) {
    if (std::isfinite(x)) {
      sum += x;
      ++finite;
    }
  }
  r.undefined_replicates = options.resamples - finite;
  if (finite >= 2) {
    const Real mean = sum / static_cast<Real>(finite);
    Real ss = 0;
    for (Real x : reps) {
      if (std::isfinite(x)) ss += (x - mean) * (x - mean);
    }
    r.std_error = std::sqrt(ss / static_cast<Real>(finite - 1));
    r.bias = mean - r.estimate;
  }
  r.acceleration = jackknife_acceleration<Real>(a, b, statistic);
  if (options.keep_replicates) r.replicates = reps;
  const auto ci = bootstrap_confidence_intervals<Real>(std::move(reps), r.estimate, r.acceleration,
                                                       static_cast<Real>(options.level));
  r.percentile = ci.percentile;
  r.bca = ci.bca;
  r.z0 = ci.z0;
  r.status = ci.percentile.status;
  return r;
}

}  // namespace cxgap

#endif  // CXGAP_STATS_BOOTSTRAP_HPP
