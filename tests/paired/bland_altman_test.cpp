// Tests for include/cxgap/paired/bland_altman.hpp: bias, limits of agreement and their t
// intervals (approximate 1986 and exact 1999 SEs of the limits) against base R on the raw pairs
// (fixtures/agreement_bland_altman.txt, script tests/reference/agreement_bland_altman.R), for
// tables of dyads (vcd's SexualFun, psych's bfi) and raw pairs (Bland & Altman's 1986 PEFR data).
#include "cxgap/paired/bland_altman.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <list>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/fixture.hpp"

namespace {

using cxgap::bland_altman_result;
using cxgap::loa_std_error;
using cxgap::paired_table;
using cxgap::stat_status;
using cxgap::test::fixture_case;

using cxgap::test::kRel;  // agreement target for deterministic methods

bland_altman_result<double> compute(const fixture_case& c, loa_std_error se) {
  const double level = c.num("level"), coverage = c.num("coverage");
  if (c.has("table")) {
    const paired_table t(static_cast<std::size_t>(c.integer("table_k")), c.integers("table"));
    return cxgap::bland_altman(t, c.nums("scores"), level, coverage, se);
  }
  return cxgap::bland_altman(c.nums("first"), c.nums("second"), level, coverage, se);
}

TEST(BlandAltman, MatchesBaseROnEveryFixtureCase) {
  int cases = 0;
  for (const auto& c : cxgap::test::load_fixture("agreement_bland_altman.txt")) {
    for (auto se : {loa_std_error::approximate, loa_std_error::exact}) {
      const std::string kind = se == loa_std_error::approximate ? "approx" : "exact";
      SCOPED_TRACE(c.name + ", " + kind + ": " + c.str("call"));
      const auto r = compute(c, se);
      EXPECT_EQ(r.n, c.integer("n"));
      EXPECT_REL_NEAR(r.bias.value, c.num("bias"), 1e-13);
      EXPECT_REL_NEAR(r.sd_difference, c.num("sd"), 1e-12);
      EXPECT_REL_NEAR(r.multiplier, c.num("z"), 1e-14);
      EXPECT_REL_NEAR(r.bias.std_error, c.num("bias_se"), 1e-12);
      EXPECT_REL_NEAR(r.bias.ci.lower, c.nums("bias_ci")[0], kRel);
      EXPECT_REL_NEAR(r.bias.ci.upper, c.nums("bias_ci")[1], kRel);
      EXPECT_REL_NEAR(r.lower_limit.value, c.num("lower"), 1e-12);
      EXPECT_REL_NEAR(r.upper_limit.value, c.num("upper"), 1e-12);
      EXPECT_REL_NEAR(r.lower_limit.std_error, c.num(kind + "_se"), 1e-12);
      EXPECT_REL_NEAR(r.upper_limit.std_error, c.num(kind + "_se"), 1e-12);
      const auto lo = c.nums("lower_ci_" + kind), up = c.nums("upper_ci_" + kind);
      EXPECT_REL_NEAR(r.lower_limit.ci.lower, lo[0], kRel);
      EXPECT_REL_NEAR(r.lower_limit.ci.upper, lo[1], kRel);
      EXPECT_REL_NEAR(r.upper_limit.ci.lower, up[0], kRel);
      EXPECT_REL_NEAR(r.upper_limit.ci.upper, up[1], kRel);
      EXPECT_EQ(r.bias.ci.level, c.num("level"));
      EXPECT_EQ(r.status, stat_status::ok);
      EXPECT_EQ(r.upper_limit.ci.status, stat_status::ok);
    }
    ++cases;
  }
  EXPECT_EQ(cases, 7);
}

TEST(BlandAltman, ReproducesThePublishedPefrSummary) {
  // Bland & Altman (1986), PEFR Wright − Mini Wright: mean difference −2.1, SD 38.8 l/min.
  for (const auto& c : cxgap::test::load_fixture("agreement_bland_altman.txt")) {
    if (c.name != "PEFR Wright - Mini Wright (Bland & Altman 1986)") continue;
    const auto r = cxgap::bland_altman(c.nums("first"), c.nums("second"));
    EXPECT_NEAR(r.bias.value, -2.1, 0.05);
    EXPECT_NEAR(r.sd_difference, 38.8, 0.05);
  }
}

TEST(BlandAltman, TableOverloadEqualsRawPairsOverload) {
  const paired_table t(3, {4, 2, 0, 1, 6, 3, 0, 2, 5});
  const std::vector<double> s{1, 2.5, 4};
  std::vector<double> a, b;
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j)
      for (std::int64_t c = 0; c < t(i, j); ++c) {
        a.push_back(s[i]);
        b.push_back(s[j]);
      }
  const auto x = cxgap::bland_altman(t, s), y = cxgap::bland_altman(a, b);
  EXPECT_REL_NEAR(x.bias.value, y.bias.value, 1e-14);
  EXPECT_REL_NEAR(x.sd_difference, y.sd_difference, 1e-14);
  EXPECT_REL_NEAR(x.upper_limit.ci.upper, y.upper_limit.ci.upper, 1e-14);
}

