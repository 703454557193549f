// Tests for include/cxgap/stats/equivalence.hpp against statsmodels 0.13 ttost_ind and
// tost_proportions_2indep (tests/reference/fixtures/equivalence.txt, equivalence.py).
#include "cxgap/stats/equivalence.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/stats/mean.hpp"
#include "cxgap/stats/moments.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::moments_from_codes;
using cxgap::moments_from_counts;
using cxgap::proportion_difference_se;
using cxgap::stat_status;
using cxgap::t_test_variance;
using int_counts = std::vector<std::int64_t>;

using cxgap::test::kRel;

TEST(Equivalence, MeanTostMatchesStatsmodelsTtostInd) {
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("equivalence.txt")) {
    if (c.str("kind") != "mean") continue;
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const auto a = moments_from_counts(c.integers("counts_a"), c.nums("scores_a"));
    const auto b = moments_from_counts(c.integers("counts_b"), c.nums("scores_b"));
    const auto variance =
        c.str("usevar") == "pooled" ? t_test_variance::pooled : t_test_variance::welch;
    const auto r = cxgap::tost_mean_difference(a, b, c.num("low"), c.num("upp"), 0.05, variance);
    EXPECT_EQ(r.status, stat_status::ok);
    EXPECT_REL_NEAR(r.lower_test.statistic, c.num("lower_statistic"), kRel);
    EXPECT_REL_NEAR(r.upper_test.statistic, c.num("upper_statistic"), kRel);
    EXPECT_REL_NEAR(r.lower_test.p_value, c.num("lower_p_value"), kRel);
    EXPECT_REL_NEAR(r.upper_test.p_value, c.num("upper_p_value"), kRel);
    EXPECT_REL_NEAR(r.lower_test.df, c.num("df"), kRel);
    EXPECT_REL_NEAR(r.p_value, c.num("p_value"), kRel);
    EXPECT_EQ(r.equivalent, c.num("p_value") < 0.05);
    // The (1 − 2α) interval is the t interval of welch_test / student_t_test at that level,
    // which mean_test.cpp checks against R (scipy's t.ppf is not used as a reference).
    const auto t = variance == t_test_variance::pooled ? cxgap::student_t_test(a, b, 0.90)
                                                       : cxgap::welch_test(a, b, 0.90);
    EXPECT_EQ(r.ci.level, 0.90);
    EXPECT_REL_NEAR(r.ci.lower, t.ci.lower, 1e-15);
    EXPECT_REL_NEAR(r.ci.upper, t.ci.upper, 1e-15);
    EXPECT_EQ(r.equivalent, r.ci.lower > r.low && r.ci.upper < r.upp);
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

TEST(Equivalence, ProportionTostMatchesStatsmodelsOneSidedTests) {
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("equivalence.txt")) {
    if (c.str("kind") != "proportion") continue;
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const auto method = c.str("method") == "agresti-caffo" ? proportion_difference_se::agresti_caffo
                                                           : proportion_difference_se::wald;
    const double alpha = c.num("alpha");
    const auto r = cxgap::tost_proportion_difference(c.integer("x_a"), c.integer("n_a"),
                                                     c.integer("x_b"), c.integer("n_b"),
                                                     c.num("low"), c.num("upp"), alpha, method);
    EXPECT_EQ(r.status, stat_status::ok);
    EXPECT_REL_NEAR(r.lower_test.statistic, c.num("lower_statistic"), 1e-13);
    EXPECT_REL_NEAR(r.upper_test.statistic, c.num("upper_statistic"), 1e-13);
    EXPECT_REL_NEAR(r.lower_test.p_value, c.num("lower_p_value"), kRel);
    EXPECT_REL_NEAR(r.upper_test.p_value, c.num("upper_p_value"), kRel);
    EXPECT_TRUE(std::isnan(r.lower_test.df));
    // TOST p = the larger one-sided p. statsmodels 0.13 reports the smaller one (issue 8213).
    const double tost_p = std::max(c.num("lower_p_value"), c.num("upper_p_value"));
    EXPECT_REL_NEAR(r.p_value, tost_p, kRel);
    EXPECT_EQ(r.equivalent, tost_p < alpha);
    const auto ci = c.nums("ci");
    EXPECT_REL_NEAR(r.ci.lower, ci[0], 1e-12);
    EXPECT_REL_NEAR(r.ci.upper, ci[1], 1e-12);
    EXPECT_REL_NEAR(r.ci.level, 1 - 2 * alpha, 1e-15);
    ++checked;
  }
  EXPECT_EQ(checked, 16);
}

