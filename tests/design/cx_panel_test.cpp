// Design-based gaps on a seeded, weighted, stratified, clustered CX panel (executives and
// customers of the same stores) against R survey 4.1.1, read through the streaming ingest in
// small chunks (tests/reference/design_cx_panel.R → fixtures/design_cx_panel*.{csv,txt}), with
// every lonely-PSU policy; and the design report built on it.
#include <gtest/gtest.h>

#include "cxgap/design/ciprop.hpp"
#include "cxgap/design/taylor.hpp"
#include "cxgap/io/csv.hpp"
#include "cxgap/io/ingest.hpp"
#include "cxgap/report/design_report.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::test::rel_near;
constexpr double panel_tol = 1e-8;

cxgap::io::ingest_result read_panel(const std::string& file, const std::string& lonely,
                                    std::size_t chunk_rows) {
  cxgap::io::survey_spec spec;
  spec.group = "group";
  spec.weight = "w";
  spec.stratum = "region";
  spec.cluster = "store";
  spec.fpc = "fpc";
  spec.lonely_psu = lonely;
  spec.numerics = {"spend"};
  spec.items = {{"q1", "q1", "", cxgap::scale::likert(1, 5)},
                {"q2", "q2", "", cxgap::scale::likert(1, 5)},
                {"rec", "rec", "", cxgap::scale::nps()}};
  cxgap::io::csv_reader reader(cxgap::test::fixture_path(file));
  cxgap::io::ingest_options options;
  options.chunk_rows = chunk_rows;
  return cxgap::io::ingest(reader, spec, options);
}

cxgap::linearisation measure(const cxgap::io::design_data& dd, const std::string& m,
                             std::size_t g) {
  const auto& t = dd.tally;
  const auto& cb = t.codebook();
  if (m == "q1_mean") return cxgap::linearise_item(t, dd.design, 0, g, cxgap::mean_scores(cb[0].scale));
  if (m == "q2_mean") return cxgap::linearise_item(t, dd.design, 1, g, cxgap::mean_scores(cb[1].scale));
  if (m == "q1_top") return cxgap::linearise_item(t, dd.design, 0, g, cxgap::top_box_scores(cb[0].scale));
  if (m == "rec_nps") return cxgap::linearise_item(t, dd.design, 2, g, cxgap::nps_scores(cb[2].scale));
  return cxgap::linearise_numeric(t, dd.design, t.numeric_index("spend"), g);
}

