// The PSU bootstrap of design-based gaps: Rao & Wu's (1988) rescaled bootstrap (R survey's
// as.svrepdesign(type = "subbootstrap")) of the gap A − B of every item's domain mean, top-box
// share and NPS, from a PSU tally. A replicate's estimate needs only per-PSU weighted sums, so the
// B replicates of every gap are one matrix product: multipliers (B × PSUs) times per-PSU sums
// (PSUs × item·group·sum columns), cost O(B × PSUs × columns), independent of the number of
// respondents. Percentile and BCa intervals (acceleration from the stratified delete-one-PSU
// jackknife), and the bootstrap SE as R's svrVar. The multipliers are drawn from Philox4x64-10
// keyed by the seed, replicate r from the stream of counter r: identical for any thread count.
// Methods, R correspondences, degenerate cases and validation: docs/bootstrap.md.
#ifndef CXGAP_DESIGN_BOOTSTRAP_HPP
#define CXGAP_DESIGN_BOOTSTRAP_HPP

#include <Eigen/Core>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "cxgap/config.hpp"
#include "cxgap/design/design.hpp"
#include "cxgap/design/psu_tally.hpp"
#include "cxgap/design/replicate.hpp"
#include "cxgap/design/taylor.hpp"
#include "cxgap/detail/check.hpp"
#include "cxgap/error.hpp"
#include "cxgap/stats/bootstrap.hpp"
#include "cxgap/stats/detail/philox.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// Options of design_bootstrap.
struct design_bootstrap_options {
  std::int64_t replicates = 10000;  ///< B, at least 2
  double level = 0.95;              ///< confidence level of the percentile and BCa intervals
  std::uint64_t seed = 0;           ///< Philox key: replicate r draws from stream (seed, r)
  /// Worker threads; 0 = std::thread::hardware_concurrency(). The result is the same for every
  /// value: replicate r's multipliers come from its own stream, and replicates are multiplied
  /// in fixed blocks of design_bootstrap_block whichever thread takes the block.
  unsigned threads = 1;
  bool keep_replicates = false;  ///< return every gap's B replicate values (in replicate order)
};

/// Replicates per block of the matrix product (the unit of work of a thread).
inline constexpr std::size_t design_bootstrap_block = 256;

/// The bootstrap of one item's gaps A − B (bootstrap_result: θ̂, SE, bias, percentile and BCa
/// intervals, z₀, â, replicates dropped, status).
struct design_bootstrap_item {
  std::string item;   ///< item id (scale items), or the numeric item's name
  bool numeric = false;
  bootstrap_result<double> mean;                    ///< domain mean gap
  std::optional<bootstrap_result<double>> top_box;  ///< top-box share gap (scale items)
  std::optional<bootstrap_result<double>> nps;      ///< NPS gap in points (NPS scales)
};

/// design_bootstrap's result: the scale items of the tally's codebook in order, then its
/// numeric items.
struct design_bootstrap_report {
  std::string group_a, group_b;
  std::string method;          ///< "Rao-Wu rescaled bootstrap" or "supplied multipliers (…)"
  std::int64_t replicates = 0;
  std::size_t psus = 0;
  std::vector<design_bootstrap_item> items;
  /// too_few when the design has a one-PSU stratum under lonely_psu adjust or average (then
  /// every result is θ̂ only, status too_few); else ok.
  stat_status status = stat_status::ok;
};

namespace detail {

/// 32-bit uniforms from a Philox stream: each 64-bit word gives two, low half first.
class philox_halves {
 public:
  explicit philox_halves(philox_stream s) noexcept : stream_(s) {}
  std::uint32_t next() noexcept {
    if (half_) {
      half_ = false;
      return static_cast<std::uint32_t>(word_ >> 32);
    }
    word_ = stream_.next_u64();
    half_ = true;
    return static_cast<std::uint32_t>(word_);
  }

