#include "cxgap/chart/svg.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <locale>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "examples/sample_survey.hpp"

namespace {

const std::string odd_name = "a<b>&\"c\"'d'";  // every character XML reserves

// A small survey: executives and employees far above customers on `big_gap`, no gap on
// `odd_name`, and customers never answering `unanswered` (so its gap is undefined).
cxgap::survey small_survey() {
  const cxgap::scale agree = cxgap::scale::likert(1, 5).with_labels(
      {"strongly disagree", "disagree", "neither", "agree", "strongly agree"});
  cxgap::survey s;
  const auto big = s.add_item({"big_gap", "The service is excellent", agree});
  const auto odd = s.add_item({odd_name, "A question with a difficult id", agree});
  const auto none = s.add_item({"unanswered", "Only asked of the organisation", agree});
  for (int i = 0; i < 30; ++i) {
    for (const char* group : {"executive", "employee"}) {
      const auto r = s.add_respondent(group);
      s.set_response(r, big, 4 + i % 2);
      s.set_response(r, odd, 1 + i % 5);
      s.set_response(r, none, 2 + i % 3);
    }
  }
  for (int i = 0; i < 60; ++i) {
    const auto r = s.add_respondent("customer");
    s.set_response(r, big, 1 + i % 3);
    s.set_response(r, odd, 1 + i % 5);
  }
  return s;
}

const cxgap::tally& small_tally() {
  static const cxgap::tally t = cxgap::make_tally(small_survey());
  return t;
}

std::vector<cxgap::gap_report> one_comparison() {
  return {cxgap::compare(small_tally(), "executive", "customer")};
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

// The SVG text of each item row, in document order.
std::vector<std::string> rows(const std::string& svg) {
  std::vector<std::string> out;
  for (auto at = svg.find("<g class=\"row "); at != std::string::npos;
       at = svg.find("<g class=\"row ", at + 1))
    out.push_back(svg.substr(at, svg.find("</g>", at) - at));
  return out;
}

// The row whose tooltip starts with this (escaped) item name.
std::string row_of(const std::string& svg, const std::string& escaped_item) {
  for (const std::string& r : rows(svg))
    if (r.find("<title>" + escaped_item + ":") != std::string::npos) return r;
  return {};
}

// A small well-formedness check: balanced, properly nested elements, one root, quoted
// attributes, and no '&' or '<' that is not markup or a predefined entity. (xmllint checks the
// full grammar in tests/chart/render_check.sh.)
::testing::AssertionResult well_formed(const std::string& s) {
  std::vector<std::string> open;
  int roots = 0;
  std::size_t i = 0;
  if (s.compare(0, 5, "<?xml") == 0) i = s.find("?>") + 2;
  while (i < s.size()) {
    if (s[i] == '&') {
      bool ok = false;
      for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
        ok = ok || s.compare(i, std::char_traits<char>::length(e), e) == 0;
      if (!ok) return ::testing::AssertionFailure() << "bare '&' at " << i;
      ++i;
    } else if (s[i] != '<') {
      if (open.empty() && s[i] != '\n')
        return ::testing::AssertionFailure() << "text outside the root at " << i;
      ++i;
    } else if (s[i + 1] == '/') {
      const auto end = s.find('>', i);
      const std::string name = s.substr(i + 2, end - i - 2);
      if (open.empty() || open.back() != name)
        return ::testing::AssertionFailure() << "</" << name << "> closes nothing at " << i;
      open.pop_back();
      i = end + 1;
    } else {
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != ' ' && s[j] != '>' && s[j] != '/') ++j;
      const std::string name = s.substr(i + 1, j - i - 1);
      bool in_quotes = false;
      for (; j < s.size() && (in_quotes || s[j] != '>'); ++j) {
        if (s[j] == '"') in_quotes = !in_quotes;
        if (in_quotes && s[j] == '<') return ::testing::AssertionFailure() << "'<' in attribute";
      }
      if (j == s.size()) return ::testing::AssertionFailure() << "unterminated <" << name;
      if (open.empty()) ++roots;
      if (s[j - 1] != '/') open.push_back(name);
      i = j + 1;
    }
  }
  if (!open.empty()) return ::testing::AssertionFailure() << "<" << open.back() << "> not closed";
  if (roots != 1) return ::testing::AssertionFailure() << roots << " root elements";
  return ::testing::AssertionSuccess();
}

TEST(SvgChart, IsAStandaloneSvgDocument) {
  const std::string svg = cxgap::svg_chart(one_comparison());
  EXPECT_TRUE(well_formed(svg));
  EXPECT_EQ(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"", 0), 0u);
  EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"960\""),
            std::string::npos);
  EXPECT_NE(svg.find(" viewBox=\"0 0 960 "), std::string::npos);
  EXPECT_NE(svg.find("sans-serif\""), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);  // no external resources
  EXPECT_EQ(svg.find("url("), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
}

