// Taylor-linearised estimates under raked weights (design/raking_taylor.hpp) against R survey
// 4.1.1's rake() on a svydesign + svymean(influence) / svyrecvar / svyttest
// (tests/reference/design_cli_rake_taylor.R → fixtures/design_rake_taylor.txt) on R's api data
// (stratified, one- and two-stage clustered, with and without fpc, raking converged, tight and
// stopped at maxit 2) and on the seeded CX panel (strata, clusters, fpc, three groups raked on
// region and group); strata of one PSU under each lonely-PSU policy but fail (the panel with a
// one-store region; apistrat stratified by district, rows as PSUs); the raking's cells and
// rake_sweeps; degenerate input.
#include "cxgap/design/raking_taylor.hpp"

#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "design/api_data.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::test::rel_near;

constexpr double rt_tol = 1e-8;

std::string rt_source(const std::string& relative) {
  std::string p(CXGAP_SOURCE_DIR);
  p += '/';
  p += relative;
  return p;
}

// A margins file (variable,category,total) as margins over the data's columns.
std::vector<cxgap::raking_margin> rt_margins(const std::string& file,
                                             const std::map<std::string, std::vector<std::string>>& cols) {
  const auto m = cxgap::test::read_csv_columns(rt_source(file));
  std::vector<cxgap::raking_margin> out;
  std::vector<std::vector<std::string>> cats;
  for (std::size_t i = 0; i < m.at("variable").size(); ++i) {
    const std::string& v = m.at("variable")[i];
    if (out.empty() || out.back().name != v) {
      out.push_back({v, {}, {}});
      cats.emplace_back();
    }
    cats.back().push_back(m.at("category")[i]);
    out.back().targets.push_back(std::stod(m.at("total")[i]));
  }
  for (std::size_t k = 0; k < out.size(); ++k)
    for (const std::string& value : cols.at(out[k].name)) {
      std::size_t c = 0;
      while (c < cats[k].size() && cats[k][c] != value) ++c;
      if (c == cats[k].size()) throw std::runtime_error("value " + value + " not in margins");
      out[k].category.push_back(c);
    }
  return out;
}

// The value of option `--name` in a case's `cli` key (the CLI's design options), "" if absent.
std::string rt_option(const cxgap::test::fixture_case& c, const std::string& name) {
  std::istringstream in(c.str("cli"));
  for (std::string word; in >> word;)
    if (word == "--" + name) {
      std::string value;
      in >> value;
      return value;
    }
  return "";
}

struct rt_case {
  cxgap::survey s;
  std::vector<cxgap::raking_margin> margins;
  cxgap::design_spec options;  // the lonely-PSU policy
  cxgap::raking_control control;
};

