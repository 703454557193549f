// Replicate-weight designs with R survey's semantics: jackknife (JK1, JKn), balanced repeated
// replication (BRR, with Fay's factor ρ), the Rao–Wu rescaled bootstrap (R's "subbootstrap"),
// the Canty–Davison bootstrap scale (R's "bootstrap"), and replicate weights supplied as columns
// of a file (R's svrepdesign). A generated design is an R × P matrix of PSU multipliers; the
// replicate estimate r of a total is Σ_p m_rp·t_p from per-PSU totals t_p, so estimates need
// only per-PSU sums (one pass over the data). Variance as R's svrVar:
//   v = scale · Σ_r rscales_r (θ_r − θ̄)²,  θ̄ = mean of the replicates (mse = false) or θ̂.
// Formulas, R correspondences and choices: docs/design-replicate.md.
#ifndef CXGAP_DESIGN_REPLICATE_HPP
#define CXGAP_DESIGN_REPLICATE_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "cxgap/design/detail/hadamard.hpp"
#include "cxgap/design/detail/replicate_rank.hpp"
#include "cxgap/detail/check.hpp"
#include "cxgap/error.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// The replication method, named as R survey's `type`.
enum class replicate_method : unsigned char {
  jk1,           ///< delete-one-PSU jackknife, unstratified
  jkn,           ///< stratified delete-one-PSU jackknife
  brr,           ///< balanced repeated replication (two PSUs per stratum)
  fay,           ///< BRR with Fay's factor ρ
  bootstrap,     ///< Canty–Davison bootstrap (R: type = "bootstrap"); multipliers supplied
  subbootstrap,  ///< Rao–Wu rescaled bootstrap, n_h − 1 draws (R: type = "subbootstrap")
  other,         ///< supplied replicates with caller-given scale and rscales
};

constexpr std::string_view to_string(replicate_method m) noexcept {
  switch (m) {
    case replicate_method::jk1: return "JK1";
    case replicate_method::jkn: return "JKn";
    case replicate_method::brr: return "BRR";
    case replicate_method::fay: return "Fay";
    case replicate_method::bootstrap: return "bootstrap";
    case replicate_method::subbootstrap: return "subbootstrap";
    case replicate_method::other: return "other";
  }
  return "unknown";
}

/// What the stratified jackknife does with a stratum of one PSU (R's survey.lonely.psu).
enum class jkn_lonely_psu : unsigned char {
  fail,       ///< throw cxgap::invalid_argument naming the stratum (R's default)
  remove,     ///< the stratum contributes no replicate
  certainty,  ///< as remove: the PSU is taken with certainty
  average,    ///< as remove, and the variance is scaled by #PSU / #replicates
  adjust,     ///< one replicate: the lonely PSU gets 0, every other PSU H/(H−1), rscale (H−1)/H
};

/// A replicate-weight design. For a generated design (or supplied per-PSU multipliers),
/// `multipliers` holds R × P numbers, replicate-major: multiplier(r, p) = multipliers[r·P + p];
/// replicate r's weight of a respondent in PSU p is w·m_rp. For replicate weights supplied per
/// respondent, psu_count is 0 and multipliers is empty: the estimates come from R + 1 weighted
/// tallies or totals instead.
struct replicate_design {
  replicate_method method = replicate_method::other;
  std::size_t psu_count = 0;
  std::size_t replicate_count = 0;
  std::vector<double> multipliers;
  double scale = 1;                ///< overall factor of the variance (R: scale)
  std::vector<double> rscales;     ///< per-replicate factors (R: rscales), one per replicate
  bool mse = false;                ///< centre on the full-sample estimate instead of θ̄
  double rho = 0;                  ///< Fay's factor (0 for BRR)
  double degf = nan<double>();     ///< R's degf(): rank of the replicate weights − 1

  double multiplier(std::size_t r, std::size_t p) const { return multipliers[r * psu_count + p]; }
};

