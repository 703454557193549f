// Tests of cxgap::brunner_munzel_test (include/cxgap/stats/brunner_munzel.hpp) against
// scipy.stats.brunnermunzel with its sign flipped and against exact rational arithmetic
// (fixtures made by tests/reference/rank_scipy.py and rank_large_ties.py), plus degenerate cases.
#include "cxgap/stats/brunner_munzel.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/error.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::brunner_munzel_test;
using cxgap::stat_status;
using cxgap::test::load_fixture;
using counts = std::vector<std::int64_t>;

TEST(BrunnerMunzel, MatchesScipyWithTheSignOfAMinusB) {
  int checked = 0;
  for (const auto& c : load_fixture("rank_scipy.txt")) {
    if (std::isnan(c.num("bm_p"))) continue;  // degenerate, tested below
    SCOPED_TRACE(c.name);
    const auto r = brunner_munzel_test(c.integers("a"), c.integers("b"));
    EXPECT_EQ(r.status, stat_status::ok);
    EXPECT_EQ(r.method, "Brunner-Munzel");
    // bm_statistic is −(scipy's statistic); 1e-12 absolute for the case where it is 0.
    if (c.num("bm_statistic") == 0) {
      EXPECT_NEAR(r.statistic, 0.0, 1e-12);
    } else {
      EXPECT_REL_NEAR(r.statistic, c.num("bm_statistic"), 1e-10);
    }
    EXPECT_REL_NEAR(r.df, c.num("bm_df"), 1e-10);
    EXPECT_REL_NEAR(r.p_value, c.num("bm_p"), 1e-9);
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

TEST(BrunnerMunzel, HugeTieGroupsMatchExactRationalArithmetic) {
  for (const auto& c : load_fixture("rank_large_ties.txt")) {
    SCOPED_TRACE(c.name);
    const auto r = brunner_munzel_test(c.integers("a"), c.integers("b"));
    EXPECT_REL_NEAR(r.statistic, c.num("bm_statistic"), 1e-10);
    EXPECT_REL_NEAR(r.df, c.num("bm_df"), 1e-10);
    EXPECT_GT(r.p_value, 0.0);
    EXPECT_LT(r.p_value, 1.0);
  }
}

TEST(BrunnerMunzel, StatisticIsPositiveWhenATendsToBeLarger) {
  const counts low{10, 14, 20, 9, 4};
  const counts high{1, 2, 8, 15, 24};
  const auto r = brunner_munzel_test(high, low);
  const auto s = brunner_munzel_test(low, high);
  EXPECT_GT(r.statistic, 0.0);
  EXPECT_DOUBLE_EQ(r.statistic, -s.statistic);
  EXPECT_DOUBLE_EQ(r.df, s.df);
  EXPECT_DOUBLE_EQ(r.p_value, s.p_value);
}

TEST(BrunnerMunzel, TinyPValueIsPositive) {
  // scipy reports 6.3e-45 here; the p-value comes from the t survival function.
  const auto r = brunner_munzel_test(counts{0, 0, 1, 5, 10}, counts{8, 6, 1, 0, 0});
  EXPECT_GT(r.p_value, 0.0);
  EXPECT_LT(r.p_value, 1e-40);
}

TEST(BrunnerMunzel, OneGroupInASingleCategoryStillHasDf) {
  // A all in category 2: its placements are constant (S_A² = 0), so df = n_B − 1.
  const auto r = brunner_munzel_test(counts{0, 6, 0}, counts{2, 3, 4});
  EXPECT_EQ(r.status, stat_status::ok);
  EXPECT_DOUBLE_EQ(r.df, 8.0);
  EXPECT_TRUE(std::isfinite(r.statistic));
}

TEST(BrunnerMunzel, EmptyGroupGivesNaNWithStatusEmpty) {
  const auto r = brunner_munzel_test(counts{0, 0, 0}, counts{1, 2, 3});
  EXPECT_EQ(r.status, stat_status::empty);
  EXPECT_TRUE(std::isnan(r.statistic));
  EXPECT_TRUE(std::isnan(r.df));
  EXPECT_TRUE(std::isnan(r.p_value));
}

TEST(BrunnerMunzel, SingleObservationGivesNaNWithStatusTooFew) {
  const auto r = brunner_munzel_test(counts{0, 1, 0}, counts{1, 2, 3});
  EXPECT_EQ(r.status, stat_status::too_few);
  EXPECT_TRUE(std::isnan(r.statistic));
  EXPECT_TRUE(std::isnan(r.p_value));
}

TEST(BrunnerMunzel, CompleteSeparationGivesNaNWithStatusZeroVariance) {
  // scipy returns statistic −inf and p NaN here (rank_scipy.txt, case separated).
  const auto r = brunner_munzel_test(counts{0, 0, 0, 3, 4}, counts{2, 3, 0, 0, 0});
  EXPECT_EQ(r.status, stat_status::zero_variance);
  EXPECT_TRUE(std::isnan(r.statistic));
  EXPECT_TRUE(std::isnan(r.df));
  EXPECT_TRUE(std::isnan(r.p_value));
}

TEST(BrunnerMunzel, AllObservationsInOneCategoryGiveNaNWithStatusZeroVariance) {
  const auto r = brunner_munzel_test(counts{0, 7, 0}, counts{0, 4, 0});
  EXPECT_EQ(r.status, stat_status::zero_variance);
  EXPECT_TRUE(std::isnan(r.statistic));
  EXPECT_TRUE(std::isnan(r.p_value));
}

TEST(BrunnerMunzel, ThrowsOnCountVectorsOfDifferentLengths) {
  EXPECT_THROW(brunner_munzel_test(counts{1, 2, 3}, counts{1, 2}), cxgap::invalid_argument);
}

TEST(BrunnerMunzel, ThrowsOnNegativeCounts) {
  EXPECT_THROW(brunner_munzel_test(counts{1, -2, 3}, counts{1, 2, 3}), cxgap::invalid_argument);
  EXPECT_THROW(brunner_munzel_test(counts{1, 2, 3}, counts{-1, 2, 3}), cxgap::invalid_argument);
}

}  // namespace