 private:
  philox_stream stream_;
  std::uint64_t word_ = 0;
  bool half_ = false;
};

/// Uniform integer in [0, n), 1 ≤ n < 2³², by Lemire's (2019, ACM TOMACS 29:3) multiply-shift
/// with rejection (unbiased): the high half of x·n for a 32-bit uniform x, x·n's low half below
/// (2³² − n) mod n redrawn.
inline std::uint32_t philox_below(philox_halves& g, std::uint32_t n) noexcept {
  std::uint64_t m = static_cast<std::uint64_t>(g.next()) * n;
  if (static_cast<std::uint32_t>(m) < n) {
    const std::uint32_t threshold = (0u - n) % n;
    while (static_cast<std::uint32_t>(m) < threshold)
      m = static_cast<std::uint64_t>(g.next()) * n;
  }
  return static_cast<std::uint32_t>(m >> 32);
}

/// Second half of the Philox key of the PSU bootstrap ("PSU-BOOT"), so its streams differ from
/// the i.i.d. bootstrap's (seed, item) streams.
inline constexpr std::uint64_t psu_bootstrap_tag = 0x5053552D424F4F54u;

/// PSUs of each stratum (index order), from a clustered design.
inline std::vector<std::vector<std::size_t>> psus_by_stratum(const survey_design& d) {
  std::vector<std::vector<std::size_t>> m(d.strata.size());
  for (std::size_t p = 0; p < d.psus.size(); ++p) m[d.psu_stratum[p]].push_back(p);
  return m;
}

/// Fills rows of `m` (count × P, zeroed here) with the Rao–Wu multipliers of replicates
/// first..first+count−1: per stratum (index order) n_h − 1 uniform draws of a PSU position
/// (index order within the stratum; philox_below on 32-bit halves of replicate r's stream);
/// a PSU drawn k times gets k·n_h/(n_h − 1). A one-PSU
/// stratum keeps multiplier 1 (it contributes no variance).
template <class Matrix>
void rao_wu_rows(const std::vector<std::vector<std::size_t>>& members, std::uint64_t seed,
                 std::size_t first, Matrix& m) {
  m.setZero();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    const std::uint64_t r = static_cast<std::uint64_t>(first) + static_cast<std::uint64_t>(i);
    philox_halves stream(philox_stream(seed, psu_bootstrap_tag, r));
    for (const auto& psus : members) {
      const std::size_t nh = psus.size();
      if (nh == 1) {
        m(i, static_cast<Eigen::Index>(psus[0])) = 1;
        continue;
      }
      const double factor = static_cast<double>(nh) / static_cast<double>(nh - 1);
      const auto n32 = static_cast<std::uint32_t>(nh);
      for (std::size_t k = 0; k + 1 < nh; ++k)
        m(i, static_cast<Eigen::Index>(psus[philox_below(stream, n32)])) += factor;
    }
  }
}

/// One gap statistic: columns of the per-PSU sums for A's numerator and denominator, B's.
struct gap_columns {
  Eigen::Index num_a = 0, den_a = 0, num_b = 0, den_b = 0;
};

/// The per-PSU sums (P × C, column-major) and the statistics read from them, in report order:
/// per scale item mean, top box[, NPS]; per numeric item the mean.
struct psu_sums {
  Eigen::MatrixXd sums;
  std::vector<gap_columns> stats;
};

inline double ratio_gap(double na, double da, double nb, double db) {
  return da != 0 && db != 0 ? na / da - nb / db : std::numeric_limits<double>::quiet_NaN();
}

