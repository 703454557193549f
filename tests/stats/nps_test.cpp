// Tests for include/cxgap/stats/nps.hpp against R (tests/reference/fixtures/nps.txt, nps.R):
// the score equals the mean of the +1/0/−1 recode, and R's t.test SE on that recode is the
// trinomial SE times sqrt(n/(n − 1)).
#include "cxgap/stats/nps.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "support/fixture.hpp"

namespace {

using cxgap::nps_counts;
using cxgap::nps_interval;
using cxgap::nps_scale;
using cxgap::stat_status;
using int_counts = std::vector<std::int64_t>;

TEST(Nps, ScoreIsTheMeanOfTheRecodeAndSEIsTTestSETimesSqrtNMinusOneOverN) {
  for (const auto& c : cxgap::test::load_fixture("nps.txt")) {
    SCOPED_TRACE(c.name);
    const double level = c.num("level");
    for (const char* g : {"a", "b"}) {
      const std::string s(g);
      SCOPED_TRACE(c.str("t_test_" + s + "_call"));
      const auto r = cxgap::net_promoter_score(c.integers("ratings_" + s), level,
                                               nps_interval::wald, nps_scale::fraction);
      const double n = static_cast<double>(r.n);
      EXPECT_REL_NEAR(r.score, c.num("t_test_" + s + "_estimate"), 1e-14);
      if (c.has("t_test_" + s + "_error")) {
        // R: "data are essentially constant"; cxgap: SE 0, status zero_variance.
        EXPECT_EQ(r.status, stat_status::zero_variance);
        EXPECT_EQ(r.std_error, 0.0);
        continue;
      }
      const double t_se = c.num("t_test_" + s + "_std_error");
      EXPECT_REL_NEAR(r.std_error * std::sqrt(n / (n - 1)), t_se, 1e-13);
      // Wald interval: score ± qnorm(1 − α/2)·SE (R's qnorm), clipped to [−1, 1].
      const double se = t_se * std::sqrt((n - 1) / n), z = c.num("z");
      EXPECT_REL_NEAR(r.ci.lower, std::max(-1.0, r.score - z * se), 1e-13);
      EXPECT_REL_NEAR(r.ci.upper, std::min(1.0, r.score + z * se), 1e-13);
      EXPECT_EQ(r.status, stat_status::ok);
    }
  }
}

TEST(Nps, DifferenceSEMatchesWelchOnTheRecodeAfterRescaling) {
  for (const auto& c : cxgap::test::load_fixture("nps.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("welch_call"));
    const auto ca = cxgap::nps_categories(c.integers("ratings_a"));
    const auto cb = cxgap::nps_categories(c.integers("ratings_b"));
    const auto d =
        cxgap::nps_difference(ca, cb, c.num("level"), nps_interval::wald, nps_scale::fraction);
    EXPECT_REL_NEAR(d.estimate, c.num("welch_estimate"), 1e-13);
    // Welch SE² = var_a/(na − 1) + var_b/(nb − 1) with the divisor-n variances; ours uses na, nb.
    const auto a = cxgap::net_promoter_score(ca, 0.95, nps_interval::wald, nps_scale::fraction);
    const auto b = cxgap::net_promoter_score(cb, 0.95, nps_interval::wald, nps_scale::fraction);
    const double na = static_cast<double>(a.n), nb = static_cast<double>(b.n);
    EXPECT_REL_NEAR(std::sqrt(a.std_error * a.std_error * na / (na - 1) +
                              b.std_error * b.std_error * nb / (nb - 1)),
                    c.num("welch_std_error"), 1e-13);
    EXPECT_REL_NEAR(d.std_error, std::hypot(a.std_error, b.std_error), 1e-15);
    const double z = c.num("z");
    EXPECT_REL_NEAR(d.ci.lower, d.estimate - z * d.std_error, 1e-13);
    EXPECT_REL_NEAR(d.ci.upper, d.estimate + z * d.std_error, 1e-13);
    EXPECT_REL_NEAR(d.test.statistic, d.estimate / d.std_error, 1e-15);
    EXPECT_TRUE(std::isnan(d.test.df));
  }
}

TEST(Nps, AdjustedWaldMatchesRocksNpsPackageComputation) {
  for (const auto& c : cxgap::test::load_fixture("nps.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("rocks_call"));
    const double level = c.num("level");
    for (const char* g : {"a", "b"}) {
      const std::string s(g);
      const auto r = cxgap::net_promoter_score(c.integers("ratings_" + s), level,
                                               nps_interval::adjusted_wald, nps_scale::fraction);
      const auto ref = c.nums("rocks_adjusted_wald_" + s);
      EXPECT_REL_NEAR(r.ci.lower, std::max(-1.0, ref[0]), 1e-13);
      EXPECT_REL_NEAR(r.ci.upper, std::min(1.0, ref[1]), 1e-13);
      EXPECT_EQ(r.ci.status, stat_status::ok);
    }
    const auto d = cxgap::nps_difference(cxgap::nps_categories(c.integers("ratings_a")),
                                         cxgap::nps_categories(c.integers("ratings_b")), level,
                                         nps_interval::adjusted_wald, nps_scale::fraction);
    const auto ref = c.nums("rocks_adjusted_wald_difference");
    EXPECT_REL_NEAR(d.ci.lower, ref[0], 1e-13);
    EXPECT_REL_NEAR(d.ci.upper, ref[1], 1e-13);
  }
}

TEST(Nps, PointsScaleIsOneHundredTimesTheFractionScale) {
  const int_counts ratings{3, 1, 2, 4, 5, 8, 12, 30, 41, 38, 26};
  const auto f = cxgap::net_promoter_score(ratings, 0.95, nps_interval::wald, nps_scale::fraction);
  const auto p = cxgap::net_promoter_score(ratings);  // default: points
  EXPECT_EQ(p.scale, nps_scale::points);
  EXPECT_REL_NEAR(p.score, 100 * f.score, 1e-15);
  EXPECT_REL_NEAR(p.std_error, 100 * f.std_error, 1e-15);
  EXPECT_REL_NEAR(p.ci.lower, 100 * f.ci.lower, 1e-15);
  EXPECT_REL_NEAR(p.ci.upper, 100 * f.ci.upper, 1e-15);
  EXPECT_EQ(p.p_promoters, f.p_promoters);
}

TEST(Nps, CategoriesCollapseRatingsZeroToSixSevenToEightNineToTen) {
  const int_counts ratings{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  const auto c = cxgap::nps_categories(ratings);
  EXPECT_EQ(c.detractors, 1 + 2 + 3 + 4 + 5 + 6 + 7);
  EXPECT_EQ(c.passives, 8 + 9);
  EXPECT_EQ(c.promoters, 10 + 11);
  EXPECT_EQ(c.n(), 66);
  const auto a = cxgap::net_promoter_score(ratings);
  const auto b = cxgap::net_promoter_score(c.promoters, c.passives, c.detractors);
  EXPECT_EQ(a.score, b.score);
  EXPECT_EQ(a.std_error, b.std_error);
  EXPECT_EQ(a.score, 100.0 * (21.0 / 66.0 - 28.0 / 66.0));
}

TEST(Nps, WaldIntervalIsClippedToTheParameterRange) {
  // 9 promoters and 1 passive: score 0.9, SE 0.0949, unclipped upper bound 1.086.
  const auto r =
      cxgap::net_promoter_score<double>(9, 1, 0, 0.95, nps_interval::wald, nps_scale::fraction);
  EXPECT_EQ(r.ci.upper, 1.0);
  EXPECT_LT(r.ci.lower, 0.9);
  const auto d = cxgap::nps_difference(nps_counts{9, 1, 0}, nps_counts{0, 1, 9}, 0.95,
                                       nps_interval::wald, nps_scale::points);
  EXPECT_EQ(d.ci.upper, 200.0);
}

TEST(Nps, EveryoneInOneCategoryHasZeroVarianceButAnAdjustedWaldInterval) {
  const auto w = cxgap::net_promoter_score<double>(12, 0, 0);
  EXPECT_EQ(w.status, stat_status::zero_variance);
  EXPECT_EQ(w.score, 100.0);
  EXPECT_EQ(w.std_error, 0.0);
  EXPECT_EQ(w.ci.status, stat_status::zero_variance);
  EXPECT_TRUE(std::isnan(w.ci.lower));
  const auto a = cxgap::net_promoter_score<double>(12, 0, 0, 0.95, nps_interval::adjusted_wald);
  EXPECT_EQ(a.status, stat_status::zero_variance);
  EXPECT_EQ(a.ci.status, stat_status::ok);
  EXPECT_LT(a.ci.lower, 100.0);
  EXPECT_LE(a.ci.upper, 100.0);
  // A single respondent is the same situation.
  EXPECT_EQ(cxgap::net_promoter_score<double>(0, 0, 1).status, stat_status::zero_variance);
}

TEST(Nps, EmptyGroupIsEmpty) {
  const auto r = cxgap::net_promoter_score<double>(0, 0, 0);
  EXPECT_EQ(r.status, stat_status::empty);
  EXPECT_TRUE(std::isnan(r.score));
  EXPECT_TRUE(std::isnan(r.ci.upper));
  const auto d = cxgap::nps_difference(nps_counts{}, nps_counts{3, 2, 1});
  EXPECT_EQ(d.status, stat_status::empty);
  EXPECT_EQ(d.test.status, stat_status::empty);
  EXPECT_TRUE(std::isnan(d.estimate));
}

TEST(Nps, DifferenceOfTwoConstantGroupsIsZeroVariance) {
  const auto d = cxgap::nps_difference(nps_counts{5, 0, 0}, nps_counts{0, 0, 4});
  EXPECT_EQ(d.status, stat_status::zero_variance);
  EXPECT_EQ(d.estimate, 200.0);
  EXPECT_EQ(d.std_error, 0.0);
  EXPECT_TRUE(std::isnan(d.test.p_value));
  EXPECT_TRUE(std::isnan(d.ci.lower));
  const auto a = cxgap::nps_difference(nps_counts{5, 0, 0}, nps_counts{0, 0, 4}, 0.95,
                                       nps_interval::adjusted_wald);
  EXPECT_EQ(a.ci.status, stat_status::ok);
  EXPECT_TRUE(std::isfinite(a.ci.lower));
}

TEST(Nps, DifferenceTestIsTwoSidedAndSymmetric) {
  const nps_counts a{40, 30, 30}, b{30, 30, 40};
  const auto ab = cxgap::nps_difference(a, b), ba = cxgap::nps_difference(b, a);
  EXPECT_EQ(ab.test.p_value, ba.test.p_value);
  EXPECT_EQ(ab.test.statistic, -ba.test.statistic);
  EXPECT_DOUBLE_EQ(ab.estimate, 20.0);
  EXPECT_DOUBLE_EQ(ab.score_a, 10.0);
  EXPECT_DOUBLE_EQ(ab.score_b, -10.0);
}

TEST(Nps, ThrowsOnBadInput) {
  EXPECT_THROW(cxgap::nps_categories(int_counts{1, 2, 3}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::nps_categories(int_counts(12, 1)), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::nps_categories(int_counts{1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 0}),
               cxgap::invalid_argument);
  EXPECT_THROW(cxgap::net_promoter_score<double>(-1, 2, 3), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::net_promoter_score<double>(1, -2, 3), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::net_promoter_score<double>(1, 2, -3), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::net_promoter_score<double>(1, 2, 3, 1.0), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::net_promoter_score<double>(1, 2, 3, 0.0), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::nps_difference(nps_counts{1, 2, 3}, nps_counts{1, -2, 3}),
               cxgap::invalid_argument);
  EXPECT_THROW(cxgap::nps_difference(nps_counts{1, 2, 3}, nps_counts{1, 2, 3}, 1.5),
               cxgap::invalid_argument);
}

}  // namespace