TEST(BlandAltman, RawPairsAcceptAnySizedRange) {
  const std::array<int, 4> a{3, 5, 4, 6};
  const std::list<double> b{2.5, 5, 3, 4};
  const auto r = cxgap::bland_altman(a, b);
  const auto v =
      cxgap::bland_altman(std::vector<double>{3, 5, 4, 6}, std::vector<double>{2.5, 5, 3, 4});
  EXPECT_EQ(r.n, 4);
  EXPECT_EQ(r.bias.value, v.bias.value);
  EXPECT_EQ(r.lower_limit.ci.lower, v.lower_limit.ci.lower);
}

TEST(BlandAltman, SwappingFirstAndSecondMirrorsEverything) {
  const paired_table t(3, {4, 2, 0, 1, 6, 3, 0, 2, 5});
  const paired_table u(3, {4, 1, 0, 2, 6, 2, 0, 3, 5});  // transpose
  const auto x = cxgap::bland_altman(t, {1, 2, 3}), y = cxgap::bland_altman(u, {1, 2, 3});
  EXPECT_REL_NEAR(x.bias.value, -y.bias.value, 1e-14);
  EXPECT_REL_NEAR(x.lower_limit.value, -y.upper_limit.value, 1e-14);
  EXPECT_REL_NEAR(x.lower_limit.ci.lower, -y.upper_limit.ci.upper, 1e-14);
}

TEST(BlandAltman, ExactLimitSEIsBelowApproximateNear95PercentForLargeN) {
  // 3/n vs 1/n + z²/(2(n − 1)) with z = 1.96: ratio → 2.92/3.
  const paired_table t(2, {400, 150, 120, 330});
  const auto a = cxgap::bland_altman(t, {0, 1}), e =
      cxgap::bland_altman(t, {0, 1}, 0.95, 0.95, loa_std_error::exact);
  EXPECT_LT(e.lower_limit.std_error, a.lower_limit.std_error);
  EXPECT_EQ(a.bias.ci.lower, e.bias.ci.lower);
  EXPECT_EQ(a.upper_limit.value, e.upper_limit.value);
}

TEST(BlandAltman, ConstantDifferencesAreZeroVariance) {
  // Every second rating is one point below the first: bias +1, limits = bias, SE 0.
  paired_table t(5);
  t.add(1, 0, 7);
  t.add(3, 2, 4);
  t.add(4, 3, 9);
  for (const auto& r : {cxgap::bland_altman(t, {1, 2, 3, 4, 5}),
                        cxgap::bland_altman(std::vector<double>{0.3, 0.4, 0.5},
                                            std::vector<double>{0.2, 0.3, 0.4})}) {
    EXPECT_EQ(r.status, stat_status::zero_variance);
    EXPECT_EQ(r.sd_difference, 0.0);
    EXPECT_EQ(r.bias.std_error, 0.0);
    EXPECT_EQ(r.lower_limit.value, r.bias.value);
    EXPECT_EQ(r.upper_limit.value, r.bias.value);
    EXPECT_EQ(r.upper_limit.std_error, 0.0);
    EXPECT_TRUE(std::isnan(r.bias.ci.lower));
    EXPECT_TRUE(std::isnan(r.upper_limit.ci.upper));
    EXPECT_EQ(r.bias.ci.status, stat_status::zero_variance);
  }
  EXPECT_EQ(cxgap::bland_altman(t, {1, 2, 3, 4, 5}).bias.value, 1.0);
}

