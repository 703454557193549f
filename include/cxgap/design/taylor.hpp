// Taylor-linearised (design-based) variance of domain means and proportions and of the gap
// between two domains, from a PSU tally, as R's survey package computes them: svyrecvar() for
// the variance (Lumley 2010, §2.2 and appendix C; Wolter 2007, ch. 6), svyby(..., covmat =
// TRUE) + svycontrast() for the gap, svyttest() for its test, svymean(deff = ...) for the design
// effects. Formulas, R correspondences and degenerate cases: docs/design.md.
#ifndef CXGAP_DESIGN_TAYLOR_HPP
#define CXGAP_DESIGN_TAYLOR_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "cxgap/design/design.hpp"
#include "cxgap/design/psu_tally.hpp"
#include "cxgap/detail/check.hpp"
#include "cxgap/report/gap_statistic.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "cxgap/stats/result.hpp"

namespace cxgap {

/// A domain mean (or proportion) as a ratio estimator over the full design, linearised: its
/// value, the totals of its influence values z_i = w_i·δ_i·(y_i − ȳ)/N̂ per tally unit (and,
/// in the moment form, Σz_i² per stratum), and what the degrees of freedom and design effects
/// need. Out-of-domain rows have z = 0 and every PSU and stratum stays (R: svyby / subset).
struct linearisation {
  double value = std::numeric_limits<double>::quiet_NaN();  ///< ȳ = Σwδy / Σwδ
  double popsize = 0;     ///< N̂ = Σwδ
  std::int64_t n = 0;     ///< rows in the domain with a value
  double svyvar = std::numeric_limits<double>::quiet_NaN();  ///< R's svyvar in the domain
  std::vector<double> z;         ///< influence totals per tally unit
  std::vector<double> zz;        ///< Σz² per stratum (moment form only)
  std::vector<std::int64_t> unit_n;  ///< domain rows per unit (for the degrees of freedom)
};

namespace detail {

// z and the domain sums from per-unit (Σw, Σw·s, Σw·s², Σw², Σw²·s, Σw²·s², n) where s is the
// score minus a shift c; `sums(u, out)` fills them for unit u.
struct unit_sums {
  double sw = 0, sws = 0, sws2 = 0, sw2 = 0, sw2s = 0, sw2s2 = 0;
  std::int64_t n = 0;
};

template <class Sums>
linearisation linearise(const survey_design& d, std::size_t units, double shift, Sums sums) {
  linearisation l;
  l.z.assign(units, 0.0);
  l.unit_n.assign(units, 0);
  std::vector<unit_sums> s(units);
  double sw = 0, sws = 0;
  for (std::size_t u = 0; u < units; ++u) {
    sums(u, s[u]);
    sw += s[u].sw;
    sws += s[u].sws;
    l.n += s[u].n;
    l.unit_n[u] = s[u].n;
  }
  l.popsize = sw;
  if (!(sw > 0)) return l;
  const double m = sws / sw;  // mean of the shifted scores
  l.value = shift + m;
  double ss = 0;
  if (d.rows_are_psus()) l.zz.assign(d.strata.size(), 0.0);
  for (std::size_t u = 0; u < units; ++u) {
    // Σw(s − m) and Σw(s − m)² from the shifted sums.
    l.z[u] = (s[u].sws - m * s[u].sw) / sw;
    ss += s[u].sws2 - 2 * m * s[u].sws + m * m * s[u].sw;
    if (d.rows_are_psus())
      l.zz[u] = (s[u].sw2s2 - 2 * m * s[u].sw2s + m * m * s[u].sw2) / (sw * sw);
  }
  if (l.n > 1)
    l.svyvar = ss / sw * static_cast<double>(l.n) / static_cast<double>(l.n - 1);
  return l;
}

}  // namespace detail

/// The linearisation of the domain mean of a scale item in a group, the response bytes scored
/// by `score` (one score per substantive category, in code order; e.g. the scale's scores for
/// the mean, 0/1 for a top-box share, ±100/0 for NPS). Don't-know and missing answers are out of
/// the domain. Throws out_of_range for an unknown item or group, invalid_argument when `score`
/// has the wrong length.
inline linearisation linearise_item(const psu_tally& t, const survey_design& d, std::size_t item,
                                    std::size_t group, const std::vector<double>& score) {
  const auto k = static_cast<std::size_t>(t.codebook()[item].scale.size());
  if (score.size() != k)
    throw cxgap::invalid_argument("cxgap::linearise_item: score has " +
                                  std::to_string(score.size()) + " entries, the scale " +
                                  std::to_string(k));
  if (t.unit_count() != d.unit_count())
    throw cxgap::invalid_argument("cxgap::linearise_item: the tally and the design differ in units");
  const double c = score.empty() ? 0.0 : score[0];
  return detail::linearise(d, t.unit_count(), c, [&](std::size_t u, detail::unit_sums& s) {
    const double* w = t.weight_sums(u, group, item);
    const double* w2 = t.weight_square_sums(u, group, item);
    const std::int64_t* n = t.counts(u, group, item);
    for (std::size_t b = 0; b < k; ++b) {
      const double y = score[b] - c;
      s.sw += w[b];
      s.sws += w[b] * y;
      s.sws2 += w[b] * y * y;
      if (w2) {
        s.sw2 += w2[b];
        s.sw2s += w2[b] * y;
        s.sw2s2 += w2[b] * y * y;
      }
      s.n += n[b];
    }
  });
}

/// The linearisation of the domain mean of numeric item k in a group (missing values out).
inline linearisation linearise_numeric(const psu_tally& t, const survey_design& d, std::size_t k,
                                       std::size_t group) {
  if (t.unit_count() != d.unit_count())
    throw cxgap::invalid_argument(
        "cxgap::linearise_numeric: the tally and the design differ in units");
  const double c = std::isnan(t.numeric_shift(k)) ? 0.0 : t.numeric_shift(k);
  return detail::linearise(d, t.unit_count(), c, [&](std::size_t u, detail::unit_sums& s) {
    const numeric_sums& m = t.numeric(u, group, k);
    s = {m.sw, m.swy, m.swy2, m.sw2, m.sw2y, m.sw2y2, m.n};
  });
}

namespace detail {

// One stratum's (or one PSU's stage-2) contribution to Cov(a, b) as R's onestrat(): n sampled
// units with centred cross-products `centred`, uncentred `raw`; f = (N − n)/N. Returns NaN for
// a lonely unit under `average` (the caller then rescales).
inline double stratum_term(std::int64_t n, double f, double centred, double raw, lonely_psu p) {
  if (f < 1e-7) return 0.0;  // certainty (all sampled): no variance
  if (n > 1) return f * static_cast<double>(n) / static_cast<double>(n - 1) * centred;
  switch (p) {
    case lonely_psu::adjust: return f * raw;
    case lonely_psu::average: return std::numeric_limits<double>::quiet_NaN();
    default: return 0.0;  // remove, certainty (fail was refused when the design was built)
  }
}

}  // namespace detail

/// Design-based covariance of two linearised estimators (the variance when a and b are the
/// same), as R's svyrecvar(): stage 1 over PSUs within strata, with fpc and the lonely-PSU
/// policy; plus, for two-stage designs with a stage-1 fpc, the stage-2 variance of SSUs within
/// each PSU times the stage-1 sampling fraction n_h/N_h. `same_rows`: in the moment form (rows
/// are PSUs) the cross-products Σz_a·z_b of single rows are known only when a and b are the
/// same estimator; for two domains of different groups they are 0 (a row is in one group).
/// `strata_present` (optional, one flag per stratum) gives R's semantics for a design subset to
/// the domain's rows (svymean(~y, subset(design, ...)), used by svyciprop and deff): only
/// matters under lonely_psu::average, whose rescaling then counts only the strata present.
inline double design_covariance(const survey_design& d, const linearisation& a,
                                const linearisation& b, bool same_rows,
                                const std::vector<char>* strata_present = nullptr) {
  const std::size_t H = d.strata.size();
  const lonely_psu policy = d.spec.lonely;
  std::vector<double> term(H, 0.0);
  if (d.rows_are_psus()) {
    for (std::size_t h = 0; h < H; ++h) {
      const double n = static_cast<double>(d.stratum_psus[h]);
      const double raw = same_rows ? a.zz[h] : 0.0;
      term[h] = detail::stratum_term(d.stratum_psus[h], d.stratum_f(h),
                                     raw - a.z[h] * b.z[h] / n, raw, policy);
    }
  } else {
    const std::size_t P = d.psus.size();
    std::vector<double> ta(P, 0.0), tb(P, 0.0);
    for (std::size_t u = 0; u < d.unit_psu.size(); ++u) {
      ta[d.unit_psu[u]] += a.z[u];
      tb[d.unit_psu[u]] += b.z[u];
    }
    std::vector<double> ma(H, 0.0), mb(H, 0.0), centred(H, 0.0), raw(H, 0.0);
    for (std::size_t p = 0; p < P; ++p) {
      ma[d.psu_stratum[p]] += ta[p];
      mb[d.psu_stratum[p]] += tb[p];
    }
    for (std::size_t h = 0; h < H; ++h) {
      ma[h] /= static_cast<double>(d.stratum_psus[h]);
      mb[h] /= static_cast<double>(d.stratum_psus[h]);
    }
    for (std::size_t p = 0; p < P; ++p) {
      const std::size_t h = d.psu_stratum[p];
      centred[h] += (ta[p] - ma[h]) * (tb[p] - mb[h]);
      raw[h] += ta[p] * tb[p];
    }
    for (std::size_t h = 0; h < H; ++h)
      term[h] = detail::stratum_term(d.stratum_psus[h], d.stratum_f(h), centred[h], raw[h], policy);
  }
  // R's onestage(): strata whose term is NA (average) are dropped and the sum is scaled by
  // (all strata)/(strata with a term).
  double v = 0;
  std::size_t ok = 0, present = 0;
  for (std::size_t h = 0; h < H; ++h) {
    if (strata_present && !(*strata_present)[h]) continue;
    ++present;
    if (!std::isnan(term[h])) {
      v += term[h];
      ++ok;
    }
  }
  v = ok == 0 ? std::numeric_limits<double>::quiet_NaN()
              : v * static_cast<double>(present) / static_cast<double>(ok);

  // Stage 2 (R's multistage(): only with an fpc, i.e. when stage 1 is without replacement).
  if (d.spec.ssu && d.spec.fpc1) {
    const std::size_t P = d.psus.size();
    std::vector<double> ma(P, 0.0), mb(P, 0.0), centred(P, 0.0), raw(P, 0.0);
    for (std::size_t u = 0; u < d.unit_psu.size(); ++u) {
      ma[d.unit_psu[u]] += a.z[u];
      mb[d.unit_psu[u]] += b.z[u];
    }
    for (std::size_t p = 0; p < P; ++p) {
      ma[p] /= static_cast<double>(d.psu_ssus[p]);
      mb[p] /= static_cast<double>(d.psu_ssus[p]);
    }
    for (std::size_t u = 0; u < d.unit_psu.size(); ++u) {
      const std::size_t p = d.unit_psu[u];
      centred[p] += (a.z[u] - ma[p]) * (b.z[u] - mb[p]);
      raw[p] += a.z[u] * b.z[u];
    }
    for (std::size_t p = 0; p < P; ++p) {
      const std::size_t h = d.psu_stratum[p];
      // A lonely SSU under `average` makes R's stage-2 sum 0·1/0 = NaN.
      const double t2 = detail::stratum_term(d.psu_ssus[p], d.psu_f(p), centred[p], raw[p], policy);
      v += t2 * static_cast<double>(d.stratum_psus[h]) / d.stratum_popsize[h];
    }
  }
  return v;
}

/// Design-based variance of a linearised estimator (design_covariance(d, a, a, true)).
inline double design_variance(const survey_design& d, const linearisation& a) {
  return design_covariance(d, a, a, true);
}

/// Flags of the strata that hold rows with unit_n > 0.
inline std::vector<char> strata_with_rows(const survey_design& d,
                                          const std::vector<std::int64_t>& unit_n) {
  std::vector<char> present(d.strata.size(), 0);
  for (std::size_t u = 0; u < unit_n.size(); ++u)
    if (unit_n[u] > 0) present[d.unit_stratum(u)] = 1;
  return present;
}

/// The variance R computes on the design subset to the domain's rows (svymean(~y,
/// subset(design, domain)), as svyciprop and svymean(deff = TRUE) do): the same as
/// design_variance except under lonely_psu::average (see design_covariance).
inline double subset_variance(const survey_design& d, const linearisation& a) {
  const std::vector<char> present = strata_with_rows(d, a.unit_n);
  return design_covariance(d, a, a, true, &present);
}

/// R's degf() of the subset of rows with unit_n > 0 (units with data, from one or two
/// domains): PSUs containing such rows minus strata containing them.
inline std::int64_t domain_degf(const survey_design& d, const std::vector<std::int64_t>& a,
                                const std::vector<std::int64_t>* b = nullptr) {
  const auto has = [&](std::size_t u) { return a[u] > 0 || (b && (*b)[u] > 0); };
  std::vector<char> stratum(d.strata.size(), 0);
  std::int64_t psus = 0;
  if (d.rows_are_psus()) {
    for (std::size_t h = 0; h < d.strata.size(); ++h) {
      psus += a[h] + (b ? (*b)[h] : 0);
      stratum[h] = has(h);
    }
  } else {
    std::vector<char> psu(d.psus.size(), 0);
    for (std::size_t u = 0; u < d.unit_psu.size(); ++u)
      if (has(u)) psu[d.unit_psu[u]] = 1;
    for (std::size_t p = 0; p < psu.size(); ++p)
      if (psu[p]) ++psus, stratum[d.psu_stratum[p]] = 1;
  }
  std::int64_t strata = 0;
  for (char s : stratum) strata += s;
  return psus - strata;
}

/// A design-based domain mean or proportion: the estimate with its Taylor SE and a t interval
/// on the full design's degrees of freedom (R: confint(svyby(...), df = degf(design))), and the
/// design effects of R's svymean(deff = TRUE) and svymean(deff = "replace") (computed on the
/// domain's subset as svyby(deff = TRUE) does; see subset_variance).
struct design_estimate {
  estimate<> est;
  double df = std::numeric_limits<double>::quiet_NaN();  ///< degf(design)
  std::int64_t n = 0;    ///< domain rows with a value
  double popsize = 0;    ///< N̂, the domain's Σw
  /// V / ((1 − n/N̂)·svyvar/n): against simple random sampling without replacement.
  double deff = std::numeric_limits<double>::quiet_NaN();
  /// V / (svyvar/n): against simple random sampling with replacement.
  double deff_replace = std::numeric_limits<double>::quiet_NaN();
};

namespace detail {

/// Sets r's design effects (design_estimate::deff, deff_replace) for a domain of linearisation
/// l whose variance for the purpose is v (R: the variance svymean(deff = ...) reports).
inline void set_design_effects(design_estimate& r, const linearisation& l, double v) {
  const double n = static_cast<double>(l.n);
  if (l.popsize >= n) r.deff = v / ((l.popsize - n) / (l.popsize * n) * l.svyvar);
  r.deff_replace = v / (l.svyvar / n);
}

}  // namespace detail

/// The domain estimate of a linearisation (see design_estimate). Status empty when the domain
/// has no rows, zero_variance when its variance is 0.
inline design_estimate domain_estimate(const survey_design& d, const linearisation& l,
                                       double level = 0.95) {
  detail::check_level("cxgap::domain_estimate", level);
  design_estimate r;
  r.n = l.n;
  r.popsize = l.popsize;
  r.df = static_cast<double>(d.degf());
  r.est.value = l.value;
  r.est.ci.level = level;
  r.est.ci.method = "Taylor linearisation, t on degf(design)";
  if (l.n == 0) {
    r.est.status = r.est.ci.status = stat_status::empty;
    return r;
  }
  const double v = design_variance(d, l);
  r.est.std_error = std::sqrt(v);
  detail::set_design_effects(r, l, subset_variance(d, l));
  if (r.df > 0 && std::isfinite(v)) {
    const double q = detail::t_critical(level, r.df);
    r.est.ci.lower = l.value - q * r.est.std_error;
    r.est.ci.upper = l.value + q * r.est.std_error;
  } else {
    r.est.status = r.est.ci.status = stat_status::too_few;
  }
  if (v == 0) r.est.status = stat_status::zero_variance;
  return r;
}

/// The gap between two domains, A − B (different groups; the same item or a matched pair), as
/// R's svyttest(y ~ group, subset(design, group %in% c(A, B))): estimate, Taylor SE with the
/// covariance of the two domain estimates (they share PSUs), t = gap/SE on df = degf of the
/// rows of A and B with a value, minus 1 (svyglm's residual df), two-sided p, and the t
/// interval of svyttest's conf.int. n_a, n_b: rows with a value. The effect size is left empty.
/// Status: empty when a domain has no rows, too_few when df < 1, zero_variance when SE = 0.
inline gap_statistic<> design_gap(const survey_design& d, const linearisation& a,
                                  const linearisation& b, double level = 0.95) {
  detail::check_level("cxgap::design_gap", level);
  gap_statistic<> g;
  g.method = "design-based t test (Taylor linearisation)";
  g.value_a = a.value;
  g.value_b = b.value;
  g.n_a = a.n;
  g.n_b = b.n;
  g.ci.level = level;
  g.ci.method = "Taylor linearisation, t on degf - 1";
  if (a.n == 0 || b.n == 0) {
    g.status = g.ci.status = stat_status::empty;
    return g;
  }
  g.estimate = a.value - b.value;
  const double v = design_variance(d, a) + design_variance(d, b) -
                   2 * design_covariance(d, a, b, false);
  g.std_error = std::sqrt(v);
  g.df = static_cast<double>(domain_degf(d, a.unit_n, &b.unit_n) - 1);
  if (!(g.df >= 1) || !std::isfinite(v)) {
    g.status = g.ci.status = stat_status::too_few;
    return g;
  }
  if (!(v > 0)) {
    g.status = stat_status::zero_variance;
    return g;
  }
  g.statistic = g.estimate / g.std_error;
  g.p_value = detail::t_two_sided_p(g.statistic, g.df);
  const double q = detail::t_critical(level, g.df);
  g.ci.lower = g.estimate - q * g.std_error;
  g.ci.upper = g.estimate + q * g.std_error;
  return g;
}

/// The scores of a scale's categories in code order (reverse coding applied): the mean.
inline std::vector<double> mean_scores(const scale& s) {
  std::vector<double> v(static_cast<std::size_t>(s.size()));
  for (int b = 0; b < s.size(); ++b) v[static_cast<std::size_t>(b)] = s.score(s.min() + b);
  return v;
}

/// 1 for categories in the top box (by score), else 0: the top-box share.
inline std::vector<double> top_box_scores(const scale& s) {
  std::vector<double> v(static_cast<std::size_t>(s.size()));
  for (int b = 0; b < s.size(); ++b)
    v[static_cast<std::size_t>(b)] = s.in_top_box(s.score(s.min() + b)) ? 1.0 : 0.0;
  return v;
}

/// +100 promoters, −100 detractors, 0 passives (top and bottom boxes of an NPS scale): the mean
/// is the Net Promoter Score.
inline std::vector<double> nps_scores(const scale& s) {
  std::vector<double> v(static_cast<std::size_t>(s.size()));
  for (int b = 0; b < s.size(); ++b) {
    const int score = s.score(s.min() + b);
    v[static_cast<std::size_t>(b)] = s.in_top_box(score) ? 100.0 : s.in_bottom_box(score) ? -100.0 : 0.0;
  }
  return v;
}

}  // namespace cxgap

#endif  // CXGAP_DESIGN_TAYLOR_HPP