// The survey, margins, lonely-PSU policy and raking control of a fixture case: its data, margins
// and lonely_psu keys and the design options of its cli key (see the R script's `designs`).
rt_case rt_make(const cxgap::test::fixture_case& c) {
  rt_case k;
  const std::string data = c.str("data");
  const bool panel = data.rfind("panel", 0) == 0;
  const auto cols = cxgap::test::read_csv_columns(cxgap::test::fixture_path(
      data == "panel" ? "design_cx_panel.csv" : data == "panel_lonely" ? "design_cx_panel_lonely.csv"
                                                                       : "api/" + data + ".csv"));
  const auto column = [&](const std::string& option) -> const std::vector<std::string>* {
    const std::string name = rt_option(c, option);
    return name.empty() ? nullptr : &cols.at(name);
  };
  const auto *w = column("weight"), *strata = column("strata"), *cluster = column("cluster"),
             *cluster2 = column("cluster2"), *fpc = column("fpc"), *fpc2 = column("fpc2");
  cxgap::survey& s = k.s;
  std::vector<std::pair<std::size_t, std::string>> items, numerics;
  if (panel) {
    items = {{s.add_item({"q1", "q1", cxgap::scale::likert(1, 5)}), "q1"},
             {s.add_item({"q2", "q2", cxgap::scale::likert(1, 5)}), "q2"},
             {s.add_item({"rec", "rec", cxgap::scale::nps()}), "rec"}};
    numerics = {{s.add_numeric("spend"), "spend"}};
  } else {
    items = {{s.add_item({"yr_rnd", "yr_rnd", cxgap::scale(0, 1)}), "yr_rnd"}};
    numerics = {{s.add_numeric("api00"), "api00"}, {s.add_numeric("enroll"), "enroll"}};
  }
  for (std::size_t r = 0; r < w->size(); ++r) {
    const std::size_t row = s.add_respondent(cols.at(c.str("group"))[r]);
    s.set_weight(row, std::stod((*w)[r]));
    if (strata) s.set_stratum(row, (*strata)[r]);
    if (cluster) s.set_cluster(row, (*cluster)[r]);
    if (cluster2) s.set_ssu(row, (*cluster2)[r]);
    if (fpc) s.set_fpc(row, 1, std::stod((*fpc)[r]));
    if (fpc2) s.set_fpc(row, 2, std::stod((*fpc2)[r]));
    for (const auto& [i, name] : items)
      if (!cols.at(name)[r].empty()) s.set_response(row, i, std::stoi(cols.at(name)[r]));
    for (const auto& [i, name] : numerics)
      if (!cols.at(name)[r].empty()) s.set_numeric(row, i, std::stod(cols.at(name)[r]));
  }
  k.margins = rt_margins(c.str("margins"), cols);
  k.options.lonely = cxgap::parse_lonely_psu(c.str("lonely_psu"));
  if (const std::string maxit = rt_option(c, "rake-maxit"); !maxit.empty())
    k.control.max_iterations = std::stoul(maxit);
  if (const std::string eps = rt_option(c, "rake-epsilon"); !eps.empty()) k.control.epsilon = std::stod(eps);
  return k;
}

// The case of a design (the fixture's name up to the space) for the tests that need its data.
rt_case rt_make(const std::string& design) {
  for (const auto& c : cxgap::test::load_fixture("design_rake_taylor.txt"))
    if (c.name.rfind(design + " ", 0) == 0) return rt_make(c);
  throw std::runtime_error("no fixture design " + design);
}

cxgap::raked_taylor_design rt_design(const rt_case& k) {
  return cxgap::make_raked_taylor_design(k.s, k.margins, k.options, k.control);
}

cxgap::raked_linearisation rt_measure(const cxgap::raked_taylor_design& rd, const std::string& item,
                                      std::size_t g) {
  const auto& t = rd.tally;
  const auto& cb = t.codebook();
  const auto lin = [&](std::size_t i, const std::vector<double>& score) {
    return cxgap::linearise_raked_item(t, rd.design, rd.raked, i, g, score);
  };
  if (item == "yr_rnd") return lin(0, cxgap::mean_scores(cb[0].scale));
  if (item == "q1_mean") return lin(0, cxgap::mean_scores(cb[0].scale));
  if (item == "q1_top") return lin(0, cxgap::top_box_scores(cb[0].scale));
  if (item == "q2_mean") return lin(1, cxgap::mean_scores(cb[1].scale));
  if (item == "rec_nps") return lin(2, cxgap::nps_scores(cb[2].scale));
  return cxgap::linearise_raked_numeric(t, rd.design, rd.raked, t.numeric_index(item), g);
}

