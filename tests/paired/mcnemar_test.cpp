// Tests for include/cxgap/paired/mcnemar.hpp: McNemar's test against R's mcnemar.test and
// binom.test (tests/reference/fixtures/paired_mcnemar_r.txt, paired_mcnemar.R) and statsmodels'
// mcnemar (paired_mcnemar_statsmodels.txt, paired_mcnemar.py), the collapse of a K×K table to
// yes/no, and the table without discordant pairs.
#include "cxgap/paired/mcnemar.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/paired/paired_table.hpp"
#include "support/fixture.hpp"
#include "support/stats.hpp"

namespace {

using cxgap::mcnemar_method;
using cxgap::paired_binary;
using cxgap::stat_status;
using counts = std::vector<std::int64_t>;

using cxgap::test::kRel;  // agreement target for deterministic methods

using cxgap::test::cells_of;

TEST(McNemar, MatchesRMcnemarTestAndBinomTestOnEveryFixtureCase) {
  for (const auto& c : cxgap::test::load_fixture("paired_mcnemar_r.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const paired_binary t = cells_of(c);
    const auto cc = cxgap::mcnemar_test(t);  // default: asymptotic, continuity corrected
    const auto nocc = cxgap::mcnemar_test(t, mcnemar_method::asymptotic, false);
    const auto ex = cxgap::mcnemar_test(t, mcnemar_method::exact);
    EXPECT_EQ(cc.b, t.first_only);
    EXPECT_EQ(cc.c, t.second_only);
    if (t.discordant() == 0) {
      // R: NaN statistic and p (0/0). cxgap: p = 1 (no evidence), status zero_variance.
      EXPECT_TRUE(std::isnan(c.num("p_corrected")));
      for (const auto& r : {cc, nocc, ex}) {
        EXPECT_EQ(r.test.status, stat_status::zero_variance);
        EXPECT_EQ(r.test.p_value, 1.0);
      }
      EXPECT_TRUE(std::isnan(cc.test.statistic));
      EXPECT_EQ(ex.test.statistic, 0.0);
      continue;
    }
    EXPECT_REL_NEAR(cc.test.statistic, c.num("chi2_corrected"), 1e-14);
    EXPECT_REL_NEAR(cc.test.p_value, c.num("p_corrected"), kRel);
    EXPECT_REL_NEAR(nocc.test.statistic, c.num("chi2_uncorrected"), 1e-14);
    EXPECT_REL_NEAR(nocc.test.p_value, c.num("p_uncorrected"), kRel);
    EXPECT_EQ(cc.test.df, 1.0);
    EXPECT_EQ(cc.test.status, stat_status::ok);
    EXPECT_REL_NEAR(ex.test.p_value, c.num("p_exact"), kRel);
    EXPECT_EQ(ex.test.statistic, static_cast<double>(t.first_only));
    EXPECT_TRUE(std::isnan(ex.test.df));
  }
}

TEST(McNemar, MatchesStatsmodelsExceptItsCorrectionWhenBEqualsC) {
  for (const auto& c : cxgap::test::load_fixture("paired_mcnemar_statsmodels.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const paired_binary t = cells_of(c);
    const auto ex = cxgap::mcnemar_test(t, mcnemar_method::exact);
    // statsmodels' exact statistic is min(b, c); cxgap reports b.
    EXPECT_EQ(static_cast<double>(std::min(ex.b, ex.c)), c.num("statistic_exact"));
    EXPECT_REL_NEAR(ex.test.p_value, c.num("p_exact"), kRel);
    if (t.discordant() == 0) continue;  // statsmodels: inf/p = 0 (corrected), NaN (uncorrected)
    const auto nocc = cxgap::mcnemar_test(t, mcnemar_method::asymptotic, false);
    EXPECT_REL_NEAR(nocc.test.statistic, c.num("chi2_uncorrected"), 1e-14);
    EXPECT_REL_NEAR(nocc.test.p_value, c.num("p_uncorrected"), kRel);
    const auto cc = cxgap::mcnemar_test(t, mcnemar_method::asymptotic, true);
    if (t.first_only != t.second_only) {
      EXPECT_REL_NEAR(cc.test.statistic, c.num("chi2_corrected"), 1e-14);
      EXPECT_REL_NEAR(cc.test.p_value, c.num("p_corrected"), kRel);
    } else {
      // statsmodels 0.13 squares |b − c| − 1 = −1: χ² = 1/(b + c) > 0. cxgap follows R: 0, p = 1.
      EXPECT_REL_NEAR(c.num("chi2_corrected"), 1.0 / static_cast<double>(t.discordant()), 1e-15);
      EXPECT_EQ(cc.test.statistic, 0.0);
      EXPECT_EQ(cc.test.p_value, 1.0);
    }
  }
}

TEST(McNemar, ContinuityCorrectionNeverOvershoots) {
  // |b − c| = 1: the corrected statistic is 0 (R), never (1 − 1 − …)².
  const auto r = cxgap::mcnemar_test(paired_binary{5, 3, 4, 5});
  EXPECT_EQ(r.test.statistic, 0.0);
  EXPECT_EQ(r.test.p_value, 1.0);
}

TEST(McNemar, SymmetricInTheDiscordantCellsExceptForTheExactStatistic) {
  const paired_binary t{10, 15, 5, 20}, s{10, 5, 15, 20};
  for (auto method : {mcnemar_method::asymptotic, mcnemar_method::exact}) {
    const auto a = cxgap::mcnemar_test(t, method), b = cxgap::mcnemar_test(s, method);
    EXPECT_EQ(a.test.p_value, b.test.p_value);
  }
  EXPECT_EQ(cxgap::mcnemar_test(t, mcnemar_method::exact).test.statistic, 15.0);
  EXPECT_EQ(cxgap::mcnemar_test(s, mcnemar_method::exact).test.statistic, 5.0);
}

TEST(McNemar, ExactPOfAllDiscordantOneWayIsTwoOverTwoToTheN) {
  const auto r = cxgap::mcnemar_test(paired_binary{4, 12, 0, 9}, mcnemar_method::exact);
  EXPECT_REL_NEAR(r.test.p_value, std::ldexp(1.0, -11), 1e-14);
}

TEST(McNemar, TinyExactPValueIsNotRoundedToZero) {
  // b = 1000, c = 1: p = 2·1001/2^1001 ≈ 9.3e-299 (binom.test agrees: fixture case 2 1000 1 3).
  const auto r = cxgap::mcnemar_test(paired_binary{2, 1000, 1, 3}, mcnemar_method::exact);
  EXPECT_GT(r.test.p_value, 0.0);
  EXPECT_LT(r.test.p_value, 1e-297);
}

TEST(McNemar, NoDiscordantPairsGivesPOneAndZeroVariance) {
  for (const paired_binary t : {paired_binary{10, 0, 0, 10}, paired_binary{0, 0, 0, 0}}) {
    for (bool correct : {true, false}) {
      const auto r = cxgap::mcnemar_test(t, mcnemar_method::asymptotic, correct);
      EXPECT_EQ(r.test.status, stat_status::zero_variance);
      EXPECT_EQ(r.test.p_value, 1.0);
      EXPECT_TRUE(std::isnan(r.test.statistic));
    }
    const auto e = cxgap::mcnemar_test(t, mcnemar_method::exact);
    EXPECT_EQ(e.test.status, stat_status::zero_variance);
    EXPECT_EQ(e.test.p_value, 1.0);
  }
}

TEST(McNemar, CollapsesAKByKTableAtYesFrom) {
  // 5-point scale, top-two box (categories 3 and 4 are "yes").
  cxgap::paired_table t(5);
  t.add(4, 4, 7);  // both yes
  t.add(3, 1, 5);  // first yes only
  t.add(4, 2, 2);  // first yes only
  t.add(0, 3, 4);  // second yes only
  t.add(2, 2, 9);  // both no
  t.add(1, 0, 1);  // both no
  const paired_binary b = cxgap::to_paired_binary(t, 3);
  EXPECT_EQ(b.both_yes, 7);
  EXPECT_EQ(b.first_only, 7);
  EXPECT_EQ(b.second_only, 4);
  EXPECT_EQ(b.both_no, 10);
  EXPECT_EQ(b.total(), t.total());
  EXPECT_EQ(cxgap::mcnemar_test(t, 3).test.p_value, cxgap::mcnemar_test(b).test.p_value);
  // A 2×2 table coded (no, yes): yes_from = 1 by default.
  const cxgap::paired_table two(2, counts{20, 5, 15, 10});  // rows: first no, first yes
  const paired_binary c = cxgap::to_paired_binary(two);
  EXPECT_EQ(c.both_yes, 10);
  EXPECT_EQ(c.first_only, 15);
  EXPECT_EQ(c.second_only, 5);
  EXPECT_EQ(c.both_no, 20);
}

TEST(McNemar, ThrowsOnYesFromOutsideTheScale) {
  const cxgap::paired_table t(3, counts{1, 2, 3, 4, 5, 6, 7, 8, 9});
  EXPECT_THROW(cxgap::to_paired_binary(t, 0), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::to_paired_binary(t, 3), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::mcnemar_test(t, 3), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::to_paired_binary(cxgap::paired_table(1), 1), cxgap::invalid_argument);
}

TEST(McNemar, ThrowsOnNegativeCount) {
  EXPECT_THROW(cxgap::mcnemar_test(paired_binary{1, -2, 3, 4}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::mcnemar_test(paired_binary{-1, 2, 3, 4}, mcnemar_method::exact),
               cxgap::invalid_argument);
  EXPECT_THROW(cxgap::mcnemar_test(paired_binary{1, 2, -3, 4}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::mcnemar_test(paired_binary{1, 2, 3, -4}), cxgap::invalid_argument);
}

}  // namespace
