// Tests of the dominance effect sizes (include/cxgap/stats/dominance.hpp): probability of
// superiority with the Brunner–Munzel interval, and Cliff's delta with Cliff's asymmetric
// interval, against respondent-level reference implementations (an explicit n_A × n_B dominance
// matrix, effsize::cliff.delta's algorithm) and scipy (fixtures made by
// tests/reference/rank_scipy.py and rank_large_ties.py).
#include "cxgap/stats/dominance.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/error.hpp"
#include "cxgap/stats/mann_whitney.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::cliff_delta;
using cxgap::dominance_ci_method;
using cxgap::probability_of_superiority;
using cxgap::stat_status;
using cxgap::test::load_fixture;
using counts = std::vector<std::int64_t>;

TEST(Dominance, ProbabilityOfSuperiorityMatchesBrunnerMunzelReference) {
  int with_ci = 0;
  for (const auto& c : load_fixture("rank_scipy.txt")) {
    SCOPED_TRACE(c.name);
    const auto e = probability_of_superiority(c.integers("a"), c.integers("b"));
    EXPECT_REL_NEAR(e.value, c.num("ps"), 1e-13);
    if (!c.has("ps_ci_lower")) continue;
    EXPECT_EQ(e.status, stat_status::ok);
    EXPECT_REL_NEAR(e.std_error, c.num("bm_se"), 1e-10);
    // The reference t quantile is a root of scipy's t.sf (xtol 1e-15); 1e-10 covers it.
    EXPECT_REL_NEAR(e.ci.lower, c.num("ps_ci_lower"), 1e-10);
    EXPECT_REL_NEAR(e.ci.upper, c.num("ps_ci_upper"), 1e-10);
    EXPECT_EQ(e.ci.method, "brunner-munzel");
    EXPECT_DOUBLE_EQ(e.ci.level, 0.95);
    ++with_ci;
  }
  EXPECT_GE(with_ci, 10);
}

TEST(Dominance, ProbabilityOfSuperiorityIsUOverPairs) {
  const counts a{3, 5, 9, 12, 6};
  const counts b{6, 9, 10, 7, 3};
  const auto mw = cxgap::mann_whitney_test(a, b);
  EXPECT_DOUBLE_EQ(probability_of_superiority(a, b).value, mw.u_a / (35.0 * 35.0));
}

TEST(Dominance, BrunnerMunzelStandardErrorIsEstimateOverStatistic) {
  // σ̂ = (p̂ − ½)/W: the interval and the test use the same variance.
  const counts a{1, 2, 8, 15, 24};
  const counts b{10, 14, 20, 9, 4};
  const auto e = probability_of_superiority(a, b);
  const auto t = cxgap::brunner_munzel_test(a, b);
  EXPECT_REL_NEAR(e.std_error, (e.value - 0.5) / t.statistic, 1e-12);
}

TEST(Dominance, BrunnerMunzelIntervalIsClippedToTheParameterSpace) {
  // Unclipped, p̂ − t·σ̂ < 0 here (reference: ps_ci_lower = 0 in rank_scipy.txt, case small).
  const auto e = probability_of_superiority(counts{1, 2, 3, 1, 0}, counts{0, 1, 1, 3, 2});
  EXPECT_DOUBLE_EQ(e.ci.lower, 0.0);
  EXPECT_GT(e.value - 2.2 * e.std_error, -1.0);
  EXPECT_LT(e.value - 2.2 * e.std_error, 0.0);
  const auto d = cliff_delta(counts{1, 2, 3, 1, 0}, counts{0, 1, 1, 3, 2}, 0.95,
                             dominance_ci_method::brunner_munzel);
  EXPECT_DOUBLE_EQ(d.ci.lower, -1.0);
}

TEST(Dominance, CliffDeltaMatchesDominanceMatrixReference) {
  for (const auto& c : load_fixture("rank_scipy.txt")) {
    SCOPED_TRACE(c.name);
    const auto e = cliff_delta(c.integers("a"), c.integers("b"));
    if (c.num("cliff_delta") == 0) {
      EXPECT_NEAR(e.value, 0.0, 1e-15);
    } else {
      EXPECT_REL_NEAR(e.value, c.num("cliff_delta"), 1e-13);
    }
    EXPECT_REL_NEAR(e.std_error * e.std_error, c.num("cliff_var"), 1e-10);
    EXPECT_REL_NEAR(e.ci.lower, c.num("cliff_ci_lower"), 1e-10);
    EXPECT_REL_NEAR(e.ci.upper, c.num("cliff_ci_upper"), 1e-10);
    EXPECT_EQ(e.ci.method, "cliff");
  }
}

