// Tests for include/cxgap/multivariate/relative_weights.hpp: Johnson's (2000) relative weights
// against the step-by-step base-R computation (R² cross-checked with lm) on R's mtcars, attitude,
// swiss and airquality (tests/reference/multivariate_relative_weights.R, fixture
// multivariate_relative_weights.txt, data multivariate_data.txt), against the published rwa
// example, and the importance–performance rule against the same script.
#include "cxgap/multivariate/relative_weights.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <gtest/gtest.h>

#include "support/fixture.hpp"
#include "support/text.hpp"

namespace {

using cxgap::stat_status;
using cxgap::test::fixture_case;
using Eigen::MatrixXd;
using Eigen::VectorXd;

using cxgap::test::kRel;
using cxgap::test::kNaN;
const double kInf = std::numeric_limits<double>::infinity();

using cxgap::test::words;

const fixture_case& dataset(const std::string& name) {
  static const std::vector<fixture_case> data = cxgap::test::load_fixture("multivariate_data.txt");
  for (const auto& c : data) {
    if (c.name == name) return c;
  }
  throw std::runtime_error("multivariate_data.txt has no [" + name + "]");
}

MatrixXd columns(const fixture_case& data, const std::vector<std::string>& names) {
  const auto rows = static_cast<Eigen::Index>(data.integer("rows"));
  MatrixXd x(rows, static_cast<Eigen::Index>(names.size()));
  for (std::size_t j = 0; j < names.size(); ++j) {
    const auto col = data.nums(names[j]);
    for (Eigen::Index i = 0; i < rows; ++i) x(i, static_cast<Eigen::Index>(j)) = col[static_cast<std::size_t>(i)];
  }
  return x;
}

void expect_vector(const VectorXd& actual, const std::vector<double>& expected, double rel) {
  ASSERT_EQ(actual.size(), static_cast<Eigen::Index>(expected.size()));
  for (Eigen::Index j = 0; j < actual.size(); ++j) {
    EXPECT_REL_NEAR(actual(j), expected[static_cast<std::size_t>(j)], rel) << "index " << j;
  }
}

TEST(RelativeWeights, MatchJohnsonStepByStepInROnRDatasets) {
  int cases = 0;
  for (const auto& c : cxgap::test::load_fixture("multivariate_relative_weights.txt")) {
    if (!c.has("dataset")) continue;
    ++cases;
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const auto& data = dataset(c.str("dataset"));
    const MatrixXd x = columns(data, words(c.str("predictors")));
    const MatrixXd y = columns(data, {c.str("outcome")});
    const auto r = cxgap::relative_weights(x, y.col(0));
    EXPECT_EQ(r.status, stat_status::ok);
    EXPECT_EQ(r.n, c.integer("n"));
    expect_vector(r.correlations, c.nums("correlations"), kRel);
    expect_vector(r.raw_weights, c.nums("raw_weights"), kRel);
    expect_vector(r.rescaled_weights, c.nums("rescaled_weights"), kRel);
    EXPECT_REL_NEAR(r.r_squared, c.num("r_squared"), kRel);
    EXPECT_REL_NEAR(r.r_squared, c.num("r_squared_lm"), kRel);  // lm's R², an independent route
    EXPECT_REL_NEAR(r.rescaled_weights.sum(), 100.0, 1e-13);
  }
  EXPECT_EQ(cases, 4);
}

TEST(RelativeWeights, ReproduceThePublishedRwaExample) {
  // Published: rwa package vignette "Regression Methods: Multiple and Logistic RWA"
  // (M. Chan, https://martinctc.github.io/rwa/articles/regression-methods.html):
  // rwa_multiregress(mtcars, "mpg", c("cyl", "disp", "hp", "wt")) prints
  // Raw.RelWeight 0.2096904 0.1883043 0.1799590 0.2706812, Rescaled.RelWeight
  // 24.70914 22.18908 21.20570 31.89607, R-squared 0.8486. Printed digits: ±half a unit.
  const auto& mtcars = dataset("mtcars");
  const auto r = cxgap::relative_weights(columns(mtcars, {"cyl", "disp", "hp", "wt"}),
                                         columns(mtcars, {"mpg"}).col(0));
  const double raw[] = {0.2096904, 0.1883043, 0.1799590, 0.2706812};
  const double rescaled[] = {24.70914, 22.18908, 21.20570, 31.89607};
  for (Eigen::Index j = 0; j < 4; ++j) {
    EXPECT_NEAR(r.raw_weights(j), raw[j], 5e-8);
    EXPECT_NEAR(r.rescaled_weights(j), rescaled[j], 5e-6);
  }
  EXPECT_NEAR(r.r_squared, 0.8486, 5e-5);
  EXPECT_EQ(r.n, 32);
}

TEST(RelativeWeights, UncorrelatedPredictorsGetTheirSquaredCorrelations) {
  // With R_xx = I, Λ = I and β = r_xy, so ε_j = r_j² (Johnson 2000).
  const VectorXd rxy = (VectorXd(3) << 0.5, -0.3, 0.1).finished();
  const auto r = cxgap::relative_weights_from_correlations(MatrixXd::Identity(3, 3), rxy);
  EXPECT_EQ(r.status, stat_status::ok);
  EXPECT_EQ(r.n, 0);
  for (Eigen::Index j = 0; j < 3; ++j) EXPECT_REL_NEAR(r.raw_weights(j), rxy(j) * rxy(j), 1e-15);
  EXPECT_REL_NEAR(r.r_squared, 0.35, 1e-15);
}

TEST(RelativeWeights, FromCorrelationsAgreesWithTheDataVersion) {
  const auto& swiss = dataset("swiss");
  const MatrixXd x =
      columns(swiss, {"Agriculture", "Examination", "Education", "Catholic", "Infant.Mortality"});
  const VectorXd y = columns(swiss, {"Fertility"}).col(0);
  MatrixXd xy(x.rows(), 6);
  xy << x, y;
  const MatrixXd centred = xy.rowwise() - xy.colwise().mean();
  const MatrixXd cov = centred.transpose() * centred;
  const VectorXd inv_sd = cov.diagonal().cwiseSqrt().cwiseInverse();
  const MatrixXd corr = inv_sd.asDiagonal() * cov * inv_sd.asDiagonal();
  const auto from_data = cxgap::relative_weights(x, y);
  const auto from_corr =
      cxgap::relative_weights_from_correlations(corr.topLeftCorner(5, 5), corr.col(5).head(5));
  EXPECT_TRUE(from_corr.raw_weights.isApprox(from_data.raw_weights, 1e-12));
  EXPECT_REL_NEAR(from_corr.r_squared, from_data.r_squared, 1e-12);
}

TEST(RelativeWeights, IncompleteRespondentsAreDropped) {
  // airquality: 153 days, 111 with Ozone, Solar.R, Wind and Temp all present.
  const auto& aq = dataset("airquality");
  const MatrixXd x = columns(aq, {"Solar.R", "Wind", "Temp"});
  const VectorXd y = columns(aq, {"Ozone"}).col(0);
  const auto r = cxgap::relative_weights(x, y);
  EXPECT_EQ(r.n, 111);
  // The same as passing only the complete rows.
  std::vector<Eigen::Index> keep;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    if (!x.row(i).hasNaN() && !std::isnan(y(i))) keep.push_back(i);
  }
  const auto rc = cxgap::relative_weights(x(keep, Eigen::all), y(keep));
  EXPECT_TRUE(rc.raw_weights.isApprox(r.raw_weights, 1e-14));
}

