// Tests for include/cxgap/stats/contingency.hpp: tests and ratios on a 2×2 table.
// Reference values:
//   proportion_r.txt            R 4.2.2 prop.test, chisq.test, fisher.test
//                               (tests/reference/proportion.R)
//   proportion_statsmodels.txt  statsmodels 0.13.5 proportions_ztest, Table2x2,
//                               confint_proportions_2indep (tests/reference/proportion.py)
#include "cxgap/stats/contingency.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "support/fixture.hpp"

namespace {

using cxgap::stat_status;
using cxgap::zero_cell_correction;
using cxgap::test::fixture_case;
using cxgap::test::load_fixture;

using cxgap::test::kRel;

struct table {
  std::int64_t x_a, n_a, x_b, n_b;
};

table contingency_of(const fixture_case& c) {
  return {c.integer("x_a"), c.integer("n_a"), c.integer("x_b"), c.integer("n_b")};
}

TEST(Contingency, ZTestMatchesRPropTestWithoutCorrection) {
  // prop.test reports X-squared = z²; the fixture's z carries the sign of p_a − p_b.
  int checked = 0;
  for (const fixture_case& c : load_fixture("proportion_r.txt")) {
    if (c.str("kind") != "prop.test") continue;
    SCOPED_TRACE("[" + c.name + "] " + c.str("call"));
    const table t = contingency_of(c);
    const auto r = cxgap::two_proportion_z_test(t.x_a, t.n_a, t.x_b, t.n_b);
    EXPECT_REL_NEAR(r.statistic, c.num("z"), kRel);
    EXPECT_REL_NEAR(r.statistic * r.statistic, c.num("x_squared"), kRel);
    EXPECT_REL_NEAR(r.p_value, c.num("p_value"), kRel);
    EXPECT_TRUE(std::isnan(r.df));
    EXPECT_EQ(r.status, stat_status::ok);
    ++checked;
  }
  EXPECT_GE(checked, 18);
}

TEST(Contingency, ZTestMatchesStatsmodelsProportionsZtest) {
  int checked = 0;
  for (const fixture_case& c : load_fixture("proportion_statsmodels.txt")) {
    if (c.str("kind") != "ztest") continue;
    SCOPED_TRACE("[" + c.name + "] " + c.str("call"));
    const table t = contingency_of(c);
    const auto r = cxgap::two_proportion_z_test(t.x_a, t.n_a, t.x_b, t.n_b);
    EXPECT_REL_NEAR(r.statistic, c.num("z"), kRel);
    // statsmodels' p-value is 2·norm.sf(|z|) computed by scipy; where it is tiny the two
    // survival functions agree to about 1e-13.
    EXPECT_REL_NEAR(r.p_value, c.num("p_value"), kRel);
    ++checked;
  }
  EXPECT_GE(checked, 18);
}

TEST(Contingency, TinyZTestPValueIsNotZero) {
  // 850/1000 vs 60/1000: z ≈ 35.5, p ≈ 1e-275 (R: prop.test, fixture); never rounded to 0.
  const auto r = cxgap::two_proportion_z_test(850, 1000, 60, 1000);
  EXPECT_GT(r.p_value, 0.0);
  EXPECT_LT(r.p_value, 1e-250);
}

TEST(Contingency, ChiSquareMatchesRChisqTestAndPropTest) {
  int plain = 0;
  int yates = 0;
  for (const fixture_case& c : load_fixture("proportion_r.txt")) {
    const std::string kind = c.str("kind");
    const bool is_yates = kind == "chisq-yates" || kind == "prop.test-yates";
    if (kind != "chisq" && !is_yates) continue;
    SCOPED_TRACE("[" + c.name + "] " + c.str("call"));
    const table t = contingency_of(c);
    const auto r = cxgap::pearson_chi_square_test(t.x_a, t.n_a, t.x_b, t.n_b, is_yates);
    // Where |O − E| ≤ ½ the corrected statistic is exactly 0; R's arithmetic leaves ~1e-32.
    if (std::fabs(c.num("x_squared")) < 1e-30) {
      EXPECT_EQ(r.statistic, 0.0);
    } else {
      EXPECT_REL_NEAR(r.statistic, c.num("x_squared"), kRel);
    }
    EXPECT_REL_NEAR(r.p_value, c.num("p_value"), kRel);
    EXPECT_EQ(r.df, 1.0);
    ++(is_yates ? yates : plain);
  }
  EXPECT_GE(plain, 18);
  EXPECT_GE(yates, 36);
}

TEST(Contingency, ChiSquareWithoutCorrectionIsTheSquaredZ) {
  for (const table& t : {table{56, 70, 48, 80}, table{1, 3, 2, 2}, table{2500, 10000000, 2300,
                                                                          10000000}}) {
    const auto z = cxgap::two_proportion_z_test(t.x_a, t.n_a, t.x_b, t.n_b);
    const auto x2 = cxgap::pearson_chi_square_test(t.x_a, t.n_a, t.x_b, t.n_b);
    EXPECT_REL_NEAR(x2.statistic, z.statistic * z.statistic, 1e-13);
    EXPECT_REL_NEAR(x2.p_value, z.p_value, 1e-12);
  }
}

TEST(Contingency, YatesCorrectionNeverOvershootsZero) {
  // |O − E| < ½: R uses min(½, |O − E|), so the corrected statistic is exactly 0.
  const auto r = cxgap::pearson_chi_square_test(5, 10, 10, 21, true);
  EXPECT_EQ(r.statistic, 0.0);
  EXPECT_EQ(r.p_value, 1.0);
}

TEST(Contingency, FisherMatchesRFisherTest) {
  // Includes 500/500 vs 0/500 (p = 2/choose(1000, 500) ≈ 7.4e-300) and tables with n = 10^7.
  int checked = 0;
  for (const fixture_case& c : load_fixture("proportion_r.txt")) {
    if (c.str("kind") != "fisher") continue;
    SCOPED_TRACE("[" + c.name + "] " + c.str("call"));
    const table t = contingency_of(c);
    const auto r = cxgap::fisher_exact_test(t.x_a, t.n_a, t.x_b, t.n_b);
    EXPECT_REL_NEAR(r.p_value, c.num("p_value"), kRel);
    EXPECT_TRUE(std::isnan(r.statistic));
    EXPECT_TRUE(std::isnan(r.df));
    EXPECT_EQ(r.status, stat_status::ok);
    ++checked;
  }
  EXPECT_GE(checked, 19);
}

TEST(Contingency, FisherTinyPValueHasTheClosedForm) {
  // For n/n vs 0/n only the observed table and its mirror image are as extreme:
  // p = 2/choose(2n, n). n = 500: log p computed independently with lgamma.
  const auto r = cxgap::fisher_exact_test(500, 500, 0, 500);
  const double log_p = std::log(2.0) - (std::lgamma(1001.0) - 2 * std::lgamma(501.0));
  EXPECT_REL_NEAR(std::log(r.p_value), log_p, 1e-12);
  EXPECT_GT(r.p_value, 0.0);
}

TEST(Contingency, FisherIsFastForLargeTables) {
  const auto start = std::chrono::steady_clock::now();
  const auto r = cxgap::fisher_exact_test(50000000, 100000000, 49990000, 100000000);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(r.p_value, 0.0);
  EXPECT_LT(r.p_value, 1.0);
  EXPECT_LT(seconds, 0.5);
  // A p-value below the smallest positive double is 0 (here log10 p is about −600 000).
  const auto tiny = cxgap::fisher_exact_test(1000000, 1000000, 0, 1000000);
  EXPECT_EQ(tiny.p_value, 0.0);
  EXPECT_EQ(tiny.status, stat_status::ok);
}

TEST(Contingency, FisherIsSymmetricInTheGroups) {
  for (const table& t : {table{56, 70, 48, 80}, table{3, 29, 6, 36}, table{1, 1, 0, 1}}) {
    const double ab = cxgap::fisher_exact_test(t.x_a, t.n_a, t.x_b, t.n_b).p_value;
    const double ba = cxgap::fisher_exact_test(t.x_b, t.n_b, t.x_a, t.n_a).p_value;
    const double flipped =
        cxgap::fisher_exact_test(t.n_a - t.x_a, t.n_a, t.n_b - t.x_b, t.n_b).p_value;
    EXPECT_REL_NEAR(ab, ba, 1e-13);
    EXPECT_REL_NEAR(ab, flipped, 1e-13);
  }
}

TEST(Contingency, RatiosMatchStatsmodelsTable2x2) {
  int checked = 0;
  for (const fixture_case& c : load_fixture("proportion_statsmodels.txt")) {
    if (c.str("kind") != "table2x2") continue;
    SCOPED_TRACE("[" + c.name + "] " + c.str("call"));
    const table t = contingency_of(c);
    const double level = c.num("level");
    const auto rr = cxgap::risk_ratio(t.x_a, t.n_a, t.x_b, t.n_b, level);
    EXPECT_REL_NEAR(rr.value, c.num("rr"), kRel);
    EXPECT_REL_NEAR(rr.std_error, c.num("rr_log_se"), kRel);
    EXPECT_REL_NEAR(rr.ci.lower, c.num("rr_lower"), kRel);
    EXPECT_REL_NEAR(rr.ci.upper, c.num("rr_upper"), kRel);
    EXPECT_EQ(rr.status, stat_status::ok);
    const auto odds = cxgap::odds_ratio(t.x_a, t.n_a, t.x_b, t.n_b, level);
    EXPECT_REL_NEAR(odds.value, c.num("odds_ratio"), kRel);
    EXPECT_REL_NEAR(odds.std_error, c.num("or_log_se"), kRel);
    EXPECT_REL_NEAR(odds.ci.lower, c.num("or_lower"), kRel);
    EXPECT_REL_NEAR(odds.ci.upper, c.num("or_upper"), kRel);
    EXPECT_EQ(odds.status, stat_status::ok);
    ++checked;
  }
  EXPECT_GE(checked, 25);
}

TEST(Contingency, RatiosMatchStatsmodelsConfintProportions2indep) {
  int checked = 0;
  for (const fixture_case& c : load_fixture("proportion_statsmodels.txt")) {
    if (c.str("kind") != "ratio-confint") continue;
    SCOPED_TRACE("[" + c.name + "] " + c.str("call"));
    const table t = contingency_of(c);
    const auto rr = cxgap::risk_ratio(t.x_a, t.n_a, t.x_b, t.n_b);
    EXPECT_REL_NEAR(rr.ci.lower, c.num("rr_lower"), kRel);
    EXPECT_REL_NEAR(rr.ci.upper, c.num("rr_upper"), kRel);
    const auto odds = cxgap::odds_ratio(t.x_a, t.n_a, t.x_b, t.n_b);
    EXPECT_REL_NEAR(odds.ci.lower, c.num("or_lower"), kRel);
    EXPECT_REL_NEAR(odds.ci.upper, c.num("or_upper"), kRel);
    ++checked;
  }
  EXPECT_GE(checked, 12);
}

TEST(Contingency, HaldaneAnscombeCorrectionMatchesStatsmodelsOnTheShiftedTable) {
  int checked = 0;
  for (const fixture_case& c : load_fixture("proportion_statsmodels.txt")) {
    const std::string kind = c.str("kind");
    if (kind != "table2x2-haldane" && kind != "logit-adjusted") continue;
    SCOPED_TRACE("[" + c.name + "] " + c.str("call"));
    const table t = contingency_of(c);
    const auto odds = cxgap::odds_ratio(t.x_a, t.n_a, t.x_b, t.n_b, 0.95,
                                        zero_cell_correction::haldane_anscombe);
    EXPECT_REL_NEAR(odds.ci.lower, c.num("or_lower"), kRel);
    EXPECT_REL_NEAR(odds.ci.upper, c.num("or_upper"), kRel);
    EXPECT_EQ(odds.status, stat_status::ok);
    if (kind == "table2x2-haldane") {
      EXPECT_REL_NEAR(odds.value, c.num("odds_ratio"), kRel);
      EXPECT_REL_NEAR(odds.std_error, c.num("or_log_se"), kRel);
      const auto rr = cxgap::risk_ratio(t.x_a, t.n_a, t.x_b, t.n_b, 0.95,
                                        zero_cell_correction::haldane_anscombe);
      EXPECT_REL_NEAR(rr.value, c.num("rr"), kRel);
      EXPECT_REL_NEAR(rr.std_error, c.num("rr_log_se"), kRel);
      EXPECT_REL_NEAR(rr.ci.lower, c.num("rr_lower"), kRel);
      EXPECT_REL_NEAR(rr.ci.upper, c.num("rr_upper"), kRel);
    }
    ++checked;
  }
  EXPECT_GE(checked, 12);
}

TEST(Contingency, HaldaneAnscombeLeavesTablesWithoutZerosAlone) {
  const auto plain = cxgap::odds_ratio(56, 70, 48, 80);
  const auto corrected =
      cxgap::odds_ratio(56, 70, 48, 80, 0.95, zero_cell_correction::haldane_anscombe);
  EXPECT_EQ(plain.value, corrected.value);
  EXPECT_EQ(plain.ci.upper, corrected.ci.upper);
  const auto rr =
      cxgap::risk_ratio(56, 70, 48, 80, 0.95, zero_cell_correction::haldane_anscombe);
  EXPECT_EQ(rr.value, cxgap::risk_ratio(56, 70, 48, 80).value);
}

TEST(Contingency, ZeroCellsWithoutCorrectionAreFlaggedAsBoundary) {
  // Risk ratio, x_a = 0: the sample ratio is 0, its log SE infinite.
  const auto rr0 = cxgap::risk_ratio(0, 10, 5, 20);
  EXPECT_EQ(rr0.value, 0.0);
  EXPECT_TRUE(std::isnan(rr0.std_error));
  EXPECT_TRUE(std::isnan(rr0.ci.lower));
  EXPECT_TRUE(std::isnan(rr0.ci.upper));
  EXPECT_EQ(rr0.status, stat_status::boundary);
  EXPECT_EQ(rr0.ci.status, stat_status::boundary);
  // x_b = 0: +Inf; both 0: NaN.
  EXPECT_TRUE(std::isinf(cxgap::risk_ratio(5, 10, 0, 20).value));
  EXPECT_TRUE(std::isnan(cxgap::risk_ratio(0, 10, 0, 20).value));
  EXPECT_EQ(cxgap::risk_ratio(0, 10, 0, 20).status, stat_status::boundary);
  // A zero failure cell does not stop the risk ratio (its log SE has no 1/(n − x) term)...
  const auto rr_full = cxgap::risk_ratio(10, 10, 5, 20);
  EXPECT_EQ(rr_full.status, stat_status::ok);
  EXPECT_REL_NEAR(rr_full.value, 4.0, 1e-15);
  // ...but both groups at 100% collapse the interval to [1, 1].
  const auto rr_ones = cxgap::risk_ratio(10, 10, 20, 20);
  EXPECT_EQ(rr_ones.ci.lower, 1.0);
  EXPECT_EQ(rr_ones.ci.upper, 1.0);
  EXPECT_EQ(rr_ones.status, stat_status::boundary);
  // Odds ratio: any zero cell.
  for (const table& t : {table{0, 10, 5, 20}, table{10, 10, 5, 20}, table{5, 10, 0, 20},
                         table{5, 10, 20, 20}}) {
    const auto o = cxgap::odds_ratio(t.x_a, t.n_a, t.x_b, t.n_b);
    EXPECT_EQ(o.status, stat_status::boundary);
    EXPECT_TRUE(std::isnan(o.ci.lower));
    EXPECT_TRUE(std::isnan(o.std_error));
  }
  EXPECT_EQ(cxgap::odds_ratio(0, 10, 5, 20).value, 0.0);
  EXPECT_TRUE(std::isinf(cxgap::odds_ratio(10, 10, 5, 20).value));
  EXPECT_TRUE(std::isnan(cxgap::odds_ratio(0, 10, 0, 20).value));
}

TEST(Contingency, DegenerateMarginsGiveZeroVarianceStatus) {
  // 0/10 vs 0/20 and 10/10 vs 20/20: R's prop.test and chisq.test give NaN, fisher.test p = 1
  // (fixture cases 'degenerate ...').
  int checked = 0;
  for (const fixture_case& c : load_fixture("proportion_r.txt")) {
    const std::string kind = c.str("kind");
    if (kind != "degenerate-prop.test" && kind != "degenerate-fisher") continue;
    SCOPED_TRACE("[" + c.name + "] " + c.str("call"));
    const table t = contingency_of(c);
    if (kind == "degenerate-prop.test") {
      const auto z = cxgap::two_proportion_z_test(t.x_a, t.n_a, t.x_b, t.n_b);
      EXPECT_TRUE(std::isnan(c.num("x_squared")));
      EXPECT_TRUE(std::isnan(z.statistic));
      EXPECT_TRUE(std::isnan(z.p_value));
      EXPECT_EQ(z.status, stat_status::zero_variance);
      const auto x2 = cxgap::pearson_chi_square_test(t.x_a, t.n_a, t.x_b, t.n_b, true);
      EXPECT_TRUE(std::isnan(x2.statistic));
      EXPECT_TRUE(std::isnan(x2.p_value));
      EXPECT_EQ(x2.status, stat_status::zero_variance);
    } else {
      const auto f = cxgap::fisher_exact_test(t.x_a, t.n_a, t.x_b, t.n_b);
      EXPECT_EQ(f.p_value, c.num("p_value"));
      EXPECT_EQ(f.status, stat_status::zero_variance);
    }
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST(Contingency, EmptyGroupGivesNanAndEmptyStatus) {
  for (const table& t : {table{0, 0, 3, 10}, table{3, 10, 0, 0}}) {
    const auto z = cxgap::two_proportion_z_test(t.x_a, t.n_a, t.x_b, t.n_b);
    EXPECT_TRUE(std::isnan(z.statistic));
    EXPECT_TRUE(std::isnan(z.p_value));
    EXPECT_EQ(z.status, stat_status::empty);
    const auto x2 = cxgap::pearson_chi_square_test(t.x_a, t.n_a, t.x_b, t.n_b);
    EXPECT_TRUE(std::isnan(x2.p_value));
    EXPECT_EQ(x2.status, stat_status::empty);
    const auto f = cxgap::fisher_exact_test(t.x_a, t.n_a, t.x_b, t.n_b);
    EXPECT_TRUE(std::isnan(f.p_value));
    EXPECT_EQ(f.status, stat_status::empty);
    const auto rr = cxgap::risk_ratio(t.x_a, t.n_a, t.x_b, t.n_b);
    EXPECT_TRUE(std::isnan(rr.value));
    EXPECT_TRUE(std::isnan(rr.ci.lower));
    EXPECT_EQ(rr.status, stat_status::empty);
    const auto o = cxgap::odds_ratio(t.x_a, t.n_a, t.x_b, t.n_b, 0.95,
                                     zero_cell_correction::haldane_anscombe);
    EXPECT_TRUE(std::isnan(o.value));
    EXPECT_EQ(o.status, stat_status::empty);
  }
}

TEST(Contingency, SingleObservationPerGroupIsHandled) {
  // 1/1 vs 0/1: z test defined (pooled p = ½), Fisher p = 1 (R: fisher.test, fixture).
  const auto z = cxgap::two_proportion_z_test(1, 1, 0, 1);
  EXPECT_REL_NEAR(z.statistic, std::sqrt(2.0), 1e-15);
  EXPECT_EQ(z.status, stat_status::ok);
  EXPECT_EQ(cxgap::fisher_exact_test(1, 1, 0, 1).p_value, 1.0);
}

TEST(Contingency, SignsAndRatiosAreAOverB) {
  EXPECT_GT(cxgap::two_proportion_z_test(30, 50, 10, 50).statistic, 0.0);
  EXPECT_LT(cxgap::two_proportion_z_test(10, 50, 30, 50).statistic, 0.0);
  EXPECT_REL_NEAR(cxgap::risk_ratio(30, 50, 10, 50).value, 3.0, 1e-15);
  EXPECT_REL_NEAR(cxgap::odds_ratio(30, 50, 10, 50).value, (30.0 * 40) / (20.0 * 10), 1e-15);
}

TEST(Contingency, InvalidArgumentsThrow) {
  using cxgap::invalid_argument;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const table& t : {table{11, 10, 1, 10}, table{-1, 10, 1, 10}, table{1, -1, 1, 10},
                         table{1, 10, 11, 10}, table{1, 10, -1, 10}, table{1, 10, 0, -3}}) {
    EXPECT_THROW(cxgap::two_proportion_z_test(t.x_a, t.n_a, t.x_b, t.n_b), invalid_argument);
    EXPECT_THROW(cxgap::pearson_chi_square_test(t.x_a, t.n_a, t.x_b, t.n_b), invalid_argument);
    EXPECT_THROW(cxgap::fisher_exact_test(t.x_a, t.n_a, t.x_b, t.n_b), invalid_argument);
    EXPECT_THROW(cxgap::risk_ratio(t.x_a, t.n_a, t.x_b, t.n_b), invalid_argument);
    EXPECT_THROW(cxgap::odds_ratio(t.x_a, t.n_a, t.x_b, t.n_b), invalid_argument);
  }
  for (double level : {0.0, 1.0, -0.2, nan}) {
    EXPECT_THROW(cxgap::risk_ratio(1, 10, 2, 10, level), invalid_argument);
    EXPECT_THROW(cxgap::odds_ratio(1, 10, 2, 10, level), invalid_argument);
  }
}

TEST(Contingency, MethodNamesAreSet) {
  EXPECT_EQ(cxgap::two_proportion_z_test(1, 4, 2, 4).method, "two-proportion z");
  EXPECT_EQ(cxgap::pearson_chi_square_test(1, 4, 2, 4).method, "pearson chi-square");
  EXPECT_EQ(cxgap::pearson_chi_square_test(1, 4, 2, 4, true).method,
            "pearson chi-square (yates)");
  EXPECT_EQ(cxgap::fisher_exact_test(1, 4, 2, 4).method, "fisher exact");
  EXPECT_EQ(cxgap::risk_ratio(1, 4, 2, 4).ci.method, "log");
  EXPECT_EQ(cxgap::odds_ratio(1, 4, 2, 4).ci.method, "woolf");
}

}  // namespace
