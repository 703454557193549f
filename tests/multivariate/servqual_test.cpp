// Tests for include/cxgap/multivariate/servqual.hpp: dimension scores and P − E gaps with paired
// t intervals against R's t.test(P, E, paired = TRUE) on the seeded synthetic data set written
// by tests/reference/multivariate_servqual.R (fixture multivariate_servqual.txt), and
// degenerate data.
#include "cxgap/multivariate/servqual.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <gtest/gtest.h>

#include "support/fixture.hpp"
#include "support/text.hpp"

namespace {

using cxgap::servqual_dimension;
using cxgap::stat_status;
using cxgap::test::fixture_case;
using Eigen::MatrixXd;

using cxgap::test::kRel;
using cxgap::test::kNaN;

using cxgap::test::words;

struct servqual_data {
  MatrixXd e, p;
  std::vector<servqual_dimension> dimensions;
};

servqual_data load(const fixture_case& c) {
  servqual_data d;
  const auto n = static_cast<Eigen::Index>(c.integer("n"));
  d.e.resize(n, 22);
  d.p.resize(n, 22);
  for (Eigen::Index j = 0; j < 22; ++j) {
    const auto e = c.nums("E" + std::to_string(j + 1)), p = c.nums("P" + std::to_string(j + 1));
    for (Eigen::Index i = 0; i < n; ++i) {
      d.e(i, j) = e[static_cast<std::size_t>(i)];
      d.p(i, j) = p[static_cast<std::size_t>(i)];
    }
  }
  for (const auto& name : words(c.str("dimensions"))) {
    servqual_dimension dim{name, {}};
    for (const auto j : c.integers("items_" + name)) dim.items.push_back(static_cast<Eigen::Index>(j));
    d.dimensions.push_back(dim);
  }
  return d;
}

void expect_gap(const cxgap::servqual_gap<double>& g, const cxgap::servqual_gap<double>& g90,
                const fixture_case& c, const std::string& prefix) {
  SCOPED_TRACE(prefix);
  EXPECT_EQ(g.status, stat_status::ok);
  EXPECT_EQ(g.n, c.integer(prefix + "n"));
  EXPECT_REL_NEAR(g.mean_expectation, c.num(prefix + "mean_e"), 1e-13);
  EXPECT_REL_NEAR(g.mean_perception, c.num(prefix + "mean_p"), 1e-13);
  EXPECT_REL_NEAR(g.gap.value, c.num(prefix + "estimate"), 1e-12);
  EXPECT_REL_NEAR(g.gap.std_error, c.num(prefix + "std_error"), kRel);
  EXPECT_REL_NEAR(g.test.statistic, c.num(prefix + "statistic"), kRel);
  EXPECT_EQ(g.test.df, c.num(prefix + "df"));
  EXPECT_REL_NEAR(g.test.p_value, c.num(prefix + "p_value"), kRel);
  const auto ci = c.nums(prefix + "ci_95"), ci90 = c.nums(prefix + "ci_90");
  EXPECT_EQ(g.gap.ci.level, 0.95);
  EXPECT_REL_NEAR(g.gap.ci.lower, ci[0], kRel);
  EXPECT_REL_NEAR(g.gap.ci.upper, ci[1], kRel);
  EXPECT_REL_NEAR(g90.gap.ci.lower, ci90[0], kRel);
  EXPECT_REL_NEAR(g90.gap.ci.upper, ci90[1], kRel);
}

TEST(Servqual, MatchesRPairedTTestPerDimensionAndOverall) {
  const auto c = cxgap::test::load_fixture("multivariate_servqual.txt").front();
  SCOPED_TRACE(c.str("call"));
  const auto d = load(c);
  const auto r = cxgap::servqual(d.e, d.p, d.dimensions);
  const auto r90 = cxgap::servqual(d.e, d.p, d.dimensions, 0.90);
  ASSERT_EQ(r.dimensions.size(), 5u);
  for (std::size_t k = 0; k < r.dimensions.size(); ++k) {
    const std::string& name = d.dimensions[k].name;
    EXPECT_EQ(r.dimensions[k].name, name);
    expect_gap(r.dimensions[k], r90.dimensions[k], c, name + "_");
    // The respondents' dimension scores (NaN where an item is missing).
    const auto se = c.nums(name + "_score_e"), sp = c.nums(name + "_score_p");
    for (Eigen::Index i = 0; i < d.e.rows(); ++i) {
      const auto col = static_cast<Eigen::Index>(k);
      EXPECT_REL_NEAR(r.expectation_scores(i, col), se[static_cast<std::size_t>(i)], 1e-15);
      EXPECT_REL_NEAR(r.perception_scores(i, col), sp[static_cast<std::size_t>(i)], 1e-15);
    }
  }
  EXPECT_EQ(r.overall.name, "overall");
  expect_gap(r.overall, r90.overall, c, "overall_");
}

TEST(Servqual, DimensionNamesAreData) {
  MatrixXd e(4, 3), p(4, 3);
  e << 5, 6, 7, 6, 6, 5, 7, 7, 6, 4, 5, 6;
  p << 4, 6, 5, 5, 6, 4, 6, 5, 6, 4, 4, 4;
  const auto r = cxgap::servqual(e, p, {{"Ambiente", {0, 2}}, {"Freundlichkeit", {1}}});
  EXPECT_EQ(r.dimensions[0].name, "Ambiente");
  EXPECT_EQ(r.dimensions[1].name, "Freundlichkeit");
  EXPECT_EQ(r.expectation_scores(0, 0), 6.0);
  EXPECT_EQ(r.perception_scores(0, 0), 4.5);
  EXPECT_EQ(r.overall.n, 4);
}

TEST(Servqual, DegenerateGapsGiveNaNAndAStatus) {
  MatrixXd e(3, 2), p(3, 2);
  e << 5, 6, 4, 6, 6, 5;
  p << 4, 7, 3, 5, 5, 7;  // item 0: P − E = −1 for everyone
  const auto r = cxgap::servqual(e, p, {{"constant", {0}}, {"varies", {1}}});
  // All differences equal: R's t.test stops with "data are essentially constant".
  const auto& c = r.dimensions[0];
  EXPECT_EQ(c.status, stat_status::zero_variance);
  EXPECT_EQ(c.gap.value, -1.0);
  EXPECT_EQ(c.gap.std_error, 0.0);
  EXPECT_TRUE(std::isnan(c.gap.ci.lower));
  EXPECT_TRUE(std::isnan(c.test.statistic));
  EXPECT_TRUE(std::isnan(c.test.p_value));
  EXPECT_EQ(r.dimensions[1].status, stat_status::ok);
  // One complete pair: too_few (gap only).
  MatrixXd e1 = e;
  e1(0, 1) = kNaN;
  e1(1, 1) = kNaN;
  const auto one = cxgap::servqual(e1, p, {{"varies", {1}}});
  EXPECT_EQ(one.dimensions[0].status, stat_status::too_few);
  EXPECT_EQ(one.dimensions[0].n, 1);
  EXPECT_EQ(one.dimensions[0].gap.value, 2.0);
  EXPECT_TRUE(std::isnan(one.dimensions[0].gap.std_error));
  // No complete pair (and no respondents at all): empty.
  MatrixXd p_missing = p;
  p_missing.col(1).setConstant(kNaN);
  const auto none = cxgap::servqual(e, p_missing, {{"constant", {0}}, {"varies", {1}}});
  EXPECT_EQ(none.dimensions[1].status, stat_status::empty);
  EXPECT_TRUE(std::isnan(none.dimensions[1].mean_expectation));
  EXPECT_EQ(none.overall.status, stat_status::empty);  // every overall score needs every dimension
  const auto nobody = cxgap::servqual(MatrixXd(0, 2), MatrixXd(0, 2), {{"a", {0, 1}}});
  EXPECT_EQ(nobody.dimensions[0].status, stat_status::empty);
  EXPECT_EQ(nobody.overall.n, 0);
}

TEST(Servqual, ThrowsOnInvalidArguments) {
  const MatrixXd e = MatrixXd::Constant(3, 4, 5), p = MatrixXd::Constant(3, 4, 4);
  const std::vector<servqual_dimension> dims{{"a", {0, 1}}, {"b", {2, 3}}};
  EXPECT_THROW(cxgap::servqual(e, p.topRows(2), dims), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::servqual(e, p.leftCols(3), dims), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::servqual(e, p, {}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::servqual(e, p, {{"a", {}}}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::servqual(e, p, {{"a", {0, 0}}}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::servqual(e, p, {{"a", {0, 4}}}), cxgap::out_of_range);
  EXPECT_THROW(cxgap::servqual(e, p, {{"a", {-1}}}), cxgap::out_of_range);
  for (double level : {0.0, 1.0, kNaN}) {
    EXPECT_THROW(cxgap::servqual(e, p, dims, level), cxgap::invalid_argument);
  }
  MatrixXd inf = p;
  inf(1, 3) = std::numeric_limits<double>::infinity();
  EXPECT_THROW(cxgap::servqual(e, inf, dims), cxgap::invalid_argument);
}

}  // namespace
