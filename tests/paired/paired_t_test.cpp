// Tests for include/cxgap/paired/paired_t.hpp: the paired t test of a K×K paired table against
// R's t.test(x, y, paired = TRUE) (tests/reference/fixtures/paired_t.txt, paired_t.R), and its
// degenerate cases.
#include "cxgap/paired/paired_t.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/paired/paired_table.hpp"
#include "cxgap/paired/signed_rank.hpp"
#include "cxgap/stats/moments.hpp"
#include "support/fixture.hpp"
#include "support/stats.hpp"

namespace {

using cxgap::paired_table;
using cxgap::stat_status;
using counts = std::vector<std::int64_t>;

using cxgap::test::kRel;  // agreement target with R for deterministic methods

using cxgap::test::table_of;

paired_table transpose(const paired_table& t) {
  paired_table out(t.size());
  for (std::size_t i = 0; i < t.size(); ++i)
    for (std::size_t j = 0; j < t.size(); ++j) out(j, i) = t(i, j);
  return out;
}

using cxgap::test::status_for_r_error;

TEST(PairedT, MatchesRPairedTTestOnEveryFixtureCase) {
  for (const auto& c : cxgap::test::load_fixture("paired_t.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const auto r = cxgap::paired_t_test(table_of(c), c.nums("scores"), c.num("level"));
    EXPECT_EQ(r.n, c.integer("n"));
    EXPECT_REL_NEAR(r.mean_first, c.num("mean_first"), 1e-13);
    EXPECT_REL_NEAR(r.mean_second, c.num("mean_second"), 1e-13);
    EXPECT_EQ(r.ci.level, c.num("level"));
    if (c.has("error")) {
      const stat_status want = status_for_r_error(c.str("error"));
      EXPECT_EQ(r.status, want);
      EXPECT_EQ(r.test.status, want);
      EXPECT_EQ(r.ci.status, want);
      EXPECT_TRUE(std::isnan(r.test.statistic));
      EXPECT_TRUE(std::isnan(r.test.p_value));
      EXPECT_TRUE(std::isnan(r.ci.lower));
      EXPECT_REL_NEAR(r.estimate, c.num("mean_first") - c.num("mean_second"), 1e-13);
      continue;
    }
    EXPECT_REL_NEAR(r.estimate, c.num("estimate"), 1e-12);
    EXPECT_REL_NEAR(r.std_error, c.num("std_error"), kRel);
    EXPECT_REL_NEAR(r.test.statistic, c.num("statistic"), kRel);
    EXPECT_REL_NEAR(r.test.p_value, c.num("p_value"), kRel);
    const auto ci = c.nums("ci");
    EXPECT_REL_NEAR(r.ci.lower, ci[0], kRel);
    EXPECT_REL_NEAR(r.ci.upper, ci[1], kRel);
    if (std::isnan(c.num("statistic"))) {
      // R returns t = NaN instead of stopping when every difference is 0.
      EXPECT_EQ(r.status, stat_status::zero_variance);
      EXPECT_EQ(r.std_error, 0.0);
    } else {
      EXPECT_EQ(r.status, stat_status::ok);
      EXPECT_REL_NEAR(r.test.df, c.num("df"), 1e-15);
    }
  }
}

TEST(PairedT, MomentsOfTheDifferenceDistributionGiveTheSameTest) {
  for (const auto& c : cxgap::test::load_fixture("paired_t.txt")) {
    SCOPED_TRACE(c.name);
    const paired_table t = table_of(c);
    const auto scores = c.nums("scores");
    const auto dist = cxgap::paired_differences(t, scores);
    const auto from_table = cxgap::paired_t_test(t, scores, c.num("level"));
    const auto from_moments =
        cxgap::paired_t_test(cxgap::moments_from_counts(dist.counts, dist.values), c.num("level"));
    EXPECT_EQ(from_moments.status, from_table.status);
    EXPECT_TRUE(std::isnan(from_moments.mean_first));
    EXPECT_REL_NEAR(from_moments.estimate, from_table.estimate, 1e-13);
    EXPECT_REL_NEAR(from_moments.test.p_value, from_table.test.p_value, 1e-11);
    EXPECT_REL_NEAR(from_moments.ci.upper, from_table.ci.upper, 1e-12);
  }
}

TEST(PairedT, RawDifferencesGiveTheTableResult) {
  // Dyads (first, second): (5, 3), (4, 4), (3, 1), (5, 4), (2, 3); differences 2, 0, 2, 1, -1.
  paired_table t(5);
  t.add(4, 2);
  t.add(3, 3);
  t.add(2, 0);
  t.add(4, 3);
  t.add(1, 2);
  const auto from_table = cxgap::paired_t_test(t, {1, 2, 3, 4, 5});
  const auto from_values = cxgap::paired_t_test(cxgap::moments_from_values({2, 0, 2, 1, -1}));
  EXPECT_EQ(from_table.estimate, 0.8);
  EXPECT_REL_NEAR(from_values.estimate, 0.8, 1e-15);
  EXPECT_REL_NEAR(from_table.std_error, from_values.std_error, 1e-14);
  EXPECT_REL_NEAR(from_table.test.p_value, from_values.test.p_value, 1e-13);
  EXPECT_EQ(from_table.test.df, 4.0);
}

TEST(PairedT, SwappingTheRatersNegatesTheGap) {
  const auto cases = cxgap::test::load_fixture("paired_t.txt");
  const auto& c = cases.front();
  const paired_table t = table_of(c);
  const auto ab = cxgap::paired_t_test(t, c.nums("scores"));
  const auto ba = cxgap::paired_t_test(transpose(t), c.nums("scores"));
  // Equal up to rounding: the compensated sums start from a different first cell.
  EXPECT_REL_NEAR(ab.estimate, -ba.estimate, 1e-14);
  EXPECT_REL_NEAR(ab.test.statistic, -ba.test.statistic, 1e-14);
  EXPECT_REL_NEAR(ab.test.p_value, ba.test.p_value, 1e-13);
  EXPECT_REL_NEAR(ab.ci.lower, -ba.ci.upper, 1e-14);
  EXPECT_EQ(ab.mean_first, ba.mean_second);
}

TEST(PairedT, DefaultLevelIs95Percent) {
  const paired_table t(3, counts{2, 1, 0, 3, 4, 1, 0, 2, 5});
  const auto r = cxgap::paired_t_test(t, {1, 2, 3});
  EXPECT_EQ(r.ci.level, 0.95);
  EXPECT_EQ(r.ci.upper, cxgap::paired_t_test(t, {1, 2, 3}, 0.95).ci.upper);
}

TEST(PairedT, EmptyTableIsEmptyAndAllNaN) {
  const auto r = cxgap::paired_t_test(paired_table(4), {1, 2, 3, 4});
  EXPECT_EQ(r.status, stat_status::empty);
  EXPECT_EQ(r.test.status, stat_status::empty);
  EXPECT_EQ(r.n, 0);
  EXPECT_TRUE(std::isnan(r.estimate));
  EXPECT_TRUE(std::isnan(r.mean_first));
  EXPECT_TRUE(std::isnan(r.std_error));
  EXPECT_TRUE(std::isnan(r.test.p_value));
  EXPECT_TRUE(std::isnan(r.ci.lower));
}

TEST(PairedT, SingleDyadIsTooFewButKeepsItsDifference) {
  paired_table t(3);
  t.add(2, 0);
  const auto r = cxgap::paired_t_test(t, {10, 20, 30});
  EXPECT_EQ(r.status, stat_status::too_few);
  EXPECT_EQ(r.n, 1);
  EXPECT_EQ(r.estimate, 20.0);
  EXPECT_TRUE(std::isnan(r.std_error));
  EXPECT_TRUE(std::isnan(r.test.df));
  EXPECT_TRUE(std::isnan(r.ci.upper));
}

TEST(PairedT, AllPairsTiedIsZeroVarianceWithGapZero) {
  const paired_table t(3, counts{3, 0, 0, 0, 5, 0, 0, 0, 2});
  const auto r = cxgap::paired_t_test(t, {1, 2, 3});
  EXPECT_EQ(r.status, stat_status::zero_variance);
  EXPECT_EQ(r.estimate, 0.0);
  EXPECT_EQ(r.std_dev, 0.0);
  EXPECT_EQ(r.std_error, 0.0);
  EXPECT_TRUE(std::isnan(r.test.statistic));
  EXPECT_TRUE(std::isnan(r.test.df));
  EXPECT_TRUE(std::isnan(r.ci.lower));
}

TEST(PairedT, ConstantShiftIsZeroVarianceWithTheShiftAsGap) {
  // Every employee rates exactly one point above the customer (R: "essentially constant").
  const paired_table t(3, counts{0, 0, 0, 4, 0, 0, 0, 6, 0});
  const auto r = cxgap::paired_t_test(t, {1, 2, 3});
  EXPECT_EQ(r.status, stat_status::zero_variance);
  EXPECT_EQ(r.estimate, 1.0);
  EXPECT_EQ(r.std_error, 0.0);
  EXPECT_TRUE(std::isnan(r.test.p_value));
}

TEST(PairedT, TinyPValueIsNotRoundedToZero) {
  // Fixture case "large": R gives 7.2e-48.
  for (const auto& c : cxgap::test::load_fixture("paired_t.txt")) {
    if (c.name != "large") continue;
    const auto r = cxgap::paired_t_test(table_of(c), c.nums("scores"));
    EXPECT_GT(r.test.p_value, 0.0);
    EXPECT_LT(r.test.p_value, 1e-40);
  }
}

TEST(PairedT, FloatInstantiationAgreesWithDouble) {
  const paired_table t(3, counts{5, 2, 0, 3, 8, 2, 1, 4, 9});
  const auto rd = cxgap::paired_t_test(t, {1, 2, 3});
  const auto rf = cxgap::paired_t_test<float>(t, {1.0f, 2.0f, 3.0f});
  EXPECT_REL_NEAR(rf.test.p_value, rd.test.p_value, 1e-4);
  EXPECT_REL_NEAR(rf.ci.upper, rd.ci.upper, 1e-5);
}

TEST(PairedT, ThrowsOnLevelOutsideOpenUnitInterval) {
  const paired_table t(2, counts{3, 1, 2, 4});
  for (double level : {0.0, 1.0, -0.1, 1.5, std::nan("")}) {
    EXPECT_THROW(cxgap::paired_t_test(t, {0, 1}, level), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::paired_t_test(cxgap::moments_from_values({1, 2}), level),
                 cxgap::invalid_argument);
  }
}

TEST(PairedT, ThrowsOnScoresOfTheWrongSize) {
  const paired_table t(3, counts{1, 0, 0, 0, 1, 0, 0, 0, 1});
  EXPECT_THROW(cxgap::paired_t_test(t, {1, 2}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::paired_t_test(t, std::vector<double>{1, 2, 3, 4}), cxgap::invalid_argument);
}

TEST(PairedT, ThrowsOnNonFiniteScore) {
  const paired_table t(2, counts{1, 1, 1, 1});
  EXPECT_THROW(cxgap::paired_t_test(t, {0.0, std::nan("")}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::paired_t_test(t, {0.0, HUGE_VAL}), cxgap::invalid_argument);
}

TEST(PairedT, ThrowsOnNegativeDifferenceCount) {
  const cxgap::sample_moments<double> bad{-1, 0.0, 1.0};
  EXPECT_THROW(cxgap::paired_t_test(bad), cxgap::invalid_argument);
}

}  // namespace
