// Tests for include/cxgap/paired/kappa.hpp: Cohen's kappa and linear / quadratic weighted kappa
// against statsmodels 0.13.5 cohens_kappa (fixtures/agreement_kappa_statsmodels.txt, script
// tests/reference/agreement_kappa.py) and psych 2.2.9 cohen.kappa
// (fixtures/agreement_kappa_psych.txt, script tests/reference/agreement_kappa.R), including the
// pinned disagreement of psych's weighted-kappa variance.
#include "cxgap/paired/kappa.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/fixture.hpp"

namespace {

using cxgap::kappa_result;
using cxgap::kappa_weights;
using cxgap::paired_table;
using cxgap::stat_status;
using cxgap::test::fixture_case;

using cxgap::test::kRel;  // agreement target for deterministic methods

/// The tables shared by both fixtures (defined in agreement_kappa_psych.txt).
struct kappa_case {
  fixture_case psych;
  fixture_case statsmodels;
  paired_table table;
  std::vector<double> scores;
  double level;
};

std::vector<kappa_case> load_cases() {
  const auto ps = cxgap::test::load_fixture("agreement_kappa_psych.txt");
  const auto sm = cxgap::test::load_fixture("agreement_kappa_statsmodels.txt");
  std::map<std::string, fixture_case> by_name;
  for (const auto& c : sm) by_name[c.name] = c;
  std::vector<kappa_case> out;
  for (const auto& p : ps) {
    const auto k = static_cast<std::size_t>(p.integer("k"));
    EXPECT_EQ(by_name.count(p.name), 1u) << p.name;
    out.push_back({p, by_name[p.name], paired_table(k, p.integers("table")), p.nums("scores"),
                   p.num("level")});
  }
  EXPECT_GE(out.size(), 10u);
  return out;
}

kappa_result<double> compute(const kappa_case& c, const std::string& weights) {
  if (weights == "unweighted") return cxgap::cohens_kappa(c.table, c.level);
  return cxgap::weighted_kappa(c.table, c.scores,
                               weights == "linear" ? kappa_weights::linear
                                                   : kappa_weights::quadratic,
                               c.level);
}

const char* const kWeightings[] = {"unweighted", "linear", "quadratic"};

bool is_degenerate(const std::string& name) {
  return name == "one rater constant" || name == "all pairs in one cell";
}

TEST(Kappa, MatchesStatsmodelsCohensKappaOnEveryRegularTable) {
  for (const auto& c : load_cases()) {
    if (is_degenerate(c.psych.name)) continue;
    for (const std::string w : kWeightings) {
      SCOPED_TRACE(c.psych.name + ", " + w + ": " + c.statsmodels.str("call"));
      const auto r = compute(c, w);
      const auto& s = c.statsmodels;
      EXPECT_EQ(r.n, c.table.total());
      EXPECT_REL_NEAR(r.kappa, s.num(w + "_kappa"), 1e-12);
      EXPECT_REL_NEAR(r.std_error, s.num(w + "_std_error"), kRel);
      EXPECT_REL_NEAR(r.std_error_null, s.num(w + "_std_error_null"), kRel);
      EXPECT_REL_NEAR(r.test.statistic, s.num(w + "_z"), kRel);
      EXPECT_REL_NEAR(r.test.p_value, s.num(w + "_p_value"), kRel);
      // cxgap clips the interval to [−1, 1]; statsmodels does not.
      const auto ci = s.nums(w + "_ci");
      EXPECT_REL_NEAR(r.ci.lower, std::max(-1.0, ci[0]), kRel);
      EXPECT_REL_NEAR(r.ci.upper, std::min(1.0, ci[1]), kRel);
      EXPECT_EQ(r.ci.level, c.level);
      EXPECT_EQ(r.test.status, stat_status::ok);
      const bool boundary = s.num(w + "_std_error") == 0;  // perfect agreement, kappa = −1
      EXPECT_EQ(r.status, boundary ? stat_status::boundary : stat_status::ok);
      EXPECT_EQ(r.ci.status, boundary ? stat_status::boundary : stat_status::ok);
    }
  }
}

TEST(Kappa, StatsmodelsIntervalLeavesMinusOneToOneWhereCxgapClips) {
  // The fixture case exists to exercise the clipping: statsmodels' upper limits exceed 1.
  for (const auto& c : load_cases()) {
    if (c.psych.name != "high agreement, small n") continue;
    for (const std::string w : kWeightings) {
      EXPECT_GT(c.statsmodels.nums(w + "_ci")[1], 1.0);
      EXPECT_EQ(compute(c, w).ci.upper, 1.0);
    }
  }
}

TEST(Kappa, UnweightedKappaAndVarianceMatchPsych) {
  for (const auto& c : load_cases()) {
    if (is_degenerate(c.psych.name)) continue;
    SCOPED_TRACE(c.psych.name + ": " + c.psych.str("call"));
    const auto r = cxgap::cohens_kappa(c.table, c.level);
    EXPECT_REL_NEAR(r.kappa, c.psych.num("kappa"), 1e-12);
    EXPECT_REL_NEAR(r.std_error * r.std_error, c.psych.num("var_kappa"), kRel);
    // psych clips its interval to [−1, 1] as cxgap does.
    const auto ci = c.psych.nums("ci_kappa");
    EXPECT_REL_NEAR(r.ci.lower, ci[0], kRel);
    EXPECT_REL_NEAR(r.ci.upper, ci[1], kRel);
  }
}

TEST(Kappa, WeightedKappaValueMatchesPsych) {
  for (const auto& c : load_cases()) {
    if (c.psych.name == "all pairs in one cell") continue;
    for (const std::string w : {"linear", "quadratic"}) {
      SCOPED_TRACE(c.psych.name + ", " + w + ": " + c.psych.str("call"));
      EXPECT_REL_NEAR(compute(c, w).kappa, c.psych.num(w + "_kappa"), 1e-12);
    }
  }
}

/// psych 2.2.9's weighted-kappa variance (cohen.kappa1, `Varkw`), re-derived: it is the
/// Fleiss–Cohen–Everitt formula with the column-side weighted marginal w̄_.j = Σ_m p_m. w_mj
/// replaced by p_j. · Σ_m w_jm (`roww <- rowSums(w * rs)`). With correct_marginal = true this
/// helper gives the FCE variance instead.
double psych_style_weighted_variance(const paired_table& t, const std::vector<double>& s,
                                     bool quadratic, bool correct_marginal) {
  const std::size_t k = t.size();
  const double n = static_cast<double>(t.total()), range = s.back() - s.front();
  std::vector<double> w(k * k), rs(k, 0), cs(k, 0);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      const double d = (s[i] - s[j]) / range;
      w[i * k + j] = 1 - (quadratic ? d * d : std::fabs(d));
      rs[i] += static_cast<double>(t(i, j)) / n;
      cs[j] += static_cast<double>(t(i, j)) / n;
    }
  double wpo = 0, wpc = 0;
  std::vector<double> colw(k, 0), roww(k, 0);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      wpo += w[i * k + j] * static_cast<double>(t(i, j)) / n;
      wpc += w[i * k + j] * rs[i] * cs[j];
      colw[j] += w[i * k + j] * cs[i];                                // colSums(w * cs)
      roww[i] += correct_marginal ? w[j * k + i] * rs[j]              // Σ_m p_m. w_mi
                                  : w[i * k + j] * rs[i];             // rowSums(w * rs)
    }
  double sum = 0;
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      const double a = w[i * k + j] * (1 - wpc) - (colw[i] + roww[j]) * (1 - wpo);
      sum += static_cast<double>(t(i, j)) / n * a * a;
    }
  const double b = wpo * wpc - 2 * wpc + wpo;
  return (sum - b * b) / (n * std::pow(1 - wpc, 4));
}

