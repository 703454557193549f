// Tests of cxgap::mann_whitney_test (include/cxgap/stats/mann_whitney.hpp) against R's
// wilcox.test, coin::wilcox_test (exact) and scipy.stats.mannwhitneyu (fixtures made by
// tests/reference/rank_wilcox.R, rank_scipy.py and rank_large_ties.py), plus brute-force checks of
// the exact distribution and the degenerate cases.
#include "cxgap/stats/mann_whitney.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/error.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::mann_whitney_options;
using cxgap::mann_whitney_test;
using cxgap::rank_test_method;
using cxgap::stat_status;
using cxgap::test::load_fixture;
using counts = std::vector<std::int64_t>;

mann_whitney_options with(rank_test_method method, bool correct = true) {
  mann_whitney_options o;
  o.method = method;
  o.continuity_correction = correct;
  return o;
}

TEST(MannWhitney, MatchesRWilcoxTestNormalApproximation) {
  for (const auto& c : load_fixture("rank_wilcox.txt")) {
    SCOPED_TRACE(c.name);
    const auto a = c.integers("a");
    const auto b = c.integers("b");
    const auto rc = mann_whitney_test(a, b, with(rank_test_method::asymptotic, true));
    const auto ru = mann_whitney_test(a, b, with(rank_test_method::asymptotic, false));
    EXPECT_REL_NEAR(rc.u_a, c.num("u_a"), 1e-12);
    EXPECT_REL_NEAR(rc.test.statistic, c.num("u_a"), 1e-12);
    EXPECT_REL_NEAR(rc.test.p_value, c.num("p_corrected"), 1e-9);
    EXPECT_REL_NEAR(ru.test.p_value, c.num("p_uncorrected"), 1e-9);
    EXPECT_FALSE(rc.exact);
    EXPECT_EQ(rc.test.status, stat_status::ok);
    EXPECT_TRUE(std::isnan(rc.test.df));
  }
}