TEST(SvgChart, DrawsOneLabelledRowPerItem) {
  const auto reports = one_comparison();
  const std::string svg = cxgap::svg_chart(reports);
  EXPECT_EQ(count(svg, "class=\"item-label\""), reports[0].items.size());
  EXPECT_EQ(rows(svg).size(), reports[0].items.size());
}

TEST(SvgChart, SortsItemsByGapLargestFirstAndUndefinedLast) {
  const std::string svg = cxgap::svg_chart(one_comparison());
  const auto big = svg.find("<title>big_gap:");
  const auto odd = svg.find("<title>a&lt;b&gt;");
  const auto none = svg.find("<title>unanswered:");
  ASSERT_NE(none, std::string::npos);
  EXPECT_LT(big, odd);
  EXPECT_LT(odd, none);
}

TEST(SvgChart, HighlightsSignificantGapsAndMutesTheOthers) {
  const auto reports = one_comparison();
  ASSERT_TRUE(reports[0].items[0].mean.significant());
  ASSERT_FALSE(reports[0].items[1].mean.significant());
  const std::string svg = cxgap::svg_chart(reports);
  const std::string big = row_of(svg, "big_gap");
  EXPECT_EQ(big.rfind("<g class=\"row significant\">", 0), 0u);
  EXPECT_NE(big.find("class=\"item-label\" font-size=\"13\" text-anchor=\"end\" fill=\"#1A1A1A\" "
                     "font-weight=\"bold\">big_gap</text>"),
            std::string::npos);
  EXPECT_EQ(count(big, "<circle"), 2u);
  EXPECT_EQ(count(big, "fill-opacity=\"0.4\""), 0u);  // full colour
  const std::string odd = row_of(svg, "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
  EXPECT_EQ(odd.rfind("<g class=\"row not-significant\">", 0), 0u);
  EXPECT_EQ(odd.find("font-weight=\"bold\""), std::string::npos);
  EXPECT_EQ(count(odd, "fill-opacity=\"0.4\""), 2u);  // both dots faded
  EXPECT_NE(svg.find("1 of 3 gaps significant"), std::string::npos);
}

TEST(SvgChart, EscapesEveryXmlSpecialCharacterInItemNames) {
  const std::string svg = cxgap::svg_chart(one_comparison());
  EXPECT_TRUE(well_formed(svg));
  EXPECT_EQ(svg.find(odd_name), std::string::npos);
  EXPECT_EQ(svg.find("a<b>"), std::string::npos);
  EXPECT_NE(svg.find(">a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;</text>"), std::string::npos);
}

TEST(SvgChart, ReplacesInvalidUtf8AndControlCharactersInNames) {
  cxgap::survey s;
  const auto q = s.add_item({"bad\x01name\xFF", "", cxgap::scale::likert(1, 5)});
  for (int i = 0; i < 10; ++i) {
    s.set_response(s.add_respondent("A"), q, 1 + i % 5);
    s.set_response(s.add_respondent("B\xC3"), q, 1 + i % 4);  // truncated UTF-8 sequence
  }
  const std::string svg = cxgap::svg_chart({cxgap::compare(cxgap::make_tally(s), "A", "B\xC3")});
  EXPECT_TRUE(well_formed(svg));
  EXPECT_EQ(svg.find('\x01'), std::string::npos);
  EXPECT_EQ(svg.find('\xFF'), std::string::npos);
  EXPECT_NE(svg.find("bad\xEF\xBF\xBDname\xEF\xBF\xBD"), std::string::npos);  // U+FFFD
  EXPECT_NE(svg.find(">B\xEF\xBF\xBD<"), std::string::npos);
}

TEST(SvgChart, ListsAnItemWithAnUndefinedGapAsNaWithoutDots) {
  const auto reports = one_comparison();
  ASSERT_TRUE(std::isnan(reports[0].items[2].mean.value_b));
  const std::string svg = cxgap::svg_chart(reports);
  const std::string none = row_of(svg, "unanswered");
  ASSERT_FALSE(none.empty());
  EXPECT_EQ(none.rfind("<g class=\"row na\">", 0), 0u);
  EXPECT_EQ(none.find("<circle"), std::string::npos);
  EXPECT_EQ(none.find("class=\"ci\""), std::string::npos);
  EXPECT_NE(none.find(">n/a</text>"), std::string::npos);
  EXPECT_NE(svg.find("n/a: an audience gave no usable answers"), std::string::npos);
}

TEST(SvgChart, PlotsMeansOrTopBoxShares) {
  const auto reports = one_comparison();
  const cxgap::item_gap& g = reports[0].items[0];  // big_gap: executives 4.5, customers 2.0
  ASSERT_DOUBLE_EQ(g.mean.value_a, 4.5);
  ASSERT_DOUBLE_EQ(g.mean.value_b, 2.0);
  cxgap::chart_options o;
  const std::string mean = cxgap::svg_chart(reports, o);
  const std::string mean_row = row_of(mean, "big_gap");
  EXPECT_NE(mean_row.find(">4.50</text>"), std::string::npos);
  EXPECT_NE(mean_row.find(">2.00</text>"), std::string::npos);
  EXPECT_NE(mean_row.find(">+2.50 ["), std::string::npos);
  EXPECT_NE(mean.find("Perception gaps: mean score"), std::string::npos);
  EXPECT_NE(mean.find(">Mean score</text>"), std::string::npos);

  o.measure = cxgap::chart_measure::top_box;
  o.title = "Top box & more";
  const std::string top = cxgap::svg_chart(reports, o);
  EXPECT_TRUE(well_formed(top));
  const std::string top_row = row_of(top, "big_gap");
  EXPECT_NE(top_row.find(">100%</text>"), std::string::npos);  // all executives agree
  EXPECT_NE(top_row.find(">0%</text>"), std::string::npos);    // no customer does
  EXPECT_NE(top_row.find(">+100 ["), std::string::npos);
  EXPECT_NE(top.find(">Top box &amp; more</text>"), std::string::npos);
  EXPECT_NE(top.find(">Share of answers in the top box (%)</text>"), std::string::npos);
  EXPECT_NE(top.find(">40%</text>"), std::string::npos);  // an axis tick
  EXPECT_NE(top.find("gap, points [95% CI]"), std::string::npos);
}

TEST(SvgChart, SpansTheScaleFromTheCodebookWithItsEndLabels) {
  cxgap::chart_options o;
  o.scales = &small_tally().codebook();
  const std::string svg = cxgap::svg_chart(one_comparison(), o);
  EXPECT_NE(svg.find("Mean score (1 = strongly disagree \xE2\x80\xA6 5 = strongly agree)"),
            std::string::npos);
  for (const char* tick : {">1</text>", ">2</text>", ">3</text>", ">4</text>", ">5</text>"})
    EXPECT_NE(svg.find(tick), std::string::npos) << tick;
  // The question text from the codebook goes into the row's tooltip.
  EXPECT_NE(row_of(svg, "big_gap \xE2\x80\x94 The service is excellent").size(), 0u);
}

TEST(SvgChart, GivesEachComparisonAPanelAndEachAudienceOneColour) {
  const std::vector<cxgap::gap_report> reports = {
      cxgap::compare(small_tally(), "executive", "customer"),
      cxgap::compare(small_tally(), "employee", "customer")};
  const std::string svg = cxgap::svg_chart(reports);
  EXPECT_TRUE(well_formed(svg));
  EXPECT_EQ(count(svg, "<g class=\"panel\">"), 2u);
  EXPECT_EQ(count(svg, "class=\"item-label\""), 6u);
  // Okabe–Ito in order of first appearance: executive, customer, employee.
  EXPECT_NE(svg.find("<tspan fill=\"#D55E00\">executive</tspan> vs <tspan fill=\"#0072B2\">"
                     "customer</tspan>"),
            std::string::npos);
  EXPECT_NE(svg.find("<tspan fill=\"#009E73\">employee</tspan> vs <tspan fill=\"#0072B2\">"
                     "customer</tspan>"),
            std::string::npos);
  EXPECT_LT(svg.find(">executive</tspan>"), svg.find(">employee</tspan>"));
  // `unanswered` has no p-value, so the adjusted family has two members.
  EXPECT_NE(svg.find("p adjusted by Holm across 2 items"), std::string::npos);
}

TEST(SvgChart, NamesTheAdjustmentAndTheLevel) {
  cxgap::report_options ro;
  ro.level = 0.9;
  ro.adjust = cxgap::p_adjust::benjamini_hochberg;
  const std::string svg =
      cxgap::svg_chart({cxgap::compare(small_tally(), "executive", "customer", ro)});
  EXPECT_NE(svg.find("90% confidence intervals"), std::string::npos);
  EXPECT_NE(svg.find("p adjusted by Benjamini\xE2\x80\x93Hochberg across 2 items"),
            std::string::npos);
  EXPECT_NE(svg.find("gap [90% CI]"), std::string::npos);
}

TEST(SvgChart, GivesTheSameBytesForTheSameInputWhateverTheLocale) {
  const auto reports = one_comparison();
  const std::string first = cxgap::svg_chart(reports);
  EXPECT_EQ(cxgap::svg_chart(reports), first);
  EXPECT_EQ(cxgap::svg_chart(one_comparison()), first);

  struct comma : std::numpunct<char> {
    char do_decimal_point() const override { return ','; }
    char do_thousands_sep() const override { return '.'; }
    std::string do_grouping() const override { return "\3"; }
  };
  std::ostringstream os;
  os.imbue(std::locale(std::locale::classic(), new comma));
  cxgap::write_svg_chart(os, reports);
  EXPECT_EQ(os.str(), first);
}

TEST(SvgChart, RejectsInvalidArguments) {
  const auto reports = one_comparison();
  cxgap::chart_options o;
  EXPECT_THROW(cxgap::svg_chart({}, o), cxgap::invalid_argument);
  o.alpha = 0;
  EXPECT_THROW(cxgap::svg_chart(reports, o), cxgap::invalid_argument);
  o.alpha = 1;
  EXPECT_THROW(cxgap::svg_chart(reports, o), cxgap::invalid_argument);
  o.alpha = std::nan("");
  EXPECT_THROW(cxgap::svg_chart(reports, o), cxgap::invalid_argument);
  o = {};
  o.width = 719;
  EXPECT_THROW(cxgap::svg_chart(reports, o), cxgap::invalid_argument);
  o.width = 720;
  EXPECT_NO_THROW(cxgap::svg_chart(reports, o));
  o.width = 10001;
  EXPECT_THROW(cxgap::svg_chart(reports, o), cxgap::invalid_argument);
  o = {};
  const cxgap::codebook other;  // lacks the reports' items
  o.scales = &other;
  try {
    cxgap::svg_chart(reports, o);
    ADD_FAILURE() << "no exception";
  } catch (const cxgap::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("item 'big_gap'"), std::string::npos) << e.what();
  }
  o.measure = cxgap::chart_measure::top_box;  // checked whatever the measure
  EXPECT_THROW(cxgap::svg_chart(reports, o), cxgap::invalid_argument);
}