TEST(Kappa, PsychWeightedVarianceDisagreesAndItsCauseIsPinned) {
  // REFERENCE-TRAP: psych 2.2.9 cohen.kappa's var.weighted is not the Fleiss–Cohen–Everitt
  // variance that statsmodels and cxgap compute. The helper above reproduces psych's number
  // exactly, and the same helper with the corrected marginal reproduces cxgap's.
  int disagreements = 0;
  for (const auto& c : load_cases()) {
    if (is_degenerate(c.psych.name) || c.psych.name == "perfect agreement" ||
        c.psych.name == "kappa minus one")
      continue;
    for (const std::string w : {"linear", "quadratic"}) {
      SCOPED_TRACE(c.psych.name + ", " + w);
      const bool quadratic = w == "quadratic";
      const double fce = std::pow(compute(c, w).std_error, 2);
      const double psych_raw = psych_style_weighted_variance(c.table, c.scores, quadratic, false);
      if (c.psych.str(w + "_bad") == "TRUE") {
        // psych found its own variance negative and reported 0.
        EXPECT_LT(psych_raw, 0.0);
        EXPECT_EQ(c.psych.num(w + "_var"), 0.0);
      } else {
        EXPECT_REL_NEAR(psych_raw, c.psych.num(w + "_var"), kRel);
      }
      EXPECT_REL_NEAR(psych_style_weighted_variance(c.table, c.scores, quadratic, true), fce,
                      1e-9);
      if (c.table.size() == 2) {
        // Two categories: every weighting is the identity, and psych's marginal is right.
        EXPECT_REL_NEAR(c.psych.num(w + "_var"), fce, kRel);
      } else if (std::fabs(c.psych.num(w + "_var") - fce) > 1e-3 * fce) {
        ++disagreements;
      }
    }
  }
  EXPECT_GE(disagreements, 10);
}

