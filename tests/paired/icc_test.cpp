// Tests for include/cxgap/paired/icc.hpp: the six Shrout–Fleiss ICCs with F tests and
// McGraw–Wong intervals against psych 2.2.9 ICC(x, lmer = FALSE) (fixtures/agreement_icc.txt,
// script tests/reference/agreement_icc.R): the Shrout & Fleiss (1979) Table 2 example, psych's
// bfi (A1–A5 as five raters; C1 × C2 as a table), and vcd's SexualFun husband × wife dyads.
#include "cxgap/paired/icc.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <gtest/gtest.h>

#include "support/fixture.hpp"

namespace {

using cxgap::icc_estimate;
using cxgap::icc_result;
using cxgap::paired_table;
using cxgap::stat_status;
using cxgap::test::fixture_case;
using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

using cxgap::test::kRel;  // agreement target for deterministic methods

const char* const kForms[] = {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"};

const icc_estimate<double>& form(const icc_result<double>& r, int f) {
  const icc_estimate<double>* all[] = {&r.icc_1_1, &r.icc_2_1, &r.icc_3_1,
                                       &r.icc_1_k, &r.icc_2_k, &r.icc_3_k};
  return *all[f];
}

row_major ratings_of(const fixture_case& c) {
  const auto n = static_cast<Eigen::Index>(c.integer("n"));
  const auto k = static_cast<Eigen::Index>(c.integer("k"));
  const auto v = c.nums("ratings");
  EXPECT_EQ(v.size(), static_cast<std::size_t>(n * k));
  return Eigen::Map<const row_major>(v.data(), n, k);
}

paired_table icc_table_of(const fixture_case& c) {
  return paired_table(static_cast<std::size_t>(c.integer("table_k")), c.integers("table"));
}

/// The n × 2 matrix of a table's pairs (first rating in column 0), as the R script expands it.
row_major expand(const paired_table& t, const std::vector<double>& s) {
  row_major m(t.total(), 2);
  Eigen::Index row = 0;
  for (std::size_t i = 0; i < t.size(); ++i)
    for (std::size_t j = 0; j < t.size(); ++j)
      for (std::int64_t c = 0; c < t(i, j); ++c, ++row) {
        m(row, 0) = s[i];
        m(row, 1) = s[j];
      }
  return m;
}

std::vector<icc_result<double>> compute_all(const fixture_case& c) {
  const double level = c.num("level");
  if (!c.has("table")) return {cxgap::icc(ratings_of(c), level)};
  const auto t = icc_table_of(c);
  const auto s = c.nums("scores");
  return {cxgap::icc(t, s, level), cxgap::icc(expand(t, s), level)};
}

void expect_matches_psych(const icc_result<double>& r, const fixture_case& c,
                          bool skip_icc2k_lower = false) {
  EXPECT_EQ(r.n, c.integer("n"));
  EXPECT_EQ(r.k, c.integer("k"));
  const auto ms = c.nums("ms");
  EXPECT_REL_NEAR(r.ms_subjects, ms[0], kRel);
  EXPECT_REL_NEAR(r.ms_raters, ms[1], kRel);
  EXPECT_REL_NEAR(r.ms_error, ms[2], kRel);
  EXPECT_REL_NEAR(r.ms_within, c.num("msw"), kRel);
  for (int f = 0; f < 6; ++f) {
    SCOPED_TRACE(kForms[f]);
    const auto want = c.nums(kForms[f]);
    const auto& e = form(r, f);
    EXPECT_REL_NEAR(e.value, want[0], kRel);
    EXPECT_REL_NEAR(e.f_statistic, want[1], kRel);
    EXPECT_EQ(e.df1, want[2]);
    EXPECT_EQ(e.df2, want[3]);
    EXPECT_REL_NEAR(e.p_value, want[4], kRel);
    if (!(skip_icc2k_lower && f == 4)) {
      EXPECT_REL_NEAR(e.ci.lower, want[5], kRel);
    }
    EXPECT_REL_NEAR(e.ci.upper, want[6], kRel);
    EXPECT_EQ(e.ci.level, c.num("level"));
    EXPECT_EQ(e.status, stat_status::ok);
  }
  EXPECT_EQ(r.status, stat_status::ok);
}

TEST(Icc, MatchesPsychIccOnEveryRegularCase) {
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("agreement_icc.txt")) {
    if (c.name == "second rater one point higher" || c.name == "two subjects two raters") continue;
    for (const auto& r : compute_all(c)) {
      SCOPED_TRACE(c.name + ": " + c.str("call"));
      expect_matches_psych(r, c);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 9);
}

TEST(Icc, ReproducesTheShroutFleiss1979PublishedValues) {
  // Shrout & Fleiss (1979) Table 4: .17 .29 .71 .44 .62 .91 for ICC(1,1) ... ICC(3,4).
  for (const auto& c : cxgap::test::load_fixture("agreement_icc.txt")) {
    if (c.name != "Shrout-Fleiss 1979 Table 2") continue;
    const auto r = cxgap::icc(ratings_of(c));
    const double published[] = {0.17, 0.29, 0.71, 0.44, 0.62, 0.91};
    for (int f = 0; f < 6; ++f) EXPECT_NEAR(form(r, f).value, published[f], 0.005) << kForms[f];
  }
}

TEST(Icc, TableOverloadEqualsTheExpandedMatrix) {
  const paired_table t(4, {7, 7, 2, 3, 2, 8, 3, 7, 1, 5, 4, 9, 2, 8, 9, 14});
  const std::vector<double> s{0, 2.5, 7.25, 10};
  const auto a = cxgap::icc(t, s), b = cxgap::icc(expand(t, s));
  EXPECT_REL_NEAR(a.ms_subjects, b.ms_subjects, 1e-13);
  EXPECT_REL_NEAR(a.ms_raters, b.ms_raters, 1e-12);
  EXPECT_REL_NEAR(a.ms_error, b.ms_error, 1e-13);
  for (int f = 0; f < 6; ++f) {
    EXPECT_REL_NEAR(form(a, f).value, form(b, f).value, 1e-13);
    EXPECT_REL_NEAR(form(a, f).ci.lower, form(b, f).ci.lower, 1e-12);
  }
}

TEST(Icc, TwoSubjectsMatchPsychExceptTheIcc2kLowerBoundBeyondThePole) {
  // psych maps ICC(2,1)'s lower bound −160.9 through the Spearman–Brown pole at −1/(k − 1) to
  // 2.01, above its own upper bound 0.9998; cxgap reports −∞.
  for (const auto& c : cxgap::test::load_fixture("agreement_icc.txt")) {
    if (c.name != "two subjects two raters") continue;
    const auto r = cxgap::icc(ratings_of(c));
    expect_matches_psych(r, c, true);
    const auto psych = c.nums("ICC2k");
    EXPECT_GT(psych[5], psych[6]);
    EXPECT_EQ(r.icc_2_k.ci.lower, -std::numeric_limits<double>::infinity());
    EXPECT_LT(r.icc_2_1.ci.lower, -1.0);
  }
}

TEST(Icc, ZeroResidualGivesNaNTestsWherePsychDividesByRoundingNoise) {
  // Second rater = first + 1: MSE is exactly 0. psych's aov leaves MSE = 1.5e-31 and reports
  // F = 3.4e31, p = 2.6e-63 for ICC2/ICC3; cxgap gives NaN with zero_variance, keeps the values
  // whose denominators are not 0, and matches psych on the one-way forms.
  for (const auto& c : cxgap::test::load_fixture("agreement_icc.txt")) {
    if (c.name != "second rater one point higher") continue;
    const auto r = cxgap::icc(ratings_of(c));
    EXPECT_LT(c.nums("ms")[2], 1e-30);
    EXPECT_EQ(r.ms_error, 0.0);
    for (int f : {0, 3}) {  // ICC1, ICC1k: F = MSB/MSW
      const auto want = c.nums(kForms[f]);
      EXPECT_REL_NEAR(form(r, f).value, want[0], kRel);
      EXPECT_REL_NEAR(form(r, f).p_value, want[4], kRel);
      EXPECT_REL_NEAR(form(r, f).ci.lower, want[5], kRel);
      EXPECT_EQ(form(r, f).status, stat_status::ok);
    }
    for (int f : {1, 2, 4, 5}) {
      SCOPED_TRACE(kForms[f]);
      const auto& e = form(r, f);
      EXPECT_REL_NEAR(e.value, c.nums(kForms[f])[0], 1e-12);
      EXPECT_TRUE(std::isnan(e.f_statistic));
      EXPECT_TRUE(std::isnan(e.p_value));
      EXPECT_TRUE(std::isnan(e.ci.lower));
      EXPECT_TRUE(std::isnan(e.ci.upper));
      EXPECT_EQ(e.status, stat_status::zero_variance);
      EXPECT_EQ(e.ci.status, stat_status::zero_variance);
    }
    EXPECT_EQ(r.icc_3_1.value, 1.0);
    EXPECT_EQ(r.icc_3_k.value, 1.0);
    EXPECT_EQ(r.status, stat_status::zero_variance);
  }
}

TEST(Icc, ConstantRatingsAreUndefined) {
  const row_major m = row_major::Constant(5, 3, 0.1);
  const auto r = cxgap::icc(m);
  EXPECT_EQ(r.ms_subjects, 0.0);
  EXPECT_EQ(r.ms_raters, 0.0);
  EXPECT_EQ(r.ms_error, 0.0);
  for (int f = 0; f < 6; ++f) {
    EXPECT_TRUE(std::isnan(form(r, f).value)) << kForms[f];
    EXPECT_TRUE(std::isnan(form(r, f).p_value));
    EXPECT_EQ(form(r, f).status, stat_status::zero_variance);
  }
  EXPECT_EQ(r.status, stat_status::zero_variance);
  // All dyads in one cell of a table: the same.
  paired_table t(3);
  t.add(1, 1, 12);
  EXPECT_EQ(cxgap::icc(t, {1, 2, 3}).icc_2_1.status, stat_status::zero_variance);
}

TEST(Icc, EqualSubjectMeansLeaveAverageFormsUndefined) {
  // MSB = 0: ICC(1,k) and ICC(3,k) divide by it; the F tests are F = 0, p = 1.
  row_major m(2, 2);
  m << 1, 2, 2, 1;
  const auto r = cxgap::icc(m);
  EXPECT_EQ(r.ms_subjects, 0.0);
  EXPECT_EQ(r.icc_1_k.status, stat_status::zero_variance);
  EXPECT_TRUE(std::isnan(r.icc_1_k.value));
  EXPECT_TRUE(std::isnan(r.icc_1_k.ci.lower));
  EXPECT_EQ(r.icc_3_k.status, stat_status::zero_variance);
  EXPECT_EQ(r.icc_1_1.value, -1.0);  // −1/(k − 1)
  EXPECT_EQ(r.icc_1_1.f_statistic, 0.0);
  EXPECT_EQ(r.icc_1_1.p_value, 1.0);
}

TEST(Icc, NoSubjectsIsEmptyAndOneSubjectIsTooFew) {
  const auto e = cxgap::icc(row_major(0, 3));
  EXPECT_EQ(e.status, stat_status::empty);
  EXPECT_EQ(e.icc_2_1.status, stat_status::empty);
  EXPECT_EQ(e.icc_2_1.ci.status, stat_status::empty);
  EXPECT_TRUE(std::isnan(e.ms_subjects));
  const auto one = cxgap::icc(row_major::Constant(1, 2, 3.0));
  EXPECT_EQ(one.n, 1);
  EXPECT_EQ(one.status, stat_status::too_few);
  EXPECT_TRUE(std::isnan(one.icc_3_1.value));
  EXPECT_EQ(cxgap::icc(paired_table(4), {1, 2, 3, 4}).status, stat_status::empty);
  paired_table single(4);
  single.add(0, 3);
  EXPECT_EQ(cxgap::icc(single, {1, 2, 3, 4}).status, stat_status::too_few);
}

TEST(Icc, AcceptsEigenExpressionsAndIntegerMatrices) {
  Eigen::MatrixXi sf(6, 4);
  sf << 9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7;
  const Eigen::MatrixXd d = sf.cast<double>();
  const auto a = cxgap::icc(sf);
  const auto b = cxgap::icc(d.transpose().transpose());
  const auto c = cxgap::icc(d.leftCols(2));
  const auto e = cxgap::icc(Eigen::MatrixXd(d.leftCols(2)));
  EXPECT_EQ(a.icc_2_1.value, b.icc_2_1.value);
  EXPECT_EQ(a.icc_2_1.ci.upper, b.icc_2_1.ci.upper);
  EXPECT_EQ(c.k, 2);
  EXPECT_EQ(c.icc_3_k.value, e.icc_3_k.value);
}

TEST(Icc, ShiftingAndScalingRatingsLeavesEveryFormUnchanged) {
  row_major m(6, 4);
  m << 9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7;
  const row_major shifted = (m.array() * 2.5 + 1000.0).matrix();
  const auto a = cxgap::icc(m), b = cxgap::icc(shifted);
  for (int f = 0; f < 6; ++f) {
    EXPECT_REL_NEAR(form(a, f).value, form(b, f).value, 1e-12);
    EXPECT_REL_NEAR(form(a, f).ci.upper, form(b, f).ci.upper, 1e-12);
  }
}

TEST(Icc, DefaultLevelIs95Percent) {
  const paired_table t(2, {40, 9, 6, 45});
  EXPECT_EQ(cxgap::icc(t, {0, 1}).icc_2_1.ci.level, 0.95);
  EXPECT_EQ(cxgap::icc(t, {0, 1}).icc_2_1.ci.lower, cxgap::icc(t, {0, 1}, 0.95).icc_2_1.ci.lower);
}

TEST(Icc, FloatInstantiationAgreesWithDouble) {
  const paired_table t(4, {7, 7, 2, 3, 2, 8, 3, 7, 1, 5, 4, 9, 2, 8, 9, 14});
  const auto d = cxgap::icc(t, {1, 2, 3, 4});
  const auto f = cxgap::icc<float>(t, {1, 2, 3, 4});
  EXPECT_REL_NEAR(f.icc_2_1.value, d.icc_2_1.value, 1e-5);
  EXPECT_REL_NEAR(f.icc_2_1.ci.lower, d.icc_2_1.ci.lower, 1e-4);
}

TEST(Icc, ThrowsOnLevelOutsideOpenUnitInterval) {
  const row_major m = row_major::Identity(3, 3);
  const paired_table t(2, {4, 1, 1, 4});
  for (double level : {0.0, 1.0, -0.5, 1.5, std::nan("")}) {
    EXPECT_THROW(cxgap::icc(m, level), cxgap::invalid_argument);
    EXPECT_THROW(cxgap::icc(t, {0, 1}, level), cxgap::invalid_argument);
  }
}

TEST(Icc, ThrowsOnFewerThanTwoRaters) {
  EXPECT_THROW(cxgap::icc(row_major::Ones(5, 1)), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::icc(row_major(0, 0)), cxgap::invalid_argument);
}

TEST(Icc, ThrowsOnNonFiniteRating) {
  row_major m = row_major::Identity(3, 2);
  m(2, 1) = std::nan("");
  EXPECT_THROW(cxgap::icc(m), cxgap::invalid_argument);
  m(2, 1) = std::numeric_limits<double>::infinity();
  EXPECT_THROW(cxgap::icc(m), cxgap::invalid_argument);
}

TEST(Icc, ThrowsOnBadScores) {
  const paired_table t(3, {5, 1, 0, 1, 5, 1, 0, 1, 5});
  EXPECT_THROW(cxgap::icc(t, {1, 2}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::icc(t, std::vector<double>{1, 2, 3, 4}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::icc(t, {1, std::nan(""), 3}), cxgap::invalid_argument);
}

}  // namespace
