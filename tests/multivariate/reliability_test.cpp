// Tests for include/cxgap/multivariate/reliability.hpp: Cronbach's alpha, Feldt's interval,
// alpha if item deleted and item–rest correlations against psych::alpha / alpha.ci on psych's
// bfi with reverse-keyed items, pairwise (psych's default) and on complete cases
// (tests/reference/multivariate_reliability.R, fixtures multivariate_reliability.txt, data
// multivariate_data.txt), degenerate data, and the Feldt interval's coverage by simulation.
#include "cxgap/multivariate/reliability.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <gtest/gtest.h>

#include "support/fixture.hpp"
#include "support/text.hpp"

namespace {

using cxgap::missing_data;
using cxgap::reverse_keying;
using cxgap::stat_status;
using cxgap::test::fixture_case;
using Eigen::MatrixXd;

using cxgap::test::kRel;
using cxgap::test::kNaN;

using cxgap::test::words;

/// bfi columns `items` (all 2800 respondents, NaN = no answer).
MatrixXd bfi_items(const std::string& items) {
  static const std::vector<fixture_case> data = cxgap::test::load_fixture("multivariate_data.txt");
  const fixture_case& bfi = data.front();
  const auto names = words(items);
  const auto rows = static_cast<Eigen::Index>(bfi.integer("rows"));
  MatrixXd x(rows, static_cast<Eigen::Index>(names.size()));
  for (std::size_t j = 0; j < names.size(); ++j) {
    const auto col = bfi.nums(names[j]);
    for (Eigen::Index i = 0; i < rows; ++i) x(i, static_cast<Eigen::Index>(j)) = col[static_cast<std::size_t>(i)];
  }
  return x;
}

reverse_keying keys_of(const fixture_case& c) {
  reverse_keying k;
  for (const auto one_based : c.integers("keys")) k.items.push_back(static_cast<Eigen::Index>(one_based - 1));
  k.scale_min = c.num("scale_min");
  k.scale_max = c.num("scale_max");
  return k;
}

TEST(Reliability, MatchesPsychAlphaOnBfiPairwiseAndCompleteCases) {
  int cases = 0;
  for (const auto& c : cxgap::test::load_fixture("multivariate_reliability.txt")) {
    ++cases;
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const missing_data mode =
        c.str("missing") == "pairwise" ? missing_data::pairwise : missing_data::complete_case;
    const auto r = cxgap::cronbach_alpha(bfi_items(c.str("items")), keys_of(c), mode);
    EXPECT_EQ(r.status, stat_status::ok);
    EXPECT_EQ(r.standardized_status, stat_status::ok);
    EXPECT_EQ(r.missing, mode);
    EXPECT_EQ(r.n, c.integer("n"));
    EXPECT_EQ(r.k, c.integer("k"));
    EXPECT_REL_NEAR(r.alpha, c.num("raw_alpha"), kRel);
    EXPECT_REL_NEAR(r.standardized_alpha, c.num("std_alpha"), kRel);
    EXPECT_REL_NEAR(r.average_r, c.num("average_r"), kRel);
    EXPECT_REL_NEAR(r.scale_mean, c.num("scale_mean"), 1e-12);
    EXPECT_REL_NEAR(r.scale_sd, c.num("scale_sd"), kRel);
    const auto ci = c.nums("feldt_ci_95");
    EXPECT_EQ(r.ci.level, 0.95);
    EXPECT_REL_NEAR(r.ci.lower, ci[0], kRel);
    EXPECT_REL_NEAR(r.ci.upper, ci[1], kRel);
    const auto r90 = cxgap::cronbach_alpha(bfi_items(c.str("items")), keys_of(c), mode, 0.90);
    const auto ci90 = c.nums("feldt_ci_90");
    EXPECT_REL_NEAR(r90.ci.lower, ci90[0], kRel);
    EXPECT_REL_NEAR(r90.ci.upper, ci90[1], kRel);
    const auto r_drop = c.nums("r_drop");
    for (Eigen::Index j = 0; j < r.k; ++j) {
      EXPECT_REL_NEAR(r.item_rest_correlation(j), r_drop[static_cast<std::size_t>(j)], kRel);
    }
    if (r.k > 2) {
      const auto raw = c.nums("alpha_drop_raw"), std_alpha = c.nums("alpha_drop_std");
      for (Eigen::Index j = 0; j < r.k; ++j) {
        EXPECT_REL_NEAR(r.alpha_if_deleted(j), raw[static_cast<std::size_t>(j)], kRel);
        EXPECT_REL_NEAR(r.standardized_alpha_if_deleted(j), std_alpha[static_cast<std::size_t>(j)], kRel);
      }
    } else {
      EXPECT_TRUE(std::isnan(r.alpha_if_deleted(0)));
      EXPECT_TRUE(std::isnan(r.standardized_alpha_if_deleted(1)));
    }
  }
  EXPECT_EQ(cases, 6);
}

TEST(Reliability, PairwiseDiffersFromCompleteCasesOnDataWithMissingAnswers) {
  // The REFERENCE-TRAP: psych's default (pairwise) is not listwise deletion.
  const MatrixXd x = bfi_items("A1 A2 A3 A4 A5");
  const reverse_keying keys{{0}, 1, 6};
  const auto pw = cxgap::cronbach_alpha(x, keys, missing_data::pairwise);
  const auto cc = cxgap::cronbach_alpha(x, keys);
  EXPECT_EQ(cc.missing, missing_data::complete_case);  // the default
  EXPECT_GT(std::fabs(pw.alpha - cc.alpha), 1e-4);
  EXPECT_EQ(pw.n, 2800);
  EXPECT_EQ(cc.n, 2709);
}

TEST(Reliability, ReversingIsTheSameAsRecodingTheData) {
  MatrixXd x = bfi_items("C1 C2 C3 C4 C5");
  const auto keyed = cxgap::cronbach_alpha(x, reverse_keying{{3, 4}, 1, 6});
  x.col(3) = 7 - x.col(3).array();
  x.col(4) = 7 - x.col(4).array();
  const auto recoded = cxgap::cronbach_alpha(x);
  EXPECT_EQ(keyed.alpha, recoded.alpha);
  EXPECT_EQ(keyed.scale_mean, recoded.scale_mean);
  EXPECT_EQ(keyed.item_rest_correlation(4), recoded.item_rest_correlation(4));
}

TEST(Reliability, AcceptsExpressionsAndIntegerCodes) {
  const MatrixXd x = bfi_items("A1 A2 A3 A4 A5");
  MatrixXd complete(40, 5);
  Eigen::Index r = 0;
  for (Eigen::Index i = 0; i < x.rows() && r < 40; ++i) {
    if (!x.row(i).hasNaN()) complete.row(r++) = x.row(i);
  }
  const auto ref = cxgap::cronbach_alpha(complete);
  EXPECT_EQ(cxgap::cronbach_alpha(complete.middleCols(0, 5)).alpha, ref.alpha);
  const Eigen::MatrixXi codes = complete.cast<int>();
  EXPECT_REL_NEAR(cxgap::cronbach_alpha(codes).alpha, ref.alpha, 1e-14);
  const auto f = cxgap::cronbach_alpha(complete.cast<float>());
  EXPECT_REL_NEAR(f.alpha, ref.alpha, 1e-4);
  EXPECT_REL_NEAR(f.ci.lower, ref.ci.lower, 1e-3);
}

MatrixXd small_scale() {
  MatrixXd x(6, 3);
  x << 1, 2, 2,  //
      2, 2, 3,   //
      3, 4, 3,   //
      4, 3, 5,   //
      5, 5, 4,   //
      2, 1, 2;
  return x;
}

TEST(Reliability, ConstantItemLeavesRawAlphaButNotStandardizedAlpha) {
  MatrixXd x = small_scale();
  x.col(1).setConstant(3);
  const auto r = cxgap::cronbach_alpha(x);
  EXPECT_EQ(r.status, stat_status::ok);
  EXPECT_FALSE(std::isnan(r.alpha));
  EXPECT_FALSE(std::isnan(r.ci.lower));
  EXPECT_EQ(r.standardized_status, stat_status::zero_variance);
  EXPECT_TRUE(std::isnan(r.standardized_alpha));
  EXPECT_TRUE(std::isnan(r.average_r));
  EXPECT_TRUE(std::isnan(r.item_rest_correlation(1)));
  // Deleting the constant item makes the standardised alpha defined again.
  EXPECT_FALSE(std::isnan(r.standardized_alpha_if_deleted(1)));
  EXPECT_TRUE(std::isnan(r.standardized_alpha_if_deleted(0)));
  // A constant item adds nothing to the trace tr or the total Σs_jl, so with items 0 and 2
  // alone alpha_2 = 2(1 − tr/total) and with the constant item alpha_3 = (3/2)(1 − tr/total).
  const auto two = cxgap::cronbach_alpha(small_scale()(Eigen::all, std::vector<Eigen::Index>{0, 2}));
  const double tr_over_total = 1 - two.alpha / 2;
  EXPECT_REL_NEAR(r.alpha, 1.5 * (1 - tr_over_total), 1e-13);
}

TEST(Reliability, AllItemsConstantIsZeroVariance) {
  const MatrixXd x = MatrixXd::Constant(5, 3, 4.0);
  const auto r = cxgap::cronbach_alpha(x);
  EXPECT_EQ(r.status, stat_status::zero_variance);
  EXPECT_EQ(r.standardized_status, stat_status::zero_variance);
  EXPECT_TRUE(std::isnan(r.alpha));
  EXPECT_TRUE(std::isnan(r.ci.lower));
  EXPECT_EQ(r.ci.status, stat_status::zero_variance);
  EXPECT_EQ(r.scale_mean, 4.0);
  EXPECT_EQ(r.scale_sd, 0.0);
}

TEST(Reliability, ConstantSumScoreIsZeroVariance) {
  // Two items that always add up to 6: the scale score has no variance, alpha = −∞.
  MatrixXd x(5, 2);
  x << 1, 5, 2, 4, 3, 3, 4, 2, 5, 1;
  const auto r = cxgap::cronbach_alpha(x);
  EXPECT_EQ(r.status, stat_status::zero_variance);
  EXPECT_TRUE(std::isnan(r.alpha));
  EXPECT_REL_NEAR(r.average_r, -1.0, 1e-14);  // the correlations are still defined
}

TEST(Reliability, TooFewAndEmpty) {
  const MatrixXd x = small_scale();
  EXPECT_EQ(cxgap::cronbach_alpha(x.topRows(1)).status, stat_status::too_few);
  const auto e = cxgap::cronbach_alpha(MatrixXd(0, 3));
  EXPECT_EQ(e.status, stat_status::empty);
  EXPECT_TRUE(std::isnan(e.alpha));
  EXPECT_TRUE(std::isnan(e.scale_mean));
  const MatrixXd all_missing = MatrixXd::Constant(4, 3, kNaN);
  for (auto m : {missing_data::complete_case, missing_data::pairwise}) {
    const auto r = cxgap::cronbach_alpha(all_missing, {}, m);
    EXPECT_EQ(r.status, stat_status::empty);
    EXPECT_EQ(r.n, 0);
  }
  // Pairwise: items 0 and 2 are never answered by the same two respondents.
  MatrixXd y = x;
  for (Eigen::Index i = 0; i < 5; ++i) y(i, 2) = kNaN;
  const auto pw = cxgap::cronbach_alpha(y, {}, missing_data::pairwise);
  EXPECT_EQ(pw.status, stat_status::too_few);
  EXPECT_EQ(pw.standardized_status, stat_status::too_few);
  EXPECT_EQ(pw.n, 6);
}

TEST(Reliability, TwoItemsHaveNoAlphaIfDeleted) {
  const auto r = cxgap::cronbach_alpha(small_scale().leftCols(2));
  EXPECT_EQ(r.status, stat_status::ok);
  EXPECT_TRUE(std::isnan(r.alpha_if_deleted(0)));
  EXPECT_TRUE(std::isnan(r.alpha_if_deleted(1)));
  // For two items the item–rest correlation is their correlation.
  EXPECT_REL_NEAR(r.item_rest_correlation(0), r.average_r, 1e-14);
}

TEST(Reliability, ThrowsOnInvalidArguments) {
  const MatrixXd x = small_scale();
  EXPECT_THROW(cxgap::cronbach_alpha(x.leftCols(1)), cxgap::invalid_argument);
  for (double level : {0.0, 1.0, -0.1, 1.5, kNaN}) {
    EXPECT_THROW(cxgap::cronbach_alpha(x, {}, missing_data::complete_case, level),
                 cxgap::invalid_argument);
  }
  EXPECT_THROW(cxgap::cronbach_alpha(x, reverse_keying{{3}, 1, 5}), cxgap::out_of_range);
  EXPECT_THROW(cxgap::cronbach_alpha(x, reverse_keying{{-1}, 1, 5}), cxgap::out_of_range);
  EXPECT_THROW(cxgap::cronbach_alpha(x, reverse_keying{{1, 1}, 1, 5}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::cronbach_alpha(x, reverse_keying{{1}, kNaN, 5}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::cronbach_alpha(x, reverse_keying{{1}, 1, kNaN}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::cronbach_alpha(x, reverse_keying{{1}, 5, 1}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::cronbach_alpha(x, reverse_keying{{1}}), cxgap::invalid_argument);
  // A reversed item's value outside the scale (5 on a 1..4 scale).
  EXPECT_THROW(cxgap::cronbach_alpha(x, reverse_keying{{1}, 1, 4}), cxgap::invalid_argument);
  MatrixXd inf = x;
  inf(2, 2) = std::numeric_limits<double>::infinity();
  EXPECT_THROW(cxgap::cronbach_alpha(inf), cxgap::invalid_argument);
}

TEST(Reliability, FeldtIntervalCoversTheTrueAlphaAboutNinetyFivePercent) {
  // k = 5 parallel normal items with correlation 0.3: true alpha = 5·0.3/(1 + 4·0.3) = 15/22.
  // n = 50 respondents; Feldt's interval is exact for this model (Feldt 1965).
  std::mt19937_64 gen(1965);
  auto uniform = [&gen] { return (static_cast<double>(gen() >> 11) + 0.5) * 0x1.0p-53; };
  auto normal = [&] {
    return std::sqrt(-2 * std::log(uniform())) * std::cos(6.283185307179586 * uniform());
  };
  const double rho = 0.3, true_alpha = 15.0 / 22.0;
  const int reps = 3000;
  int covered = 0;
  MatrixXd x(50, 5);
  for (int rep = 0; rep < reps; ++rep) {
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const double common = normal();
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        x(i, j) = std::sqrt(rho) * common + std::sqrt(1 - rho) * normal();
      }
    }
    const auto r = cxgap::cronbach_alpha(x);
    ASSERT_EQ(r.status, stat_status::ok);
    covered += r.ci.contains(true_alpha);
  }
  const double coverage = static_cast<double>(covered) / reps;
  // Binomial SE at 95% with 3000 replications: 0.004; the band is about ±3 SE.
  EXPECT_GT(coverage, 0.938);
  EXPECT_LT(coverage, 0.962);
}

}  // namespace