inline psu_sums build_psu_sums(const psu_tally& t, const survey_design& d, std::size_t ga,
                               std::size_t gb) {
  const cxgap::codebook& cb = t.codebook();
  const std::size_t I = cb.size(), K = t.numerics().size(), P = d.psus.size();
  // Columns: per scale item and group den, mean, top[, nps]; per numeric item and group den, num.
  std::vector<std::size_t> first(I + K + 1, 0);
  for (std::size_t i = 0; i < I; ++i) first[i + 1] = first[i] + (cb[i].scale.is_nps() ? 8 : 6);
  for (std::size_t k = 0; k < K; ++k) first[I + k + 1] = first[I + k] + 4;
  psu_sums s;
  s.sums = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(P),
                                 static_cast<Eigen::Index>(first.back()));
  // Per scale item: the category scores of the mean, the top box and (NPS scales) the NPS.
  std::vector<std::vector<double>> mean(I), top(I), nps(I);
  for (std::size_t i = 0; i < I; ++i) {
    mean[i] = mean_scores(cb[i].scale);
    top[i] = top_box_scores(cb[i].scale);
    if (cb[i].scale.is_nps()) nps[i] = nps_scores(cb[i].scale);
  }
  for (std::size_t u = 0; u < t.unit_count(); ++u) {
    const auto p = static_cast<Eigen::Index>(d.unit_psu[u]);
    for (std::size_t i = 0; i < I; ++i) {
      const auto kc = static_cast<std::size_t>(cb[i].scale.size());
      const std::size_t per = nps[i].empty() ? 3 : 4;
      for (std::size_t g = 0; g < 2; ++g) {
        const double* w = t.weight_sums(u, g == 0 ? ga : gb, i);
        const auto c = static_cast<Eigen::Index>(first[i] + g * per);
        for (std::size_t b = 0; b < kc; ++b) {
          s.sums(p, c) += w[b];
          s.sums(p, c + 1) += w[b] * mean[i][b];
          s.sums(p, c + 2) += w[b] * top[i][b];
          if (per == 4) s.sums(p, c + 3) += w[b] * nps[i][b];
        }
      }
    }
    for (std::size_t k = 0; k < K; ++k)
      for (std::size_t g = 0; g < 2; ++g) {
        const numeric_sums& m = t.numeric(u, g == 0 ? ga : gb, k);
        const auto c = static_cast<Eigen::Index>(first[I + k] + g * 2);
        s.sums(p, c) += m.sw;
        s.sums(p, c + 1) += m.swy;  // about the item's shift, which cancels in the gap
      }
  }
  for (std::size_t i = 0; i < I; ++i) {
    const auto c = static_cast<Eigen::Index>(first[i]);
    const Eigen::Index per = cb[i].scale.is_nps() ? 4 : 3;
    for (Eigen::Index j = 1; j < per; ++j) s.stats.push_back({c + j, c, c + per + j, c + per});
  }
  for (std::size_t k = 0; k < K; ++k) {
    const auto c = static_cast<Eigen::Index>(first[I + k]);
    s.stats.push_back({c + 1, c, c + 3, c + 2});
  }
  return s;
}

/// BCa acceleration of each statistic from the stratified delete-one-PSU jackknife (JKn: PSU p
/// of stratum h dropped, the other PSUs of h weighted n_h/(n_h − 1)), strata of one PSU left
/// out: U_hp = (n_h − 1)(θ̄_h − θ_(hp)), â = Σ_h n_h⁻³ Σ_p U³ / (6 (Σ_h n_h⁻² Σ_p U²)^{3/2})
/// (the strata as the samples of Davison & Hinkley 1997, §3.7; scipy.stats.bootstrap's
/// formula). NaN when a jackknife value is NaN (a domain lost) or all are equal.
inline std::vector<double> jackknife_accelerations(
    const psu_sums& s, const std::vector<std::vector<std::size_t>>& members,
    std::vector<char>& undefined) {
  const Eigen::RowVectorXd total = s.sums.colwise().sum();
  std::vector<double> cubes(s.stats.size(), 0.0), squares(s.stats.size(), 0.0);
  undefined.assign(s.stats.size(), 0);
  std::vector<double> theta;
  for (const auto& psus : members) {
    const std::size_t nh = psus.size();
    if (nh < 2) continue;
    const double f = static_cast<double>(nh) / static_cast<double>(nh - 1);
    Eigen::RowVectorXd stratum = Eigen::RowVectorXd::Zero(s.sums.cols());
    for (std::size_t p : psus) stratum += s.sums.row(static_cast<Eigen::Index>(p));
    for (std::size_t j = 0; j < s.stats.size(); ++j) {
      const gap_columns& c = s.stats[j];
      theta.assign(nh, 0.0);
      double mean = 0;
      for (std::size_t k = 0; k < nh; ++k) {
        const auto p = static_cast<Eigen::Index>(psus[k]);
        const auto drop = [&](Eigen::Index col) {
          return total(col) - stratum(col) + f * (stratum(col) - s.sums(p, col));
        };
        theta[k] = ratio_gap(drop(c.num_a), drop(c.den_a), drop(c.num_b), drop(c.den_b));
        mean += theta[k];
      }
      if (std::isnan(mean)) undefined[j] = 1;
      mean /= static_cast<double>(nh);
      const double n = static_cast<double>(nh);
      double c3 = 0, c2 = 0;
      for (double th : theta) {
        const double u = (n - 1) * (mean - th);
        c3 += u * u * u;
        c2 += u * u;
      }
      cubes[j] += c3 / (n * n * n);
      squares[j] += c2 / (n * n);
    }
  }
  std::vector<double> a(s.stats.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t j = 0; j < a.size(); ++j)
    if (!undefined[j] && squares[j] > 0)
      a[j] = cubes[j] / (6 * squares[j] * std::sqrt(squares[j]));
  return a;
}