namespace detail {

inline void check_strata(const char* fn, const std::vector<std::size_t>& stratum_of_psu,
                         std::vector<std::vector<std::size_t>>& psus_of_stratum) {
  if (stratum_of_psu.empty()) throw_invalid(fn, "stratum_of_psu.size()", 0, "at least 1");
  std::size_t strata = 0;
  for (std::size_t s : stratum_of_psu) strata = std::max(strata, s + 1);
  if (strata > stratum_of_psu.size())
    throw_invalid(fn, "largest stratum index", strata - 1,
                  "below the number of PSUs (strata are numbered 0..H−1)");
  psus_of_stratum.assign(strata, {});
  for (std::size_t p = 0; p < stratum_of_psu.size(); ++p)
    psus_of_stratum[stratum_of_psu[p]].push_back(p);
  for (std::size_t h = 0; h < strata; ++h)
    if (psus_of_stratum[h].empty())
      throw_invalid(fn, "stratum index", h, "used by at least one PSU (strata numbered 0..H−1)");
}

/// R's degf() of a generated design: rank (qr tol 1e-5) of the P × R multiplier matrix − 1,
/// which is R's value when every PSU has a respondent of positive weight. With more replicates
/// than PSUs the rank is taken over the P rows (same rank, P × P Gram matrix instead of R × R).
inline double multiplier_degf(const replicate_design& d) {
  const std::size_t P = d.psu_count, R = d.replicate_count;
  if (R == 0) return 0;
  std::size_t rank = 0;
  if (R <= P) {
    rank = column_rank(P, R, [&d, P](std::size_t r) { return d.multipliers.data() + r * P; },
                       1e-5);
  } else {
    std::vector<double> rows(P * R);
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t p = 0; p < P; ++p) rows[p * R + r] = d.multipliers[r * P + p];
    rank = column_rank(R, P, [&rows, R](std::size_t p) { return rows.data() + p * R; }, 1e-5);
  }
  return static_cast<double>(rank) - 1;
}

/// SplitMix64 (Steele, Lea & Flood 2014): the generator of the seeded bootstrap, fully specified
/// so that a seed gives the same replicates on every machine and compiler.
struct splitmix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform integer in [0, n), n ≥ 1, by rejection: outputs ≥ 2⁶⁴ − (2⁶⁴ mod n) are redrawn,
  /// then the remainder mod n is taken.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                (std::numeric_limits<std::uint64_t>::max() % n + 1) % n;
    std::uint64_t x = next();
    while (x > limit) x = next();
    return x % n;
  }
};

/// Σ_p m_rp·v_p for every replicate r (R values), from P per-PSU values.
inline void replicate_totals(const replicate_design& d, const double* values, double* out) {
  const std::size_t P = d.psu_count;
  for (std::size_t r = 0; r < d.replicate_count; ++r) {
    const double* m = d.multipliers.data() + r * P;
    double s = 0;
    for (std::size_t p = 0; p < P; ++p) s += m[p] * values[p];
    out[r] = s;
  }
}

inline void check_psu_values(const char* fn, const replicate_design& d, const char* name,
                             const std::vector<double>& v) {
  if (d.psu_count == 0)
    throw_invalid(fn, "design.psu_count", 0,
                  "positive (a design of supplied per-respondent replicate weights has no PSU "
                  "multipliers: use the tally or replicate-total overloads)");
  if (v.size() != d.psu_count)
    throw_invalid(fn, name, v.size(),
                  ("equal to design.psu_count = " + std::to_string(d.psu_count)).c_str());
}

}  // namespace detail

/// JK1 (delete-one-PSU jackknife) for an unstratified design of `psus` PSUs: replicate r drops
/// PSU r and multiplies the others by n/(n−1); scale (1 − f)(n−1)/n with f = n/N when the number
/// of PSUs in the population N (`population_psus`, R's fpc) is given, else (n−1)/n. N = n (a
/// census) gives R's zero replicates and variance 0. As R's jk1weights / as.svrepdesign(type =
/// "JK1"). @throws cxgap::invalid_argument if psus < 2 or population_psus is in (0, n).
/// Reference: Wolter (2007) Introduction to Variance Estimation, 2nd ed., ch. 4.
inline replicate_design jk1_design(std::size_t psus, double population_psus = 0) {
  constexpr const char* fn = "cxgap::jk1_design";
  if (psus < 2) detail::throw_invalid(fn, "psus", psus, "at least 2 (JK1 deletes one PSU)");
  const double n = static_cast<double>(psus);
  double fpc = 1;
  if (population_psus != 0) {
    if (!(population_psus >= n))
      detail::throw_invalid(fn, "population_psus", population_psus,
                            ("at least the number of sampled PSUs " + std::to_string(psus) +
                             " (or 0 for no finite population correction)")
                                .c_str());
    fpc = (population_psus - n) / population_psus;
  }
  replicate_design d;
  d.method = replicate_method::jk1;
  d.psu_count = psus;
  d.scale = fpc * (n - 1) / n;
  if (fpc == 0) {  // census: R drops every replicate (survey.drop.replicates)
    d.degf = 0;
    return d;
  }
  d.replicate_count = psus;
  d.rscales.assign(psus, 1.0);
  d.multipliers.assign(psus * psus, n / (n - 1));
  for (std::size_t r = 0; r < psus; ++r) d.multipliers[r * psus + r] = 0;
  d.degf = n - 1;  // (n/(n−1))(J − I) has full rank n
  return d;
}

