// Tests for include/cxgap/stats/proportion.hpp: one proportion x/n.
// Reference values: tests/reference/fixtures/proportion_r.txt (R 4.2.2: prop.test, binom.test,
// qbeta; script tests/reference/proportion.R) and proportion_statsmodels.txt (statsmodels
// 0.13.5 proportion_confint; script tests/reference/proportion.py).
#include "cxgap/stats/proportion.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "support/fixture.hpp"
#include "support/stats.hpp"

namespace {

using cxgap::interval;
using cxgap::proportion_ci_method;
using cxgap::stat_status;
using cxgap::test::fixture_case;
using cxgap::test::load_fixture;

using cxgap::test::kRel;

// A limit agrees with a tool's value to 1e-9 relative, or below 1e-15 absolute where the tool
// computes a limit near 0 by cancellation (see support/stats.hpp).
using cxgap::test::limit_near;

interval<double> by_kind(const std::string& kind, std::int64_t x, std::int64_t n, double level) {
  if (kind == "wilson") return cxgap::wilson_interval(x, n, level);
  if (kind == "agresti-coull") return cxgap::agresti_coull_interval(x, n, level);
  if (kind == "clopper-pearson") return cxgap::clopper_pearson_interval(x, n, level);
  if (kind == "jeffreys") return cxgap::jeffreys_interval(x, n, level);
  if (kind == "wald") return cxgap::wald_interval(x, n, level);
  ADD_FAILURE() << "unknown kind " << kind;
  return {};
}

// Checks every one-proportion case (those with keys x and n) of a fixture file; returns the
// number of cases checked per kind.
std::map<std::string, int> check_against(const char* file) {
  std::map<std::string, int> checked;
  for (const fixture_case& c : load_fixture(file)) {
    if (!c.has("x")) continue;
    SCOPED_TRACE(std::string(file) + " [" + c.name + "] " + c.str("call"));
    const interval<double> ci =
        by_kind(c.str("kind"), c.integer("x"), c.integer("n"), c.num("level"));
    EXPECT_TRUE(limit_near(ci.lower, c.num("lower")));
    EXPECT_TRUE(limit_near(ci.upper, c.num("upper")));
    EXPECT_EQ(ci.level, c.num("level"));
    EXPECT_EQ(ci.method, c.str("kind"));
    ++checked[c.str("kind")];
  }
  return checked;
}

TEST(Proportion, IntervalsMatchR) {
  // prop.test(correct = FALSE) for Wilson, binom.test for Clopper–Pearson, qbeta for Jeffreys
  // (with lower = 0 at x = 0 and upper = 1 at x = n).
  const auto checked = check_against("proportion_r.txt");
  EXPECT_EQ(checked.size(), 3u);
  for (const auto& [kind, count] : checked) EXPECT_GE(count, 20) << kind;
}

TEST(Proportion, IntervalsMatchStatsmodels) {
  // proportion_confint: wilson, agresti_coull, beta (Clopper–Pearson), jeffreys (interior x
  // only: statsmodels 0.13 has no boundary convention), normal (Wald, clipped by statsmodels).
  const auto checked = check_against("proportion_statsmodels.txt");
  EXPECT_EQ(checked.size(), 5u);
  for (const auto& [kind, count] : checked) EXPECT_GE(count, 15) << kind;
}

TEST(Proportion, WilsonIsExactlyZeroAtZeroAndOneAtN) {
  for (std::int64_t n : {1, 2, 10, 1000, 10000000}) {
    const auto lo = cxgap::wilson_interval(0, n);
    EXPECT_EQ(lo.lower, 0.0);
    EXPECT_GT(lo.upper, 0.0);
    const auto hi = cxgap::wilson_interval(n, n);
    EXPECT_EQ(hi.upper, 1.0);
    EXPECT_LT(hi.lower, 1.0);
    // Symmetry: the interval for n − x is the mirror image of the one for x.
    EXPECT_NEAR(lo.upper, 1 - hi.lower, 1e-15);
  }
}

TEST(Proportion, WilsonKeepsRelativePrecisionForTinyProportions) {
  // x = 1 of 10^12: the lower limit is about 1.8e-13. Cross-check against the closed form
  // lower·upper = x²/(n(n + z²)) computed independently in long double.
  const std::int64_t n = 1000000000000;
  const auto ci = cxgap::wilson_interval(1, n);
  const long double z = 1.959963984540054L;
  const long double nn = static_cast<long double>(n);
  const long double product = 1.0L / (nn * (nn + z * z));
  EXPECT_REL_NEAR(static_cast<double>(static_cast<long double>(ci.lower) * ci.upper),
                  static_cast<double>(product), 1e-12);
  EXPECT_GT(ci.lower, 0.0);
}

TEST(Proportion, BoundaryConventionsOfExactAndBayesIntervals) {
  EXPECT_EQ(cxgap::clopper_pearson_interval(0, 20).lower, 0.0);
  EXPECT_EQ(cxgap::clopper_pearson_interval(20, 20).upper, 1.0);
  EXPECT_EQ(cxgap::jeffreys_interval(0, 20).lower, 0.0);
  EXPECT_EQ(cxgap::jeffreys_interval(20, 20).upper, 1.0);
  // Clopper–Pearson at x = 0 has the closed form upper = 1 − (α/2)^(1/n).
  EXPECT_REL_NEAR(cxgap::clopper_pearson_interval(0, 20).upper, 1 - std::pow(0.025, 1.0 / 20),
                  1e-12);
}

TEST(Proportion, ClippedMethodsStayInsideTheUnitInterval) {
  for (std::int64_t x : {0, 1, 2, 28, 29, 30}) {
    for (auto m : {proportion_ci_method::agresti_coull, proportion_ci_method::wald}) {
      const auto ci = cxgap::proportion_interval(x, 30, 0.99, m);
      EXPECT_GE(ci.lower, 0.0) << x;
      EXPECT_LE(ci.upper, 1.0) << x;
    }
  }
  // Agresti–Coull's unclipped lower limit at x = 0 is negative: it is clipped to exactly 0.
  EXPECT_EQ(cxgap::agresti_coull_interval(0, 30).lower, 0.0);
}

TEST(Proportion, WaldCollapsesAtTheBoundaryAndSaysSo) {
  const auto zero = cxgap::wald_interval(0, 25);
  EXPECT_EQ(zero.lower, 0.0);
  EXPECT_EQ(zero.upper, 0.0);
  EXPECT_EQ(zero.status, stat_status::boundary);
  const auto all = cxgap::wald_interval(25, 25);
  EXPECT_EQ(all.lower, 1.0);
  EXPECT_EQ(all.upper, 1.0);
  EXPECT_EQ(all.status, stat_status::boundary);
  EXPECT_EQ(cxgap::wald_interval(3, 25).status, stat_status::ok);
}

TEST(Proportion, EmptyGroupGivesNanAndEmptyStatusForEveryMethod) {
  for (auto m : {proportion_ci_method::wilson, proportion_ci_method::agresti_coull,
                 proportion_ci_method::clopper_pearson, proportion_ci_method::jeffreys,
                 proportion_ci_method::wald}) {
    const auto ci = cxgap::proportion_interval(0, 0, 0.95, m);
    EXPECT_TRUE(std::isnan(ci.lower)) << to_string(m);
    EXPECT_TRUE(std::isnan(ci.upper)) << to_string(m);
    EXPECT_EQ(ci.status, stat_status::empty) << to_string(m);
    EXPECT_EQ(ci.level, 0.95);
    EXPECT_EQ(ci.method, to_string(m));
  }
}

TEST(Proportion, SingleObservationGivesProperIntervals) {
  // n = 1: every method but Wald gives a non-degenerate interval that contains x/n.
  for (std::int64_t x : {0, 1}) {
    for (auto m : {proportion_ci_method::wilson, proportion_ci_method::agresti_coull,
                   proportion_ci_method::clopper_pearson, proportion_ci_method::jeffreys}) {
      const auto ci = cxgap::proportion_interval(x, 1, 0.95, m);
      EXPECT_EQ(ci.status, stat_status::ok);
      EXPECT_TRUE(ci.contains(static_cast<double>(x)));
      EXPECT_GT(ci.width(), 0.3) << to_string(m);
    }
  }
}

TEST(Proportion, DispatcherDefaultsToWilsonAndForwardsEveryMethod) {
  const auto by_default = cxgap::proportion_interval(7, 40);
  const auto wilson = cxgap::wilson_interval(7, 40);
  EXPECT_EQ(by_default.lower, wilson.lower);
  EXPECT_EQ(by_default.upper, wilson.upper);
  EXPECT_EQ(by_default.method, "wilson");
  EXPECT_EQ(cxgap::proportion_interval(7, 40, 0.9, proportion_ci_method::jeffreys).upper,
            cxgap::jeffreys_interval(7, 40, 0.9).upper);
  EXPECT_EQ(cxgap::proportion_interval(7, 40, 0.9, proportion_ci_method::clopper_pearson).lower,
            cxgap::clopper_pearson_interval(7, 40, 0.9).lower);
  EXPECT_EQ(cxgap::proportion_interval(7, 40, 0.9, proportion_ci_method::agresti_coull).lower,
            cxgap::agresti_coull_interval(7, 40, 0.9).lower);
  EXPECT_EQ(cxgap::proportion_interval(7, 40, 0.9, proportion_ci_method::wald).lower,
            cxgap::wald_interval(7, 40, 0.9).lower);
}

TEST(Proportion, HigherLevelGivesWiderNestedIntervals) {
  for (auto m : {proportion_ci_method::wilson, proportion_ci_method::agresti_coull,
                 proportion_ci_method::clopper_pearson, proportion_ci_method::jeffreys,
                 proportion_ci_method::wald}) {
    const auto narrow = cxgap::proportion_interval(12, 50, 0.8, m);
    const auto wide = cxgap::proportion_interval(12, 50, 0.99, m);
    EXPECT_LT(wide.lower, narrow.lower) << to_string(m);
    EXPECT_GT(wide.upper, narrow.upper) << to_string(m);
  }
}

TEST(Proportion, FloatInstantiationAgreesWithDouble) {
  const auto f = cxgap::wilson_interval<float>(12, 50, 0.95f);
  const auto d = cxgap::wilson_interval(12, 50, 0.95);
  EXPECT_NEAR(f.lower, d.lower, 1e-6);
  EXPECT_NEAR(f.upper, d.upper, 1e-6);
  const auto cp = cxgap::clopper_pearson_interval<float>(12, 50, 0.95f);
  EXPECT_NEAR(cp.upper, cxgap::clopper_pearson_interval(12, 50).upper, 1e-5);
}

TEST(Proportion, InvalidArgumentsThrow) {
  using cxgap::invalid_argument;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (auto m : {proportion_ci_method::wilson, proportion_ci_method::agresti_coull,
                 proportion_ci_method::clopper_pearson, proportion_ci_method::jeffreys,
                 proportion_ci_method::wald}) {
    EXPECT_THROW(cxgap::proportion_interval(1, 10, 0.0, m), invalid_argument) << to_string(m);
    EXPECT_THROW(cxgap::proportion_interval(1, 10, 1.0, m), invalid_argument) << to_string(m);
    EXPECT_THROW(cxgap::proportion_interval(1, 10, nan, m), invalid_argument) << to_string(m);
    EXPECT_THROW(cxgap::proportion_interval(11, 10, 0.95, m), invalid_argument) << to_string(m);
    EXPECT_THROW(cxgap::proportion_interval(-1, 10, 0.95, m), invalid_argument) << to_string(m);
    EXPECT_THROW(cxgap::proportion_interval(0, -1, 0.95, m), invalid_argument) << to_string(m);
    EXPECT_THROW(cxgap::proportion_interval(1, 0, 0.95, m), invalid_argument) << to_string(m);
  }
  EXPECT_THROW(cxgap::wilson_interval(1, 10, 1.5), invalid_argument);
  EXPECT_THROW(cxgap::agresti_coull_interval(5, 4), invalid_argument);
  EXPECT_THROW(cxgap::clopper_pearson_interval(-2, 4), invalid_argument);
  EXPECT_THROW(cxgap::jeffreys_interval(0, -4), invalid_argument);
  EXPECT_THROW(cxgap::wald_interval(1, 4, -0.5), invalid_argument);
}

TEST(Proportion, ErrorMessageNamesFunctionArgumentValueAndBound) {
  try {
    cxgap::wilson_interval(11, 10);
    FAIL() << "no throw";
  } catch (const cxgap::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cxgap::wilson_interval"), std::string::npos) << what;
    EXPECT_NE(what.find("x is 11"), std::string::npos) << what;
    EXPECT_NE(what.find("n = 10"), std::string::npos) << what;
  }
}

TEST(Proportion, MethodNamesAreStable) {
  EXPECT_EQ(to_string(proportion_ci_method::wilson), "wilson");
  EXPECT_EQ(to_string(proportion_ci_method::agresti_coull), "agresti-coull");
  EXPECT_EQ(to_string(proportion_ci_method::clopper_pearson), "clopper-pearson");
  EXPECT_EQ(to_string(proportion_ci_method::jeffreys), "jeffreys");
  EXPECT_EQ(to_string(proportion_ci_method::wald), "wald");
}

}  // namespace