/// Replicate estimates of every statistic: rows of replicates [0, B) in blocks of
/// design_bootstrap_block, `fill(first, block)` writing a block's multipliers (or returning a
/// map of them); out[j·B + r] = statistic j of replicate r.
template <class Multipliers>
void replicate_gaps(const psu_sums& s, std::size_t replicates, unsigned threads,
                    const Multipliers& multipliers, std::vector<double>& out) {
  const std::size_t J = s.stats.size();
  out.assign(J * replicates, 0.0);
  const std::size_t blocks = (replicates + design_bootstrap_block - 1) / design_bootstrap_block;
  std::atomic<std::size_t> next{0};
  auto run = [&](std::exception_ptr& error) {
    try {
      Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m;
      Eigen::MatrixXd totals;
      for (std::size_t b = next++; b < blocks; b = next++) {
        const std::size_t first = b * design_bootstrap_block;
        const std::size_t count = std::min(design_bootstrap_block, replicates - first);
        totals.noalias() = multipliers(first, count, m) * s.sums;
        for (std::size_t j = 0; j < J; ++j) {
          const gap_columns& c = s.stats[j];
          double* o = out.data() + j * replicates + first;
          for (std::size_t r = 0; r < count; ++r) {
            const auto i = static_cast<Eigen::Index>(r);
            o[r] = ratio_gap(totals(i, c.num_a), totals(i, c.den_a), totals(i, c.num_b),
                             totals(i, c.den_b));
          }
        }
      }
    } catch (...) {
      error = std::current_exception();
    }
  };
  if (threads == 0) threads = std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, blocks));
  std::vector<std::exception_ptr> errors(std::max(threads, 1u));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run, std::ref(errors[t]));
  run(errors[0]);
  for (auto& th : pool) th.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

/// Fills the bootstrap_result of statistic j from its replicates.
inline bootstrap_result<double> summarise_replicates(const replicate_design& scale_of,
                                                     double estimate, std::vector<double> reps,
                                                     double acceleration, bool jackknife_undefined,
                                                     std::int64_t domain_psus, double level,
                                                     bool keep) {
  bootstrap_result<double> r;
  r.resamples = static_cast<std::int64_t>(reps.size());
  r.percentile.method = "bootstrap percentile";
  r.bca.method = "bootstrap BCa";
  r.percentile.level = r.bca.level = level;
  r.estimate = estimate;
  if (std::isnan(estimate)) {
    r.status = r.percentile.status = r.bca.status = stat_status::empty;
    return r;
  }
  if (domain_psus < 2) {  // a domain in one PSU: most replicates lose it
    r.status = r.percentile.status = r.bca.status = stat_status::too_few;
    return r;
  }
  double sum = 0;
  std::int64_t finite = 0;
  for (double x : reps)
    if (std::isfinite(x)) sum += x, ++finite;
  r.undefined_replicates = r.resamples - finite;
  if (finite >= 1) r.bias = sum / static_cast<double>(finite) - estimate;
  const double v = replicate_variance(scale_of, estimate, reps);
  r.std_error = std::sqrt(v);
  r.acceleration = acceleration;
  if (keep) r.replicates = reps;
  const auto ci = bootstrap_confidence_intervals<double>(std::move(reps), estimate, acceleration,
                                                         level);
  r.percentile = ci.percentile;
  r.bca = ci.bca;
  r.z0 = ci.z0;
  if (jackknife_undefined && ci.percentile.status == stat_status::ok &&
      ci.bca.status != stat_status::boundary) {
    r.bca.status = stat_status::too_few;  // a delete-one-PSU jackknife value lost a domain
  }
  r.status = ci.percentile.status;
  return r;
}