TEST(Dominance, CliffVarianceIsFlooredAsCliffRecommends) {
  // near_separated: effsize's unbiased variance 1.7361e-5 is below (1 − d²)/(n_A n_B − 1).
  for (const auto& c : load_fixture("rank_scipy.txt")) {
    if (c.name != "near_separated") continue;
    ASSERT_LT(c.num("cliff_var_effsize"), c.num("cliff_var"));
    const auto e = cliff_delta(c.integers("a"), c.integers("b"));
    const double d = e.value;
    EXPECT_REL_NEAR(e.std_error * e.std_error, (1 - d * d) / (16.0 * 15.0 - 1), 1e-12);
    EXPECT_EQ(e.status, stat_status::ok);
  }
}

TEST(Dominance, CliffDeltaOfHugeTieGroupsMatchesExactRationalArithmetic) {
  for (const auto& c : load_fixture("rank_large_ties.txt")) {
    SCOPED_TRACE(c.name);
    const auto e = cliff_delta(c.integers("a"), c.integers("b"));
    EXPECT_REL_NEAR(e.value, c.num("cliff_delta"), 1e-12);
    EXPECT_REL_NEAR(e.std_error * e.std_error, c.num("cliff_var"), 1e-9);
    const auto p = probability_of_superiority(c.integers("a"), c.integers("b"));
    EXPECT_REL_NEAR(p.value, c.num("ps"), 1e-15);
  }
}

TEST(Dominance, CliffDeltaIsTwicePsMinusOneAndSharesAddUp) {
  const counts a{2, 1, 3, 2, 4, 8, 10, 15, 20, 18, 12};
  const counts b{5, 3, 4, 6, 7, 12, 14, 13, 10, 6, 4};
  const auto shares = cxgap::dominance_probabilities(a, b);
  EXPECT_NEAR(shares.greater + shares.equal + shares.less, 1.0, 1e-15);
  const auto ps = probability_of_superiority(a, b);
  EXPECT_NEAR(ps.value, shares.greater + shares.equal / 2, 1e-15);
  const auto d = cliff_delta(a, b);
  EXPECT_NEAR(d.value, shares.greater - shares.less, 1e-15);
  EXPECT_NEAR(d.value, 2 * ps.value - 1, 1e-15);
  const auto bm = cliff_delta(a, b, 0.95, dominance_ci_method::brunner_munzel);
  EXPECT_NEAR(bm.value, d.value, 1e-15);
  EXPECT_NEAR(bm.std_error, 2 * ps.std_error, 1e-15);
  EXPECT_NEAR(bm.ci.lower, 2 * ps.ci.lower - 1, 1e-15);
  EXPECT_NEAR(bm.ci.upper, 2 * ps.ci.upper - 1, 1e-15);
  EXPECT_EQ(bm.ci.method, "brunner-munzel");
}

TEST(Dominance, CliffIntervalIsAsymmetricTowardsZero) {
  const auto e = cliff_delta(counts{1, 2, 8, 15, 24}, counts{10, 14, 20, 9, 4});
  EXPECT_GT(e.value, 0.5);
  EXPECT_LT(e.ci.upper - e.value, e.value - e.ci.lower);
  EXPECT_LT(e.ci.upper, 1.0);
}

TEST(Dominance, WiderLevelGivesWiderIntervals) {
  const counts a{3, 5, 9, 12, 6};
  const counts b{6, 9, 10, 7, 3};
  for (auto m : {dominance_ci_method::cliff, dominance_ci_method::brunner_munzel}) {
    const auto e90 = cliff_delta(a, b, 0.90, m);
    const auto e99 = cliff_delta(a, b, 0.99, m);
    EXPECT_LT(e99.ci.lower, e90.ci.lower);
    EXPECT_GT(e99.ci.upper, e90.ci.upper);
  }
}

TEST(Dominance, CompleteSeparationGivesBoundaryCliffIntervalAsEffsize) {
  // d = 1: the interval uses d' = 1 − 1/(n_A n_B), its upper bound is set to 1
  // (reference values from the effsize algorithm, rank_scipy.txt case separated).
  const auto e = cliff_delta(counts{0, 0, 0, 3, 4}, counts{2, 3, 0, 0, 0});
  EXPECT_DOUBLE_EQ(e.value, 1.0);
  EXPECT_EQ(e.status, stat_status::boundary);
  EXPECT_EQ(e.ci.status, stat_status::boundary);
  EXPECT_DOUBLE_EQ(e.ci.upper, 1.0);
  EXPECT_GT(e.ci.lower, 0.5);
  const auto mirrored = cliff_delta(counts{2, 3, 0, 0, 0}, counts{0, 0, 0, 3, 4});
  EXPECT_DOUBLE_EQ(mirrored.value, -1.0);
  EXPECT_DOUBLE_EQ(mirrored.ci.lower, -1.0);
  EXPECT_NEAR(mirrored.ci.upper, -e.ci.lower, 1e-15);
}