TEST(BlandAltman, SingleDyadIsTooFewAndNoDyadsIsEmpty) {
  paired_table t(3);
  t.add(2, 0);
  const auto one = cxgap::bland_altman(t, {1, 2, 3});
  EXPECT_EQ(one.status, stat_status::too_few);
  EXPECT_EQ(one.bias.value, 2.0);
  EXPECT_TRUE(std::isnan(one.sd_difference));
  EXPECT_TRUE(std::isnan(one.lower_limit.value));
  EXPECT_TRUE(std::isnan(one.bias.ci.lower));
  const auto none = cxgap::bland_altman(paired_table(3), {1, 2, 3});
  EXPECT_EQ(none.status, stat_status::empty);
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(std::isnan(none.bias.value));
  const auto raw = cxgap::bland_altman(std::vector<double>{}, std::vector<double>{});
  EXPECT_EQ(raw.status, stat_status::empty);
}

TEST(BlandAltman, DefaultsAre95PercentIntervalsAnd95PercentLimits) {
  const paired_table t(2, {40, 9, 6, 45});
  const auto r = cxgap::bland_altman(t, {0, 1});
  EXPECT_EQ(r.bias.ci.level, 0.95);
  EXPECT_EQ(r.multiplier, cxgap::detail::normal_critical(0.95));
  const auto s = cxgap::bland_altman(t, {0, 1}, 0.95, 0.95, loa_std_error::approximate);
  EXPECT_EQ(r.lower_limit.ci.lower, s.lower_limit.ci.lower);
}

TEST(BlandAltman, FloatInstantiationAgreesWithDouble) {
  const paired_table t(4, {7, 7, 2, 3, 2, 8, 3, 7, 1, 5, 4, 9, 2, 8, 9, 14});
  const auto d = cxgap::bland_altman(t, {1, 2, 3, 4});
  const auto f = cxgap::bland_altman<float>(t, {1, 2, 3, 4});
  EXPECT_REL_NEAR(f.upper_limit.ci.upper, d.upper_limit.ci.upper, 1e-5);
}

TEST(BlandAltman, ThrowsOnLevelOrCoverageOutsideOpenUnitInterval) {
  const paired_table t(2, {4, 1, 1, 4});
  const std::vector<double> a{1, 2, 3}, b{1, 3, 2};
  for (double bad : {0.0, 1.0, -0.5, 1.5, std::nan("")}) {
    EXPECT_THROW(cxgap::bland_altman(t, {0, 1}, bad), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::bland_altman(t, {0, 1}, 0.95, bad), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::bland_altman(a, b, bad), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::bland_altman(a, b, 0.95, bad), cxgap::invalid_argument);
  }
}

TEST(BlandAltman, ThrowsOnPairsOfDifferentLength) {
  EXPECT_THROW(cxgap::bland_altman(std::vector<double>{1, 2, 3}, std::vector<double>{1, 2}),
               cxgap::invalid_argument);
}

TEST(BlandAltman, ThrowsOnNonFiniteValue) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(cxgap::bland_altman(std::vector<double>{1, std::nan(""), 3},
                                   std::vector<double>{1, 2, 3}),
               cxgap::invalid_argument);
  EXPECT_THROW(cxgap::bland_altman(std::vector<double>{1, 2, 3}, std::vector<double>{1, 2, inf}),
               cxgap::invalid_argument);
}

TEST(BlandAltman, ThrowsOnBadScores) {
  const paired_table t(3, {5, 1, 0, 1, 5, 1, 0, 1, 5});
  EXPECT_THROW(cxgap::bland_altman(t, {1, 2}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::bland_altman(t, std::vector<double>{1, 2, 3, 4}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::bland_altman(t, {1, std::nan(""), 3}), cxgap::invalid_argument);
}

}  // namespace