/// JKn (stratified delete-one-PSU jackknife): one replicate per PSU; replicate (h, j) drops PSU
/// j of stratum h, multiplies the other PSUs of h by n_h/(n_h−1) and leaves other strata at 1;
/// rscale (1 − f_h)(n_h−1)/n_h, scale 1. `stratum_of_psu[p]` numbers strata 0..H−1;
/// `population_psus` (empty, or one per stratum; 0 = none) gives N_h for f_h = n_h/N_h, and a
/// census stratum (N_h = n_h) contributes no replicate. Strata of one PSU follow `lonely`.
/// As R's jknweights / as.svrepdesign(type = "JKn").
/// @throws cxgap::invalid_argument for an empty or gapped stratum numbering, a population size
///         below the sample size, or a one-PSU stratum under jkn_lonely_psu::fail.
/// Reference: Wolter (2007), ch. 4; Rust & Rao (1996) Stat Methods Med Res 5:283–310.
inline replicate_design jkn_design(const std::vector<std::size_t>& stratum_of_psu,
                                   const std::vector<double>& population_psus = {},
                                   jkn_lonely_psu lonely = jkn_lonely_psu::fail) {
  constexpr const char* fn = "cxgap::jkn_design";
  std::vector<std::vector<std::size_t>> members;
  detail::check_strata(fn, stratum_of_psu, members);
  const std::size_t P = stratum_of_psu.size(), H = members.size();
  if (!population_psus.empty() && population_psus.size() != H)
    detail::throw_invalid(fn, "population_psus.size()", population_psus.size(),
                          ("0 or the number of strata " + std::to_string(H)).c_str());
  replicate_design d;
  d.method = replicate_method::jkn;
  d.psu_count = P;
  std::vector<std::vector<double>> columns;
  std::size_t jackknifed_strata = 0, adjusted = 0;
  for (std::size_t h = 0; h < H; ++h) {
    const std::size_t nh = members[h].size();
    double fpc = 1;
    if (!population_psus.empty() && population_psus[h] != 0) {
      if (!(population_psus[h] >= static_cast<double>(nh)))
        detail::throw_invalid(fn, "population_psus[h]", population_psus[h],
                              ("at least the " + std::to_string(nh) + " PSUs sampled in stratum " +
                               std::to_string(h))
                                  .c_str());
      fpc = (population_psus[h] - static_cast<double>(nh)) / population_psus[h];
    }
    if (fpc == 0) continue;  // census stratum: no replicate (R's survey.drop.replicates)
    if (nh == 1) {
      if (lonely == jkn_lonely_psu::fail)
        detail::throw_invalid(fn, "PSUs in stratum", std::to_string(h) + " (PSU " +
                                                         std::to_string(members[h][0]) + ")",
                              "at least 2 under jkn_lonely_psu::fail");
      if (lonely != jkn_lonely_psu::adjust) continue;
      const double Hd = static_cast<double>(H);
      std::vector<double> col(P, Hd / (Hd - 1));
      for (std::size_t p : members[h]) col[p] = 0;
      columns.push_back(std::move(col));
      d.rscales.push_back((Hd - 1) / Hd);
      ++adjusted;
      continue;
    }
    const double n = static_cast<double>(nh);
    ++jackknifed_strata;
    for (std::size_t j : members[h]) {
      std::vector<double> col(P, 1.0);
      for (std::size_t p : members[h]) col[p] = p == j ? 0.0 : n / (n - 1);
      columns.push_back(std::move(col));
      d.rscales.push_back(fpc * (n - 1) / n);
    }
  }
  d.replicate_count = columns.size();
  d.multipliers.reserve(d.replicate_count * P);
  for (const auto& c : columns) d.multipliers.insert(d.multipliers.end(), c.begin(), c.end());
  if (lonely == jkn_lonely_psu::average && d.replicate_count > 0 && d.replicate_count < P)
    d.scale = static_cast<double>(P) / static_cast<double>(d.replicate_count);
  // R's degf() (rank − 1) without the O(P·R²) rank: a stratum's columns sum to n_h·1, so the
  // jackknifed strata share one direction; the adjust columns are independent of them.
  const std::size_t regular = d.replicate_count - adjusted;
  const std::size_t rank = regular - jackknifed_strata + (jackknifed_strata > 0 ? 1 : 0) + adjusted;
  d.degf = rank > 0 ? static_cast<double>(rank) - 1 : 0;
  return d;
}