template <class Multipliers>
design_bootstrap_report run_design_bootstrap(const psu_tally& t,
                                             const survey_design& d, std::string_view group_a,
                                             std::string_view group_b,
                                             const replicate_design& scale_of, double level,
                                             unsigned threads, bool keep, bool lonely_refused,
                                             const Multipliers& multipliers) {
  const std::size_t ga = t.group_index(group_a), gb = t.group_index(group_b);
  const psu_sums s = build_psu_sums(t, d, ga, gb);
  const auto members = psus_by_stratum(d);
  const std::size_t B = scale_of.replicate_count;
  const Eigen::RowVectorXd total = s.sums.colwise().sum();
  std::vector<char> jk_undefined;
  const std::vector<double> accel = jackknife_accelerations(s, members, jk_undefined);
  std::vector<double> reps;
  if (!lonely_refused) replicate_gaps(s, B, threads, multipliers, reps);

  design_bootstrap_report rep;
  rep.group_a = std::string(group_a);
  rep.group_b = std::string(group_b);
  rep.replicates = static_cast<std::int64_t>(B);
  rep.psus = d.psus.size();
  rep.status = lonely_refused ? stat_status::too_few : stat_status::ok;
  std::size_t j = 0;
  const auto result = [&]() {
    const gap_columns& c = s.stats[j];
    const double est = ratio_gap(total(c.num_a), total(c.den_a), total(c.num_b), total(c.den_b));
    std::int64_t pa = 0, pb = 0;
    for (Eigen::Index p = 0; p < s.sums.rows(); ++p) {
      pa += s.sums(p, c.den_a) > 0;
      pb += s.sums(p, c.den_b) > 0;
    }
    bootstrap_result<double> r;
    if (lonely_refused) {
      r.estimate = est;
      r.resamples = static_cast<std::int64_t>(B);
      r.percentile.method = "bootstrap percentile";
      r.bca.method = "bootstrap BCa";
      r.percentile.level = r.bca.level = level;
      r.status = r.percentile.status = r.bca.status =
          std::isnan(est) ? stat_status::empty : stat_status::too_few;
    } else {
      std::vector<double> v(reps.begin() + static_cast<std::ptrdiff_t>(j * B),
                            reps.begin() + static_cast<std::ptrdiff_t>((j + 1) * B));
      r = summarise_replicates(scale_of, est, std::move(v), accel[j], jk_undefined[j] != 0,
                               std::min(pa, pb), level, keep);
    }
    ++j;
    return r;
  };
  const cxgap::codebook& cb = t.codebook();
  for (std::size_t i = 0; i < cb.size(); ++i) {
    design_bootstrap_item it;
    it.item = cb[i].id;
    it.mean = result();
    it.top_box = result();
    if (cb[i].scale.is_nps()) it.nps = result();
    rep.items.push_back(std::move(it));
  }
  for (const std::string& name : t.numerics()) {
    design_bootstrap_item it;
    it.item = name;
    it.numeric = true;
    it.mean = result();
    rep.items.push_back(std::move(it));
  }
  CXGAP_ASSERT(j == s.stats.size());
  return rep;
}