TEST(MannWhitney, MatchesCoinExactConditionalOnTies) {
  int checked = 0;
  for (const auto& c : load_fixture("rank_wilcox.txt")) {
    if (!c.has("p_exact_coin")) continue;
    SCOPED_TRACE(c.name);
    const auto r = mann_whitney_test(c.integers("a"), c.integers("b"), with(rank_test_method::exact));
    EXPECT_TRUE(r.exact);
    EXPECT_REL_NEAR(r.test.p_value, c.num("p_exact_coin"), 1e-9);
    EXPECT_EQ(r.test.method, "Mann-Whitney U, exact conditional on ties");
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

TEST(MannWhitney, MatchesRExactWithoutTies) {
  int checked = 0;
  for (const auto& c : load_fixture("rank_wilcox.txt")) {
    if (!c.has("p_exact_wilcox")) continue;
    SCOPED_TRACE(c.name);
    const auto r = mann_whitney_test(c.integers("a"), c.integers("b"), with(rank_test_method::exact));
    EXPECT_REL_NEAR(r.test.p_value, c.num("p_exact_wilcox"), 1e-9);
    ++checked;
  }
  EXPECT_GE(checked, 2);
}

TEST(MannWhitney, MatchesScipyMannWhitneyuAsymptotic) {
  for (const auto& c : load_fixture("rank_scipy.txt")) {
    SCOPED_TRACE(c.name);
    const auto a = c.integers("a");
    const auto b = c.integers("b");
    const auto rc = mann_whitney_test(a, b, with(rank_test_method::asymptotic, true));
    const auto ru = mann_whitney_test(a, b, with(rank_test_method::asymptotic, false));
    EXPECT_REL_NEAR(rc.u_a, c.num("mw_u1"), 1e-12);
    EXPECT_REL_NEAR(rc.test.p_value, c.num("mw_p_corrected"), 1e-9);
    EXPECT_REL_NEAR(ru.test.p_value, c.num("mw_p_uncorrected"), 1e-9);
  }
}

TEST(MannWhitney, HugeTieGroupsMatchExactRationalArithmetic) {
  // One tie group of 6e6 and of 2e9 respondents: beyond the int64 overflow of t³ − t in scipy.
  for (const auto& c : load_fixture("rank_large_ties.txt")) {
    SCOPED_TRACE(c.name);
    const auto a = c.integers("a");
    const auto b = c.integers("b");
    const auto rc = mann_whitney_test(a, b, with(rank_test_method::automatic, true));
    const auto ru = mann_whitney_test(a, b, with(rank_test_method::automatic, false));
    EXPECT_FALSE(rc.exact);
    EXPECT_REL_NEAR(rc.u_a, c.num("u_a"), 1e-15);
    EXPECT_REL_NEAR(rc.sigma, c.num("sigma"), 1e-12);
    EXPECT_REL_NEAR(rc.z, c.num("z_corrected"), 1e-11);
    EXPECT_REL_NEAR(ru.z, c.num("z_uncorrected"), 1e-11);
    EXPECT_REL_NEAR(rc.test.p_value, c.num("p_corrected"), 1e-10);
    EXPECT_REL_NEAR(ru.test.p_value, c.num("p_uncorrected"), 1e-10);
    if (c.has("scipy_p_corrected_overflowed")) {
      // scipy 1.10 is off in the second digit here; cxgap is not.
      EXPECT_GT(std::fabs(rc.test.p_value - c.num("scipy_p_corrected_overflowed")), 1e-3);
    }
  }
}

TEST(MannWhitney, TieCorrectedSigmaEqualsTextbookFormulaInLongDouble) {
  const std::vector<std::int64_t> a{3000000, 3000000, 3000000, 3000000, 3000000};
  const std::vector<std::int64_t> b{3003000, 3000000, 3000000, 3000000, 2997000};
  long double n_a = 0, n_b = 0, ties = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const long double t = static_cast<long double>(a[k] + b[k]);
    n_a += static_cast<long double>(a[k]);
    n_b += static_cast<long double>(b[k]);
    ties += (t - 1) * t * (t + 1);
  }
  const long double n = n_a + n_b;
  const long double var = n_a * n_b / 12 * ((n + 1) - ties / (n * (n - 1)));
  const auto r = mann_whitney_test(a, b);
  EXPECT_REL_NEAR(r.sigma, static_cast<double>(std::sqrt(var)), 1e-12);
}

// All C(N, n) subsets of the pooled sample enumerated: the distribution of 2U of the subset.
std::map<std::int64_t, double> brute_force_pmf(const std::vector<std::int64_t>& pooled,
                                               std::int64_t n) {
  std::vector<std::int64_t> twice_midrank;
  std::int64_t before = 0;
  for (auto c : pooled) {
    for (std::int64_t i = 0; i < c; ++i) twice_midrank.push_back(2 * before + c + 1);
    before += c;
  }
  const int total = static_cast<int>(twice_midrank.size());
  std::map<std::int64_t, double> pmf;
  double subsets = 0;
  for (std::uint32_t mask = 0; mask < (1u << total); ++mask) {
    if (__builtin_popcount(mask) != n) continue;
    std::int64_t s = 0;
    for (int i = 0; i < total; ++i) {
      if (mask & (1u << i)) s += twice_midrank[static_cast<std::size_t>(i)];
    }
    pmf[s - n * (n + 1)] += 1;
    subsets += 1;
  }
  for (auto& kv : pmf) kv.second /= subsets;
  return pmf;
}

TEST(MannWhitney, ExactDistributionEqualsEnumerationOfAllSubsets) {
  const std::vector<std::vector<std::int64_t>> tables{
      {3, 4, 2, 5}, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, {0, 6, 0, 7}, {2, 0, 9, 1, 2}, {13, 1}};
  for (const auto& pooled : tables) {
    std::int64_t total = 0;
    for (auto c : pooled) total += c;
    for (std::int64_t n = 0; n <= total; ++n) {
      SCOPED_TRACE(::testing::Message() << "table " << pooled.size() << " n " << n);
      const auto expected = brute_force_pmf(pooled, n);
      const auto pmf = cxgap::detail::mann_whitney_exact_pmf(pooled, n);
      ASSERT_EQ(pmf.size(), static_cast<std::size_t>(2 * n * (total - n) + 1));
      for (std::size_t t = 0; t < pmf.size(); ++t) {
        const auto it = expected.find(static_cast<std::int64_t>(t));
        const double want = it == expected.end() ? 0.0 : it->second;
        EXPECT_NEAR(static_cast<double>(pmf[t]), want, 1e-15);
      }
    }
  }
}

TEST(MannWhitney, ExactDistributionStaysNormalisedForThousandsOfRespondents) {
  // C(1500, 25) ≈ 1e51: unnormalised counts would need care; the DP carries probabilities.
  const std::vector<std::int64_t> pooled{300, 350, 400, 250, 200};
  const std::int64_t n = 25;
  const std::int64_t total = 1500;
  const auto pmf = cxgap::detail::mann_whitney_exact_pmf(pooled, n);
  long double sum = 0, mean = 0, second = 0;
  for (std::size_t t = 0; t < pmf.size(); ++t) {
    EXPECT_GE(pmf[t], 0.0L);
    const long double x = static_cast<long double>(t);
    sum += pmf[t];
    mean += pmf[t] * x;
    second += pmf[t] * x * x;
  }
  EXPECT_NEAR(static_cast<double>(sum), 1.0, 1e-14);
  // E[2U] = n(N − n) and Var[2U] = 4σ² with the tie-corrected σ² of the normal approximation.
  EXPECT_REL_NEAR(static_cast<double>(mean), static_cast<double>(n * (total - n)), 1e-13);
  std::vector<std::int64_t> a(pooled.size()), b(pooled.size());
  a[2] = n;  // any split with n_A = n gives the same null moments
  for (std::size_t k = 0; k < pooled.size(); ++k) b[k] = pooled[k] - a[k];
  const auto r = mann_whitney_test(a, b, with(rank_test_method::asymptotic));
  EXPECT_REL_NEAR(static_cast<double>(second - mean * mean), 4.0 * r.sigma * r.sigma, 1e-10);
}

TEST(MannWhitney, ExactPValueOfCompleteSeparationIsTheExtremeAllocations) {
  // No ties: the two extreme allocations each have probability 1/C(7, 3) = 1/35.
  const auto r = mann_whitney_test(counts{0, 0, 0, 0, 1, 1, 1}, counts{1, 1, 1, 1, 0, 0, 0},
                                   with(rank_test_method::exact));
  EXPECT_REL_NEAR(r.test.p_value, 2.0 / 35.0, 1e-14);
  EXPECT_DOUBLE_EQ(r.u_a, 12.0);
  EXPECT_DOUBLE_EQ(r.u_b, 0.0);
  EXPECT_GT(r.z, 0.0);
  // With ties, pooled {2, 3, 0, 3, 4}: A (n = 7) taking the top 7 has probability 1/C(12, 7) and
  // U_A = 35; the mirror allocation cannot reach U_A = 0 (A's lowest 7 tie with B in category 4),
  // so the two-sided p is 1/792, not twice it (coin agrees; R's doubling would not).
  const auto t = mann_whitney_test(counts{0, 0, 0, 3, 4}, counts{2, 3, 0, 0, 0}, with(rank_test_method::exact));
  EXPECT_REL_NEAR(t.test.p_value, 1.0 / 792.0, 1e-13);
}

TEST(MannWhitney, RankSumAndUsFollowTheirDefinitions) {
  const std::vector<std::int64_t> a{3, 5, 9, 12, 6};
  const std::vector<std::int64_t> b{6, 9, 10, 7, 3};
  const auto r = mann_whitney_test(a, b);
  const double n_a = 35, n_b = 35;
  EXPECT_DOUBLE_EQ(r.u_a + r.u_b, n_a * n_b);
  EXPECT_DOUBLE_EQ(r.rank_sum_a, r.u_a + n_a * (n_a + 1) / 2);
  // Rank sum from midranks, C_{<k} + (c_k + 1)/2.
  double rank_sum = 0, before = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double c = static_cast<double>(a[k] + b[k]);
    rank_sum += static_cast<double>(a[k]) * (before + (c + 1) / 2);
    before += c;
  }
  EXPECT_DOUBLE_EQ(r.rank_sum_a, rank_sum);
}