/// Balanced repeated replication for a design of exactly two PSUs per stratum, with Fay's
/// factor ρ ∈ [0, 1) (ρ = 0: classical BRR, the chosen half-sample doubled and the other
/// dropped; ρ > 0: multipliers 2 − ρ and ρ). Replicates are the columns of R's Hadamard matrix
/// survey:::hadamard(H), whose rows 2..H+1 pick, for stratum h, the first PSU (0 → multiplier ρ
/// for the first PSU) or the second. Strata are taken in index order and the PSUs of a stratum
/// in index order: number strata in R's sort order of their labels and PSUs by first appearance
/// to get R's replicates column for column (linear estimates do not depend on it). scale
/// 1/(R(1−ρ)²), rscales 1. As R's brrweights / as.svrepdesign(type = "BRR" or "Fay").
/// @throws cxgap::invalid_argument if a stratum does not have exactly two PSUs or ρ ∉ [0, 1).
/// Reference: McCarthy (1969) Int Stat Rev 37:239–264; Judkins (1990) J Off Stat 6:223–234.
inline replicate_design brr_design(const std::vector<std::size_t>& stratum_of_psu,
                                   double fay_rho = 0) {
  constexpr const char* fn = "cxgap::brr_design";
  if (!(fay_rho >= 0 && fay_rho < 1)) detail::throw_invalid(fn, "fay_rho", fay_rho, "in [0, 1)");
  std::vector<std::vector<std::size_t>> members;
  detail::check_strata(fn, stratum_of_psu, members);
  const std::size_t P = stratum_of_psu.size(), H = members.size();
  for (std::size_t h = 0; h < H; ++h)
    if (members[h].size() != 2)
      detail::throw_invalid(fn, "PSUs in stratum",
                            std::to_string(h) + ": " + std::to_string(members[h].size()),
                            "exactly 2 for BRR");
  const detail::zero_one_matrix had = detail::hadamard(static_cast<int>(H));
  replicate_design d;
  d.method = fay_rho == 0 ? replicate_method::brr : replicate_method::fay;
  d.psu_count = P;
  d.replicate_count = had.size;
  d.rho = fay_rho;
  d.multipliers.assign(had.size * P, 0.0);
  for (std::size_t r = 0; r < had.size; ++r) {
    for (std::size_t h = 0; h < H; ++h) {
      const bool second_half = had(h + 1, r) == 0;  // R: column h+1 of (0,1)/(1,0) weights
      d.multipliers[r * P + members[h][0]] = second_half ? fay_rho : 2 - fay_rho;
      d.multipliers[r * P + members[h][1]] = second_half ? 2 - fay_rho : fay_rho;
    }
  }
  d.scale = 1 / (static_cast<double>(had.size) * (1 - fay_rho) * (1 - fay_rho));
  d.rscales.assign(had.size, 1.0);
  // R's degf() = rank − 1 = H: the two rows of a stratum sum to 2·1, leaving 1 + H directions.
  d.degf = static_cast<double>(H);
  return d;
}

/// Rao–Wu rescaled bootstrap (R's type = "subbootstrap"): in each replicate, each stratum's
/// n_h − 1 PSUs are drawn with replacement from its n_h and a PSU drawn k times gets multiplier
/// k·n_h/(n_h−1); scale 1/(R−1), rscales 1. Seeded and identical on every machine: replicate r
/// uses the SplitMix64 stream whose state is the r-th output of SplitMix64(seed), drawing
/// strata in index order, each draw a uniform PSU position (in index order within the stratum)
/// by rejection (docs/design-replicate.md). R's own draws (R's RNG) cannot be reproduced:
/// supply them with psu_replicate_design. No finite population correction (as R).
/// @throws cxgap::invalid_argument if replicates < 2 or a stratum has fewer than 2 PSUs.
/// Reference: Rao & Wu (1988) JASA 83:231–241; Rao, Wu & Yue (1992) Survey Methodology 18:209–217.
inline replicate_design rao_wu_bootstrap_design(const std::vector<std::size_t>& stratum_of_psu,
                                                std::size_t replicates, std::uint64_t seed) {
  constexpr const char* fn = "cxgap::rao_wu_bootstrap_design";
  if (replicates < 2) detail::throw_invalid(fn, "replicates", replicates, "at least 2");
  std::vector<std::vector<std::size_t>> members;
  detail::check_strata(fn, stratum_of_psu, members);
  for (std::size_t h = 0; h < members.size(); ++h)
    if (members[h].size() < 2)
      detail::throw_invalid(fn, "PSUs in stratum", std::to_string(h) + ": 1",
                            "at least 2 (the bootstrap draws n_h − 1 PSUs)");
  const std::size_t P = stratum_of_psu.size();
  replicate_design d;
  d.method = replicate_method::subbootstrap;
  d.psu_count = P;
  d.replicate_count = replicates;
  d.multipliers.assign(replicates * P, 0.0);
  detail::splitmix64 master{seed};
  for (std::size_t r = 0; r < replicates; ++r) {
    detail::splitmix64 g{master.next()};
    double* m = d.multipliers.data() + r * P;
    for (const auto& psus : members) {
      const std::size_t nh = psus.size();
      const double factor = static_cast<double>(nh) / static_cast<double>(nh - 1);
      for (std::size_t k = 0; k + 1 < nh; ++k) m[psus[g.below(nh)]] += factor;
    }
  }
  d.scale = 1 / static_cast<double>(replicates - 1);
  d.rscales.assign(replicates, 1.0);
  d.degf = detail::multiplier_degf(d);
  return d;
}