MatrixXd small_x() {
  MatrixXd x(7, 2);
  x << 1, 2,  //
      2, 1,   //
      3, 4,   //
      4, 3,   //
      5, 5,   //
      2, 4,   //
      4, 1;
  return x;
}

VectorXd small_y() { return (VectorXd(7) << 2, 1, 4, 3, 5, 3, 2).finished(); }

TEST(RelativeWeights, DegenerateDataGiveNaNAndAStatus) {
  const MatrixXd x = small_x();
  const VectorXd y = small_y();
  ASSERT_EQ(cxgap::relative_weights(x, y).status, stat_status::ok);
  // No complete respondent.
  const auto e = cxgap::relative_weights(MatrixXd::Constant(3, 2, kNaN), VectorXd::Ones(3));
  EXPECT_EQ(e.status, stat_status::empty);
  EXPECT_TRUE(std::isnan(e.r_squared));
  EXPECT_TRUE(std::isnan(e.raw_weights(1)));
  // n < k + 2: 3 respondents, 2 predictors (R² = 1 by construction).
  const auto few = cxgap::relative_weights(x.topRows(3), y.head(3));
  EXPECT_EQ(few.status, stat_status::too_few);
  EXPECT_TRUE(std::isnan(few.rescaled_weights(0)));
  EXPECT_EQ(cxgap::relative_weights(x.topRows(4), y.head(4)).status, stat_status::ok);
  // A constant predictor, a constant outcome, collinear predictors.
  MatrixXd c = x;
  c.col(1).setConstant(3);
  EXPECT_EQ(cxgap::relative_weights(c, y).status, stat_status::zero_variance);
  EXPECT_EQ(cxgap::relative_weights(x, VectorXd::Constant(7, 4)).status, stat_status::zero_variance);
  MatrixXd col(7, 3);
  col << x, 2 * x.col(0) - x.col(1);
  const auto collinear = cxgap::relative_weights(col, y);
  EXPECT_EQ(collinear.status, stat_status::singular);
  EXPECT_TRUE(std::isnan(collinear.r_squared));
  // R² = 0: the outcome is uncorrelated with every predictor.
  const auto zero = cxgap::relative_weights_from_correlations(MatrixXd::Identity(2, 2), VectorXd::Zero(2));
  EXPECT_EQ(zero.status, stat_status::boundary);
  EXPECT_EQ(zero.r_squared, 0.0);
  EXPECT_EQ(zero.raw_weights(0), 0.0);
  EXPECT_TRUE(std::isnan(zero.rescaled_weights(0)));
}