TEST(Dominance, CompleteSeparationHasNoBrunnerMunzelInterval) {
  const auto p = probability_of_superiority(counts{0, 0, 0, 3, 4}, counts{2, 3, 0, 0, 0});
  EXPECT_DOUBLE_EQ(p.value, 1.0);
  EXPECT_EQ(p.status, stat_status::zero_variance);
  EXPECT_TRUE(std::isnan(p.std_error));
  EXPECT_TRUE(std::isnan(p.ci.lower));
  EXPECT_TRUE(std::isnan(p.ci.upper));
}

TEST(Dominance, AllObservationsInOneCategory) {
  const counts a{0, 7, 0};
  const counts b{0, 4, 0};
  const auto p = probability_of_superiority(a, b);
  EXPECT_DOUBLE_EQ(p.value, 0.5);
  EXPECT_EQ(p.status, stat_status::zero_variance);
  EXPECT_TRUE(std::isnan(p.ci.lower));
  // Cliff's floor (1 − d²)/(n_A n_B − 1) keeps a finite, symmetric interval around 0.
  const auto d = cliff_delta(a, b);
  EXPECT_DOUBLE_EQ(d.value, 0.0);
  EXPECT_EQ(d.status, stat_status::ok);
  EXPECT_REL_NEAR(d.std_error * d.std_error, 1.0 / 27.0, 1e-14);
  EXPECT_NEAR(d.ci.lower, -d.ci.upper, 1e-15);
  EXPECT_GT(d.ci.upper, 0.0);
}

TEST(Dominance, EmptyGroupGivesNaNWithStatusEmpty) {
  const auto p = probability_of_superiority(counts{0, 0, 0}, counts{1, 2, 3});
  const auto d = cliff_delta(counts{0, 0, 0}, counts{1, 2, 3});
  const auto s = cxgap::dominance_probabilities(counts{1, 2, 3}, counts{0, 0, 0});
  for (const auto& e : {p, d}) {
    EXPECT_EQ(e.status, stat_status::empty);
    EXPECT_EQ(e.ci.status, stat_status::empty);
    EXPECT_TRUE(std::isnan(e.value));
    EXPECT_TRUE(std::isnan(e.std_error));
    EXPECT_TRUE(std::isnan(e.ci.lower));
  }
  EXPECT_TRUE(std::isnan(s.greater));
}

TEST(Dominance, SingleObservationGivesValueWithoutInterval) {
  const auto p = probability_of_superiority(counts{0, 0, 1}, counts{1, 2, 3});
  const auto d = cliff_delta(counts{0, 0, 1}, counts{1, 2, 3});
  EXPECT_DOUBLE_EQ(p.value, 0.75);  // above 3 of 6, tied with 3
  EXPECT_DOUBLE_EQ(d.value, 0.5);
  for (const auto& e : {p, d}) {
    EXPECT_EQ(e.status, stat_status::too_few);
    EXPECT_TRUE(std::isnan(e.std_error));
    EXPECT_TRUE(std::isnan(e.ci.lower));
    EXPECT_TRUE(std::isnan(e.ci.upper));
  }
}

TEST(Dominance, ThrowsOnLevelOutsideZeroOne) {
  const counts a{1, 2, 3};
  const counts b{3, 2, 1};
  EXPECT_THROW(probability_of_superiority(a, b, 0.0), cxgap::invalid_argument);
  EXPECT_THROW(probability_of_superiority(a, b, 1.0), cxgap::invalid_argument);
  EXPECT_THROW(cliff_delta(a, b, 1.5), cxgap::invalid_argument);
  EXPECT_THROW(cliff_delta(a, b, -0.5, dominance_ci_method::brunner_munzel),
               cxgap::invalid_argument);
}

TEST(Dominance, ThrowsOnCountVectorsOfDifferentLengths) {
  EXPECT_THROW(probability_of_superiority(counts{1, 2, 3}, counts{1, 2}), cxgap::invalid_argument);
  EXPECT_THROW(cliff_delta(counts{1, 2, 3}, counts{1, 2}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::dominance_probabilities(counts{1}, counts{1, 2}), cxgap::invalid_argument);
}

TEST(Dominance, ThrowsOnNegativeCounts) {
  EXPECT_THROW(probability_of_superiority(counts{1, -2, 3}, counts{1, 2, 3}),
               cxgap::invalid_argument);
  EXPECT_THROW(cliff_delta(counts{1, 2, 3}, counts{1, 2, -3}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::dominance_probabilities(counts{-1}, counts{1}), cxgap::invalid_argument);
}

}  // namespace