// Messages are built by appending (GCC 12 -O2 C++20 warns falsely on `std::string(a) + b`).
[[noreturn]] inline void throw_design_bootstrap(const char* fn, const char* why) {
  std::string m(fn);
  m += ": ";
  m += why;
  throw cxgap::invalid_argument(m);
}

inline void check_bootstrap_design(const char* fn, const psu_tally& t, const survey_design& d) {
  if (d.rows_are_psus())
    throw_design_bootstrap(fn,
                           "the design has no cluster (PSU) column; the PSU bootstrap needs "
                           "per-PSU sums, and a tally of an element sample keeps per-stratum "
                           "sums only");
  if (t.unit_count() != d.unit_count())
    throw_design_bootstrap(fn, "the tally and the design differ in units");
}

}  // namespace detail

/// The Rao–Wu rescaled bootstrap of the gaps A − B of every item of a PSU tally: the mean gap,
/// the top-box share gap and (NPS scales) the NPS gap of each scale item, the mean gap of each
/// numeric item, all domain ratio estimators over the full design (out-of-domain rows weigh 0,
/// every PSU stays). Replicate r draws, in each stratum, n_h − 1 of its n_h PSUs with
/// replacement; a PSU drawn k times gets multiplier k·n_h/(n_h − 1) (R survey's
/// as.svrepdesign(type = "subbootstrap"); first stage only, no fpc, as R). Returns per gap θ̂,
/// the SE as R's svrVar (scale 1/(B − 1), centred on the replicates' mean), the bias, percentile
/// and BCa intervals (bootstrap_confidence_intervals; â from the stratified delete-one-PSU
/// jackknife), z₀ and the dropped replicates (a domain without weight in a replicate). Cost
/// O(B × PSUs × columns) as blocked matrix products, independent of the respondents.
/// Degenerate data: a domain without weight (group absent, all missing) → NaN, status empty; a
/// domain in one PSU → θ̂ only, too_few; replicates all equal → SE 0, intervals NaN,
/// zero_variance; a one-PSU stratum keeps multiplier 1 under lonely_psu certainty or remove (or
/// a census stratum) and makes every result too_few under adjust or average.
/// @throws cxgap::invalid_argument for a design without clusters, a tally of other units,
///         replicates < 2 or level ∉ (0, 1); cxgap::out_of_range for an unknown group.
/// Reference: Rao & Wu (1988) JASA 83:231–241; Rao, Wu & Yue (1992) Survey Methodology
/// 18:209–217; Efron (1987) JASA 82:171–185 (BCa).
inline design_bootstrap_report design_bootstrap(const psu_tally& t, const survey_design& d,
                                                std::string_view group_a,
                                                std::string_view group_b,
                                                const design_bootstrap_options& o = {}) {
  constexpr const char* fn = "cxgap::design_bootstrap";
  detail::check_bootstrap_design(fn, t, d);
  detail::check_level(fn, o.level);
  if (o.replicates < 2) detail::throw_invalid(fn, "options.replicates", o.replicates, "at least 2");
  const auto B = static_cast<std::size_t>(o.replicates);
  bool refused = false;
  for (std::size_t h = 0; h < d.strata.size(); ++h)
    if (d.stratum_psus[h] == 1 && !(d.stratum_f(h) < 1e-7) &&
        (d.spec.lonely == lonely_psu::adjust || d.spec.lonely == lonely_psu::average))
      refused = true;
  const replicate_design scale_of = supplied_replicate_design(replicate_method::subbootstrap, B);
  const auto members = detail::psus_by_stratum(d);
  const auto P = static_cast<Eigen::Index>(d.psus.size());
  const std::uint64_t seed = o.seed;
  auto fill = [&members, P, seed](std::size_t first, std::size_t count, auto& m) -> const auto& {
    m.resize(static_cast<Eigen::Index>(count), P);
    detail::rao_wu_rows(members, seed, first, m);
    return m;
  };
  design_bootstrap_report r = detail::run_design_bootstrap(
      t, d, group_a, group_b, scale_of, o.level, o.threads, o.keep_replicates, refused, fill);
  r.method = "Rao-Wu rescaled bootstrap";
  return r;
}

