// Design-based domain means, proportions, gaps, svyttest and design effects against R survey
// 4.1.1 on its api data (tests/reference/design_taylor.R → fixtures/design_taylor_api.txt).
#include "cxgap/design/taylor.hpp"

#include <gtest/gtest.h>

#include "design/api_data.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::test::rel_near;

constexpr double taylor_tol = 1e-8;

struct taylor_case {
  cxgap::survey s;
  cxgap::survey_design d;
  cxgap::psu_tally t;
  cxgap::linearisation a, b, all;
};

taylor_case make_case(const cxgap::test::fixture_case& c) {
  const std::string design = c.name.substr(0, c.name.find(' '));
  taylor_case k;
  k.s = cxgap::test::load_api(cxgap::test::api_design_of(design));
  k.d = cxgap::make_design(k.s);
  k.t = cxgap::make_psu_tally(k.s, k.d);
  const std::string item = c.str("item");
  const auto lin = [&](std::size_t g) {
    if (item == "yr_rnd")
      return cxgap::linearise_item(k.t, k.d, 0, g, cxgap::mean_scores(k.s.codebook()[0].scale));
    return cxgap::linearise_numeric(k.t, k.d, k.t.numeric_index(item), g);
  };
  k.a = lin(k.t.group_index("1"));
  k.b = lin(k.t.group_index("0"));
  return k;
}

TEST(DesignTaylor, DomainMeansAndGapsMatchSvyby) {
  for (const auto& c : cxgap::test::load_fixture("design_taylor_api.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("design"));
    const taylor_case k = make_case(c);
    EXPECT_EQ(k.d.degf(), c.integer("degf"));
    const auto ea = cxgap::domain_estimate(k.d, k.a), eb = cxgap::domain_estimate(k.d, k.b);
    EXPECT_TRUE(rel_near(ea.est.value, c.num("mean_a"), taylor_tol));
    EXPECT_TRUE(rel_near(eb.est.value, c.num("mean_b"), taylor_tol));
    EXPECT_TRUE(rel_near(ea.est.std_error, c.num("se_a"), taylor_tol));
    EXPECT_TRUE(rel_near(eb.est.std_error, c.num("se_b"), taylor_tol));
    EXPECT_TRUE(rel_near(cxgap::design_covariance(k.d, k.a, k.b, false), c.num("cov_ab"), taylor_tol));
    EXPECT_TRUE(rel_near(ea.est.ci.lower, c.nums("ci_a")[0], taylor_tol));
    EXPECT_TRUE(rel_near(ea.est.ci.upper, c.nums("ci_a")[1], taylor_tol));
    EXPECT_TRUE(rel_near(eb.est.ci.lower, c.nums("ci_b")[0], taylor_tol));
    EXPECT_TRUE(rel_near(eb.est.ci.upper, c.nums("ci_b")[1], taylor_tol));
    EXPECT_EQ(ea.n, c.integer("n_a"));
    EXPECT_EQ(eb.n, c.integer("n_b"));
    EXPECT_TRUE(rel_near(ea.popsize, c.num("popsize_a"), taylor_tol));
    EXPECT_TRUE(rel_near(eb.popsize, c.num("popsize_b"), taylor_tol));
    EXPECT_EQ(cxgap::domain_degf(k.d, k.a.unit_n), c.integer("degf_a"));
    EXPECT_EQ(cxgap::domain_degf(k.d, k.b.unit_n), c.integer("degf_b"));
  }
}

TEST(DesignTaylor, GapMatchesSvycontrastAndSvyttest) {
  for (const auto& c : cxgap::test::load_fixture("design_taylor_api.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("design"));
    const taylor_case k = make_case(c);
    const auto g = cxgap::design_gap(k.d, k.a, k.b);
    EXPECT_EQ(g.status, cxgap::stat_status::ok);
    EXPECT_TRUE(rel_near(g.estimate, c.num("gap"), taylor_tol));
    EXPECT_TRUE(rel_near(g.estimate, c.num("ttest_estimate"), taylor_tol));
    EXPECT_TRUE(rel_near(g.std_error, c.num("gap_se"), taylor_tol));
    EXPECT_TRUE(rel_near(g.statistic, c.num("t"), taylor_tol));
    EXPECT_EQ(g.df, c.num("df"));  // svyglm's residual df: degf(subset) - 1
    EXPECT_TRUE(rel_near(g.p_value, c.num("p"), taylor_tol));
    EXPECT_TRUE(rel_near(g.ci.lower, c.nums("ci")[0], taylor_tol));
    EXPECT_TRUE(rel_near(g.ci.upper, c.nums("ci")[1], taylor_tol));
    EXPECT_EQ(g.n_a, c.integer("n_a"));
  }
}

TEST(DesignTaylor, DesignEffectsMatchSvymeanDeff) {
  for (const auto& c : cxgap::test::load_fixture("design_taylor_api.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("design"));
    const taylor_case k = make_case(c);
    const auto ea = cxgap::domain_estimate(k.d, k.a), eb = cxgap::domain_estimate(k.d, k.b);
    EXPECT_TRUE(rel_near(ea.deff, c.num("deff_a"), taylor_tol));
    EXPECT_TRUE(rel_near(ea.deff_replace, c.num("deff_replace_a"), taylor_tol));
    EXPECT_TRUE(rel_near(eb.deff, c.num("deff_b"), taylor_tol));
    EXPECT_TRUE(rel_near(eb.deff_replace, c.num("deff_replace_b"), taylor_tol));
  }
}

}  // namespace
