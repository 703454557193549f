#include "cxgap/report/gap_report.hpp"

#include <cmath>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "cxgap/report/table.hpp"
#include "examples/sample_survey.hpp"
#include "support/fixture.hpp"

namespace {

using cxgap::test::load_fixture;

const cxgap::tally& sample_tally() {
  static const cxgap::tally t =
      cxgap::make_tally(sample::read(std::string(CXGAP_SOURCE_DIR) + "/examples/data/sample_survey.csv"));
  return t;
}

const cxgap::item_gap& find(const cxgap::gap_report& r, const std::string& item) {
  for (const auto& g : r.items)
    if (g.item == item) return g;
  throw std::runtime_error("no item " + item);
}

// Every number of the executive − customer report against base R computed respondent by
// respondent (tests/reference/gap_report.R): Welch t, prop.test z, wilcox.test, Holm.
TEST(GapReport, SampleSurveyMatchesBaseR) {
  cxgap::report_options o;
  o.rank.method = cxgap::rank_test_method::asymptotic;  // as wilcox.test(exact = FALSE)
  const auto report = cxgap::compare(sample_tally(), "executive", "customer", o);
  const auto cases = load_fixture("gap_report_sample.txt");
  ASSERT_EQ(report.items.size(), cases.size());
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto& g = find(report, c.name);
    EXPECT_EQ(g.mean.n_a, c.integer("n_a"));
    EXPECT_EQ(g.mean.n_b, c.integer("n_b"));
    EXPECT_REL_NEAR(g.mean.value_a, c.num("mean_a"), 1e-12);
    EXPECT_REL_NEAR(g.mean.value_b, c.num("mean_b"), 1e-12);
    EXPECT_REL_NEAR(g.mean.estimate, c.num("gap"), 1e-12);
    EXPECT_REL_NEAR(g.mean.ci.lower, c.num("ci_lower"), 1e-9);
    EXPECT_REL_NEAR(g.mean.ci.upper, c.num("ci_upper"), 1e-9);
    EXPECT_REL_NEAR(g.mean.statistic, c.num("t"), 1e-10);
    EXPECT_REL_NEAR(g.mean.df, c.num("df"), 1e-10);
    EXPECT_REL_NEAR(g.mean.p_value, c.num("p"), 1e-9);
    EXPECT_REL_NEAR(g.mean.p_adjusted, c.num("p_holm"), 1e-9);
    EXPECT_REL_NEAR(g.top_box.value_a * static_cast<double>(g.top_box.n_a), c.num("x_a"), 1e-12);
    EXPECT_REL_NEAR(g.top_box.value_b * static_cast<double>(g.top_box.n_b), c.num("x_b"), 1e-12);
    EXPECT_REL_NEAR(g.top_box.statistic, c.num("z"), 1e-10);
    EXPECT_REL_NEAR(g.top_box.p_value, c.num("p_top"), 1e-9);
    EXPECT_REL_NEAR(g.top_box.p_adjusted, c.num("p_top_holm"), 1e-9);
    EXPECT_REL_NEAR(g.rank.statistic, c.num("u"), 1e-12);
    EXPECT_REL_NEAR(g.rank.p_value, c.num("p_rank"), 1e-9);
    EXPECT_REL_NEAR(g.rank.p_adjusted, c.num("p_rank_holm"), 1e-9);
  }
}

// The report is assembled from the statistics' own functions on the tally's counts.
TEST(GapReport, ItemGapsEqualTheUnderlyingStatistics) {
  const auto& t = sample_tally();
  const auto report = cxgap::compare(t, "employee", "customer");
  const auto& g = find(report, "above_average");
  const auto i = t.codebook().index("above_average");
  const auto ca = t.scored_counts(i, t.group_index("employee"));
  const auto cb = t.scored_counts(i, t.group_index("customer"));
  const auto scores = t.codebook()[i].scale.scores();
  const auto ma = cxgap::moments_from_counts<double>(ca, scores);
  const auto mb = cxgap::moments_from_counts<double>(cb, scores);
  const auto w = cxgap::welch_test(ma, mb);
  EXPECT_EQ(g.mean.estimate, w.estimate);
  EXPECT_EQ(g.mean.p_value, w.test.p_value);
  EXPECT_EQ(g.mean.effect.value, cxgap::hedges_g(ma, mb).value);
  const auto d = cxgap::newcombe_difference<double>(ca[3] + ca[4], ma.n, cb[3] + cb[4], mb.n);
  EXPECT_EQ(g.top_box.ci.lower, d.ci.lower);
  EXPECT_EQ(g.top_box.ci.upper, d.ci.upper);
  EXPECT_EQ(g.rank.estimate, cxgap::cliff_delta<double>(ca, cb).value);
  EXPECT_EQ(g.brunner_munzel.p_value, cxgap::brunner_munzel_test<double>(ca, cb).p_value);
  EXPECT_EQ(g.dont_know_a, t.dont_know(i, t.group_index("employee")));
  EXPECT_FALSE(g.nps.has_value());
  EXPECT_FALSE(g.equivalence.has_value());
}