TEST(RakingTaylor, DomainMeansGapsAndTestsMatchRSurveyRake) {
  std::map<std::string, cxgap::raked_taylor_design> designs;
  int checked = 0;
  for (const auto& c : cxgap::test::load_fixture("design_rake_taylor.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("design_call") + "; " + c.str("rake_call"));
    const std::string design = c.name.substr(0, c.name.find(' '));
    if (!designs.count(design)) designs[design] = rt_design(rt_make(c));
    const auto& rd = designs.at(design);
    EXPECT_EQ(rd.raking.iterations, static_cast<std::size_t>(c.integer("sweeps")));
    EXPECT_EQ(rd.raking.converged, c.integer("converged") == 1);
    // A difference of cell totals of ~10³: rounding moves it by ~1e-12 absolute.
    EXPECT_NEAR(rd.raking.max_change, c.num("max_change"), 1e-9 + 1e-9 * c.num("max_change"));
    EXPECT_EQ(rd.design.degf(), c.integer("degf"));
    const auto a = rt_measure(rd, c.str("item"), rd.tally.group_index(c.str("a_label")));
    const auto b = rt_measure(rd, c.str("item"), rd.tally.group_index(c.str("b_label")));
    const auto ea = cxgap::raked_domain_estimate(rd.design, a), eb = cxgap::raked_domain_estimate(rd.design, b);
    EXPECT_TRUE(rel_near(ea.est.value, c.num("a"), rt_tol));
    EXPECT_TRUE(rel_near(eb.est.value, c.num("b"), rt_tol));
    EXPECT_TRUE(rel_near(ea.est.std_error, c.num("a_se"), rt_tol)) << ea.est.std_error;
    EXPECT_TRUE(rel_near(eb.est.std_error, c.num("b_se"), rt_tol)) << eb.est.std_error;
    EXPECT_TRUE(rel_near(cxgap::raked_covariance(rd.design, rd.raked, a, b), c.num("cov_ab"), 1e-7))
        << cxgap::raked_covariance(rd.design, rd.raked, a, b);
    EXPECT_TRUE(rel_near(ea.est.ci.lower, c.nums("ci_a")[0], rt_tol));
    EXPECT_TRUE(rel_near(ea.est.ci.upper, c.nums("ci_a")[1], rt_tol));
    EXPECT_TRUE(rel_near(eb.est.ci.lower, c.nums("ci_b")[0], rt_tol));
    EXPECT_TRUE(rel_near(eb.est.ci.upper, c.nums("ci_b")[1], rt_tol));
    EXPECT_TRUE(rel_near(ea.deff, c.num("deff_a"), rt_tol)) << ea.deff;
    EXPECT_TRUE(rel_near(ea.deff_replace, c.num("deff_replace_a"), rt_tol));
    EXPECT_TRUE(rel_near(eb.deff, c.num("deff_b"), rt_tol));
    EXPECT_TRUE(rel_near(eb.deff_replace, c.num("deff_replace_b"), rt_tol));
    EXPECT_EQ(ea.n, c.integer("n_a"));
    EXPECT_EQ(eb.n, c.integer("n_b"));
    const auto g = cxgap::raked_design_gap(rd.design, rd.raked, a, b);
    EXPECT_EQ(g.status, cxgap::stat_status::ok);
    EXPECT_TRUE(rel_near(g.estimate, c.num("gap"), rt_tol));
    EXPECT_TRUE(rel_near(g.std_error, c.num("gap_se"), rt_tol)) << g.std_error;
    EXPECT_TRUE(rel_near(g.statistic, c.num("t"), rt_tol));
    EXPECT_EQ(g.df, c.num("df"));
    EXPECT_TRUE(rel_near(g.p_value, c.num("p"), rt_tol));
    EXPECT_TRUE(rel_near(g.ci.lower, c.nums("ci")[0], rt_tol));
    EXPECT_TRUE(rel_near(g.ci.upper, c.nums("ci")[1], rt_tol));
    ++checked;
  }
  EXPECT_EQ(checked, 55);
}

TEST(RakingTaylor, IgnoringTheRakingGivesTheUnadjustedSeOfR) {
  // The plain Taylor gap under the raked weights is R's svydesign(weights = weights(r)) SE,
  // which differs from the raked one (fixture unraked_gap_se): the adjustment matters.
  int differs = 0;
  for (const auto& c : cxgap::test::load_fixture("design_rake_taylor.txt")) {
    SCOPED_TRACE(c.name);
    if (c.str("item") != "api00" && c.str("item") != "spend") continue;
    const auto rd = rt_design(rt_make(c));
    const std::size_t ga = rd.tally.group_index(c.str("a_label")), gb = rd.tally.group_index(c.str("b_label"));
    const std::size_t i = rd.tally.numeric_index(c.str("item"));
    const auto g = cxgap::design_gap(rd.design, cxgap::linearise_numeric(rd.tally, rd.design, i, ga),
                                     cxgap::linearise_numeric(rd.tally, rd.design, i, gb));
    EXPECT_TRUE(rel_near(g.std_error, c.num("unraked_gap_se"), rt_tol)) << g.std_error;
    if (std::fabs(c.num("unraked_gap_se") / c.num("gap_se") - 1) > 0.01) ++differs;
  }
  EXPECT_GE(differs, 4);
}

TEST(RakingTaylor, LonelyPsuPoliciesActOnTheRakedInfluenceValues) {
  // A one-PSU stratum adds 0 under remove and certainty and f·x² under adjust, x its raked total:
  // so adjust ≥ remove = certainty for every domain variance, and adjust > remove where the
  // raking leaves the stratum a non-zero total (also for the executives' q1, which has no row in
  // the panel's one-store region). R's values (fixture) agree with each (the test above).
  for (const char* name : {"panel_lonely", "strat_dnum"}) {
    const std::string data = name;
    SCOPED_TRACE(data);
    const auto remove = rt_design(rt_make(data + "_remove"));
    const auto certainty = rt_design(rt_make(data + "_certainty"));
    const auto adjust = rt_design(rt_make(data + "_adjust"));
    int larger = 0, cases = 0;
    for (const auto& c : cxgap::test::load_fixture("design_rake_taylor.txt")) {
      if (c.name.rfind(data + "_adjust ", 0) != 0) continue;
      SCOPED_TRACE(c.name);
      ++cases;
      for (const std::string& label : {c.str("a_label"), c.str("b_label")}) {
        const auto se = [&](const cxgap::raked_taylor_design& rd) {
          const auto l = rt_measure(rd, c.str("item"), rd.tally.group_index(label));
          return cxgap::raked_domain_estimate(rd.design, l).est.std_error;
        };
        EXPECT_EQ(se(certainty), se(remove));
        EXPECT_GE(se(adjust), se(remove));
        if (se(adjust) > se(remove) * (1 + 1e-9)) ++larger;
        if (c.str("item") == "q1_mean" && label == "executive") {
          EXPECT_GT(se(adjust), se(remove) * (1 + 1e-6));
        }
      }
    }
    EXPECT_GE(cases, 3);
    EXPECT_GE(larger, cases);
  }
}

TEST(RakingTaylor, RakeSweepsRepeatsTheSweepsOfRake) {
  // Two margins on six respondents; rake() converges, rake_sweeps(k) equals rake() stopped at
  // maxit k, and every sweep leaves the last margin's totals met exactly.
  const std::vector<double> w = {1, 2, 1, 3, 2, 1};
  const std::vector<cxgap::raking_margin> m = {{"region", {0, 0, 1, 1, 2, 2}, {10, 20, 30}},
                                               {"group", {0, 1, 0, 1, 0, 1}, {25, 35}}};
  for (std::size_t k : {1u, 2u, 5u}) {
    cxgap::raking_control control;
    control.max_iterations = k;
    control.epsilon = 1e-300;
    const auto swept = cxgap::rake_sweeps(w, m, k);
    const auto raked = cxgap::rake(w, m, control);
    ASSERT_EQ(raked.iterations, k);
    for (std::size_t i = 0; i < w.size(); ++i) EXPECT_DOUBLE_EQ(swept[i], raked.weights[i]);
    double g0 = 0, g1 = 0;
    for (std::size_t i = 0; i < w.size(); ++i) (m[1].category[i] ? g1 : g0) += swept[i];
    EXPECT_NEAR(g0, 25, 1e-12);
    EXPECT_NEAR(g1, 35, 1e-12);
  }
  // One sweep by hand: region factors 10/3, 20/4, 30/3, then group factors on the result.
  const auto one = cxgap::rake_sweeps(w, m, 1);
  const std::vector<double> after_region = {10.0 / 3, 20.0 / 3, 5, 15, 20, 10};
  const double f0 = 25 / (after_region[0] + after_region[2] + after_region[4]);
  const double f1 = 35 / (after_region[1] + after_region[3] + after_region[5]);
  for (std::size_t i = 0; i < w.size(); ++i)
    EXPECT_NEAR(one[i], after_region[i] * (m[1].category[i] ? f1 : f0), 1e-12);
  EXPECT_THROW(cxgap::rake_sweeps(w, m, 0), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::rake_sweeps({1, 2}, m, 1), cxgap::invalid_argument);
}

TEST(RakingTaylor, CellsCarryTheLastSweepsRatios) {
  const std::vector<double> w = {1, 2, 1, 3, 2, 1, 2};
  const std::vector<cxgap::raking_margin> m = {{"region", {0, 0, 1, 1, 2, 2, 0}, {10, 20, 30}},
                                               {"group", {0, 1, 0, 1, 0, 1, 0}, {25, 35}}};
  cxgap::raking_control control;
  control.max_iterations = 3;
  const auto r = cxgap::rake(w, m, control);
  const auto c = cxgap::make_raking_cells(m, r);
  ASSERT_EQ(c.size(), 6u);
  EXPECT_EQ(c.row_cell[6], c.row_cell[0]);
  EXPECT_EQ(c.rows[c.row_cell[0]], 2);
  // The region margin's weights after its step of the last sweep times the ratio are the final
  // weights: redo the last sweep's region step from rake_sweeps(2).
  const auto before = cxgap::rake_sweeps(w, m, r.iterations - 1);
  std::vector<double> sums(3, 0);
  for (std::size_t i = 0; i < w.size(); ++i) sums[m[0].category[i]] += before[i];
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double psw_region = before[i] * m[0].targets[m[0].category[i]] / sums[m[0].category[i]];
    EXPECT_NEAR(psw_region * c.ratio[0][c.row_cell[i]], r.weights[i], 1e-12 * r.weights[i]);
    EXPECT_EQ(c.ratio[1][c.row_cell[i]], 1.0);
  }
  cxgap::raking_result wrong = r;
  wrong.last_factors.pop_back();
  EXPECT_THROW(cxgap::make_raking_cells(m, wrong), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::make_raking_cells({}, r), cxgap::invalid_argument);
}