TEST(SvgChart, ShortensLongItemNamesButKeepsThemInTheTooltip) {
  const std::string long_name(300, 'x');
  cxgap::survey s;
  const auto q = s.add_item({long_name, "", cxgap::scale::likert(1, 5)});
  for (int i = 0; i < 10; ++i) {
    s.set_response(s.add_respondent("A"), q, 1 + i % 5);
    s.set_response(s.add_respondent("B"), q, 1 + i % 4);
  }
  const std::string svg = cxgap::svg_chart({cxgap::compare(cxgap::make_tally(s), "A", "B")});
  EXPECT_NE(svg.find("<title>" + long_name + ":"), std::string::npos);
  EXPECT_NE(svg.find("x\xE2\x80\xA6</text>"), std::string::npos);  // "…"
  EXPECT_EQ(svg.find(long_name + "</text>"), std::string::npos);
}

// The bundled sample survey's chart (executive and employee vs customer, both measures), written
// to $CXGAP_CHART_OUT (or a temporary directory) as sample_mean.svg and sample_top_box.svg, for
// tests/chart/render_check.sh to validate with xmllint and render with rsvg-convert.
TEST(SvgChart, WritesTheSampleSurveyChartForRendering) {
  const cxgap::tally t = cxgap::make_tally(
      sample::read(std::string(CXGAP_SOURCE_DIR) + "/examples/data/sample_survey.csv"));
  cxgap::report_options ro;
  ro.rank.method = cxgap::rank_test_method::asymptotic;  // the chart does not use the rank test
  const std::vector<cxgap::gap_report> reports = {cxgap::compare(t, "executive", "customer", ro),
                                                  cxgap::compare(t, "employee", "customer", ro)};
  const char* env = std::getenv("CXGAP_CHART_OUT");
  const std::filesystem::path dir =
      env && *env ? std::filesystem::path(env)
                  : std::filesystem::path(::testing::TempDir()) / "cxgap_chart";
  std::filesystem::create_directories(dir);
  for (const auto measure : {cxgap::chart_measure::mean, cxgap::chart_measure::top_box}) {
    cxgap::chart_options o;
    o.measure = measure;
    o.scales = &t.codebook();
    const auto file =
        dir / (measure == cxgap::chart_measure::mean ? "sample_mean.svg" : "sample_top_box.svg");
    {
      std::ofstream out(file, std::ios::binary);
      cxgap::write_svg_chart(out, reports, o);
      ASSERT_TRUE(out.good()) << file;
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream written;
    written << in.rdbuf();
    const std::string svg = written.str();
    EXPECT_EQ(svg, cxgap::svg_chart(reports, o));
    EXPECT_TRUE(well_formed(svg));
    EXPECT_EQ(count(svg, "class=\"item-label\""), 20u);
    EXPECT_EQ(count(svg, "<g class=\"panel\">"), 2u);
  }
}

}  // namespace