TEST(GapReport, MatchedItemsAreComparedAcrossTheirItemIds) {
  const auto report = cxgap::compare(sample_tally(), "executive", "customer");
  const auto& g = find(report, "authority");
  EXPECT_EQ(g.item_a, "authority");
  EXPECT_EQ(g.item_b, "solve_problem");
  for (const auto& it : report.items) EXPECT_NE(it.item, "solve_problem");
  // Executives and employees were both asked "authority": the match gives the same item.
  const auto within = cxgap::compare(sample_tally(), "executive", "employee");
  const auto& e = find(within, "authority");
  EXPECT_EQ(e.item_a, "authority");
  EXPECT_EQ(e.item_b, "authority");
}

TEST(GapReport, NpsItemsCarryTheNpsGap) {
  const auto report = cxgap::compare(sample_tally(), "executive", "customer");
  const auto& g = find(report, "recommend");
  ASSERT_TRUE(g.nps.has_value());
  EXPECT_EQ(g.nps->n_a, g.mean.n_a);
  EXPECT_NEAR(g.nps->estimate, g.nps->value_a - g.nps->value_b, 1e-12);
  EXPECT_LT(g.nps->ci.lower, g.nps->estimate);
  EXPECT_FALSE(std::isnan(g.nps->p_adjusted));
}

TEST(GapReport, SignConventionIsAMinusB) {
  const auto ab = cxgap::compare(sample_tally(), "executive", "customer");
  const auto ba = cxgap::compare(sample_tally(), "customer", "executive");
  for (std::size_t i = 0; i < ab.items.size(); ++i) {
    EXPECT_DOUBLE_EQ(ab.items[i].mean.estimate, -ba.items[i].mean.estimate);
    EXPECT_DOUBLE_EQ(ab.items[i].top_box.estimate, -ba.items[i].top_box.estimate);
    EXPECT_NEAR(ab.items[i].rank.estimate, -ba.items[i].rank.estimate, 1e-15);
  }
  EXPECT_GT(find(ab, "superior_experience").mean.estimate, 0);
}

TEST(GapReport, AdjustedPValuesAreNeverSmallerThanRaw) {
  for (auto method : {cxgap::p_adjust::holm, cxgap::p_adjust::bonferroni,
                      cxgap::p_adjust::benjamini_hochberg, cxgap::p_adjust::benjamini_yekutieli}) {
    cxgap::report_options o;
    o.adjust = method;
    for (const auto& g : cxgap::compare(sample_tally(), "employee", "customer", o).items) {
      EXPECT_GE(g.mean.p_adjusted, g.mean.p_value);
      EXPECT_GE(g.top_box.p_adjusted, g.top_box.p_value);
      EXPECT_LE(g.top_box.p_adjusted, 1.0);
    }
  }
}

TEST(GapReport, EquivalenceIsTestedWhenAMarginIsGiven) {
  cxgap::report_options o;
  o.equivalence_margin = 0.3;
  const auto report = cxgap::compare(sample_tally(), "employee", "customer", o);
  const auto& easy = find(report, "easy_to_do_business");
  ASSERT_TRUE(easy.equivalence.has_value());
  EXPECT_NEAR(easy.equivalence->estimate, easy.mean.estimate, 1e-12);
  // "superior experience" differs by about a scale point: never equivalent within 0.3.
  EXPECT_FALSE(find(report, "superior_experience").equivalence->equivalent);
}

TEST(GapReport, GroupWithoutAnswersGivesNaNAndStatusEmpty) {
  cxgap::survey s;
  s.add_item({"q1", "", cxgap::scale::likert(1, 5)});
  const auto r = s.add_respondent("executive");
  s.set_response(r, 0, 5);
  s.set_response(s.add_respondent("executive"), 0, 4);
  s.add_respondent("customer");  // no answer
  const auto report = cxgap::compare(cxgap::make_tally(s), "executive", "customer");
  ASSERT_EQ(report.items.size(), 1u);
  const auto& g = report.items[0];
  EXPECT_EQ(g.mean.n_b, 0);
  EXPECT_EQ(g.missing_b, 1);
  EXPECT_TRUE(std::isnan(g.mean.estimate));
  EXPECT_TRUE(std::isnan(g.mean.p_value));
  EXPECT_TRUE(std::isnan(g.mean.p_adjusted));
  EXPECT_NE(g.mean.status, cxgap::stat_status::ok);
  EXPECT_EQ(g.top_box.status, cxgap::stat_status::empty);
  EXPECT_FALSE(g.mean.significant());
  std::ostringstream os;
  cxgap::write_table(os, report);  // renders NaN as "-" without throwing
  EXPECT_NE(os.str().find(" - "), std::string::npos) << os.str();
}

TEST(GapReport, UnknownGroupsAndBadOptionsThrow) {
  EXPECT_THROW(cxgap::compare(sample_tally(), "board", "customer"), cxgap::out_of_range);
  cxgap::report_options o;
  o.level = 1.5;
  EXPECT_THROW(cxgap::compare(sample_tally(), "executive", "customer", o),
               cxgap::invalid_argument);
}

TEST(GapReport, TableListsEveryItemSortedByGap) {
  const auto report = cxgap::compare(sample_tally(), "executive", "customer");
  std::ostringstream os;
  cxgap::write_table(os, report);
  const std::string text = os.str();
  for (const auto& g : report.items) EXPECT_NE(text.find(g.item), std::string::npos) << g.item;
  EXPECT_LT(text.find("superior_experience"), text.find("staff_courtesy"));
}

}  // namespace