TEST(RelativeWeights, ThrowsOnInvalidArguments) {
  const MatrixXd x = small_x();
  const VectorXd y = small_y();
  EXPECT_THROW(cxgap::relative_weights(x, y.head(6)), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::relative_weights(MatrixXd(7, 0), y), cxgap::invalid_argument);
  MatrixXd bad = x;
  bad(3, 1) = kInf;
  EXPECT_THROW(cxgap::relative_weights(bad, y), cxgap::invalid_argument);
  VectorXd bad_y = y;
  bad_y(0) = -kInf;
  EXPECT_THROW(cxgap::relative_weights(x, bad_y), cxgap::invalid_argument);

  const MatrixXd id = MatrixXd::Identity(3, 3);
  const VectorXd r3 = VectorXd::Constant(3, 0.2);
  EXPECT_THROW(cxgap::relative_weights_from_correlations(MatrixXd(0, 0), VectorXd(0)),
               cxgap::invalid_argument);
  EXPECT_THROW(cxgap::relative_weights_from_correlations(id.leftCols(2), r3), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::relative_weights_from_correlations(id, r3.head(2)), cxgap::invalid_argument);
  MatrixXd not_corr = id;
  not_corr(1, 1) = 2.5;  // a covariance matrix, not a correlation matrix
  EXPECT_THROW(cxgap::relative_weights_from_correlations(not_corr, r3), cxgap::invalid_argument);
  MatrixXd nan_corr = id;
  nan_corr(2, 0) = kNaN;
  EXPECT_THROW(cxgap::relative_weights_from_correlations(nan_corr, r3), cxgap::invalid_argument);
  VectorXd nan_r = r3;
  nan_r(1) = kNaN;
  EXPECT_THROW(cxgap::relative_weights_from_correlations(id, nan_r), cxgap::invalid_argument);
}

TEST(ImportancePerformance, MatchesTheRRuleOnTheFixtureCases) {
  int cases = 0;
  for (const auto& c : cxgap::test::load_fixture("multivariate_relative_weights.txt")) {
    if (!c.has("importance")) continue;
    ++cases;
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    const auto imp = c.nums("importance"), gap = c.nums("gap");
    const Eigen::Map<const VectorXd> vi(imp.data(), static_cast<Eigen::Index>(imp.size()));
    const Eigen::Map<const VectorXd> vg(gap.data(), static_cast<Eigen::Index>(gap.size()));
    const auto t = cxgap::importance_performance(vi, vg);
    EXPECT_EQ(t.q3_importance, c.num("q3_importance"));
    EXPECT_EQ(t.q3_gap, c.num("q3_gap"));
    const auto order = c.integers("order");
    const auto priority = c.nums("priority");
    const auto top_i = c.integers("top_importance"), top_g = c.integers("top_gap");
    const auto flagged = c.integers("flagged");
    ASSERT_EQ(t.rows.size(), order.size());
    for (std::size_t pos = 0; pos < order.size(); ++pos) {
      const auto& row = t.rows[pos];
      const auto item = static_cast<std::size_t>(row.item);
      EXPECT_EQ(row.item, order[pos]) << "position " << pos;
      EXPECT_EQ(row.importance, imp[item]);
      EXPECT_REL_NEAR(row.gap, gap[item], 0);
      EXPECT_REL_NEAR(row.priority, priority[item], 0);
      EXPECT_EQ(row.top_importance, top_i[item] == 1) << "item " << item;
      EXPECT_EQ(row.top_gap, top_g[item] == 1) << "item " << item;
      EXPECT_EQ(row.flagged, flagged[item] == 1) << "item " << item;
    }
  }
  EXPECT_EQ(cases, 2);
}

TEST(ImportancePerformance, EmptyInputGivesAnEmptyTable) {
  const auto t = cxgap::importance_performance(VectorXd(0), VectorXd(0));
  EXPECT_TRUE(t.rows.empty());
  EXPECT_TRUE(std::isnan(t.q3_importance));
  EXPECT_TRUE(std::isnan(t.q3_gap));
}

TEST(ImportancePerformance, ThrowsOnMismatchedSizesOrInfinity) {
  EXPECT_THROW(cxgap::importance_performance(VectorXd::Ones(3), VectorXd::Ones(4)),
               cxgap::invalid_argument);
  VectorXd g = VectorXd::Ones(3);
  g(1) = kInf;
  EXPECT_THROW(cxgap::importance_performance(VectorXd::Ones(3), g), cxgap::invalid_argument);
}

}  // namespace