TEST(Kappa, SexualFunDyadPsychWeightedSEIsLargerThanStatsmodels) {
  // vcd's SexualFun (husband × wife): psych's linear-weight SE (0.0835) exceeds statsmodels' and
  // cxgap's FCE SE (0.0783) by 6.6%; the unweighted SEs agree (test above).
  for (const auto& c : load_cases()) {
    if (c.psych.name != "SexualFun husband x wife") continue;
    EXPECT_GT(std::sqrt(c.psych.num("linear_var")), 1.06 * c.statsmodels.num("linear_std_error"));
    EXPECT_REL_NEAR(compute(c, "linear").std_error, c.statsmodels.num("linear_std_error"), kRel);
  }
}

TEST(Kappa, OneRaterConstantGivesKappaZeroWithZeroVariance) {
  // statsmodels: kappa 0, null SE 0, z = p = NaN, and a non-null SE of 1.7e-9 (rounding) for
  // the unweighted kappa; psych: variances set to 0 ("bad") for weighted ones 0.044 and 0.23.
  for (const auto& c : load_cases()) {
    if (c.psych.name != "one rater constant") continue;
    for (const std::string w : kWeightings) {
      SCOPED_TRACE(w);
      const auto r = compute(c, w);
      EXPECT_EQ(r.kappa, 0.0);
      EXPECT_EQ(r.kappa, c.statsmodels.num(w + "_kappa"));
      EXPECT_EQ(r.std_error, 0.0);
      EXPECT_EQ(r.std_error_null, 0.0);
      EXPECT_TRUE(std::isnan(r.test.statistic));
      EXPECT_TRUE(std::isnan(r.test.p_value));
      EXPECT_TRUE(std::isnan(r.ci.lower));
      EXPECT_TRUE(std::isnan(r.ci.upper));
      EXPECT_EQ(r.status, stat_status::zero_variance);
      EXPECT_EQ(r.test.status, stat_status::zero_variance);
      EXPECT_EQ(r.ci.status, stat_status::zero_variance);
      EXPECT_LT(c.statsmodels.num(w + "_std_error"), 1e-8);
    }
  }
}

TEST(Kappa, AllPairsInOneCategoryIsUndefined) {
  // p_e = 1: kappa = 0/0 (statsmodels and psych return NaN as well).
  for (const auto& c : load_cases()) {
    if (c.psych.name != "all pairs in one cell") continue;
    for (const std::string w : kWeightings) {
      SCOPED_TRACE(w);
      const auto r = compute(c, w);
      EXPECT_TRUE(std::isnan(c.statsmodels.num(w + "_kappa")));
      EXPECT_TRUE(std::isnan(r.kappa));
      EXPECT_TRUE(std::isnan(r.std_error));
      EXPECT_TRUE(std::isnan(r.test.p_value));
      EXPECT_TRUE(std::isnan(r.ci.lower));
      EXPECT_EQ(r.observed_agreement, 1.0);
      EXPECT_EQ(r.expected_agreement, 1.0);
      EXPECT_EQ(r.status, stat_status::zero_variance);
      EXPECT_EQ(r.test.status, stat_status::zero_variance);
    }
  }
}