TEST(RakingTaylor, DegenerateInputIsAnErrorOrAStatus) {
  rt_case k = rt_make("clus1");
  // A category with a population total but no respondent: R's postStratify stops too.
  auto absent = k.margins;
  absent[0].targets.push_back(10);
  absent[1].targets[0] += 10;
  EXPECT_THROW(cxgap::make_raked_taylor_design(k.s, absent), cxgap::invalid_argument);
  // Margins whose totals differ.
  auto inconsistent = k.margins;
  inconsistent[1].targets[0] += 100;
  EXPECT_THROW(cxgap::make_raked_taylor_design(k.s, inconsistent), cxgap::invalid_argument);
  // Non-convergence is reported, not an error, and the estimates are R's (fixture clus1_maxit2).
  cxgap::raking_control two;
  two.max_iterations = 2;
  const auto rd = cxgap::make_raked_taylor_design(k.s, k.margins, {}, two);
  EXPECT_FALSE(rd.raking.converged);
  EXPECT_EQ(rd.raking.iterations, 2u);
  // A domain with no rows: status empty, NaN gap.
  const auto a = cxgap::linearise_raked_numeric(rd.tally, rd.design, rd.raked, 0, rd.tally.group_index("1"));
  cxgap::raked_linearisation none = a;
  none.lin.n = 0;
  const auto g = cxgap::raked_design_gap(rd.design, rd.raked, a, none);
  EXPECT_EQ(g.status, cxgap::stat_status::empty);
  EXPECT_TRUE(std::isnan(g.estimate));
  // Two estimators of one group in the moment form: their cross-products are not tallied.
  const auto st = cxgap::make_raked_taylor_design(rt_make("strat").s, rt_make("strat").margins);
  const auto x = cxgap::linearise_raked_numeric(st.tally, st.design, st.raked, 0, 0);
  const auto y = cxgap::linearise_raked_numeric(st.tally, st.design, st.raked, 1, 0);
  EXPECT_THROW(cxgap::raked_covariance(st.design, st.raked, x, y), cxgap::invalid_argument);
  // A one-PSU stratum under lonely_psu::fail (R's default stops in svyrecvar): an error.
  rt_case lonely = rt_make("panel_lonely_adjust");
  lonely.options.lonely = cxgap::lonely_psu::fail;
  EXPECT_THROW(rt_design(lonely), cxgap::invalid_argument);
  // Tallies of another design.
  EXPECT_THROW(cxgap::linearise_raked_numeric(st.tally, rd.design, st.raked, 0, 0),
               cxgap::invalid_argument);
}

}  // namespace