TEST(MannWhitney, SwappingGroupsNegatesZAndKeepsP) {
  const counts a{1, 0, 2, 1, 2, 4, 5, 7, 10, 9, 6};
  const counts b{3, 2, 2, 3, 4, 6, 7, 6, 5, 3, 2};
  for (auto m : {rank_test_method::asymptotic, rank_test_method::exact}) {
    const auto ab = mann_whitney_test(a, b, with(m));
    const auto ba = mann_whitney_test(b, a, with(m));
    EXPECT_GT(ab.z, 0.0);
    EXPECT_DOUBLE_EQ(ab.z, -ba.z);
    EXPECT_DOUBLE_EQ(ab.u_a, ba.u_b);
    EXPECT_REL_NEAR(ab.test.p_value, ba.test.p_value, 1e-12);
  }
}

TEST(MannWhitney, AutomaticUsesExactOnlyWhenTheDynamicProgrammeIsSmall) {
  const auto small = mann_whitney_test(counts{1, 2, 3, 1, 0}, counts{0, 1, 1, 3, 2});
  EXPECT_TRUE(small.exact);
  EXPECT_EQ(small.test.method, "Mann-Whitney U, exact conditional on ties");
  const auto large = mann_whitney_test(counts{300, 500, 900, 1200, 600}, counts{600, 900, 1000, 700, 300});
  EXPECT_FALSE(large.exact);
  EXPECT_EQ(large.test.method,
            "Mann-Whitney U, normal approximation, tie and continuity corrected");
  // A small group against a large one is still exact: n = 3, N = 143.
  EXPECT_TRUE(mann_whitney_test(counts{0, 1, 2, 0, 0}, counts{40, 35, 30, 20, 15}).exact);
  // The table sizes Σ_{j<=n} (2j(N − j) + 1): two groups of 70 fit in 5e5 values, 72 do not.
  EXPECT_LE(cxgap::detail::mann_whitney_exact_states(70, 140), 5e5L);
  EXPECT_GT(cxgap::detail::mann_whitney_exact_states(72, 144), 5e5L);
  EXPECT_LE(cxgap::detail::mann_whitney_exact_states(10, 4510), 5e5L);
  // The threshold is an option.
  mann_whitney_options o;
  o.exact_max_states = 0;
  EXPECT_FALSE(mann_whitney_test(counts{1, 2, 3, 1, 0}, counts{0, 1, 1, 3, 2}, o).exact);
  const auto uncorrected =
      mann_whitney_test(counts{300, 500}, counts{600, 900}, with(rank_test_method::asymptotic, false));
  EXPECT_EQ(uncorrected.test.method, "Mann-Whitney U, normal approximation, tie corrected");
}

