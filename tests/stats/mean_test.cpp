// Tests for include/cxgap/stats/mean.hpp: Welch and Student two-sample t tests and the
// one-sample t interval, against R's t.test (tests/reference/fixtures/mean.txt, mean.R).
#include "cxgap/stats/mean.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/stats/moments.hpp"
#include "support/fixture.hpp"
#include "support/stats.hpp"

namespace {

using cxgap::mean_difference;
using cxgap::moments_from_codes;
using cxgap::moments_from_counts;
using cxgap::sample_moments;
using cxgap::stat_status;
using int_counts = std::vector<std::int64_t>;

using cxgap::test::kRel;  // agreement target with R for deterministic methods

using cxgap::test::status_for_r_error;

void expect_matches_r(const mean_difference<double>& r, const cxgap::test::fixture_case& c,
                      const std::string& prefix) {
  SCOPED_TRACE(prefix + ": " + c.str(prefix + "call"));
  if (c.has(prefix + "error")) {
    const stat_status want = status_for_r_error(c.str(prefix + "error"));
    EXPECT_EQ(r.status, want);
    EXPECT_EQ(r.test.status, want);
    EXPECT_EQ(r.ci.status, want);
    EXPECT_TRUE(std::isnan(r.test.statistic));
    EXPECT_TRUE(std::isnan(r.test.p_value));
    EXPECT_TRUE(std::isnan(r.ci.lower));
    EXPECT_TRUE(std::isnan(r.ci.upper));
    // The point estimate is still defined when both groups have respondents.
    EXPECT_REL_NEAR(r.estimate, c.num("mean_a") - c.num("mean_b"), 1e-14);
    return;
  }
  EXPECT_REL_NEAR(r.estimate, c.num(prefix + "estimate"), 1e-13);
  EXPECT_REL_NEAR(r.std_error, c.num(prefix + "std_error"), kRel);
  EXPECT_REL_NEAR(r.test.statistic, c.num(prefix + "statistic"), kRel);
  EXPECT_REL_NEAR(r.test.p_value, c.num(prefix + "p_value"), kRel);
  const auto ci = c.nums(prefix + "ci");
  EXPECT_REL_NEAR(r.ci.lower, ci[0], kRel);
  EXPECT_REL_NEAR(r.ci.upper, ci[1], kRel);
  EXPECT_EQ(r.ci.level, c.num("level"));
  if (std::isnan(r.test.statistic)) {
    // R returns NaN rather than stopping when both groups are constant at 0 (0 < 0 is false).
    EXPECT_EQ(r.status, stat_status::zero_variance);
  } else {
    EXPECT_REL_NEAR(r.test.df, c.num(prefix + "df"), kRel);
    EXPECT_EQ(r.status, stat_status::ok);
  }
}

using cxgap::test::from_fixture;
using cxgap::test::groups;

TEST(Mean, WelchMatchesRTTestOnEveryFixtureCase) {
  for (const auto& c : cxgap::test::load_fixture("mean.txt")) {
    SCOPED_TRACE(c.name);
    const auto g = from_fixture(c);
    expect_matches_r(cxgap::welch_test(g.a, g.b, c.num("level")), c, "welch_");
  }
}

TEST(Mean, StudentMatchesRTTestVarEqualOnEveryFixtureCase) {
  for (const auto& c : cxgap::test::load_fixture("mean.txt")) {
    SCOPED_TRACE(c.name);
    const auto g = from_fixture(c);
    expect_matches_r(cxgap::student_t_test(g.a, g.b, c.num("level")), c, "student_");
  }
}

TEST(Mean, MeanIntervalMatchesROneSampleTTest) {
  for (const auto& c : cxgap::test::load_fixture("mean.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("one_sample_call"));
    const auto g = from_fixture(c);
    const auto e = cxgap::mean_interval(g.a, c.num("level"));
    EXPECT_REL_NEAR(e.value, c.num("mean_a"), 1e-14);
    if (c.has("one_sample_error")) {
      const stat_status want = status_for_r_error(c.str("one_sample_error"));
      EXPECT_EQ(e.status, want);
      EXPECT_TRUE(std::isnan(e.ci.lower));
      continue;
    }
    EXPECT_REL_NEAR(e.std_error, c.num("one_sample_std_error"), kRel);
    const auto ci = c.nums("one_sample_ci");
    EXPECT_REL_NEAR(e.ci.lower, ci[0], kRel);
    EXPECT_REL_NEAR(e.ci.upper, ci[1], kRel);
    EXPECT_EQ(e.status, std::isnan(ci[0]) ? stat_status::zero_variance : stat_status::ok);
  }
}

TEST(Mean, DefaultLevelIs95Percent) {
  const auto a = moments_from_codes(int_counts{1, 3, 5, 2, 1});
  const auto b = moments_from_codes(int_counts{2, 4, 3, 1, 0});
  EXPECT_EQ(cxgap::welch_test(a, b).ci.level, 0.95);
  EXPECT_EQ(cxgap::welch_test(a, b).ci.lower, cxgap::welch_test(a, b, 0.95).ci.lower);
  EXPECT_EQ(cxgap::student_t_test(a, b).ci.upper, cxgap::student_t_test(a, b, 0.95).ci.upper);
  EXPECT_EQ(cxgap::mean_interval(a).ci.upper, cxgap::mean_interval(a, 0.95).ci.upper);
}

TEST(Mean, SwappingGroupsNegatesEstimateStatisticAndInterval) {
  const auto a = moments_from_codes(int_counts{3, 0, 0, 0, 7});
  const auto b = moments_from_codes(int_counts{10, 25, 30, 20, 15});
  const auto ab = cxgap::welch_test(a, b), ba = cxgap::welch_test(b, a);
  EXPECT_EQ(ab.estimate, -ba.estimate);
  EXPECT_EQ(ab.test.statistic, -ba.test.statistic);
  EXPECT_EQ(ab.test.p_value, ba.test.p_value);
  EXPECT_REL_NEAR(ab.ci.lower, -ba.ci.upper, 1e-15);
}

TEST(Mean, EqualVariancesAndSizesMakeWelchEqualStudent) {
  // With na = nb and va = vb the Welch df is 2(n − 1) and both SEs coincide.
  const auto a = moments_from_codes(int_counts{2, 3, 5, 3, 2});
  const auto b = moments_from_codes(int_counts{2, 3, 5, 3, 2}, 2);
  const auto w = cxgap::welch_test(a, b), s = cxgap::student_t_test(a, b);
  EXPECT_REL_NEAR(w.test.df, 28.0, 1e-14);
  EXPECT_REL_NEAR(w.std_error, s.std_error, 1e-15);
  EXPECT_REL_NEAR(w.test.p_value, s.test.p_value, 1e-12);
}

TEST(Mean, TinyPValueIsNotRoundedToZero) {
  // R: 2 * pt(-24.6, 998) = 1.23e-104 (fixture case "large t, tiny p").
  const auto a = moments_from_codes(int_counts{0, 50, 150, 200, 100});
  const auto b = moments_from_codes(int_counts{100, 200, 150, 50, 0});
  const auto r = cxgap::welch_test(a, b);
  EXPECT_GT(r.test.p_value, 0.0);
  EXPECT_LT(r.test.p_value, 1e-100);
}

TEST(Mean, EmptyGroupGivesStatusEmptyAndAllNaN) {
  const auto a = moments_from_codes(int_counts{0, 0, 0});
  const auto b = moments_from_codes(int_counts{1, 2, 3});
  for (const auto& r : {cxgap::welch_test(a, b), cxgap::student_t_test(b, a)}) {
    EXPECT_EQ(r.status, stat_status::empty);
    EXPECT_TRUE(std::isnan(r.estimate));
    EXPECT_TRUE(std::isnan(r.std_error));
    EXPECT_TRUE(std::isnan(r.test.p_value));
    EXPECT_TRUE(std::isnan(r.ci.lower));
  }
  const auto e = cxgap::mean_interval(a);
  EXPECT_EQ(e.status, stat_status::empty);
  EXPECT_TRUE(std::isnan(e.value));
}

TEST(Mean, GroupOfOneIsTooFewForWelchButNotForStudent) {
  const auto a = moments_from_codes(int_counts{0, 1, 0});
  const auto b = moments_from_codes(int_counts{1, 2, 1});
  const auto w = cxgap::welch_test(a, b);
  EXPECT_EQ(w.status, stat_status::too_few);
  EXPECT_EQ(w.estimate, 2.0 - 2.0);
  EXPECT_TRUE(std::isnan(w.std_error));
  EXPECT_TRUE(std::isnan(w.test.df));
  const auto s = cxgap::student_t_test(a, b);
  EXPECT_EQ(s.status, stat_status::ok);
  EXPECT_EQ(s.test.df, 3.0);
}

TEST(Mean, BothGroupsConstantIsZeroVariance) {
  const auto a = moments_from_codes(int_counts{0, 7, 0});
  const auto b = moments_from_codes(int_counts{0, 0, 5});
  for (const auto& r : {cxgap::welch_test(a, b), cxgap::student_t_test(a, b)}) {
    EXPECT_EQ(r.status, stat_status::zero_variance);
    EXPECT_EQ(r.estimate, -1.0);
    EXPECT_EQ(r.std_error, 0.0);
    EXPECT_TRUE(std::isnan(r.test.statistic));
    EXPECT_TRUE(std::isnan(r.test.df));
    EXPECT_TRUE(std::isnan(r.ci.upper));
  }
  const auto e = cxgap::mean_interval(a);
  EXPECT_EQ(e.status, stat_status::zero_variance);
  EXPECT_EQ(e.value, 2.0);
  EXPECT_EQ(e.std_error, 0.0);
  EXPECT_TRUE(std::isnan(e.ci.lower));
}

TEST(Mean, MeanIntervalOfOneRespondentIsTooFew) {
  const auto e = cxgap::mean_interval(moments_from_codes(int_counts{0, 0, 1}));
  EXPECT_EQ(e.status, stat_status::too_few);
  EXPECT_EQ(e.value, 3.0);
  EXPECT_TRUE(std::isnan(e.std_error));
}

TEST(Mean, FloatInstantiationAgreesWithDouble) {
  const int_counts ca{5, 8, 12, 9, 6}, cb{7, 11, 9, 5, 2};
  const auto rd = cxgap::welch_test(moments_from_codes(ca), moments_from_codes(cb));
  const auto rf = cxgap::welch_test(moments_from_codes<float>(ca), moments_from_codes<float>(cb));
  EXPECT_REL_NEAR(rf.test.p_value, rd.test.p_value, 1e-4);
  EXPECT_REL_NEAR(rf.ci.upper, rd.ci.upper, 1e-5);
}

TEST(Mean, ThrowsOnLevelOutsideOpenUnitInterval) {
  const auto a = moments_from_codes(int_counts{1, 3, 5});
  const auto b = moments_from_codes(int_counts{2, 4, 3});
  for (double level : {0.0, 1.0, -0.5, 1.5, std::nan("")}) {
    EXPECT_THROW(cxgap::welch_test(a, b, level), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::student_t_test(a, b, level), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::mean_interval(a, level), cxgap::invalid_argument);
  }
}

TEST(Mean, ThrowsOnNegativeSampleSize) {
  sample_moments<double> bad{-1, 0.0, 1.0};
  const auto b = moments_from_codes(int_counts{2, 4, 3});
  EXPECT_THROW(cxgap::welch_test(bad, b), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::student_t_test(b, bad), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::mean_interval(bad), cxgap::invalid_argument);
}

}  // namespace
