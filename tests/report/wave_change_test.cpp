#include "cxgap/report/wave_change.hpp"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "support/fixture.hpp"

namespace {

const std::vector<double> likert = {1, 2, 3, 4, 5};

cxgap::sample_moments<> moments(const cxgap::test::fixture_case& c, const std::string& key) {
  return cxgap::moments_from_counts<double>(c.integers(key), likert);
}

TEST(WaveChange, MeanGapChangeMatchesTheWelchSatterthwaiteContrastInR) {
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("wave_change.txt")) {
    if (c.name.rfind("means", 0) != 0) continue;
    SCOPED_TRACE(c.name);
    const auto r = cxgap::mean_gap_change(moments(c, "counts_a1"), moments(c, "counts_b1"),
                                          moments(c, "counts_a2"), moments(c, "counts_b2"));
    EXPECT_EQ(r.status, cxgap::stat_status::ok);
    EXPECT_REL_NEAR(r.estimate, c.num("estimate"), 1e-12);
    EXPECT_REL_NEAR(r.std_error, c.num("se"), 1e-12);
    EXPECT_REL_NEAR(r.df, c.num("df"), 1e-12);
    EXPECT_REL_NEAR(r.statistic, c.num("t"), 1e-11);
    EXPECT_REL_NEAR(r.p_value, c.num("p"), 1e-9);
    EXPECT_REL_NEAR(r.ci.lower, c.num("lower"), 1e-9);
    EXPECT_REL_NEAR(r.ci.upper, c.num("upper"), 1e-9);
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST(WaveChange, ProportionGapChangeMatchesTheWaldInteractionInR) {
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("wave_change.txt")) {
    if (c.name.rfind("proportions", 0) != 0) continue;
    SCOPED_TRACE(c.name);
    const auto x = c.integers("x");
    const auto n = c.integers("n");
    const auto r = cxgap::proportion_gap_change<double>(x[0], n[0], x[1], n[1], x[2], n[2], x[3], n[3]);
    EXPECT_REL_NEAR(r.estimate, c.num("estimate"), 1e-12);
    EXPECT_REL_NEAR(r.std_error, c.num("se"), 1e-12);
    EXPECT_REL_NEAR(r.statistic, c.num("z"), 1e-11);
    EXPECT_REL_NEAR(r.p_value, c.num("p"), 1e-9);
    EXPECT_REL_NEAR(r.ci.lower, c.num("lower"), 1e-9);
    EXPECT_REL_NEAR(r.ci.upper, c.num("upper"), 1e-9);
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

// Under no change in the gap, the 95% interval of the change covers 0 about 95% of the time
// (unequal variances and sizes, as in a real panel).
TEST(WaveChange, IntervalsCoverTheTrueChangeAboutNinetyFivePercent) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> z;
  std::bernoulli_distribution yes_a(0.6), yes_b(0.4);
  const int reps = 4000;
  int mean_cover = 0, prop_cover = 0;
  auto draw = [&](std::int64_t n, double mu, double sd) {
    std::vector<double> v(static_cast<std::size_t>(n));
    for (auto& x : v) x = mu + sd * z(rng);
    return cxgap::moments_from_values<double>(v);
  };
  auto binom = [&](std::int64_t n, std::bernoulli_distribution& d) {
    std::int64_t x = 0;
    for (std::int64_t i = 0; i < n; ++i) x += d(rng);
    return x;
  };
  for (int i = 0; i < reps; ++i) {
    const auto r = cxgap::mean_gap_change(draw(15, 4.0, 2.0), draw(200, 3.0, 0.7),
                                          draw(25, 4.2, 1.5), draw(120, 3.2, 1.0));
    mean_cover += r.ci.contains(0.0);
    const auto p = cxgap::proportion_gap_change<double>(binom(150, yes_a), 150, binom(400, yes_b), 400,
                                                        binom(200, yes_a), 200, binom(300, yes_b), 300);
    prop_cover += p.ci.contains(0.0);
  }
  EXPECT_NEAR(mean_cover / double(reps), 0.95, 0.015);
  EXPECT_NEAR(prop_cover / double(reps), 0.95, 0.015);
}

TEST(WaveChange, DegenerateGroupsGiveNaNWithAStatus) {
  const auto few = cxgap::moments_from_values<double>(std::vector<double>{3.0});
  const auto ok = cxgap::moments_from_values<double>(std::vector<double>{1.0, 2.0, 4.0});
  const auto flat = cxgap::moments_from_values<double>(std::vector<double>{2.0, 2.0});
  const auto r = cxgap::mean_gap_change(few, ok, ok, ok);
  EXPECT_EQ(r.status, cxgap::stat_status::too_few);
  EXPECT_TRUE(std::isnan(r.p_value));
  const auto z = cxgap::mean_gap_change(flat, flat, flat, flat);
  EXPECT_EQ(z.status, cxgap::stat_status::zero_variance);
  EXPECT_EQ(z.estimate, 0.0);
  EXPECT_TRUE(std::isnan(z.ci.lower));
  EXPECT_EQ(cxgap::proportion_gap_change<double>(0, 0, 1, 2, 1, 2, 1, 2).status,
            cxgap::stat_status::empty);
  EXPECT_EQ(cxgap::proportion_gap_change<double>(0, 5, 3, 3, 0, 4, 2, 2).status,
            cxgap::stat_status::zero_variance);
}

TEST(WaveChange, BadArgumentsThrow) {
  const auto ok = cxgap::moments_from_values<double>(std::vector<double>{1.0, 2.0, 4.0});
  EXPECT_THROW(cxgap::mean_gap_change(ok, ok, ok, ok, 1.0), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::proportion_gap_change<double>(3, 2, 1, 2, 1, 2, 1, 2), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::proportion_gap_change<double>(1, 2, 1, 2, 1, 2, 1, 2, 0.0),
               cxgap::invalid_argument);
}

}  // namespace