/// The same bootstrap from supplied per-PSU multipliers (e.g. R's as.svrepdesign(type =
/// "subbootstrap") replicates, or rao_wu_multipliers): `m` as psu_replicate_design makes it,
/// R × P replicate-major with P = d.psu_count() in the design's PSU order. The SE is R's svrVar
/// with m's scale, rscales and mse (replicate_variance); the percentile and BCa intervals read
/// the replicates as bootstrap replicates (meaningful for bootstrap multipliers only).
/// @throws cxgap::invalid_argument for a design without clusters, a multiplier design of
///         another PSU count or without PSU multipliers, fewer than 2 replicates or level
///         ∉ (0, 1); cxgap::out_of_range for an unknown group.
inline design_bootstrap_report design_bootstrap(const psu_tally& t, const survey_design& d,
                                                std::string_view group_a,
                                                std::string_view group_b,
                                                const replicate_design& m, double level = 0.95,
                                                unsigned threads = 1,
                                                bool keep_replicates = false) {
  constexpr const char* fn = "cxgap::design_bootstrap";
  detail::check_bootstrap_design(fn, t, d);
  detail::check_level(fn, level);
  if (m.psu_count != d.psus.size() || m.multipliers.size() != m.psu_count * m.replicate_count) {
    std::string bound("the design's PSU count ");
    bound += std::to_string(d.psus.size());
    bound += ", with R × P multipliers";
    detail::throw_invalid(fn, "multipliers.psu_count", m.psu_count, bound.c_str());
  }
  if (m.replicate_count < 2)
    detail::throw_invalid(fn, "multipliers.replicate_count", m.replicate_count, "at least 2");
  const auto P = static_cast<Eigen::Index>(m.psu_count);
  using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  auto view = [&m, P](std::size_t first, std::size_t count, row_major&) {
    return Eigen::Map<const row_major>(m.multipliers.data() + first * m.psu_count,
                                       static_cast<Eigen::Index>(count), P);
  };
  design_bootstrap_report r = detail::run_design_bootstrap(
      t, d, group_a, group_b, m, level, threads, keep_replicates, false, view);
  r.method = "supplied multipliers (";
  r.method += to_string(m.method);
  r.method += ')';
  return r;
}

/// The Rao–Wu multipliers design_bootstrap draws for a seed, as a replicate_design (R × P,
/// replicate-major, scale 1/(R − 1), rscales 1): the same replicates as design_bootstrap with
/// options.seed = seed (a one-PSU stratum keeps multiplier 1). For inspection, or to reuse the
/// draws with replicate.hpp's estimators; its degf is NaN (not computed).
/// @throws cxgap::invalid_argument for a design without clusters or replicates < 2.
inline replicate_design rao_wu_multipliers(const survey_design& d, std::size_t replicates,
                                           std::uint64_t seed) {
  constexpr const char* fn = "cxgap::rao_wu_multipliers";
  if (d.rows_are_psus())
    detail::throw_design_bootstrap(fn, "the design has no cluster (PSU) column");
  if (replicates < 2) detail::throw_invalid(fn, "replicates", replicates, "at least 2");
  const std::size_t P = d.psus.size();
  std::vector<double> mult(replicates * P);
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> m(
      mult.data(), static_cast<Eigen::Index>(replicates), static_cast<Eigen::Index>(P));
  detail::rao_wu_rows(detail::psus_by_stratum(d), seed, 0, m);
  replicate_design r;
  r.method = replicate_method::subbootstrap;
  r.psu_count = P;
  r.replicate_count = replicates;
  r.multipliers = std::move(mult);
  r.scale = 1 / static_cast<double>(replicates - 1);
  r.rscales.assign(replicates, 1.0);
  return r;  // degf left NaN: R's rank-based degf costs O(P·R·min(P, R))
}

}  // namespace cxgap

#endif  // CXGAP_DESIGN_BOOTSTRAP_HPP