/// R's scale of the Canty–Davison bootstrap (as.svrepdesign(type = "bootstrap")):
/// h̄/((h̄ − 1)(R − 1)) with h̄ the harmonic mean of the numbers of PSUs per stratum.
/// @throws cxgap::invalid_argument for a bad stratum numbering, replicates < 2 or h̄ ≤ 1.
/// Reference: Canty & Davison (1999) Survey Methodology 25:105–111.
inline double canty_davison_bootstrap_scale(const std::vector<std::size_t>& stratum_of_psu,
                                            std::size_t replicates) {
  constexpr const char* fn = "cxgap::canty_davison_bootstrap_scale";
  if (replicates < 2) detail::throw_invalid(fn, "replicates", replicates, "at least 2");
  std::vector<std::vector<std::size_t>> members;
  detail::check_strata(fn, stratum_of_psu, members);
  double inv = 0;
  for (const auto& m : members) inv += 1 / static_cast<double>(m.size());
  const double h = 1 / (inv / static_cast<double>(members.size()));
  if (!(h > 1)) detail::throw_invalid(fn, "harmonic mean of PSUs per stratum", h, "above 1");
  return h / ((h - 1) * static_cast<double>(replicates - 1));
}

/// A design from supplied per-PSU multipliers (e.g. R's bootstrap replicates, or a design
/// generated elsewhere): `multipliers` R × P replicate-major, with the caller's scale and
/// rscales (empty = all 1). degf is computed as R's degf().
/// @throws cxgap::invalid_argument if sizes disagree, a multiplier is negative or not finite,
///         or scale/rscales are negative or not finite.
inline replicate_design psu_replicate_design(replicate_method method, std::size_t psus,
                                             std::size_t replicates,
                                             std::vector<double> multipliers, double scale,
                                             std::vector<double> rscales = {},
                                             bool mse = false) {
  constexpr const char* fn = "cxgap::psu_replicate_design";
  if (psus == 0) detail::throw_invalid(fn, "psus", psus, "positive");
  if (multipliers.size() != psus * replicates)
    detail::throw_invalid(fn, "multipliers.size()", multipliers.size(),
                          ("replicates × psus = " + std::to_string(psus * replicates)).c_str());
  for (double m : multipliers)
    if (!(m >= 0 && std::isfinite(m)))
      detail::throw_invalid(fn, "multiplier", m, "finite and non-negative");
  if (rscales.empty()) rscales.assign(replicates, 1.0);
  if (rscales.size() != replicates)
    detail::throw_invalid(fn, "rscales.size()", rscales.size(),
                          ("the number of replicates " + std::to_string(replicates)).c_str());
  for (double s : rscales)
    if (!(s >= 0 && std::isfinite(s))) detail::throw_invalid(fn, "rscale", s, "finite, >= 0");
  if (!(scale >= 0 && std::isfinite(scale)))
    detail::throw_invalid(fn, "scale", scale, "finite and non-negative");
  replicate_design d;
  d.method = method;
  d.psu_count = psus;
  d.replicate_count = replicates;
  d.multipliers = std::move(multipliers);
  d.scale = scale;
  d.rscales = std::move(rscales);
  d.mse = mse;
  d.degf = detail::multiplier_degf(d);
  return d;
}

/// Options of a design of supplied per-respondent replicate weights; NaN / empty = R's default.
struct supplied_replicate_options {
  double scale = nan<double>();    ///< R's default per method (see supplied_replicate_design)
  std::vector<double> rscales;     ///< required for JKn; else default all 1
  double rho = nan<double>();      ///< Fay's ρ, required for replicate_method::fay
  double bootstrap_average = 1;    ///< replicates averaged per column (R: bootstrap.average)
  bool mse = false;
  double degf = nan<double>();     ///< NaN: compute with replicate_degf from the columns
};