TEST(DesignCxPanel, GapsMatchRSurveyUnderEveryLonelyPsuPolicy) {
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("design_cx_panel.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("design"));
    const std::string label = c.name.substr(0, c.name.find(' '));
    const std::string lonely = label == "panel" ? "fail" : label.substr(7);
    const auto data = read_panel(c.str("data"), lonely, 97);
    ASSERT_TRUE(data.design.has_value());
    const auto& dd = *data.design;
    const auto a = measure(dd, c.str("measure"), dd.tally.group_index("executive"));
    const auto b = measure(dd, c.str("measure"), dd.tally.group_index("customer"));
    const auto ea = cxgap::domain_estimate(dd.design, a), eb = cxgap::domain_estimate(dd.design, b);
    EXPECT_TRUE(rel_near(ea.est.value, c.num("mean_a"), panel_tol));
    EXPECT_TRUE(rel_near(eb.est.value, c.num("mean_b"), panel_tol));
    EXPECT_TRUE(rel_near(ea.est.std_error, c.num("se_a"), panel_tol));
    EXPECT_TRUE(rel_near(eb.est.std_error, c.num("se_b"), panel_tol));
    EXPECT_TRUE(rel_near(cxgap::design_covariance(dd.design, a, b, false), c.num("cov_ab"), panel_tol));
    const auto g = cxgap::design_gap(dd.design, a, b);
    EXPECT_TRUE(rel_near(g.estimate, c.num("gap"), panel_tol));
    EXPECT_TRUE(rel_near(g.std_error, c.num("gap_se"), panel_tol));
    EXPECT_TRUE(rel_near(g.statistic, c.num("t"), panel_tol));
    EXPECT_EQ(g.df, c.num("df"));
    EXPECT_TRUE(rel_near(g.p_value, c.num("p"), panel_tol));
    EXPECT_TRUE(rel_near(g.ci.lower, c.nums("ci")[0], panel_tol));
    EXPECT_TRUE(rel_near(g.ci.upper, c.nums("ci")[1], panel_tol));
    EXPECT_TRUE(rel_near(ea.deff, c.num("deff_a"), panel_tol));
    EXPECT_TRUE(rel_near(eb.deff, c.num("deff_b"), panel_tol));
    EXPECT_TRUE(rel_near(ea.deff_replace, c.num("deff_replace_a"), panel_tol));
    EXPECT_TRUE(rel_near(eb.deff_replace, c.num("deff_replace_b"), panel_tol));
    EXPECT_EQ(ea.n, c.integer("n_a"));
    EXPECT_EQ(eb.n, c.integer("n_b"));
    if (c.has("ciprop_logit")) {
      for (auto [m, key] : {std::pair{cxgap::ciprop_method::logit, "ciprop_logit"},
                            std::pair{cxgap::ciprop_method::mean, "ciprop_mean"},
                            std::pair{cxgap::ciprop_method::beta, "ciprop_beta"},
                            std::pair{cxgap::ciprop_method::asin, "ciprop_asin"}}) {
        const auto ci = cxgap::design_proportion_ci(dd.design, a, m);
        EXPECT_TRUE(rel_near(ci.ci.lower, c.nums(key)[0], panel_tol)) << key;
        EXPECT_TRUE(rel_near(ci.ci.upper, c.nums(key)[1], panel_tol)) << key;
      }
    }
    ++checked;
  }
  EXPECT_EQ(checked, 25);
}

TEST(DesignCxPanel, ChunkedIngestEqualsOnePassAndFeedsTheReport) {
  const auto one = read_panel("design_cx_panel.csv", "fail", 1 << 16);
  const auto chunked = read_panel("design_cx_panel.csv", "fail", 13);
  const auto r1 = cxgap::design_compare(one.design->tally, one.design->design, "executive", "customer");
  const auto r2 =
      cxgap::design_compare(chunked.design->tally, chunked.design->design, "executive", "customer");
  ASSERT_EQ(r1.items.size(), 4u);  // q1, q2, rec, then the numeric spend
  ASSERT_EQ(r2.items.size(), r1.items.size());
  for (std::size_t i = 0; i < r1.items.size(); ++i) {
    EXPECT_TRUE(rel_near(r2.items[i].mean.std_error, r1.items[i].mean.std_error, 1e-12));
    EXPECT_TRUE(rel_near(r2.items[i].mean.p_adjusted, r1.items[i].mean.p_adjusted, 1e-12));
  }
  // The report's mean, top-box and NPS gaps are the R values of the fixture.
  for (const auto& c : cxgap::test::load_fixture("design_cx_panel.txt")) {
    if (c.name.rfind("panel ", 0) != 0) continue;
    const std::string m = c.str("measure");
    const cxgap::gap_statistic<>* g = nullptr;
    for (const auto& it : r1.items) {
      if (m == it.item + "_mean") g = &it.mean;
      if (m == "q1_top" && it.item == "q1") g = &it.top_box;
      if (m == "rec_nps" && it.item == "rec") g = &*it.nps;
    }
    ASSERT_NE(g, nullptr) << m;
    EXPECT_TRUE(rel_near(g->std_error, c.num("gap_se"), panel_tol)) << m;
    EXPECT_TRUE(rel_near(g->p_value, c.num("p"), panel_tol)) << m;
  }
  EXPECT_EQ(r1.design->strata, 4u);
  EXPECT_EQ(r1.design->psus, 42u);
  EXPECT_TRUE(r1.items[3].design->numeric);
}

}  // namespace