TEST(MannWhitney, MatchesCoinExactForGroupsOfHundredsAndThousands) {
  // 40 vs 300, 36 vs 280 (11 categories), 25 vs 2,000, 70 vs 70, 120 vs 150, 60 vs 240.
  int checked = 0;
  for (const auto& c : load_fixture("rank_exact.txt")) {
    SCOPED_TRACE(c.name);
    const auto a = c.integers("a");
    const auto b = c.integers("b");
    const auto r = mann_whitney_test(a, b, with(rank_test_method::exact));
    EXPECT_TRUE(r.exact);
    EXPECT_EQ(r.method, rank_test_method::exact);
    EXPECT_REL_NEAR(r.test.p_value, c.num("p_exact_coin"), 1e-9);
    EXPECT_REL_NEAR(r.u_a, c.num("u_a"), 1e-15);
    const auto asym = mann_whitney_test(a, b, with(rank_test_method::asymptotic));
    EXPECT_REL_NEAR(asym.test.p_value, c.num("p_corrected"), 1e-9);
    EXPECT_EQ(asym.method, rank_test_method::asymptotic);
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(MannWhitney, AutomaticRecordsItsChoiceFromTheCostOfTheDynamicProgramme) {
  // 40 executives vs 300 employees: exact by default.
  const counts exec{2, 4, 8, 14, 12};
  const counts emp{45, 60, 85, 70, 40};
  const auto small = mann_whitney_test(exec, emp);
  EXPECT_EQ(small.method, rank_test_method::exact);
  EXPECT_TRUE(small.exact);
  EXPECT_LE(cxgap::detail::mann_whitney_exact_operations(counts{47, 64, 93, 84, 52}, 40), 2e7L);
  // 2,000 vs 2,000: the table alone would hold ~10¹⁰ values; asymptotic, and recorded.
  const auto big = mann_whitney_test(counts{300, 350, 450, 500, 400}, counts{400, 450, 450, 400, 300});
  EXPECT_EQ(big.method, rank_test_method::asymptotic);
  EXPECT_FALSE(big.exact);
  EXPECT_EQ(big.test.method, "Mann-Whitney U, normal approximation, tie and continuity corrected");
  // The operation budget is an option: with none, even 40 vs 300 is asymptotic.
  mann_whitney_options o;
  o.exact_max_operations = 0;
  EXPECT_EQ(mann_whitney_test(exec, emp, o).method, rank_test_method::asymptotic);
  // An explicit request is never overridden by the budget.
  o.method = rank_test_method::exact;
  EXPECT_EQ(mann_whitney_test(exec, emp, o).method, rank_test_method::exact);
  o = mann_whitney_options{};
  o.exact_max_operations = -1;
  EXPECT_THROW(mann_whitney_test(exec, emp, o), cxgap::invalid_argument);
}

TEST(MannWhitney, OperationCountIsMonotoneInGroupSizeAndTableSize) {
  const counts pooled{47, 64, 93, 84, 52};  // N = 340
  long double previous = 0;
  for (std::int64_t n = 0; n <= 170; n += 10) {
    const long double ops = cxgap::detail::mann_whitney_exact_operations(pooled, n);
    EXPECT_GE(ops, previous) << n;
    previous = ops;
  }
  EXPECT_EQ(cxgap::detail::mann_whitney_exact_operations(pooled, 0), 5.0L);  // row 0 scaled once per category
}

TEST(MannWhitney, DoubleTableEqualsTheLongDoubleTable) {
  const std::vector<std::int64_t> pooled{47, 64, 93, 84, 52};
  const auto fast = cxgap::detail::mann_whitney_exact_pmf<double>(pooled, 40);
  const auto wide = cxgap::detail::mann_whitney_exact_pmf<long double>(pooled, 40);
  ASSERT_EQ(fast.size(), wide.size());
  for (std::size_t t = 0; t < fast.size(); ++t) {
    if (wide[t] < 1e-280L) continue;  // the double table drops entries below 1e-290
    EXPECT_REL_NEAR(fast[t], static_cast<double>(wide[t]), 1e-12) << t;
  }
  // The p-value's long double rerun (below 1e-250) gives the same p as the double table.
  const std::int64_t centre = 40 * 300;
  for (std::int64_t t_obs : std::vector<std::int64_t>{centre, centre + 3000, centre + 9000, 2 * 40 * 300}) {
    const long double pd = cxgap::detail::mann_whitney_exact_p_from_pmf(fast, centre, t_obs);
    const long double pl = cxgap::detail::mann_whitney_exact_p_from_pmf(wide, centre, t_obs);
    EXPECT_REL_NEAR(static_cast<double>(pd), static_cast<double>(pl), 1e-12) << t_obs;
  }
}

TEST(MannWhitney, TinyPValueIsPositive) {
  // p from the normal survival function, never 1 − Φ: R gives 5.48e-97 here (rank_wilcox.txt).
  const auto r = mann_whitney_test(counts{300, 500, 900, 1200, 600}, counts{600, 900, 1000, 700, 300});
  EXPECT_GT(r.test.p_value, 0.0);
  EXPECT_LT(r.test.p_value, 1e-90);
  // z ≈ 87: p ≈ 1e-1600, below double's range but not long double's.
  const auto s = mann_whitney_test<long double>(counts{0, 0, 0, 0, 5000}, counts{5000, 0, 0, 0, 0},
                                                with(rank_test_method::asymptotic));
  EXPECT_GT(s.z, 80.0L);
  EXPECT_GT(s.test.p_value, 0.0L);
}

TEST(MannWhitney, EmptyGroupGivesNaNWithStatusEmpty) {
  const auto r = mann_whitney_test(counts{0, 0, 0}, counts{1, 2, 3});
  EXPECT_EQ(r.test.status, stat_status::empty);
  EXPECT_TRUE(std::isnan(r.u_a));
  EXPECT_TRUE(std::isnan(r.z));
  EXPECT_TRUE(std::isnan(r.test.p_value));
  EXPECT_TRUE(std::isnan(r.test.statistic));
  const auto both = mann_whitney_test(counts{}, counts{});
  EXPECT_EQ(both.test.status, stat_status::empty);
}

TEST(MannWhitney, AllObservationsInOneCategoryGiveZeroVariance) {
  for (auto m : {rank_test_method::automatic, rank_test_method::exact,
                 rank_test_method::asymptotic}) {
    const auto r = mann_whitney_test(counts{0, 7, 0}, counts{0, 4, 0}, with(m));
    EXPECT_EQ(r.test.status, stat_status::zero_variance);
    EXPECT_DOUBLE_EQ(r.u_a, 14.0);  // all 28 pairs tied
    EXPECT_DOUBLE_EQ(r.sigma, 0.0);
    EXPECT_TRUE(std::isnan(r.z));
    EXPECT_TRUE(std::isnan(r.test.p_value));
  }
}

TEST(MannWhitney, OneObservationPerGroupIsDefinedButUninformative) {
  const auto exact = mann_whitney_test(counts{0, 1, 0}, counts{0, 0, 1}, with(rank_test_method::exact));
  EXPECT_EQ(exact.test.status, stat_status::ok);
  EXPECT_DOUBLE_EQ(exact.u_a, 0.0);
  EXPECT_DOUBLE_EQ(exact.test.p_value, 1.0);
  const auto asym = mann_whitney_test(counts{0, 1, 0}, counts{0, 0, 1}, with(rank_test_method::asymptotic));
  EXPECT_DOUBLE_EQ(asym.sigma, 0.5);
  EXPECT_DOUBLE_EQ(asym.test.p_value, 1.0);  // |U − ½| − ½ = 0
}

TEST(MannWhitney, WorksInLongDouble) {
  const auto r = mann_whitney_test<long double>(counts{3, 5, 9, 12, 6}, counts{6, 9, 10, 7, 3},
                                                with(rank_test_method::asymptotic));
  EXPECT_REL_NEAR(static_cast<double>(r.test.p_value), 0.03854400693793341, 1e-9);
}

TEST(MannWhitney, ThrowsOnCountVectorsOfDifferentLengths) {
  EXPECT_THROW(mann_whitney_test(counts{1, 2, 3}, counts{1, 2}), cxgap::invalid_argument);
}

TEST(MannWhitney, ThrowsOnNegativeCounts) {
  EXPECT_THROW(mann_whitney_test(counts{1, -2, 3}, counts{1, 2, 3}), cxgap::invalid_argument);
  EXPECT_THROW(mann_whitney_test(counts{1, 2, 3}, counts{1, 2, -3}), cxgap::invalid_argument);
}

TEST(MannWhitney, ErrorMessageNamesFunctionArgumentAndValue) {
  try {
    mann_whitney_test(counts{1, -2, 3}, counts{1, 2, 3});
    FAIL() << "no exception";
  } catch (const cxgap::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cxgap::mann_whitney_test"), std::string::npos) << what;
    EXPECT_NE(what.find("a[1] is -2"), std::string::npos) << what;
    EXPECT_NE(what.find("non-negative"), std::string::npos) << what;
  }
}

TEST(MannWhitney, ThrowsOnNegativeExactThreshold) {
  mann_whitney_options o;
  o.exact_max_states = -1;
  EXPECT_THROW(mann_whitney_test(counts{1, 2}, counts{2, 1}, o), cxgap::invalid_argument);
}

TEST(MannWhitney, ThrowsWhenExactIsRequestedBeyondTheStateLimit) {
  EXPECT_THROW(mann_whitney_test(counts{400, 400, 400, 400, 400}, counts{400, 400, 400, 400, 400},
                                 with(rank_test_method::exact)),
               cxgap::invalid_argument);
}

}  // namespace
