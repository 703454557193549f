// Design-based proportion intervals against R survey 4.1.1's svyciprop() (logit, mean, beta,
// asin) and the design-adjusted Wilson interval against its closed form computed in R from
// svymean (tests/reference/design_taylor.R → fixtures/design_taylor_api.txt, item yr_rnd in the
// domain awards == 1); Kish's effective n against sum(w)^2/sum(w^2) in R.
#include "cxgap/design/ciprop.hpp"

#include <gtest/gtest.h>

#include "design/api_data.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::test::rel_near;

TEST(DesignCiprop, MatchesSvycipropOnTheApiDesigns) {
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("design_taylor_api.txt")) {
    if (c.str("item") != "yr_rnd") continue;
    SCOPED_TRACE(c.name + ": " + c.str("design"));
    const std::string design = c.name.substr(0, c.name.find(' '));
    const cxgap::survey s = cxgap::test::load_api(cxgap::test::api_design_of(design));
    const cxgap::survey_design d = cxgap::make_design(s);
    const cxgap::psu_tally t = cxgap::make_psu_tally(s, d);
    const auto l = cxgap::linearise_item(t, d, 0, t.group_index("1"),
                                         cxgap::top_box_scores(s.codebook()[0].scale));
    EXPECT_TRUE(rel_near(l.value, c.num("ciprop_estimate"), 1e-8));
    const std::pair<cxgap::ciprop_method, const char*> methods[] = {
        {cxgap::ciprop_method::logit, "ciprop_logit"}, {cxgap::ciprop_method::mean, "ciprop_mean"},
        {cxgap::ciprop_method::beta, "ciprop_beta"},   {cxgap::ciprop_method::asin, "ciprop_asin"},
        {cxgap::ciprop_method::wilson, "ciprop_wilson"}};
    for (const auto& [method, key] : methods) {
      SCOPED_TRACE(key);
      const auto ci = cxgap::design_proportion_ci(d, l, method, 0.95);
      EXPECT_EQ(ci.status, cxgap::stat_status::ok);
      // svyglm's IRLS stops at a relative deviance change of 1e-8: its logit fit agrees with
      // logit(p) to ~1e-10, so the logit bounds are compared at 1e-8 like the others.
      EXPECT_TRUE(rel_near(ci.ci.lower, c.nums(key)[0], 1e-8));
      EXPECT_TRUE(rel_near(ci.ci.upper, c.nums(key)[1], 1e-8));
    }
    const double v = cxgap::design_variance(d, l);
    EXPECT_TRUE(rel_near(l.value * (1 - l.value) / v, c.num("neff_a"), 1e-8));
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(DesignCiprop, BoundaryAndEmptyDomainsAreNaNWithAStatus) {
  cxgap::survey s;
  const std::size_t q = s.add_item({"q", "q", cxgap::scale(0, 1)});
  for (int r = 0; r < 6; ++r) {
    const std::size_t row = s.add_respondent(r < 3 ? "a" : "b");
    s.set_weight(row, 1.0 + r);
    s.set_cluster(row, std::to_string(r % 3));
    s.set_response(row, q, 1);  // every answer is 1: p = 1 in both groups
  }
  s.add_group("nobody");
  const auto d = cxgap::make_design(s);
  const auto t = cxgap::make_psu_tally(s, d);
  const auto l = cxgap::linearise_item(t, d, q, t.group_index("a"), {0.0, 1.0});
  EXPECT_EQ(l.value, 1.0);
  for (auto m : {cxgap::ciprop_method::logit, cxgap::ciprop_method::beta,
                 cxgap::ciprop_method::asin, cxgap::ciprop_method::wilson}) {
    const auto ci = cxgap::design_proportion_ci(d, l, m);
    EXPECT_EQ(ci.status, cxgap::stat_status::boundary);
    EXPECT_TRUE(std::isnan(ci.ci.lower) && std::isnan(ci.ci.upper));
  }
  const auto none = cxgap::linearise_item(t, d, q, t.group_index("nobody"), {0.0, 1.0});
  EXPECT_EQ(cxgap::design_proportion_ci(d, none, cxgap::ciprop_method::logit).status,
            cxgap::stat_status::empty);
  EXPECT_THROW(cxgap::design_proportion_ci(d, l, cxgap::ciprop_method::logit, 1.5),
               cxgap::invalid_argument);
}

TEST(DesignKish, EffectiveNMatchesR) {
  for (const auto& c : cxgap::test::load_fixture("design_taylor_api.txt")) {
    SCOPED_TRACE(c.name);
    const std::string design = c.name.substr(0, c.name.find(' '));
    const cxgap::survey s = cxgap::test::load_api(cxgap::test::api_design_of(design));
    EXPECT_TRUE(rel_near(cxgap::kish_effective_n(s.weights()), c.num("kish_n"), 1e-12));
  }
  EXPECT_TRUE(std::isnan(cxgap::kish_effective_n(0.0, 0.0)));
  EXPECT_EQ(cxgap::kish_effective_n(std::vector<double>{2.0, 2.0, 2.0}), 3.0);
}

}  // namespace