TEST(Kappa, SingleDyadIsUndefined) {
  paired_table t(5);
  t.add(3, 3);
  const auto r = cxgap::cohens_kappa(t);
  EXPECT_EQ(r.n, 1);
  EXPECT_EQ(r.status, stat_status::zero_variance);
  EXPECT_TRUE(std::isnan(r.kappa));
  paired_table u(5);
  u.add(1, 3);  // a single disagreeing dyad: both raters constant, p_e = 0, kappa = 0
  const auto q = cxgap::weighted_kappa(u, {1, 2, 3, 4, 5}, kappa_weights::quadratic);
  EXPECT_EQ(q.kappa, 0.0);
  EXPECT_EQ(q.status, stat_status::zero_variance);
}

TEST(Kappa, EmptyTableIsEmpty) {
  for (const auto& r : {cxgap::cohens_kappa(paired_table(4)),
                        cxgap::weighted_kappa(paired_table(4), {1, 2, 3, 4},
                                              kappa_weights::linear)}) {
    EXPECT_EQ(r.n, 0);
    EXPECT_EQ(r.status, stat_status::empty);
    EXPECT_EQ(r.ci.status, stat_status::empty);
    EXPECT_EQ(r.test.status, stat_status::empty);
    EXPECT_TRUE(std::isnan(r.kappa));
    EXPECT_TRUE(std::isnan(r.observed_agreement));
    EXPECT_TRUE(std::isnan(r.std_error));
  }
}

TEST(Kappa, PerfectAgreementIsBoundaryWithCollapsedIntervalAndAValidTest) {
  const paired_table t(3, {5, 0, 0, 0, 3, 0, 0, 0, 7});
  for (const auto& r : {cxgap::cohens_kappa(t),
                        cxgap::weighted_kappa(t, {1, 2, 3}, kappa_weights::quadratic)}) {
    EXPECT_EQ(r.kappa, 1.0);
    EXPECT_EQ(r.observed_agreement, 1.0);
    EXPECT_EQ(r.std_error, 0.0);
    EXPECT_GT(r.std_error_null, 0.0);
    EXPECT_EQ(r.ci.lower, 1.0);
    EXPECT_EQ(r.ci.upper, 1.0);
    EXPECT_EQ(r.status, stat_status::boundary);
    EXPECT_EQ(r.ci.status, stat_status::boundary);
    EXPECT_EQ(r.test.status, stat_status::ok);
    EXPECT_GT(r.test.p_value, 0.0);
  }
}

TEST(Kappa, WeightingsCoincideForTwoCategories) {
  const paired_table t(2, {40, 9, 6, 45});
  const auto u = cxgap::cohens_kappa(t);
  for (auto w : {kappa_weights::unweighted, kappa_weights::linear, kappa_weights::quadratic}) {
    const auto r = cxgap::weighted_kappa(t, {0, 1}, w);
    EXPECT_REL_NEAR(r.kappa, u.kappa, 1e-15);
    EXPECT_REL_NEAR(r.std_error, u.std_error, 1e-14);
    EXPECT_REL_NEAR(r.std_error_null, u.std_error_null, 1e-14);
    EXPECT_EQ(r.weights, w);
  }
}

TEST(Kappa, WeightsDependOnScoresOnlyUpToAnAffineMap) {
  const paired_table t(4, {12, 5, 1, 0, 4, 15, 6, 2, 1, 7, 18, 5, 0, 2, 6, 16});
  const auto a = cxgap::weighted_kappa(t, {0, 2.5, 7.25, 10}, kappa_weights::quadratic);
  const auto b = cxgap::weighted_kappa(t, {-3, 2, 11.5, 17}, kappa_weights::quadratic);
  const auto e = cxgap::weighted_kappa(t, {1, 2, 3, 4}, kappa_weights::quadratic);
  EXPECT_REL_NEAR(a.kappa, b.kappa, 1e-14);
  EXPECT_REL_NEAR(a.std_error, b.std_error, 1e-13);
  EXPECT_GT(std::fabs(a.kappa - e.kappa), 1e-3);  // unequal spacing does matter
}