TEST(Equivalence, StatsmodelsTostProportionPValueIsTheSmallerOneSidedP) {
  // Pins the REFERENCE-TRAP: where the one-sided p-values differ, statsmodels 0.13's pvalue is
  // their minimum, so it must not be used as the TOST p-value.
  int differing = 0;
  for (const auto& c : cxgap::test::load_fixture("equivalence.txt")) {
    if (c.str("kind") != "proportion") continue;
    const double lo = c.num("lower_p_value"), up = c.num("upper_p_value");
    EXPECT_EQ(c.num("statsmodels_pvalue"), std::min(lo, up)) << c.name;
    if (lo != up) ++differing;
  }
  EXPECT_GT(differing, 0);
}

TEST(Equivalence, DecisionAgreesWithTheIntervalInsideTheBounds) {
  const auto a = moments_from_codes(int_counts{120, 300, 500, 900, 800});
  const auto b = moments_from_codes(int_counts{110, 310, 520, 880, 790});
  const auto wide = cxgap::tost_mean_difference(a, b, -0.2, 0.2);
  EXPECT_TRUE(wide.equivalent);
  EXPECT_GT(wide.ci.lower, -0.2);
  const auto narrow = cxgap::tost_mean_difference(a, b, -0.01, 0.01);
  EXPECT_FALSE(narrow.equivalent);
  EXPECT_EQ(narrow.p_value, std::max(narrow.lower_test.p_value, narrow.upper_test.p_value));
  EXPECT_EQ(wide.alpha, 0.05);
}

TEST(Equivalence, DegenerateMeansLeaveTheTestsUndefined) {
  const auto empty = moments_from_codes(int_counts{0, 0, 0});
  const auto one = moments_from_codes(int_counts{0, 1, 0});
  const auto c1 = moments_from_codes(int_counts{0, 4, 0});
  const auto c2 = moments_from_codes(int_counts{0, 0, 4});
  const auto ok = moments_from_codes(int_counts{2, 3, 1});
  struct expectation {
    cxgap::tost_result<double> r;
    stat_status status;
  };
  for (const auto& e :
       {expectation{cxgap::tost_mean_difference(empty, ok, -1, 1), stat_status::empty},
        expectation{cxgap::tost_mean_difference(one, ok, -1, 1), stat_status::too_few},
        expectation{cxgap::tost_mean_difference(c1, c2, -1, 1), stat_status::zero_variance}}) {
    EXPECT_EQ(e.r.status, e.status);
    EXPECT_EQ(e.r.lower_test.status, e.status);
    EXPECT_FALSE(e.r.equivalent);
    EXPECT_TRUE(std::isnan(e.r.p_value));
    EXPECT_TRUE(std::isnan(e.r.ci.lower));
  }
  // A group of one is fine for the pooled version, as in R.
  EXPECT_EQ(cxgap::tost_mean_difference(one, ok, -1, 1, 0.05, t_test_variance::pooled).status,
            stat_status::ok);
}

TEST(Equivalence, DegenerateProportions) {
  const auto e = cxgap::tost_proportion_difference(0, 0, 3, 10, -0.1, 0.1);
  EXPECT_EQ(e.status, stat_status::empty);
  EXPECT_FALSE(e.equivalent);
  const auto z = cxgap::tost_proportion_difference(0, 20, 30, 30, -0.1, 0.1);
  EXPECT_EQ(z.status, stat_status::zero_variance);
  EXPECT_EQ(z.estimate, -1.0);
  EXPECT_EQ(z.std_error, 0.0);
  EXPECT_TRUE(std::isnan(z.p_value));
  EXPECT_FALSE(z.equivalent);
  // Agresti–Caffo pseudo-counts give a positive SE for the same data.
  const auto ac = cxgap::tost_proportion_difference(0, 20, 30, 30, -0.1, 0.1, 0.05,
                                                    proportion_difference_se::agresti_caffo);
  EXPECT_EQ(ac.status, stat_status::ok);
  EXPECT_GT(ac.std_error, 0.0);
}

TEST(Equivalence, ThrowsOnBadBoundsAlphaOrCounts) {
  const auto a = moments_from_codes(int_counts{2, 3, 1});
  EXPECT_THROW(cxgap::tost_mean_difference(a, a, 0.5, 0.5), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::tost_mean_difference(a, a, 1.0, -1.0), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::tost_mean_difference(a, a, -HUGE_VAL, 1.0), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::tost_mean_difference(a, a, -1.0, 1.0, 0.5), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::tost_mean_difference(a, a, -1.0, 1.0, 0.0), cxgap::invalid_argument);
  const cxgap::sample_moments<double> bad{-2, 1.0, 1.0};
  EXPECT_THROW(cxgap::tost_mean_difference(bad, a, -1.0, 1.0), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::tost_proportion_difference(5, 4, 1, 4, -0.1, 0.1), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::tost_proportion_difference(1, 4, -1, 4, -0.1, 0.1), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::tost_proportion_difference(1, 4, 1, 4, 0.1, -0.1), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::tost_proportion_difference(1, 4, 1, 4, -0.1, 0.1, 0.7),
               cxgap::invalid_argument);
}

}  // namespace
