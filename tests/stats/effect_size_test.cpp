// Tests for include/cxgap/stats/effect_size.hpp: Cohen's d and Hedges' g with noncentral-t and
// normal intervals, against scipy/mpmath (fixtures/mean_effect_size.txt, mean_effect_size.py),
// R's pt() and psych::cohen.d (fixtures/mean_effect_size_r.txt, mean_effect_size.R).
#include "cxgap/stats/effect_size.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/stats/detail/noncentral_t.hpp"
#include "cxgap/stats/moments.hpp"
#include "support/fixture.hpp"
#include "support/stats.hpp"

namespace {

using cxgap::effect_size_ci;
using cxgap::moments_from_codes;
using cxgap::moments_from_counts;
using cxgap::sample_moments;
using cxgap::stat_status;
using int_counts = std::vector<std::int64_t>;

using cxgap::test::kRel;

using cxgap::test::from_fixture;
using cxgap::test::groups;

TEST(EffectSize, CohensDAndHedgesGMatchScipyNoncentralTInversion) {
  for (const auto& c : cxgap::test::load_fixture("mean_effect_size.txt")) {
    if (!c.has("counts_a")) continue;
    SCOPED_TRACE(c.name);
    const auto g = from_fixture(c);
    const double level = c.num("level");
    const auto d = cxgap::cohens_d(g.a, g.b, level);
    EXPECT_EQ(d.status, stat_status::ok);
    EXPECT_REL_NEAR(d.value, c.num("d"), 1e-13);
    EXPECT_EQ(d.df, c.num("df"));
    EXPECT_EQ(d.correction, 1.0);
    const auto dci = c.nums("d_ci_noncentral_t");
    EXPECT_REL_NEAR(d.ci.lower, dci[0], kRel);
    EXPECT_REL_NEAR(d.ci.upper, dci[1], kRel);
    EXPECT_REL_NEAR(d.std_error, c.num("d_se_normal"), 1e-13);

    const auto h = cxgap::hedges_g(g.a, g.b, level);
    EXPECT_EQ(h.status, stat_status::ok);
    EXPECT_REL_NEAR(h.correction, c.num("J"), 1e-14);
    EXPECT_REL_NEAR(h.value, c.num("g"), 1e-13);
    const auto gci = c.nums("g_ci_noncentral_t");
    EXPECT_REL_NEAR(h.ci.lower, gci[0], kRel);
    EXPECT_REL_NEAR(h.ci.upper, gci[1], kRel);
    EXPECT_REL_NEAR(h.std_error, c.num("g_se_normal"), 1e-13);
  }
}

TEST(EffectSize, NormalIntervalsMatchHedgesOlkinFormula) {
  for (const auto& c : cxgap::test::load_fixture("mean_effect_size.txt")) {
    if (!c.has("counts_a")) continue;
    SCOPED_TRACE(c.name);
    const auto g = from_fixture(c);
    const auto d = cxgap::cohens_d(g.a, g.b, c.num("level"), effect_size_ci::normal);
    const auto dci = c.nums("d_ci_normal");
    EXPECT_REL_NEAR(d.ci.lower, dci[0], 1e-12);
    EXPECT_REL_NEAR(d.ci.upper, dci[1], 1e-12);
    const auto h = cxgap::hedges_g(g.a, g.b, c.num("level"), effect_size_ci::normal);
    const auto gci = c.nums("g_ci_normal");
    EXPECT_REL_NEAR(h.ci.lower, gci[0], 1e-12);
    EXPECT_REL_NEAR(h.ci.upper, gci[1], 1e-12);
  }
}

TEST(EffectSize, NoncentralTIntervalMatchesRPtInversion) {
  // R's pt(q, df, ncp) is AS 243 (Lenth 1989), an algorithm independent of Boost's.
  for (const auto& c : cxgap::test::load_fixture("mean_effect_size_r.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const auto g = from_fixture(c);
    const auto d = cxgap::cohens_d(g.a, g.b, c.num("level"));
    EXPECT_REL_NEAR(d.value, c.num("d"), 1e-13);
    const auto ci = c.nums("d_ci_noncentral_t");
    EXPECT_REL_NEAR(d.ci.lower, ci[0], kRel);
    EXPECT_REL_NEAR(d.ci.upper, ci[1], kRel);
  }
}

TEST(EffectSize, PsychHedgesGIsCohensDWithoutCorrectionAndOppositeSign) {
  // psych 2.2.9 cohen.d reports group 2 − group 1; its "hedges.g" is d with the pooled SD on
  // na + nb − 2 df and no J. Its interval uses uniroot's default tolerance (~1e-4), hence 1e-4.
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("mean_effect_size_r.txt")) {
    if (!c.has("psych_hedges_g")) continue;
    SCOPED_TRACE(c.name);
    const auto g = from_fixture(c);
    const auto d = cxgap::cohens_d(g.a, g.b, c.num("level"));
    const auto psych = c.nums("psych_hedges_g");  // lower, effect, upper
    EXPECT_REL_NEAR(-d.value, psych[1], 1e-13);
    EXPECT_REL_NEAR(-d.ci.upper, psych[0], 1e-4);
    EXPECT_REL_NEAR(-d.ci.lower, psych[2], 1e-4);
    // psych's "cohen.d" divides by sqrt(SS/(na + nb)): d·sqrt(N/(N − 2)).
    const double N = static_cast<double>(g.a.n + g.b.n);
    EXPECT_REL_NEAR(-d.value * std::sqrt(N / (N - 2)), c.nums("psych_cohen_d")[1], 1e-13);
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

TEST(EffectSize, ExactHedgesCorrectionMatchesMpmath) {
  const auto cases = cxgap::test::load_fixture("mean_effect_size.txt");
  for (const auto& c : cases) {
    if (c.name != "hedges correction") continue;
    const auto df = c.nums("df"), J = c.nums("J"), approx = c.nums("J_approx");
    ASSERT_EQ(df.size(), J.size());
    for (std::size_t i = 0; i < df.size(); ++i) {
      SCOPED_TRACE(df[i]);
      EXPECT_REL_NEAR(cxgap::hedges_correction(df[i]), J[i], 1e-15);
      EXPECT_REL_NEAR(cxgap::hedges_correction_approx(df[i]), approx[i], 1e-15);
    }
    return;
  }
  FAIL() << "no [hedges correction] case";
}

TEST(EffectSize, HedgesApproximationDiffersFromExactCorrection) {
  // 1 − 3/(4df − 1) is not J: at df = 10 they differ in the 4th digit.
  EXPECT_GT(std::fabs(cxgap::hedges_correction(10.0) - cxgap::hedges_correction_approx(10.0)),
            2e-4);
  EXPECT_TRUE(std::isnan(cxgap::hedges_correction(1.0)));
  EXPECT_TRUE(std::isnan(cxgap::hedges_correction(0.5)));
}

TEST(EffectSize, IntervalContainsEstimateAndWidensWithLevel) {
  const auto a = moments_from_codes(int_counts{5, 8, 12, 9, 6});
  const auto b = moments_from_codes(int_counts{7, 11, 9, 5, 2});
  const auto d90 = cxgap::cohens_d(a, b, 0.90), d99 = cxgap::cohens_d(a, b, 0.99);
  EXPECT_TRUE(d90.ci.contains(d90.value));
  EXPECT_LT(d99.ci.lower, d90.ci.lower);
  EXPECT_GT(d99.ci.upper, d90.ci.upper);
  EXPECT_EQ(d90.ci.level, 0.90);
}

TEST(EffectSize, SwappingGroupsNegatesTheInterval) {
  const auto a = moments_from_codes(int_counts{3, 0, 0, 0, 7});
  const auto b = moments_from_codes(int_counts{10, 25, 30, 20, 15});
  const auto ab = cxgap::hedges_g(a, b), ba = cxgap::hedges_g(b, a);
  EXPECT_EQ(ab.value, -ba.value);
  EXPECT_REL_NEAR(ab.ci.lower, -ba.ci.upper, 1e-10);
  EXPECT_REL_NEAR(ab.ci.upper, -ba.ci.lower, 1e-10);
}

TEST(EffectSize, HugeStandardisedDifferenceStillBracketsTheRoot) {
  // t ≈ 60 with df = 398: the bracket must expand far from the start.
  const auto a = moments_from_codes(int_counts{0, 0, 0, 20, 180});
  const auto b = moments_from_codes(int_counts{180, 20, 0, 0, 0});
  const auto d = cxgap::cohens_d(a, b);
  ASSERT_EQ(d.status, stat_status::ok);
  EXPECT_TRUE(std::isfinite(d.ci.lower));
  EXPECT_TRUE(std::isfinite(d.ci.upper));
  EXPECT_LT(d.ci.lower, d.value);
  EXPECT_GT(d.ci.upper, d.value);
}

TEST(EffectSize, FastNoncentralTInversionAgreesWithTheBracketedSolverOnAGrid) {
  // The probit-scale secant solver against bracketing + TOMS 748 to full precision, both on
  // Boost's noncentral t cdf: t from -40 to 40, df from 2 to 1e7, the tails of 90-99% intervals.
  // Small df with large |t| exercise the fallback to the bracketed solver. Observed worst
  // difference 1.1e-14 (Boost 1.74, x86-64).
  std::vector<double> ts;  // steps of 0.25 up to |t| = 10, then of 1
  for (int k = -40; k <= 40; ++k) ts.push_back(k / 4.0);
  for (int k = 11; k <= 40; ++k) {
    ts.push_back(k);
    ts.push_back(-k);
  }
  for (double t : {1e-9, -1e-3, 0.37, -1.96, 2.58}) ts.push_back(t);
  const double dfs[] = {2, 3, 4, 5, 7, 10, 20, 50, 100, 300, 1e3, 1e4, 1e5, 1e6, 1e7};
  const double ps[] = {0.005, 0.025, 0.05, 0.95, 0.975, 0.995};
  int compared = 0, disagreements = 0;
  std::ostringstream first;
  for (double df : dfs) {
    for (double t : ts) {
      for (double p : ps) {
        const double slow = cxgap::detail::noncentral_t_ncp_for_cdf_bracketed(t, df, p);
        const double fast = cxgap::detail::noncentral_t_ncp_for_cdf(t, df, p);
        const double err = std::fabs(fast - slow) / std::max(std::fabs(slow), 1.0);
        if (!(err <= 1e-10)) {
          if (disagreements++ == 0)
            first << "t " << t << ", df " << df << ", p " << p << ": " << fast << " vs " << slow;
        } else {
          ++compared;
        }
      }
    }
  }
  EXPECT_EQ(disagreements, 0) << "first: " << first.str();
  // Every case of the grid has a root, found by both (a NaN counts as a disagreement).
  EXPECT_EQ(compared, static_cast<int>(ts.size() * std::size(dfs) * std::size(ps)));
}

TEST(EffectSize, EmptyGroupIsEmpty) {
  const auto a = moments_from_codes(int_counts{0, 0, 0});
  const auto b = moments_from_codes(int_counts{1, 2, 3});
  for (const auto& r : {cxgap::cohens_d(a, b), cxgap::hedges_g(b, a)}) {
    EXPECT_EQ(r.status, stat_status::empty);
    EXPECT_EQ(r.ci.status, stat_status::empty);
    EXPECT_TRUE(std::isnan(r.value));
    EXPECT_TRUE(std::isnan(r.ci.lower));
  }
}

TEST(EffectSize, TooFewRespondentsForThePooledVariance) {
  const auto one = moments_from_codes(int_counts{0, 1, 0});
  const auto other = moments_from_codes(int_counts{0, 0, 1});
  const auto d = cxgap::cohens_d(one, other);  // df = 0
  EXPECT_EQ(d.status, stat_status::too_few);
  EXPECT_TRUE(std::isnan(d.value));
  // Hedges' J needs df >= 2: na + nb = 3 is enough for d but not for g.
  const auto two = moments_from_codes(int_counts{1, 0, 1});
  EXPECT_EQ(cxgap::cohens_d(two, other).status, stat_status::ok);
  const auto g = cxgap::hedges_g(two, other);
  EXPECT_EQ(g.status, stat_status::too_few);
  EXPECT_TRUE(std::isnan(g.value));
}

TEST(EffectSize, ZeroPooledVarianceIsZeroVariance) {
  const auto a = moments_from_codes(int_counts{0, 7, 0});
  const auto b = moments_from_codes(int_counts{0, 0, 5});
  for (const auto& r :
       {cxgap::cohens_d(a, b), cxgap::hedges_g(a, b, 0.95, effect_size_ci::normal)}) {
    EXPECT_EQ(r.status, stat_status::zero_variance);
    EXPECT_TRUE(std::isnan(r.value));
    EXPECT_TRUE(std::isnan(r.std_error));
    EXPECT_TRUE(std::isnan(r.ci.upper));
  }
}

TEST(EffectSize, ThrowsOnBadLevelOrNegativeN) {
  const auto a = moments_from_codes(int_counts{1, 3, 5});
  const auto b = moments_from_codes(int_counts{2, 4, 3});
  for (double level : {0.0, 1.0, 2.0, std::nan("")}) {
    EXPECT_THROW(cxgap::cohens_d(a, b, level), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::hedges_g(a, b, level), cxgap::invalid_argument);
  }
  const sample_moments<double> bad{-3, 1.0, 1.0};
  EXPECT_THROW(cxgap::cohens_d(bad, b), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::hedges_g(a, bad), cxgap::invalid_argument);
}

}  // namespace