/// A design of R replicate-weight columns supplied per respondent (combined weights, as
/// R's svrepdesign(combined.weights = TRUE)), with R's default scale per method: BRR 1/R; Fay
/// 1/(R(1−ρ)²); bootstrap and subbootstrap bootstrap_average/(R−1); JK1 (R−1)/R (R's guess
/// n = R); JKn scale 1 and rscales required; other 1. rscales default to 1.
/// @throws cxgap::invalid_argument if replicates is 0, rscales has the wrong length or is
///         missing for JKn, ρ is missing or outside [0, 1) for Fay, or scale is negative.
inline replicate_design supplied_replicate_design(replicate_method method, std::size_t replicates,
                                                  const supplied_replicate_options& o = {}) {
  constexpr const char* fn = "cxgap::supplied_replicate_design";
  if (replicates == 0) detail::throw_invalid(fn, "replicates", replicates, "positive");
  const double R = static_cast<double>(replicates);
  replicate_design d;
  d.method = method;
  d.replicate_count = replicates;
  d.mse = o.mse;
  d.rscales = o.rscales.empty() ? std::vector<double>(replicates, 1.0) : o.rscales;
  if (d.rscales.size() != replicates)
    detail::throw_invalid(fn, "rscales.size()", d.rscales.size(),
                          ("the number of replicate columns " + std::to_string(replicates)).c_str());
  switch (method) {
    case replicate_method::brr: d.scale = 1 / R; break;
    case replicate_method::fay:
      if (!(o.rho >= 0 && o.rho < 1)) detail::throw_invalid(fn, "rho", o.rho, "in [0, 1) for Fay");
      d.rho = o.rho;
      d.scale = 1 / (R * (1 - o.rho) * (1 - o.rho));
      break;
    case replicate_method::bootstrap:
    case replicate_method::subbootstrap:
      if (replicates < 2) detail::throw_invalid(fn, "replicates", replicates, "at least 2");
      d.scale = std::isnan(o.scale) ? o.bootstrap_average / (R - 1) : o.scale;
      break;
    case replicate_method::jk1: d.scale = std::isnan(o.scale) ? (R - 1) / R : o.scale; break;
    case replicate_method::jkn:
      if (o.rscales.empty())
        detail::throw_invalid(fn, "rscales.size()", 0, "the number of replicates for JKn");
      d.scale = std::isnan(o.scale) ? 1 : o.scale;
      break;
    case replicate_method::other: d.scale = std::isnan(o.scale) ? 1 : o.scale; break;
  }
  if (!(d.scale >= 0 && std::isfinite(d.scale)))
    detail::throw_invalid(fn, "scale", d.scale, "finite and non-negative");
  d.degf = o.degf;
  return d;
}

/// R's degf() of supplied replicate weights: the rank of the n × R matrix of replicate-weight
/// columns (qr() with tol 1e-5) − 1. `columns[r]` is replicate r's weight per respondent.
/// @throws cxgap::invalid_argument if the columns differ in length.
inline double replicate_degf(const std::vector<std::vector<double>>& columns) {
  if (columns.empty()) return 0;
  const std::size_t n = columns[0].size();
  for (const auto& c : columns)
    if (c.size() != n)
      detail::throw_invalid("cxgap::replicate_degf", "column length", c.size(),
                            ("the length of the first column " + std::to_string(n)).c_str());
  const std::size_t rank = detail::column_rank(
      n, columns.size(), [&columns](std::size_t r) { return columns[r].data(); }, 1e-5);
  return static_cast<double>(rank) - 1;
}

/// A replicate-based estimate: θ̂ from the full-sample weights, its variance from the
/// replicates (R's svrVar), SE, and normal interval θ̂ ± z·SE (R's confint() default).
/// Replicates whose estimate is NaN (e.g. a domain with no weight in that replicate) are
/// dropped and counted, as R's na.action = na.omit does with a warning.
struct replicate_estimate {
  double value = nan<double>();
  double variance = nan<double>();
  double std_error = nan<double>();
  interval<double> ci;
  std::size_t replicates_dropped = 0;
  stat_status status = stat_status::ok;
};

