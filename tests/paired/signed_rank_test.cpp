// Tests for include/cxgap/paired/signed_rank.hpp: the Wilcoxon signed-rank test from the
// distribution of paired differences, against R's wilcox.test(paired = TRUE) and
// coin::wilcoxsign_test (tests/reference/fixtures/paired_signed_rank_r.txt,
// paired_signed_rank.R) and scipy's wilcoxon (paired_signed_rank_scipy.txt,
// paired_signed_rank.py), and its degenerate cases.
#include "cxgap/paired/signed_rank.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/paired/paired_table.hpp"
#include "support/fixture.hpp"
#include "support/stats.hpp"

namespace {

using cxgap::paired_table;
using cxgap::rank_test_method;
using cxgap::signed_rank_options;
using cxgap::signed_rank_zeros;
using cxgap::stat_status;
using counts = std::vector<std::int64_t>;

using cxgap::test::kRel;  // agreement target for deterministic methods

using cxgap::test::table_of;

signed_rank_options options(rank_test_method method, signed_rank_zeros zeros, bool correct) {
  signed_rank_options o;
  o.method = method;
  o.zero_method = zeros;
  o.continuity_correction = correct;
  return o;
}

const signed_rank_options asymptotic_wilcox_cc =
    options(rank_test_method::asymptotic, signed_rank_zeros::wilcox, true);

TEST(SignedRank, MatchesRWilcoxTestPairedOnEveryFixtureCase) {
  for (const auto& c : cxgap::test::load_fixture("paired_signed_rank_r.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const paired_table t = table_of(c);
    const auto scores = c.nums("scores");
    const auto cc = cxgap::signed_rank_test(t, scores, asymptotic_wilcox_cc);
    const auto nocc = cxgap::signed_rank_test(
        t, scores, options(rank_test_method::asymptotic, signed_rank_zeros::wilcox, false));
    EXPECT_EQ(cc.n, c.integer("n"));
    EXPECT_EQ(cc.n_zero, c.integer("n_zero"));
    EXPECT_EQ(cc.test.statistic, c.num("v"));  // W+ = R's V, exact in both
    EXPECT_EQ(cc.w_plus, c.num("v"));
    EXPECT_FALSE(cc.exact);
    if (std::isnan(c.num("p_corrected"))) {
      // R returns NaN when every difference is 0.
      EXPECT_EQ(cc.test.status, stat_status::zero_variance);
      EXPECT_TRUE(std::isnan(cc.test.p_value));
      EXPECT_TRUE(std::isnan(nocc.test.p_value));
      continue;
    }
    EXPECT_EQ(cc.test.status, stat_status::ok);
    EXPECT_REL_NEAR(cc.test.p_value, c.num("p_corrected"), kRel);
    EXPECT_REL_NEAR(nocc.test.p_value, c.num("p_uncorrected"), kRel);
    if (c.has("p_exact_r")) {  // no ties, no zeros
      const auto ex = cxgap::signed_rank_test(
          t, scores, options(rank_test_method::exact, signed_rank_zeros::wilcox, true));
      EXPECT_TRUE(ex.exact);
      EXPECT_REL_NEAR(ex.test.p_value, c.num("p_exact_r"), 1e-12);
    }
  }
}

TEST(SignedRank, MatchesCoinWilcoxsignTestForBothZeroMethods) {
  int exact_checked = 0;
  for (const auto& c : cxgap::test::load_fixture("paired_signed_rank_r.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const paired_table t = table_of(c);
    const auto scores = c.nums("scores");
    for (auto zeros : {signed_rank_zeros::wilcox, signed_rank_zeros::pratt}) {
      const std::string key =
          std::string("coin_") + (zeros == signed_rank_zeros::wilcox ? "wilcoxon" : "pratt");
      SCOPED_TRACE(key);
      const auto asym =
          cxgap::signed_rank_test(t, scores, options(rank_test_method::asymptotic, zeros, false));
      if (c.has(key + "_w_plus_error")) {
        // coin stops with "all pairwise differences equal zero"; cxgap reports zero_variance.
        EXPECT_EQ(asym.test.status, stat_status::zero_variance);
        EXPECT_EQ(asym.n_signed, 0);
        continue;
      }
      EXPECT_REL_NEAR(asym.w_plus, c.num(key + "_w_plus"), 1e-15);
      // coin's asymptotic p: tie corrected, no continuity correction. coin takes it as a
      // complement 1 − Φ: its error is ~1e-16 absolute (relative 4e-8 at p = 3e-10, exactly 0
      // below 1e-16; REFERENCE-TRAPS.md), so small p-values are compared absolutely (R's
      // wilcox.test agrees with cxgap to 1e-9 relative there, test above).
      const double coin_p = c.num(key + "_p_asymptotic");
      if (coin_p > 1e-6) {
        EXPECT_REL_NEAR(asym.test.p_value, coin_p, kRel);
      } else {
        EXPECT_NEAR(asym.test.p_value, coin_p, 1e-15);
        EXPECT_GT(asym.test.p_value, 0.0);
      }
      if (c.has(key + "_p_exact")) {
        const auto ex =
            cxgap::signed_rank_test(t, scores, options(rank_test_method::exact, zeros, true));
        EXPECT_TRUE(ex.exact);
        EXPECT_REL_NEAR(ex.test.p_value, c.num(key + "_p_exact"), kRel);
        ++exact_checked;
      }
    }
  }
  EXPECT_GE(exact_checked, 20);
}

TEST(SignedRank, MatchesScipyWilcoxonWhoseStatisticIsTheSmallerRankSum) {
  for (const auto& c : cxgap::test::load_fixture("paired_signed_rank_scipy.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const paired_table t = table_of(c);
    const auto scores = c.nums("scores");
    for (auto zeros : {signed_rank_zeros::wilcox, signed_rank_zeros::pratt}) {
      for (bool correct : {true, false}) {
        const std::string key = std::string(cxgap::to_string(zeros)) + "_" +
                                (correct ? "corrected" : "uncorrected");
        SCOPED_TRACE(key + ": " + c.str(key + "_call"));
        const auto r =
            cxgap::signed_rank_test(t, scores, options(rank_test_method::asymptotic, zeros, correct));
        if (c.has(key + "_error")) {  // scipy raises when every difference is 0
          EXPECT_EQ(r.test.status, stat_status::zero_variance);
          continue;
        }
        EXPECT_EQ(std::min(r.w_plus, r.w_minus), c.num(key + "_statistic"));
        EXPECT_REL_NEAR(r.test.p_value, c.num(key + "_p"), kRel);
      }
    }
    if (c.has("exact_p")) {
      const auto ex = cxgap::signed_rank_test(
          t, scores, options(rank_test_method::exact, signed_rank_zeros::wilcox, true));
      EXPECT_EQ(std::min(ex.w_plus, ex.w_minus), c.num("exact_statistic"));
      EXPECT_REL_NEAR(ex.test.p_value, c.num("exact_p"), 1e-12);
    }
  }
}

TEST(SignedRank, PairedDifferencesAreDistinctAscendingWithTheirCounts) {
  // Dyads (first, second) on scores 1..3: (3,1) ×2, (2,1) ×1, (1,2) ×4, (2,2) ×5, (1,3) ×1.
  paired_table t(3);
  t.add(2, 0, 2);
  t.add(1, 0, 1);
  t.add(0, 1, 4);
  t.add(1, 1, 5);
  t.add(0, 2, 1);
  const auto d = cxgap::paired_differences(t, {1, 2, 3});
  EXPECT_EQ(d.values, (std::vector<double>{-2, -1, 0, 1, 2}));
  EXPECT_EQ(d.counts, (counts{1, 4, 5, 1, 2}));
  EXPECT_EQ(d.total(), t.total());
  // Differences 1 arise from (2,1) and (3,2) alike: merged.
  paired_table u(3, counts{0, 0, 0, 3, 0, 0, 0, 4, 0});
  const auto e = cxgap::paired_differences(u, {1, 2, 3});
  EXPECT_EQ(e.values, (std::vector<double>{1}));
  EXPECT_EQ(e.counts, (counts{7}));
}

TEST(SignedRank, DistributionInAnyOrderGivesTheSameTest) {
  cxgap::difference_distribution<double> sorted{{-2, -1, 0, 1, 2, 3}, {3, 5, 4, 9, 6, 2}};
  cxgap::difference_distribution<double> shuffled{{3, 0, -1, 1, 2, -2, 1}, {2, 4, 5, 4, 6, 3, 5}};
  for (auto zeros : {signed_rank_zeros::wilcox, signed_rank_zeros::pratt}) {
    const auto o = options(rank_test_method::exact, zeros, true);
    const auto a = cxgap::signed_rank_test(sorted, o);
    const auto b = cxgap::signed_rank_test(shuffled, o);
    EXPECT_EQ(a.w_plus, b.w_plus);
    EXPECT_EQ(a.sigma, b.sigma);
    EXPECT_EQ(a.test.p_value, b.test.p_value);
  }
}

TEST(SignedRank, ZeroMethodsAgreeWithoutZeros) {
  const paired_table t(3, counts{0, 2, 1, 5, 0, 3, 4, 6, 0});
  for (auto method : {rank_test_method::asymptotic, rank_test_method::exact}) {
    const auto w = cxgap::signed_rank_test(t, {1, 2, 3}, options(method, signed_rank_zeros::wilcox, true));
    const auto p = cxgap::signed_rank_test(t, {1, 2, 3}, options(method, signed_rank_zeros::pratt, true));
    EXPECT_EQ(w.w_plus, p.w_plus);
    EXPECT_EQ(w.test.p_value, p.test.p_value);
  }
}

TEST(SignedRank, PrattRanksZerosButLeavesThemOutOfBothSums) {
  // Differences 0 ×2, +1 ×2, −1 ×1. Pratt ranks: zeros 1.5, |1| → 4 each; W+ = 8, W− = 4.
  // Wilcoxon: |1| → 2 each; W+ = 4, W− = 2.
  cxgap::difference_distribution<double> d{{-1, 0, 1}, {1, 2, 2}};
  const auto w = cxgap::signed_rank_test(d, options(rank_test_method::asymptotic,
                                                    signed_rank_zeros::wilcox, false));
  const auto p = cxgap::signed_rank_test(d, options(rank_test_method::asymptotic,
                                                    signed_rank_zeros::pratt, false));
  EXPECT_EQ(w.w_plus, 4.0);
  EXPECT_EQ(w.w_minus, 2.0);
  EXPECT_EQ(w.mean, 3.0);
  EXPECT_REL_NEAR(w.sigma, std::sqrt(3.0), 1e-15);
  EXPECT_EQ(p.w_plus, 8.0);
  EXPECT_EQ(p.w_minus, 4.0);
  EXPECT_EQ(p.mean, 6.0);
  EXPECT_REL_NEAR(p.sigma, std::sqrt(12.0), 1e-15);
  EXPECT_EQ(p.n_zero, 2);
  EXPECT_EQ(p.n_signed, 3);
}

TEST(SignedRank, SwappingTheRatersSwapsTheRankSums) {
  const paired_table t(4, counts{3, 1, 0, 0, 4, 5, 2, 0, 1, 6, 7, 1, 0, 2, 5, 4});
  paired_table s(4);
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) s(j, i) = t(i, j);
  for (auto method : {rank_test_method::asymptotic, rank_test_method::exact}) {
    const auto a = cxgap::signed_rank_test(t, {1, 2, 3, 4}, options(method, signed_rank_zeros::pratt, true));
    const auto b = cxgap::signed_rank_test(s, {1, 2, 3, 4}, options(method, signed_rank_zeros::pratt, true));
    EXPECT_EQ(a.w_plus, b.w_minus);
    EXPECT_EQ(a.z, -b.z);
    EXPECT_REL_NEAR(a.test.p_value, b.test.p_value, 1e-15);
  }
}

TEST(SignedRank, AutomaticIsExactUpToFortyNineSignedDifferences) {
  cxgap::difference_distribution<double> small{{-1, 1, 2}, {10, 20, 19}};  // 49 signed
  cxgap::difference_distribution<double> big{{-1, 1, 2}, {10, 20, 20}};    // 50 signed
  EXPECT_TRUE(cxgap::signed_rank_test(small).exact);
  EXPECT_FALSE(cxgap::signed_rank_test(big).exact);
  signed_rank_options o;
  o.exact_max_n = 100;
  EXPECT_TRUE(cxgap::signed_rank_test(big, o).exact);
  // Zeros do not count towards the limit.
  cxgap::difference_distribution<double> zeros{{0, 1}, {500, 49}};
  EXPECT_TRUE(cxgap::signed_rank_test(zeros).exact);
}

TEST(SignedRank, ExactPOfAllPositiveIsTwoOverTwoToTheN) {
  // n signed differences, all positive, no ties: P(W+ = max) = 2^−n; two-sided 2^(1−n).
  cxgap::difference_distribution<double> d{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                                           {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}};
  const auto r = cxgap::signed_rank_test(d, options(rank_test_method::exact, signed_rank_zeros::wilcox, true));
  EXPECT_EQ(r.w_plus, 55.0);
  EXPECT_EQ(r.test.p_value, std::ldexp(1.0, -9));
  // With ties the distribution is conditional on them: 12 differences all +1 → 2^−11.
  cxgap::difference_distribution<double> tied{{1}, {12}};
  EXPECT_EQ(cxgap::signed_rank_test(tied, options(rank_test_method::exact, signed_rank_zeros::wilcox, true))
                .test.p_value,
            std::ldexp(1.0, -11));
}

TEST(SignedRank, TieCorrectedVarianceHoldsForTieGroupsOfMillions) {
  // scipy 1.10 keeps t³ − t in int64 (overflows beyond ~2.1 million); cxgap sums Σ r²/4 in long
  // double. Check σ² against the textbook n(n+1)(2n+1)/24 − Σ(t³ − t)/48 in long double.
  cxgap::difference_distribution<double> d{{-2, -1, 1, 2}, {4001000, 3000000, 2995000, 4000000}};
  const auto r = cxgap::signed_rank_test(d);
  EXPECT_FALSE(r.exact);
  const long double t1 = 5995000.0L, t2 = 8001000.0L, n = t1 + t2;  // |d| = 1 and |d| = 2
  const long double var = n * (n + 1) * (2 * n + 1) / 24 -
                          (t1 * t1 * t1 - t1 + t2 * t2 * t2 - t2) / 48;
  EXPECT_REL_NEAR(r.sigma, static_cast<double>(std::sqrt(var)), 1e-13);
  EXPECT_GT(r.test.p_value, 0.0);
  EXPECT_LT(r.test.p_value, 1.0);
}

TEST(SignedRank, EmptyTableIsEmptyAndAllNaN) {
  const auto r = cxgap::signed_rank_test(paired_table(3), {1, 2, 3});
  EXPECT_EQ(r.test.status, stat_status::empty);
  EXPECT_EQ(r.n, 0);
  EXPECT_TRUE(std::isnan(r.w_plus));
  EXPECT_TRUE(std::isnan(r.test.statistic));
  EXPECT_TRUE(std::isnan(r.test.p_value));
}

TEST(SignedRank, AllPairsTiedIsZeroVariance) {
  const paired_table t(3, counts{3, 0, 0, 0, 5, 0, 0, 0, 2});
  for (auto zeros : {signed_rank_zeros::wilcox, signed_rank_zeros::pratt}) {
    for (auto method : {rank_test_method::asymptotic, rank_test_method::exact}) {
      const auto r = cxgap::signed_rank_test(t, {1, 2, 3}, options(method, zeros, true));
      EXPECT_EQ(r.test.status, stat_status::zero_variance);
      EXPECT_EQ(r.n_zero, 10);
      EXPECT_EQ(r.n_signed, 0);
      EXPECT_EQ(r.w_plus, 0.0);
      EXPECT_EQ(r.sigma, 0.0);
      EXPECT_TRUE(std::isnan(r.z));
      EXPECT_TRUE(std::isnan(r.test.p_value));
    }
  }
}

TEST(SignedRank, SingleDyadIsLegalWithPOne) {
  paired_table t(3);
  t.add(2, 1);
  const auto cc = cxgap::signed_rank_test(t, {1, 2, 3}, asymptotic_wilcox_cc);
  EXPECT_EQ(cc.test.status, stat_status::ok);
  EXPECT_EQ(cc.w_plus, 1.0);
  EXPECT_EQ(cc.test.p_value, 1.0);
  EXPECT_EQ(cxgap::signed_rank_test(t, {1, 2, 3}).test.p_value, 1.0);  // automatic: exact
}

TEST(SignedRank, FloatInstantiationAgreesWithDouble) {
  const paired_table t(3, counts{5, 2, 0, 6, 8, 2, 3, 7, 9});
  const auto rd = cxgap::signed_rank_test(t, {1, 2, 3}, asymptotic_wilcox_cc);
  const auto rf = cxgap::signed_rank_test<float>(t, {1.0f, 2.0f, 3.0f}, asymptotic_wilcox_cc);
  EXPECT_EQ(rf.w_plus, static_cast<float>(rd.w_plus));
  EXPECT_REL_NEAR(rf.test.p_value, rd.test.p_value, 1e-5);
}

TEST(SignedRank, ThrowsOnMismatchedDistribution) {
  cxgap::difference_distribution<double> d{{-1, 1}, {3}};
  EXPECT_THROW(cxgap::signed_rank_test(d), cxgap::invalid_argument);
}

TEST(SignedRank, ThrowsOnNegativeCountOrNonFiniteValue) {
  EXPECT_THROW(cxgap::signed_rank_test(cxgap::difference_distribution<double>{{-1, 1}, {3, -1}}),
               cxgap::invalid_argument);
  EXPECT_THROW(cxgap::signed_rank_test(
                   cxgap::difference_distribution<double>{{std::nan(""), 1}, {3, 1}}),
               cxgap::invalid_argument);
  EXPECT_THROW(cxgap::signed_rank_test(
                   cxgap::difference_distribution<double>{{-HUGE_VAL, 1}, {3, 1}}),
               cxgap::invalid_argument);
}

TEST(SignedRank, ThrowsOnNegativeExactMaxN) {
  signed_rank_options o;
  o.exact_max_n = -1;
  EXPECT_THROW(cxgap::signed_rank_test(cxgap::difference_distribution<double>{{1}, {3}}, o),
               cxgap::invalid_argument);
}

TEST(SignedRank, ThrowsOnExactBeyondItsLimitsButAutomaticFallsBack) {
  // 10,000 signed differences: M ≈ 10⁸ > signed_rank_exact_length_limit.
  cxgap::difference_distribution<double> d{{-1, 1, 2}, {3000, 3000, 4000}};
  signed_rank_options o;
  o.method = rank_test_method::exact;
  EXPECT_THROW(cxgap::signed_rank_test(d, o), cxgap::invalid_argument);
  o.method = rank_test_method::automatic;
  o.exact_max_n = 1000000;
  EXPECT_FALSE(cxgap::signed_rank_test(d, o).exact);
}

TEST(SignedRank, ThrowsOnScoresOfTheWrongSize) {
  const paired_table t(3, counts{1, 0, 0, 0, 1, 0, 0, 0, 1});
  EXPECT_THROW(cxgap::signed_rank_test(t, {1, 2}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::paired_differences(t, std::vector<double>{1, 2, 3, 4}),
               cxgap::invalid_argument);
  EXPECT_THROW(cxgap::paired_differences(t, {1.0, 2.0, std::nan("")}), cxgap::invalid_argument);
}

}  // namespace
