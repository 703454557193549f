// Tests for include/cxgap/design/raking.hpp: raking against R survey 4.1.1's rake() and
// calibrate(calfun = "raking") on its api data (tests/reference/fixtures/design_raking.txt,
// design_raking.R): raked weights, sweeps to convergence, weighted means; inconsistent margins.
#include "cxgap/design/raking.hpp"

#include <cmath>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/error.hpp"
#include "support/fixture.hpp"
#include "support/text.hpp"

namespace {

/// Columns of an api export (no quoting), as strings.
std::vector<std::vector<std::string>> read_csv(const std::string& file,
                                               std::vector<std::string>& header) {
  std::ifstream in(cxgap::test::fixture_path(file));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  auto split = [](const std::string& l) {
    std::vector<std::string> out;
    std::stringstream ss(l);
    for (std::string c; std::getline(ss, c, ',');) out.push_back(c);
    if (!l.empty() && l.back() == ',') out.emplace_back();
    return out;
  };
  std::getline(in, line);
  header = split(line);
  while (std::getline(in, line))
    if (!line.empty()) rows.push_back(split(line));
  return rows;
}

using cxgap::test::words;

struct api_data {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> column(const std::string& name) const {
    std::size_t j = 0;
    while (header.at(j) != name) ++j;
    std::vector<std::string> v;
    for (const auto& r : rows) v.push_back(r[j]);
    return v;
  }
  std::vector<double> numbers(const std::string& name) const {
    std::vector<double> v;
    for (const auto& s : column(name)) v.push_back(cxgap::test::parse_number(s));
    return v;
  }
};

/// The margin of an R variable (stype, sch.wide, awards) with the fixture's levels and targets.
cxgap::raking_margin margin_of(const cxgap::test::fixture_case& c, const api_data& d,
                               const std::string& var) {
  cxgap::raking_margin m;
  m.name = var;
  m.targets = c.nums("target_" + var);
  const std::vector<std::string> levels = words(c.str("levels_" + var));
  // The export writes stype as its label and yes/no factors as 1 = Yes, 0 = No.
  const std::vector<std::string> values =
      var == "stype" ? d.column("stype") : d.column(var == "sch.wide" ? "sch_wide" : var);
  for (const auto& v : values) {
    const std::string label = var == "stype" ? v : (v == "1" ? "Yes" : "No");
    std::size_t k = 0;
    while (levels.at(k) != label) ++k;
    m.category.push_back(k);
  }
  return m;
}

TEST(DesignRaking, MatchesRRakeAndCalibrateOnApiData) {
  for (const auto& c : cxgap::test::load_fixture("design_raking.txt")) {
    SCOPED_TRACE(c.name + ": " + c.str("call"));
    api_data d;
    d.rows = read_csv("api/" + c.str("data") + ".csv", d.header);
    std::vector<cxgap::raking_margin> margins;
    for (const auto& v : words(c.str("margins"))) margins.push_back(margin_of(c, d, v));
    cxgap::raking_control control;
    const bool calibrate = c.name.find("calibrate") != std::string::npos;
    if (calibrate) {  // the fixed point itself
      control.max_iterations = 1000;
      control.epsilon = 1e-13;
    } else {
      control.max_iterations = static_cast<std::size_t>(c.integer("max_iterations"));
      control.epsilon = c.num("epsilon");
    }
    const auto r = cxgap::rake(d.numbers("pw"), margins, control);
    const std::vector<double> want = c.nums("weights");
    ASSERT_EQ(r.weights.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i)
      EXPECT_REL_NEAR(r.weights[i], want[i], calibrate ? 1e-9 : 1e-12) << "row " << i;
    if (!calibrate) {
      const double sweeps = c.num("sweeps");
      EXPECT_EQ(r.converged, !std::isnan(sweeps));
      EXPECT_EQ(static_cast<double>(r.iterations),
                std::isnan(sweeps) ? static_cast<double>(control.max_iterations) : sweeps);
    }
    const std::vector<double> api00 = d.numbers("api00");
    const std::vector<std::string> stype = d.column("stype");
    double sy = 0, sw = 0;
    for (std::size_t i = 0; i < api00.size(); ++i) sy += r.weights[i] * api00[i], sw += r.weights[i];
    EXPECT_REL_NEAR(sy / sw, c.num("mean_api00"), 1e-12);
    if (c.has("by_stype_api00")) {
      const std::vector<double> by = c.nums("by_stype_api00");
      const char* types[] = {"E", "H", "M"};
      for (std::size_t t = 0; t < 3; ++t) {
        double y = 0, w = 0;
        for (std::size_t i = 0; i < api00.size(); ++i)
          if (stype[i] == types[t]) y += r.weights[i] * api00[i], w += r.weights[i];
        EXPECT_REL_NEAR(y / w, by[t], 1e-12);
      }
    }
  }
}

std::string message_of(const std::vector<double>& w, const std::vector<cxgap::raking_margin>& m) {
  try {
    cxgap::rake(w, m);
  } catch (const cxgap::invalid_argument& e) {
    return e.what();
  }
  return "no throw";
}

TEST(DesignRaking, InconsistentMarginsThrowNamingMarginAndValues) {
  const std::vector<double> w{1, 1, 1, 1};
  const cxgap::raking_margin region{"region", {0, 0, 1, 1}, {60, 40}};
  const cxgap::raking_margin audience{"audience", {0, 1, 0, 1}, {30, 80}};
  std::string m = message_of(w, {region, audience});
  EXPECT_NE(m.find("inconsistent"), std::string::npos) << m;
  EXPECT_NE(m.find("'audience' totals 110"), std::string::npos) << m;
  const cxgap::raking_margin empty_cat{"audience", {0, 0, 0, 0}, {50, 50}};
  m = message_of(w, {region, empty_cat});
  EXPECT_NE(m.find("margin 'audience': category 1 has target 50"), std::string::npos) << m;
  const cxgap::raking_margin negative{"audience", {0, 1, 0, 1}, {120, -20}};
  m = message_of(w, {region, negative});
  EXPECT_NE(m.find("target of category 1 is -20"), std::string::npos) << m;
  const cxgap::raking_margin zero_target{"audience", {0, 1, 0, 1}, {100, 0}};
  m = message_of(w, {region, zero_target});
  EXPECT_NE(m.find("population target of 0"), std::string::npos) << m;
  const cxgap::raking_margin short_margin{"audience", {0, 1, 0}, {50, 50}};
  EXPECT_THROW(cxgap::rake(w, {region, short_margin}), cxgap::invalid_argument);
  const cxgap::raking_margin past{"audience", {0, 1, 0, 2}, {50, 50}};
  m = message_of(w, {region, past});
  EXPECT_NE(m.find("respondent 3 is in category 2"), std::string::npos) << m;
  EXPECT_THROW(cxgap::rake({1, -1, 1, 1}, {region}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::rake(w, {}), cxgap::invalid_argument);
  cxgap::raking_control zero;
  zero.max_iterations = 0;
  EXPECT_THROW(cxgap::rake(w, {region}, zero), cxgap::invalid_argument);
}

TEST(DesignRaking, ReportsNonConvergenceInsteadOfThrowing) {
  // A 2 × 2 table with an empty cell converges only slowly; one sweep is not enough.
  const std::vector<double> w{1, 1, 1};
  const cxgap::raking_margin a{"a", {0, 0, 1}, {50, 50}};
  const cxgap::raking_margin b{"b", {0, 1, 1}, {30, 70}};
  cxgap::raking_control once;
  once.max_iterations = 1;
  once.epsilon = 1e-12;
  const auto r = cxgap::rake(w, {a, b}, once);
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.iterations, 1u);
  EXPECT_GT(r.max_change, 0);
  // One margin alone is met exactly in one sweep; the second sweep changes nothing.
  cxgap::raking_control tight;
  tight.epsilon = 1e-12;
  const auto one = cxgap::rake(w, {a}, tight);
  EXPECT_TRUE(one.converged);
  EXPECT_EQ(one.iterations, 2u);
  EXPECT_DOUBLE_EQ(one.weights[0] + one.weights[1], 50);
}

}  // namespace
