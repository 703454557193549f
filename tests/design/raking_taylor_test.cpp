// Taylor-linearised estimates under raked weights (design/raking_taylor.hpp) against R survey
// 4.1.1's rake() on a svydesign + svymean(influence) / svyrecvar / svyttest
// (tests/reference/design_cli_rake_taylor.R → fixtures/design_rake_taylor.txt) on R's api data
// (stratified, one- and two-stage clustered, with and without fpc, raking converged, tight and
// stopped at maxit 2) and on the seeded CX panel (strata, clusters, fpc, three groups raked on
// region and group); the raking's cells and rake_sweeps; degenerate input.
#include "cxgap/design/raking_taylor.hpp"

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/fixture.hpp"

namespace {

using cxgap::test::rel_near;

constexpr double rt_tol = 1e-8;

// Rows of a plain CSV (no quoted fields) as column name → values.
std::map<std::string, std::vector<std::string>> rt_read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream hs(line);
  for (std::string f; std::getline(hs, f, ',');) header.push_back(f);
  std::map<std::string, std::vector<std::string>> cols;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    f.resize(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) cols[header[c]].push_back(f[c]);
  }
  return cols;
}

std::string rt_source(const std::string& relative) {
  std::string p(CXGAP_SOURCE_DIR);
  p += '/';
  p += relative;
  return p;
}

// A margins file (variable,category,total) as margins over the data's columns.
std::vector<cxgap::raking_margin> rt_margins(const std::string& file,
                                             const std::map<std::string, std::vector<std::string>>& cols) {
  const auto m = rt_read_csv(rt_source(file));
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

struct rt_case {
  cxgap::survey s;
  std::vector<cxgap::raking_margin> margins;
  cxgap::raking_control control;
};

// The survey, margins and raking control of a fixture case (see the R script's `designs`).
rt_case rt_make(const std::string& design) {
  rt_case k;
  const bool panel = design == "panel";
  const std::string data = panel ? "design_cx_panel.csv"
                           : design.rfind("strat", 0) == 0 ? "api/apistrat.csv"
                           : design.rfind("clus1", 0) == 0 ? "api/apiclus1.csv"
                                                           : "api/apiclus2.csv";
  const auto cols = rt_read_csv(cxgap::test::fixture_path(data));
  const bool fpc = design == "strat" || design == "clus1" || design == "clus2" || panel;
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
  const auto& w = cols.at(panel ? "w" : "pw");
  for (std::size_t r = 0; r < w.size(); ++r) {
    const std::size_t row = s.add_respondent(cols.at(panel ? "group" : "awards")[r]);
    s.set_weight(row, std::stod(w[r]));
    if (panel) {
      s.set_stratum(row, cols.at("region")[r]);
      s.set_cluster(row, cols.at("store")[r]);
    } else if (design.rfind("strat", 0) == 0) {
      s.set_stratum(row, cols.at("stype")[r]);
    } else {
      s.set_cluster(row, cols.at("dnum")[r]);
      if (design.rfind("clus2", 0) == 0) s.set_ssu(row, cols.at("snum")[r]);
    }
    if (fpc && design.rfind("clus2", 0) == 0) {
      s.set_fpc(row, 1, std::stod(cols.at("fpc1")[r]));
      s.set_fpc(row, 2, std::stod(cols.at("fpc2")[r]));
    } else if (fpc) {
      s.set_fpc(row, 1, std::stod(cols.at("fpc")[r]));
    }
    for (const auto& [i, name] : items)
      if (!cols.at(name)[r].empty()) s.set_response(row, i, std::stoi(cols.at(name)[r]));
    for (const auto& [i, name] : numerics)
      if (!cols.at(name)[r].empty()) s.set_numeric(row, i, std::stod(cols.at(name)[r]));
  }
  k.margins = rt_margins(panel ? "tests/cli/data/cx_panel_rake_margins.csv"
                               : "tests/cli/data/api_rake_taylor_margins.csv",
                         cols);
  if (design.find("_tight") != std::string::npos) k.control.max_iterations = 50, k.control.epsilon = 1e-9;
  if (design.find("_maxit2") != std::string::npos) k.control.max_iterations = 2;
  return k;
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
    if (!designs.count(design)) {
      const rt_case k = rt_make(design);
      designs[design] = cxgap::make_raked_taylor_design(k.s, k.margins, {}, k.control);
    }
    const auto& rd = designs.at(design);
    EXPECT_EQ(rd.raking.iterations, static_cast<std::size_t>(c.integer("sweeps")));
    EXPECT_EQ(rd.raking.converged, c.integer("converged") == 1);
    // A difference of cell totals of ~10³: rounding moves it by ~1e-12 absolute.
    EXPECT_NEAR(rd.raking.max_change, c.num("max_change"), 1e-9 + 1e-9 * c.num("max_change"));
    EXPECT_EQ(rd.design.degf(), c.integer("degf"));
    const auto a = rt_measure(rd, c.str("item"), rd.tally.group_index(c.str("a_label")));
    const auto b = rt_measure(rd, c.str("item"), rd.tally.group_index(c.str("b_label")));
    const auto ea = cxgap::domain_estimate(rd.design, a.lin), eb = cxgap::domain_estimate(rd.design, b.lin);
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
  EXPECT_EQ(checked, 23);
}

TEST(RakingTaylor, IgnoringTheRakingGivesTheUnadjustedSeOfR) {
  // The plain Taylor gap under the raked weights is R's svydesign(weights = weights(r)) SE,
  // which differs from the raked one (fixture unraked_gap_se): the adjustment matters.
  int differs = 0;
  for (const auto& c : cxgap::test::load_fixture("design_rake_taylor.txt")) {
    SCOPED_TRACE(c.name);
    const std::string design = c.name.substr(0, c.name.find(' '));
    if (c.str("item") != "api00" && c.str("item") != "spend") continue;
    const rt_case k = rt_make(design);
    const auto rd = cxgap::make_raked_taylor_design(k.s, k.margins, {}, k.control);
    const std::size_t ga = rd.tally.group_index(c.str("a_label")), gb = rd.tally.group_index(c.str("b_label"));
    const std::size_t i = rd.tally.numeric_index(c.str("item"));
    const auto g = cxgap::design_gap(rd.design, cxgap::linearise_numeric(rd.tally, rd.design, i, ga),
                                     cxgap::linearise_numeric(rd.tally, rd.design, i, gb));
    EXPECT_TRUE(rel_near(g.std_error, c.num("unraked_gap_se"), rt_tol)) << g.std_error;
    if (std::fabs(c.num("unraked_gap_se") / c.num("gap_se") - 1) > 0.01) ++differs;
  }
  EXPECT_GE(differs, 4);
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
  // Tallies of another design.
  EXPECT_THROW(cxgap::linearise_raked_numeric(st.tally, rd.design, st.raked, 0, 0),
               cxgap::invalid_argument);
}

}  // namespace
