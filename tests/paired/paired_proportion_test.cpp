// Tests for include/cxgap/paired/paired_proportion.hpp: intervals for the paired difference of
// proportions against an independent 50-digit implementation
// (tests/reference/fixtures/paired_proportion_mpmath.txt, paired_proportion.py) and against the
// published values of Newcombe (1998b) Table III and other worked examples
// (paired_proportion_published.txt, hand-entered with their sources).
#include "cxgap/paired/paired_proportion.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/paired/mcnemar.hpp"
#include "cxgap/paired/paired_table.hpp"
#include "cxgap/stats/detail/distributions.hpp"
#include "support/fixture.hpp"
#include "support/stats.hpp"

namespace {

using cxgap::paired_binary;
using cxgap::paired_proportion_method;
using cxgap::stat_status;
using counts = std::vector<std::int64_t>;

using cxgap::test::kRel;  // agreement target for deterministic methods

using cxgap::test::cells_of;

/// Newcombe's method 8 (plain φ), which cxgap does not offer publicly: the same combination of
/// Wilson limits with the uncorrected correlation.
cxgap::estimate<double> newcombe_plain_phi(const paired_binary& t, double level) {
  cxgap::estimate<double> out;
  cxgap::detail::paired_proportion_prologue("test", t, level, "newcombe-plain-phi", out);
  cxgap::detail::newcombe_paired_limits(out, t, level, cxgap::detail::newcombe_phi<double>(t, false));
  return out;
}

TEST(PairedProportion, MatchesTheIndependentMpmathReference) {
  for (const auto& c : cxgap::test::load_fixture("paired_proportion_mpmath.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const paired_binary t = cells_of(c);
    const double level = c.num("level");
    const auto newcombe = cxgap::newcombe_paired_difference(t, level);
    const auto tango = cxgap::tango_paired_difference(t, level);
    const auto wald = cxgap::wald_paired_difference(t, level);
    const auto plain = newcombe_plain_phi(t, level);
    for (const auto* e : {&newcombe, &tango, &wald, &plain}) {
      EXPECT_REL_NEAR(e->value, c.num("estimate"), 1e-15);
      EXPECT_REL_NEAR(e->std_error, c.num("wald_std_error"), 1e-14);
      EXPECT_EQ(e->ci.level, level);
    }
    const auto check = [&c](const cxgap::estimate<double>& e, const std::string& key) {
      SCOPED_TRACE(key);
      const auto want = c.nums(key);
      // Relative to the limit, or absolutely 1e-15 for limits that are 0 up to rounding.
      EXPECT_NEAR(e.ci.lower, want[0], std::max(kRel * std::fabs(want[0]), 1e-15));
      EXPECT_NEAR(e.ci.upper, want[1], std::max(kRel * std::fabs(want[1]), 1e-15));
    };
    check(newcombe, "newcombe");
    check(tango, "tango");
    check(wald, "wald");
    check(plain, "newcombe_plain_phi");
    EXPECT_EQ(newcombe.status, stat_status::ok);
    EXPECT_EQ(tango.status, stat_status::ok);
    EXPECT_EQ(newcombe.ci.method, "newcombe");
    EXPECT_EQ(tango.ci.method, "tango");
  }
}

TEST(PairedProportion, ReproducesThePublishedLimits) {
  int rows = 0;
  for (const auto& c : cxgap::test::load_fixture("paired_proportion_published.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const paired_binary t = cells_of(c);
    const double level = c.num("level");
    const std::string kind = c.str("kind");
    cxgap::estimate<double> e;
    if (kind == "newcombe") e = cxgap::newcombe_paired_difference(t, level);
    else if (kind == "tango") e = cxgap::tango_paired_difference(t, level);
    else if (kind == "newcombe_plain_phi") e = newcombe_plain_phi(t, level);
    else ADD_FAILURE() << "unknown kind " << kind;
    // Published values are rounded: half a unit in the last printed decimal (the papers use
    // z = 1.96; cxgap the exact quantile — no row changes its rounding), or the row's tolerance.
    const double tol = c.has("tolerance")
                           ? c.num("tolerance")
                           : 0.5 * std::pow(10.0, -static_cast<double>(c.integer("decimals"))) + 1e-12;
    EXPECT_NEAR(e.ci.lower, c.num("lower"), tol);
    EXPECT_NEAR(e.ci.upper, c.num("upper"), tol);
    ++rows;
  }
  EXPECT_EQ(rows, 45);
}

TEST(PairedProportion, CorrectedPhiKeepsTheIntervalOpenWhenThePlainPhiCollapsesIt) {
  // Newcombe (1998b) Table III: (27, 0, 0, 27) — method 8 gives (0, 0), method 10 ±0.0351.
  const paired_binary t{27, 0, 0, 27};
  EXPECT_EQ(cxgap::detail::newcombe_phi<double>(t, false), 1.0);
  EXPECT_EQ(cxgap::detail::newcombe_phi<double>(t, true), (729.0 - 27.0) / 729.0);
  const auto plain = newcombe_plain_phi(t, 0.95);
  EXPECT_EQ(plain.ci.width(), 0.0);
  const auto m10 = cxgap::newcombe_paired_difference(t);
  EXPECT_GT(m10.ci.width(), 0.07);
  EXPECT_EQ(m10.ci.lower, -m10.ci.upper);
}

TEST(PairedProportion, PhiIsZeroWhenAMarginIsEmptyAndUncorrectedWhenNegative) {
  EXPECT_EQ(cxgap::detail::newcombe_phi<double>(paired_binary{0, 30, 0, 0}, true), 0.0);
  EXPECT_EQ(cxgap::detail::newcombe_phi<double>(paired_binary{54, 0, 0, 0}, true), 0.0);
  // ad − bc = 0·0 − 12·2 < 0: unchanged by the correction.
  const paired_binary t{36, 12, 2, 0};
  EXPECT_EQ(cxgap::detail::newcombe_phi<double>(t, true), cxgap::detail::newcombe_phi<double>(t, false));
  // 0 <= ad − bc <= n/2: corrected to 0. (1, 0, 0, 1): ad − bc = 1 = n/2.
  EXPECT_EQ(cxgap::detail::newcombe_phi<double>(paired_binary{1, 0, 0, 1}, true), 0.0);
}

TEST(PairedProportion, SwappingTheRatersMirrorsEveryInterval) {
  const paired_binary t{20, 12, 2, 16}, s{20, 2, 12, 16};
  for (auto m : {paired_proportion_method::newcombe, paired_proportion_method::tango,
                 paired_proportion_method::wald}) {
    SCOPED_TRACE(std::string(cxgap::to_string(m)));
    const auto a = cxgap::paired_proportion_difference(t, 0.95, m);
    const auto b = cxgap::paired_proportion_difference(s, 0.95, m);
    EXPECT_EQ(a.value, -b.value);
    EXPECT_REL_NEAR(a.ci.lower, -b.ci.upper, 1e-14);
    EXPECT_REL_NEAR(a.ci.upper, -b.ci.lower, 1e-14);
  }
}

TEST(PairedProportion, TangWithoutDiscordantPairsIsPlusMinusZSquaredOverNPlusZSquared) {
  // b = c = 0: the restricted MLE puts p̃_21 on the boundary and T(Δ) = ∓√(nΔ/(1 − Δ)).
  const double z = cxgap::detail::normal_critical(0.95);
  const auto r = cxgap::tango_paired_difference(paired_binary{30, 0, 0, 20});
  EXPECT_REL_NEAR(r.ci.upper, z * z / (50 + z * z), 1e-13);
  EXPECT_REL_NEAR(r.ci.lower, -z * z / (50 + z * z), 1e-13);
}

TEST(PairedProportion, AllDiscordantOneWayReachesTheBoundary) {
  const paired_binary t{0, 8, 0, 0};
  EXPECT_EQ(cxgap::tango_paired_difference(t).ci.upper, 1.0);
  EXPECT_EQ(cxgap::newcombe_paired_difference(t).ci.upper, 1.0);
  const auto w = cxgap::wald_paired_difference(t);
  EXPECT_EQ(w.status, stat_status::boundary);
  EXPECT_EQ(w.ci.lower, 1.0);
  EXPECT_EQ(w.ci.upper, 1.0);
  EXPECT_EQ(cxgap::tango_paired_difference(paired_binary{0, 0, 8, 0}).ci.lower, -1.0);
}

TEST(PairedProportion, WaldWithoutDiscordantPairsCollapsesWithStatusBoundary) {
  const auto w = cxgap::wald_paired_difference(paired_binary{12, 0, 0, 9});
  EXPECT_EQ(w.status, stat_status::boundary);
  EXPECT_EQ(w.ci.status, stat_status::boundary);
  EXPECT_EQ(w.std_error, 0.0);
  EXPECT_EQ(w.ci.width(), 0.0);
  // The score intervals stay informative.
  EXPECT_GT(cxgap::newcombe_paired_difference(paired_binary{12, 0, 0, 9}).ci.width(), 0.1);
  EXPECT_GT(cxgap::tango_paired_difference(paired_binary{12, 0, 0, 9}).ci.width(), 0.1);
}

TEST(PairedProportion, SingleDyadGivesAWideInterval) {
  for (auto m : {paired_proportion_method::newcombe, paired_proportion_method::tango}) {
    const auto r = cxgap::paired_proportion_difference(paired_binary{0, 1, 0, 0}, 0.95, m);
    EXPECT_EQ(r.status, stat_status::ok);
    EXPECT_EQ(r.value, 1.0);
    EXPECT_EQ(r.ci.upper, 1.0);
    EXPECT_LT(r.ci.lower, 0.0);
  }
}

TEST(PairedProportion, EmptyTableIsEmptyAndAllNaN) {
  for (auto m : {paired_proportion_method::newcombe, paired_proportion_method::tango,
                 paired_proportion_method::wald}) {
    const auto r = cxgap::paired_proportion_difference(paired_binary{}, 0.95, m);
    EXPECT_EQ(r.status, stat_status::empty);
    EXPECT_EQ(r.ci.status, stat_status::empty);
    EXPECT_TRUE(std::isnan(r.value));
    EXPECT_TRUE(std::isnan(r.std_error));
    EXPECT_TRUE(std::isnan(r.ci.lower));
    EXPECT_TRUE(std::isnan(r.ci.upper));
  }
}

TEST(PairedProportion, DispatcherAndTableOverloadAgreeWithTheMethodFunctions) {
  const paired_binary t{59, 6, 16, 80};
  EXPECT_EQ(cxgap::paired_proportion_difference(t).ci.lower,
            cxgap::newcombe_paired_difference(t).ci.lower);
  EXPECT_EQ(cxgap::paired_proportion_difference(t, 0.9, paired_proportion_method::tango).ci.upper,
            cxgap::tango_paired_difference(t, 0.9).ci.upper);
  // rows: first no, first yes; columns: second no, second yes.
  const cxgap::paired_table table(2, counts{80, 16, 6, 59});
  const auto r = cxgap::paired_proportion_difference(table, 1);
  EXPECT_EQ(r.value, cxgap::newcombe_paired_difference(t).value);
  EXPECT_EQ(r.ci.upper, cxgap::newcombe_paired_difference(t).ci.upper);
  EXPECT_EQ(cxgap::to_string(paired_proportion_method::newcombe), "newcombe");
}

TEST(PairedProportion, LargeCountsKeepFullPrecision) {
  // 10⁹ concordant pairs: (b + c)(a + d) + 4bc has no cancellation, Tango's root no overflow.
  const paired_binary t{600000000, 1200, 1000, 400000000};
  const auto w = cxgap::wald_paired_difference(t);
  const long double n = 1000002200.0L;
  const long double se = std::sqrt((2200.0L - 200.0L * 200.0L / n) / (n * n));
  EXPECT_REL_NEAR(w.std_error, static_cast<double>(se), 1e-13);
  const auto tg = cxgap::tango_paired_difference(t);
  EXPECT_LT(tg.ci.lower, tg.value);
  EXPECT_GT(tg.ci.upper, tg.value);
  EXPECT_NEAR(tg.ci.width(), w.ci.width(), 1e-3 * w.ci.width());  // large n: they agree
}

TEST(PairedProportion, FloatInstantiationAgreesWithDouble) {
  const paired_binary t{20, 12, 2, 16};
  EXPECT_REL_NEAR(cxgap::newcombe_paired_difference<float>(t, 0.95f).ci.lower,
                  cxgap::newcombe_paired_difference(t).ci.lower, 1e-5);
  EXPECT_REL_NEAR(cxgap::tango_paired_difference<float>(t, 0.95f).ci.upper,
                  cxgap::tango_paired_difference(t).ci.upper, 1e-5);
}

TEST(PairedProportion, ThrowsOnLevelOutsideOpenUnitInterval) {
  const paired_binary t{5, 3, 2, 4};
  for (double level : {0.0, 1.0, -0.5, 2.0, std::nan("")}) {
    EXPECT_THROW(cxgap::newcombe_paired_difference(t, level), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::tango_paired_difference(t, level), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::wald_paired_difference(t, level), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::paired_proportion_difference(t, level), cxgap::invalid_argument);
  }
}

TEST(PairedProportion, ThrowsOnNegativeCount) {
  for (const paired_binary t : {paired_binary{-1, 3, 2, 4}, paired_binary{1, -3, 2, 4},
                                paired_binary{1, 3, -2, 4}, paired_binary{1, 3, 2, -4}}) {
    EXPECT_THROW(cxgap::newcombe_paired_difference(t), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::tango_paired_difference(t), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::wald_paired_difference(t), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::paired_proportion_difference(t, 0.95, paired_proportion_method::tango),
                 cxgap::invalid_argument);
  }
}

TEST(PairedProportion, TableOverloadThrowsOnYesFromOutsideTheScale) {
  const cxgap::paired_table table(2, counts{1, 2, 3, 4});
  EXPECT_THROW(cxgap::paired_proportion_difference(table, 0), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::paired_proportion_difference(table, 2), cxgap::invalid_argument);
}

}  // namespace