/// Variance of an estimate from its replicate estimates as R's svrVar: scale ·
/// Σ_r rscales_r (θ_r − c)², c = θ̂ when design.mse, else the mean of the replicates with
/// rscales_r > 0. NaN replicates are left out (their count goes to `dropped`); all NaN → NaN.
/// @throws cxgap::invalid_argument if thetas.size() != design.replicate_count.
inline double replicate_variance(const replicate_design& d, double theta_hat,
                                 const std::vector<double>& thetas,
                                 std::size_t* dropped = nullptr) {
  if (thetas.size() != d.replicate_count)
    detail::throw_invalid("cxgap::replicate_variance", "thetas.size()", thetas.size(),
                          ("design.replicate_count = " + std::to_string(d.replicate_count)).c_str());
  std::size_t bad = 0, used = 0;
  double centre = 0;
  for (std::size_t r = 0; r < thetas.size(); ++r) {
    if (std::isnan(thetas[r])) {
      ++bad;
    } else if (d.rscales[r] > 0) {
      centre += thetas[r];
      ++used;
    }
  }
  if (dropped) *dropped = bad;
  if (d.replicate_count == 0) return 0;  // census: R drops every replicate
  if (bad == thetas.size()) return nan<double>();
  centre = d.mse ? theta_hat : (used ? centre / static_cast<double>(used) : nan<double>());
  double v = 0;
  for (std::size_t r = 0; r < thetas.size(); ++r)
    if (!std::isnan(thetas[r])) v += d.rscales[r] * (thetas[r] - centre) * (thetas[r] - centre);
  return d.scale * v;
}

/// θ̂, variance, SE and normal interval from a full-sample estimate and its replicates.
/// @throws cxgap::invalid_argument if level ∉ (0, 1) or the replicate count differs.
inline replicate_estimate estimate_from_replicates(const replicate_design& d, double theta_hat,
                                                   const std::vector<double>& thetas,
                                                   double level = 0.95) {
  detail::check_level("cxgap::estimate_from_replicates", level);
  replicate_estimate e;
  e.value = theta_hat;
  e.ci.level = level;
  e.ci.method = "replicate normal";
  e.variance = replicate_variance(d, theta_hat, thetas, &e.replicates_dropped);
  if (std::isnan(theta_hat) || std::isnan(e.variance)) {
    e.status = e.ci.status = stat_status::empty;
    return e;
  }
  e.std_error = std::sqrt(e.variance);
  const double z = detail::normal_critical(level);
  e.ci.lower = theta_hat - z * e.std_error;
  e.ci.upper = theta_hat + z * e.std_error;
  return e;
}

/// Replicate estimate of a population total Σ_p t_p from per-PSU weighted totals t_p (e.g. Σw·y
/// over the PSU's respondents): replicate r is Σ_p m_rp t_p (R: svytotal on a svrepdesign).
/// @throws cxgap::invalid_argument if the design has no PSU multipliers or sizes differ.
inline replicate_estimate replicate_total(const replicate_design& d,
                                          const std::vector<double>& psu_totals,
                                          double level = 0.95) {
  detail::check_psu_values("cxgap::replicate_total", d, "psu_totals.size()", psu_totals);
  double full = 0;
  for (double t : psu_totals) full += t;
  std::vector<double> reps(d.replicate_count);
  detail::replicate_totals(d, psu_totals.data(), reps.data());
  return estimate_from_replicates(d, full, reps, level);
}

/// Replicate estimate of a ratio Y/X of totals from per-PSU totals y_p and x_p: a domain mean
/// (y = Σw·score·[in domain], x = Σw·[in domain]; rows outside the domain weigh 0 and every PSU
/// stays), a domain proportion (y = Σw·[category]), or a ratio (R: svymean / svyby / svyratio on
/// a svrepdesign). A replicate whose denominator is 0 gives NaN and is dropped (counted);
/// X = 0 → status empty.
/// @throws cxgap::invalid_argument if the design has no PSU multipliers or sizes differ.
/// Reference: Wolter (2007) ch. 4–5; Lumley (2010) Complex Surveys, ch. 2.
inline replicate_estimate replicate_ratio(const replicate_design& d,
                                          const std::vector<double>& psu_numerator,
                                          const std::vector<double>& psu_denominator,
                                          double level = 0.95) {
  constexpr const char* fn = "cxgap::replicate_ratio";
  detail::check_psu_values(fn, d, "psu_numerator.size()", psu_numerator);
  detail::check_psu_values(fn, d, "psu_denominator.size()", psu_denominator);
  double y = 0, x = 0;
  for (std::size_t p = 0; p < d.psu_count; ++p) {
    y += psu_numerator[p];
    x += psu_denominator[p];
  }
  std::vector<double> ry(d.replicate_count), rx(d.replicate_count);
  detail::replicate_totals(d, psu_numerator.data(), ry.data());
  detail::replicate_totals(d, psu_denominator.data(), rx.data());
  for (std::size_t r = 0; r < d.replicate_count; ++r)
    ry[r] = rx[r] != 0 ? ry[r] / rx[r] : nan<double>();
  return estimate_from_replicates(d, x != 0 ? y / x : nan<double>(), ry, level);
}