TEST(Kappa, SwappingTheRatersLeavesEverythingUnchanged) {
  const std::vector<std::int64_t> c{7, 7, 2, 3, 2, 8, 3, 7, 1, 5, 4, 9, 2, 8, 9, 14};
  std::vector<std::int64_t> ct(16);
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) ct[j * 4 + i] = c[i * 4 + j];
  for (auto w : {kappa_weights::unweighted, kappa_weights::linear, kappa_weights::quadratic}) {
    const auto a = cxgap::weighted_kappa(paired_table(4, c), {1, 2, 3, 4}, w);
    const auto b = cxgap::weighted_kappa(paired_table(4, ct), {1, 2, 3, 4}, w);
    EXPECT_REL_NEAR(a.kappa, b.kappa, 1e-14);
    EXPECT_REL_NEAR(a.std_error, b.std_error, 1e-13);
    EXPECT_REL_NEAR(a.std_error_null, b.std_error_null, 1e-13);
  }
}

TEST(Kappa, DefaultLevelIs95Percent) {
  const paired_table t(2, {40, 9, 6, 45});
  EXPECT_EQ(cxgap::cohens_kappa(t).ci.level, 0.95);
  EXPECT_EQ(cxgap::cohens_kappa(t).ci.lower, cxgap::cohens_kappa(t, 0.95).ci.lower);
  EXPECT_EQ(cxgap::weighted_kappa(t, {0, 1}, kappa_weights::linear).ci.upper,
            cxgap::weighted_kappa(t, {0, 1}, kappa_weights::linear, 0.95).ci.upper);
}

TEST(Kappa, FloatInstantiationAgreesWithDouble) {
  const paired_table t(4, {7, 7, 2, 3, 2, 8, 3, 7, 1, 5, 4, 9, 2, 8, 9, 14});
  const auto d = cxgap::weighted_kappa(t, {1, 2, 3, 4}, kappa_weights::quadratic);
  const auto f = cxgap::weighted_kappa<float>(t, {1, 2, 3, 4}, kappa_weights::quadratic);
  EXPECT_REL_NEAR(f.kappa, d.kappa, 1e-5);
  EXPECT_REL_NEAR(f.std_error, d.std_error, 1e-4);
  EXPECT_REL_NEAR(f.test.p_value, d.test.p_value, 1e-3);
}

TEST(Kappa, ThrowsOnLevelOutsideOpenUnitInterval) {
  const paired_table t(2, {40, 9, 6, 45});
  for (double level : {0.0, 1.0, -0.5, 1.5, std::nan("")}) {
    EXPECT_THROW(cxgap::cohens_kappa(t, level), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::weighted_kappa(t, {0, 1}, kappa_weights::linear, level),
                 cxgap::invalid_argument);
  }
}

TEST(Kappa, ThrowsOnScoresOfWrongSize) {
  const paired_table t(3, {5, 1, 0, 1, 5, 1, 0, 1, 5});
  EXPECT_THROW(cxgap::weighted_kappa(t, {1, 2}, kappa_weights::linear), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::weighted_kappa(t, std::vector<double>{1, 2, 3, 4}, kappa_weights::quadratic),
               cxgap::invalid_argument);
}

TEST(Kappa, ThrowsOnScoresThatAreNotFiniteOrNotStrictlyAscending) {
  const paired_table t(3, {5, 1, 0, 1, 5, 1, 0, 1, 5});
  const double inf = std::numeric_limits<double>::infinity();
  for (const std::vector<double>& s :
       {std::vector<double>{1, 2, 2}, {3, 2, 1}, {1, std::nan(""), 3}, {1, 2, inf}}) {
    EXPECT_THROW(cxgap::weighted_kappa(t, s, kappa_weights::linear), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::weighted_kappa(t, s, kappa_weights::unweighted), cxgap::invalid_argument);
  }
}

TEST(Kappa, ErrorMessageNamesFunctionArgumentAndBound) {
  const paired_table t(3, {5, 1, 0, 1, 5, 1, 0, 1, 5});
  try {
    cxgap::weighted_kappa(t, {1, 3, 2}, kappa_weights::linear);
    ADD_FAILURE() << "no throw";
  } catch (const cxgap::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("weighted_kappa"), std::string::npos) << m;
    EXPECT_NE(m.find("scores[i]"), std::string::npos) << m;
    EXPECT_NE(m.find("strictly ascending"), std::string::npos) << m;
  }
}

}  // namespace