/// Two domain estimates, their gap A − B with its replicate variance (which carries their
/// covariance: both come from the same replicates), and the design-based t test of the gap.
struct replicate_gap {
  replicate_estimate a;
  replicate_estimate b;
  replicate_estimate gap;  ///< gap.ci: t interval with df = degf − 1 (R: svyttest's conf.int)
  test_result<double> test;  ///< t = gap / SE, df = degf − 1, two-sided p (R: svyttest)
  stat_status status = stat_status::ok;
};

/// The gap A − B of two replicate estimates given their full-sample values and replicates,
/// with the t test and interval of R's svyttest(y ~ group, svrepdesign): df = degf − 1.
/// @throws cxgap::invalid_argument if level ∉ (0, 1) or a replicate count differs.
inline replicate_gap gap_from_replicates(const replicate_design& d, double theta_a,
                                         const std::vector<double>& thetas_a, double theta_b,
                                         const std::vector<double>& thetas_b,
                                         double level = 0.95) {
  constexpr const char* fn = "cxgap::gap_from_replicates";
  detail::check_level(fn, level);
  if (thetas_b.size() != thetas_a.size())
    detail::throw_invalid(fn, "thetas_b.size()", thetas_b.size(), "equal to thetas_a.size()");
  replicate_gap g;
  g.a = estimate_from_replicates(d, theta_a, thetas_a, level);
  g.b = estimate_from_replicates(d, theta_b, thetas_b, level);
  std::vector<double> diff(thetas_a.size());
  for (std::size_t r = 0; r < diff.size(); ++r) diff[r] = thetas_a[r] - thetas_b[r];
  g.gap = estimate_from_replicates(d, theta_a - theta_b, diff, level);
  g.gap.ci = interval<double>{};
  g.gap.ci.level = level;
  g.gap.ci.method = "replicate t";
  g.test.method = "design-based t test (replicate weights)";
  const double df = d.degf - 1;
  auto finish = [&g](stat_status s) { g.status = g.gap.ci.status = g.test.status = s; };
  if (g.gap.status != stat_status::ok) {
    finish(g.gap.status);
    return g;
  }
  if (!(df > 0) || !(g.gap.std_error > 0)) {
    finish(!(df > 0) ? stat_status::too_few : stat_status::zero_variance);
    return g;
  }
  g.test.df = df;
  g.test.statistic = g.gap.value / g.gap.std_error;
  g.test.p_value = detail::t_two_sided_p(g.test.statistic, df);
  const double q = detail::t_critical(level, df);
  g.gap.ci.lower = g.gap.value - q * g.gap.std_error;
  g.gap.ci.upper = g.gap.value + q * g.gap.std_error;
  finish(stat_status::ok);
  return g;
}

/// The gap between two domain ratios (means or proportions) A − B from per-PSU totals, with its
/// replicate variance and t test (R: svycontrast of svyby(..., svymean) and svyttest(y ~ group)
/// on a svrepdesign).
/// @throws cxgap::invalid_argument as replicate_ratio, or if level ∉ (0, 1).
inline replicate_gap replicate_ratio_gap(const replicate_design& d,
                                         const std::vector<double>& numerator_a,
                                         const std::vector<double>& denominator_a,
                                         const std::vector<double>& numerator_b,
                                         const std::vector<double>& denominator_b,
                                         double level = 0.95) {
  constexpr const char* fn = "cxgap::replicate_ratio_gap";
  detail::check_psu_values(fn, d, "numerator_a.size()", numerator_a);
  detail::check_psu_values(fn, d, "denominator_a.size()", denominator_a);
  detail::check_psu_values(fn, d, "numerator_b.size()", numerator_b);
  detail::check_psu_values(fn, d, "denominator_b.size()", denominator_b);
  const std::size_t R = d.replicate_count;
  std::vector<double> ya(R), xa(R), yb(R), xb(R);
  detail::replicate_totals(d, numerator_a.data(), ya.data());
  detail::replicate_totals(d, denominator_a.data(), xa.data());
  detail::replicate_totals(d, numerator_b.data(), yb.data());
  detail::replicate_totals(d, denominator_b.data(), xb.data());
  auto ratio = [](double y, double x) { return x != 0 ? y / x : nan<double>(); };
  for (std::size_t r = 0; r < R; ++r) {
    ya[r] = ratio(ya[r], xa[r]);
    yb[r] = ratio(yb[r], xb[r]);
  }
  double ta = 0, sa = 0, tb = 0, sb = 0;
  for (std::size_t p = 0; p < d.psu_count; ++p) {
    ta += numerator_a[p];
    sa += denominator_a[p];
    tb += numerator_b[p];
    sb += denominator_b[p];
  }
  return gap_from_replicates(d, ratio(ta, sa), ya, ratio(tb, sb), yb, level);
}

}  // namespace cxgap

#endif  // CXGAP_DESIGN_REPLICATE_HPP
