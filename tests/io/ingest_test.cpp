#include "cxgap/io/ingest.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cxgap/core/tally.hpp"
#include "cxgap/error.hpp"
#include "cxgap/io/csv.hpp"

#include "io/io_support.hpp"
#include "examples/sample_survey.hpp"

namespace {

using cxgap::input_errc;
using cxgap::input_error;
using cxgap::scale;
using cxgap::io::csv_reader;
using cxgap::io::ingest;
using cxgap::io::ingest_options;
using cxgap::io::ingest_result;
using cxgap::io::infer_spec;
using cxgap::io::item_spec;
using cxgap::io::survey_spec;

std::string sample_path() {
  return std::string(CXGAP_SOURCE_DIR) + "/examples/data/sample_survey.csv";
}

using cxgap::test::data_path;
using cxgap::test::memory_table;
using cxgap::test::spec_1_5;
using cxgap::test::thrown;

ingest_result ingest_text(const std::string& text, const survey_spec& spec,
                          const ingest_options& options = {}) {
  std::istringstream in(text);
  csv_reader reader(in, "survey.csv");
  return ingest(reader, spec, options);
}

// The bundled sample survey's codebook as a spec: its items, scales and matches.
survey_spec sample_spec() {
  const cxgap::survey s = sample::codebook();
  survey_spec spec;
  spec.group = "group";
  spec.segments = {"region"};
  for (const auto& it : s.codebook().items())
    spec.items.push_back({it.id, it.id, it.text, it.scale});
  spec.matches = s.codebook().matches();
  return spec;
}

std::int64_t excluded(const ingest_result& r, const std::string& reason) {
  return r.summary.values_excluded.at(reason);
}

// ---- the tally ------------------------------------------------------------------------------

TEST(Ingest, TalliesItemsByGroupInOrderOfFirstAppearance) {
  const ingest_result r = ingest_text(
      "id,group,q1,q2\n"
      "1,customer,5,4\n"
      "2,executive,4,\n"
      "3,customer,2,9\n"
      "4,employee,1,3\n",
      spec_1_5({"q1", "q2"}));
  const cxgap::tally& t = r.tally;
  EXPECT_EQ(t.groups(), (std::vector<std::string>{"customer", "executive", "employee"}));
  EXPECT_FALSE(t.weighted());
  ASSERT_EQ(t.item_count(), 2u);
  EXPECT_EQ(t.codebook()[0].id, "q1");
  EXPECT_EQ(t.counts(0, 0).total(), 2);
  EXPECT_EQ(t.counts(0, 0)[4], 1);  // code 5
  EXPECT_EQ(t.counts(0, 0)[1], 1);  // code 2
  EXPECT_EQ(t.dont_know(1, 0), 1);
  EXPECT_EQ(t.missing(1, 1), 1);
  EXPECT_EQ(t.respondents(2), 1);
  EXPECT_EQ(r.summary.file, "survey.csv");
  EXPECT_EQ(r.summary.rows_read, 4);
  EXPECT_EQ(r.summary.rows_used, 4);
  EXPECT_EQ(excluded(r, "missing"), 1);
  EXPECT_EQ(excluded(r, "dont_know"), 1);
  for (const char* reason : {"non_numeric", "out_of_scale", "invalid_weight", "no_group",
                             "missing_design_value"})
    EXPECT_EQ(excluded(r, reason), 0) << reason;
}

TEST(Ingest, SampleSurveyGivesExactlyTheTallyOfTheExampleReader) {
  csv_reader reader(sample_path());
  const ingest_result r = ingest(reader, sample_spec());
  const cxgap::tally expected = cxgap::make_tally(sample::read(sample_path()));
  EXPECT_TRUE(r.tally == expected);
  EXPECT_EQ(r.tally.groups(), (std::vector<std::string>{"executive", "employee", "customer"}));
  ASSERT_EQ(r.tally.codebook().matches().size(), 1u);
  EXPECT_EQ(r.tally.codebook().matches()[0].name, "authority");
  EXPECT_EQ(r.tally.codebook().matches()[0].item_by_group.at("customer"), "solve_problem");
  EXPECT_EQ(r.summary.rows_read, 2340);
  EXPECT_EQ(r.summary.rows_used, 2340);
  // The file-level totals are the sums over the tally's cells.
  std::int64_t dont_know = 0, missing = 0;
  for (std::size_t i = 0; i < expected.item_count(); ++i)
    for (std::size_t g = 0; g < expected.groups().size(); ++g) {
      dont_know += expected.dont_know(i, g);
      missing += expected.missing(i, g);
    }
  EXPECT_EQ(excluded(r, "dont_know"), dont_know);
  EXPECT_EQ(excluded(r, "missing"), missing);
  EXPECT_GT(dont_know, 0);
}

TEST(Ingest, ChunksOfSevenRowsGiveTheSameTallyAsOneChunk) {
  ingest_options small;
  small.chunk_rows = 7;  // executives, employees and customers first appear in later chunks
  csv_reader one(sample_path());
  csv_reader many(sample_path());
  const ingest_result a = ingest(one, sample_spec());
  const ingest_result b = ingest(many, sample_spec(), small);
  EXPECT_TRUE(a.tally == b.tally);
  EXPECT_EQ(a.summary.values_excluded, b.summary.values_excluded);
  ingest_options single;
  single.chunk_rows = 1;
  csv_reader each(sample_path());
  EXPECT_TRUE(ingest(each, sample_spec(), single).tally == a.tally);
}

TEST(Ingest, WeightedChunksMergeWithGroupsThatAppearLate) {
  std::string text = "group,w,q1\n";
  for (int i = 0; i < 30; ++i)
    text += std::string(i < 12 ? "a" : i < 25 ? (i % 2 ? "b" : "a") : "c") + "," +
            (i % 3 == 0 ? "0.5" : i % 3 == 1 ? "1.25" : "2") + "," + std::to_string(1 + i % 5) +
            "\n";
  survey_spec spec = spec_1_5({"q1"});
  spec.weight = "w";
  ingest_options seven;
  seven.chunk_rows = 7;
  const ingest_result a = ingest_text(text, spec);
  const ingest_result b = ingest_text(text, spec, seven);
  EXPECT_TRUE(a.tally.weighted());
  EXPECT_EQ(a.tally.groups(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(a.tally == b.tally);  // weights are binary fractions: sums are exact
  double total = 0;
  for (std::size_t g = 0; g < 3; ++g) total += a.tally.respondent_weight(g);
  EXPECT_DOUBLE_EQ(total, 10 * (0.5 + 1.25 + 2));
}

TEST(Ingest, MatchesGoIntoTheCodebook) {
  survey_spec spec = spec_1_5({"q1", "q2"});
  spec.matches.push_back({"same", {{"executive", "q1"}, {"customer", "q2"}}});
  const ingest_result r = ingest_text("group,q1,q2\nexecutive,5,\ncustomer,,2\n", spec);
  ASSERT_EQ(r.tally.codebook().matches().size(), 1u);
  EXPECT_EQ(r.tally.codebook().matches()[0].item_by_group.at("executive"), "q1");
}

TEST(Ingest, ItemIdAndTextDefaultToTheColumnAndItsLabel) {
  survey_spec spec;
  spec.group = "audience";
  spec.items.push_back({"Q1", "above_average", "", scale::likert(1, 5)});
  spec.items.push_back({"Q2", "", "", scale::likert(1, 5)});
  csv_reader reader(data_path("qualtrics_export.csv"));
  const ingest_result r = ingest(reader, spec);
  EXPECT_EQ(r.tally.codebook()[0].id, "above_average");
  EXPECT_EQ(r.tally.codebook()[0].text, "The service is above average, in your view");
  EXPECT_EQ(r.tally.codebook()[1].id, "Q2");
  EXPECT_EQ(r.tally.codebook()[1].text, "Staff could solve my \"problem\"");
  EXPECT_EQ(r.tally.groups(), (std::vector<std::string>{"executive", "customer"}));
  EXPECT_EQ(r.summary.rows_read, 7);
  EXPECT_EQ(r.tally.counts(0, 0)[4], 2);  // two executives answered 5
  EXPECT_EQ(r.tally.missing(1, 1), 1);
}

// ---- parsing codes --------------------------------------------------------------------------

TEST(Ingest, CodesMayHaveBlanksASignAndAFractionOfZeros) {
  const ingest_result r = ingest_text(
      "group,q1\n"
      "g, 4 \n"
      "g,4.0\n"
      "g,+4\n"
      "g,4.000\n"
      "g,\t4\n"
      "g,\"  \"\n",
      spec_1_5({"q1"}));
  EXPECT_EQ(r.tally.counts(0, 0)[3], 5);
  EXPECT_EQ(r.tally.missing(0, 0), 1);  // blanks only: missing
}

TEST(Ingest, AnythingElseIsNonNumeric) {
  for (const char* bad : {"4.5", "4.", "1e1", "0x4", "four", "4-", "--4", ".0", "4 4", "+"}) {
    const std::string text = "group,q1\ng,\"" + std::string(bad) + "\"\n";
    const input_error e = thrown([&] { ingest_text(text, spec_1_5({"q1"})); });
    EXPECT_EQ(e.code(), input_errc::non_numeric_code) << bad;
    EXPECT_EQ(e.where().value, bad);
  }
}

// ---- errors (strict) ------------------------------------------------------------------------

TEST(Ingest, NonNumericCodeThrowsNamingFileRowColumnAndValue) {
  const input_error e = thrown([] {
    ingest_text("id,group,q1,q2\n1,exec,5,4\n2,cust,\"multi\nline\",3\n3,cust,x,3\n",
                spec_1_5({"q1", "q2"}));
  });
  EXPECT_EQ(e.code(), input_errc::non_numeric_code);
  EXPECT_EQ(e.where().file, "survey.csv");
  EXPECT_EQ(e.where().row, 3);
  EXPECT_EQ(e.where().column, "q1");
  EXPECT_EQ(e.where().value, "multi\nline");
  const input_error e2 = thrown([] {
    ingest_text("id,group,q1,q2\n1,exec,5,4\n2,cust,2,3\n3,cust,x,3\n", spec_1_5({"q1", "q2"}));
  });
  EXPECT_STREQ(e2.what(),
               "cxgap input error 2: survey.csv:row 4: column 'q1': value 'x': is not an "
               "integer code (item 'q1')");
}

TEST(Ingest, CodeOutsideTheScaleThrowsNamingFileRowColumnAndValue) {
  const input_error e = thrown([] {
    ingest_text("group,q1\nexec,5\nexec,9\ncust,7\n", spec_1_5({"q1"}));
  });
  EXPECT_EQ(e.code(), input_errc::code_outside_scale);
  EXPECT_EQ(e.where().row, 4);
  EXPECT_STREQ(e.what(),
               "cxgap input error 3: survey.csv:row 4: column 'q1': value '7': the code is "
               "outside the scale 1..5 (don't know: 9) of item 'q1'");
  survey_spec plain;
  plain.group = "group";
  plain.items.push_back({"q1", "sat", "", scale::likert(1, 5)});
  const input_error e2 = thrown([&] { ingest_text("group,q1\nexec,0\n", plain); });
  EXPECT_STREQ(e2.what(),
               "cxgap input error 3: survey.csv:row 2: column 'q1': value '0': the code is "
               "outside the scale 1..5 of item 'sat'");
  const input_error e3 =
      thrown([&] { ingest_text("group,q1\nexec,99999999999999999999\n", plain); });
  EXPECT_EQ(e3.code(), input_errc::code_outside_scale);
}

TEST(Ingest, InvalidWeightThrowsSayingWhy) {
  survey_spec spec = spec_1_5({"q1"});
  spec.weight = "w";
  const std::map<std::string, std::string> why = {
      {"", "the weight is empty"},       {"abc", "the weight is not a number"},
      {"-1", "the weight is negative"},  {"-0.5", "the weight is negative"},
      {"nan", "the weight is not finite"}, {"inf", "the weight is not finite"},
      {"-inf", "the weight is not finite"}, {"1e999", "the weight is not finite"},
      {"1,5", "the weight is not a number"}, {"2kg", "the weight is not a number"}};
  for (const auto& [value, reason] : why) {
    const input_error e = thrown(
        [&] { ingest_text("group,w,q1\ng,1,3\ng,\"" + value + "\",3\n", spec); });
    EXPECT_EQ(e.code(), input_errc::invalid_weight) << value;
    EXPECT_EQ(e.where().row, 3);
    EXPECT_EQ(e.where().column, "w");
    EXPECT_EQ(e.where().value, value);
    const std::string what = e.what();
    EXPECT_NE(what.find("survey.csv:row 3: column 'w':"), std::string::npos) << what;
    EXPECT_NE(what.find(reason + " (a weight must be a finite number > 0)"), std::string::npos)
        << what;
  }
  const input_error e = thrown([&] { ingest_text("group,w,q1\ng,-2,3\n", spec); });
  EXPECT_STREQ(e.what(),
               "cxgap input error 4: survey.csv:row 2: column 'w': value '-2': the weight is "
               "negative (a weight must be a finite number > 0)");
  // A weight makes the report design-based, and a design weight (1 / the probability of
  // selection) is positive: zero is refused too.
  const input_error zero = thrown([&] { ingest_text("group,w,q1\ng,1,3\ng,0,3\n", spec); });
  EXPECT_EQ(zero.code(), input_errc::invalid_weight);
  EXPECT_STREQ(zero.what(),
               "cxgap input error 4: survey.csv:row 3: column 'w': value '0': the weight is 0 (a "
               "design weight must be positive: it is 1 / the probability of selection)");
  // Valid weights: a sign, an exponent, blanks.
  const ingest_result r = ingest_text("group,w,q1\ng,0.5,3\ng,+1.5,3\ng,2e-1,3\ng, 3 ,3\n", spec);
  EXPECT_DOUBLE_EQ(r.tally.respondent_weight(0), 0.5 + 1.5 + 0.2 + 3);
}

TEST(Ingest, UnknownColumnThrowsListingTheColumns) {
  const std::string text = "id,group,q1\n1,g,3\n";
  const auto check = [&](const survey_spec& spec, const std::string& column,
                         const std::string& role) {
    const input_error e = thrown([&] { ingest_text(text, spec); });
    EXPECT_EQ(e.code(), input_errc::unknown_column) << role;
    EXPECT_EQ(e.where().column, column);
    EXPECT_EQ(e.where().row, 0);
    EXPECT_EQ(std::string(e.what()),
              "cxgap input error 1: survey.csv: column '" + column + "': the " + role +
                  " column is not in the file; its columns are 'id', 'group', 'q1'");
    std::istringstream in(text);
    csv_reader reader(in, "survey.csv");
    const input_error e2 = thrown([&] { infer_spec(reader, spec); });
    EXPECT_EQ(e2.code(), input_errc::unknown_column) << role;
  };
  check(spec_1_5({"q1"}, "audience"), "audience", "group");
  survey_spec s = spec_1_5({"q1"});
  s.weight = "weight";
  check(s, "weight", "weight");
  s = spec_1_5({"q1"});
  s.stratum = "region";
  check(s, "region", "stratum");
  s = spec_1_5({"q1"});
  s.cluster = "store";
  check(s, "store", "cluster");
  s = spec_1_5({"q1"});
  s.segments = {"wave"};
  check(s, "wave", "segment");
  check(spec_1_5({"q1", "q9"}), "q9", "item");
}

TEST(Ingest, MissingStratumOrClusterThrowsInStrictMode) {
  survey_spec spec = spec_1_5({"q1"});
  spec.stratum = "region";
  spec.cluster = "store";
  // Two PSUs in EMEA, so the one complete row's stratum is not a lonely PSU under "fail".
  const std::string text =
      "group,region,store,q1\ng,EMEA,s1,3\ng,,s2,4\ng,AMER,,5\ng,EMEA,s3,2\n";
  const input_error e = thrown([&] { ingest_text(text, spec); });
  EXPECT_EQ(e.code(), input_errc::missing_design_value);
  EXPECT_STREQ(e.what(),
               "cxgap input error 7: survey.csv:row 3: column 'region': the stratum is empty "
               "(every row needs one when a stratum column is declared)");
  ingest_options lenient;
  lenient.lenient = true;
  const ingest_result r = ingest_text(text, spec, lenient);
  EXPECT_EQ(r.summary.rows_read, 4);
  EXPECT_EQ(r.summary.rows_used, 2);
  EXPECT_EQ(excluded(r, "missing_design_value"), 2);
  EXPECT_EQ(r.tally.respondents(0), 2);
  // Segments may be empty.
  survey_spec seg = spec_1_5({"q1"});
  seg.segments = {"region"};
  EXPECT_EQ(ingest_text(text, seg).summary.rows_used, 4);
}

TEST(Ingest, RowsWithoutAGroupAreCountedNeverAnError) {
  const ingest_result r =
      ingest_text("group,q1\ng,3\n,x\n  ,7\ng,4\n", spec_1_5({"q1"}));
  EXPECT_EQ(r.summary.rows_read, 4);
  EXPECT_EQ(r.summary.rows_used, 2);
  EXPECT_EQ(excluded(r, "no_group"), 2);
  EXPECT_EQ(excluded(r, "non_numeric"), 0);
  EXPECT_EQ(r.tally.respondents(0), 2);
}

TEST(Ingest, MoreThan254GroupsThrows) {
  std::string text = "group,q1\n";
  for (int g = 0; g < 255; ++g) text += "g" + std::to_string(g) + ",1\n";
  const input_error e = thrown([&] { ingest_text(text, spec_1_5({"q1"})); });
  EXPECT_EQ(e.where().row, 256);
  EXPECT_EQ(e.where().column, "group");
  EXPECT_EQ(e.where().value, "g254");
  EXPECT_NE(std::string(e.what()).find("more than 254 distinct group labels"), std::string::npos);
  text.resize(text.rfind("g254"));
  EXPECT_EQ(ingest_text(text, spec_1_5({"q1"})).tally.groups().size(), 254u);
}

TEST(Ingest, PreconditionsThrowInvalidArgument) {
  survey_spec no_group = spec_1_5({"q1"}, "");
  EXPECT_THROW(ingest_text("group,q1\ng,1\n", no_group), cxgap::invalid_argument);
  survey_spec no_scale;
  no_scale.group = "group";
  no_scale.items.push_back({"q1", "q1", "", std::nullopt});
  EXPECT_THROW(ingest_text("group,q1\ng,1\n", no_scale), cxgap::invalid_argument);
  ingest_options zero;
  zero.chunk_rows = 0;
  EXPECT_THROW(ingest_text("group,q1\ng,1\n", spec_1_5({"q1"}), zero), cxgap::invalid_argument);
}

// ---- lenient mode ---------------------------------------------------------------------------

TEST(Ingest, LenientModeExcludesAndCountsBadValues) {
  survey_spec spec = spec_1_5({"q1", "q2"});
  spec.weight = "w";
  ingest_options lenient;
  lenient.lenient = true;
  const ingest_result r = ingest_text(
      "group,w,q1,q2\n"
      "a,1,5,x\n"      // non-numeric q2
      "a,1,7,2\n"      // q1 outside the scale
      "a,-1,5,5\n"     // invalid weight: row dropped
      "b,nan,5,5\n"    // invalid weight: row dropped (b never used)
      ",1,1,1\n"       // no group
      "c,2,9,\n"       // don't know, missing
      "c,1,4.5,6\n",   // both bad
      spec, lenient);
  EXPECT_EQ(r.summary.rows_read, 7);
  EXPECT_EQ(r.summary.rows_used, 4);
  EXPECT_EQ(excluded(r, "non_numeric"), 2);
  EXPECT_EQ(excluded(r, "out_of_scale"), 2);
  EXPECT_EQ(excluded(r, "invalid_weight"), 2);
  EXPECT_EQ(excluded(r, "no_group"), 1);
  EXPECT_EQ(excluded(r, "dont_know"), 1);
  EXPECT_EQ(excluded(r, "missing"), 1);
  const cxgap::tally& t = r.tally;
  EXPECT_EQ(t.groups(), (std::vector<std::string>{"a", "c"}));
  // Excluded values are missing in the tally.
  EXPECT_EQ(t.missing(0, 0), 1);
  EXPECT_EQ(t.missing(1, 0), 1);
  EXPECT_EQ(t.counts(0, 0).total(), 1);
  EXPECT_EQ(t.missing(0, 1), 1);
  EXPECT_EQ(t.dont_know(0, 1), 1);
  EXPECT_EQ(t.missing(1, 1), 2);
  EXPECT_DOUBLE_EQ(t.respondent_weight(1), 3.0);
}

// ---- value labels and user-missing codes ---------------------------------------------------

TEST(Ingest, ValueLabelsBecomeScaleLabelsAndUserMissingCodesAreMissing) {
  cxgap::io::column_info q1{
      "q1", "Satisfied?", {{1, "no"}, {3, "yes"}, {9, "don't know"}}, {8, 99}};
  memory_table table({{"group", "", {}, {}}, q1},
                     {{"g", "1"}, {"g", "8"}, {"g", "99"}, {"g", "9"}, {"g", "3"}});
  survey_spec spec;
  spec.group = "group";
  spec.items.push_back({"q1", "", "", scale::likert(1, 3).with_dont_know({9})});
  const ingest_result r = ingest(table, spec);
  const scale& s = r.tally.codebook()[0].scale;
  EXPECT_EQ(s.label(1), "no");
  EXPECT_EQ(s.label(2), "");
  EXPECT_EQ(s.label(3), "yes");
  EXPECT_EQ(r.tally.codebook()[0].text, "Satisfied?");
  EXPECT_EQ(r.tally.missing(0, 0), 2);
  EXPECT_EQ(r.tally.dont_know(0, 0), 1);
  EXPECT_EQ(excluded(r, "missing"), 2);
  EXPECT_EQ(r.summary.file, "memory");
  // A declared don't-know code wins over a user-missing code; declared labels are kept.
  memory_table again({{"group", "", {}, {}}, {"q1", "", {{1, "no"}}, {9}}}, {{"g", "9"}});
  survey_spec labelled = spec;
  labelled.items[0].scale = scale::likert(1, 3).with_dont_know({9}).with_labels({"a", "b", "c"});
  const ingest_result r2 = ingest(again, labelled);
  EXPECT_EQ(r2.tally.dont_know(0, 0), 1);
  EXPECT_EQ(r2.tally.codebook()[0].scale.label(1), "a");
}

TEST(Ingest, ReportsProgressAfterChunksAndAtTheEnd) {
  csv_reader reader(sample_path());
  ingest_options o;
  o.chunk_rows = 1000;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
  o.progress = [&](std::uint64_t done, std::uint64_t total) { calls.emplace_back(done, total); };
  ingest(reader, sample_spec(), o);
  ASSERT_EQ(calls.size(), 3u);  // after rows 1000 and 2000, and at the end
  EXPECT_LT(calls[0].first, calls[1].first);
  EXPECT_EQ(calls.back().first, calls.back().second);
  EXPECT_GT(calls.back().second, 0u);
}

// ---- inference ------------------------------------------------------------------------------

TEST(InferSpec, SmallRangeIntegerColumnsBecomeItemsOnTheirObservedRange) {
  std::istringstream in(
      "respondent,group,w,q1,q2,nps,label,flag,const,wide,half,empty\n"
      "1,a,1.5,1,2,0,x,0,3,1,1.0,\n"
      "2,a,1,5,,10,y,1,3,12,2.5,\n"
      "3,b,1,3,4.0,7,z,1,3,5,2,\n"
      "4,b,1,2,5,3,w,0,3,4,1,\n"
      "100,b,2,4,3,9,v,1,3,3,1,\n");
  csv_reader reader(in, "survey.csv");
  survey_spec spec;
  spec.group = "group";
  spec.weight = "w";
  const survey_spec out = infer_spec(reader, spec);
  ASSERT_EQ(out.items.size(), 4u);
  EXPECT_EQ(out.items[0].column, "q1");
  EXPECT_EQ(out.items[0].id, "q1");
  EXPECT_EQ(out.items[0].text, "q1");
  EXPECT_TRUE(out.items[0].scale->same_shape(scale::likert(1, 5)));
  EXPECT_EQ(out.items[1].column, "q2");
  EXPECT_TRUE(out.items[1].scale->same_shape(scale::likert(2, 5)));
  EXPECT_EQ(out.items[2].column, "nps");
  EXPECT_TRUE(*out.items[2].scale == scale::nps());
  EXPECT_EQ(out.items[3].column, "flag");
  EXPECT_TRUE(out.items[3].scale->same_shape(scale(0, 1)));
  EXPECT_EQ(out.group, "group");
  EXPECT_EQ(out.weight, "w");
}

TEST(InferSpec, DeclaredItemsAreKeptAndAScalelessOneGetsItsObservedRange) {
  std::istringstream in("group,q1,q2,score\na,1,5,0\nb,3,9,40\n");
  csv_reader reader(in, "survey.csv");
  survey_spec spec;
  spec.group = "group";
  spec.items.push_back({"q1", "first", "Declared text", scale::likert(1, 7)});
  spec.items.push_back({"score", "", "", std::nullopt});
  const survey_spec out = infer_spec(reader, spec);
  ASSERT_EQ(out.items.size(), 2u);  // q2 is not added: the items were declared
  EXPECT_EQ(out.items[0].id, "first");
  EXPECT_EQ(out.items[0].text, "Declared text");
  EXPECT_TRUE(out.items[0].scale->same_shape(scale::likert(1, 7)));
  EXPECT_EQ(out.items[1].id, "score");
  EXPECT_TRUE(out.items[1].scale->same_shape(scale::likert(0, 40)));  // wider than 10: declared
}

TEST(InferSpec, ADeclaredItemWithoutUsableCodesThrows) {
  const auto infer = [](const std::string& text) {
    std::istringstream in(text);
    csv_reader reader(in, "survey.csv");
    survey_spec spec;
    spec.group = "group";
    spec.items.push_back({"q1", "", "", std::nullopt});
    return infer_spec(reader, spec);
  };
  const input_error e = thrown([&] { infer("group,q1\na,1\nb,yes\n"); });
  EXPECT_EQ(e.code(), input_errc::non_numeric_code);
  EXPECT_STREQ(e.what(),
               "cxgap input error 2: survey.csv:row 3: column 'q1': value 'yes': is not an "
               "integer code, so no scale can be inferred for item 'q1'; declare its scale");
  const input_error e2 = thrown([&] { infer("group,q1\na,4\nb,4\n"); });
  EXPECT_EQ(e2.code(), input_errc::code_outside_scale);
  EXPECT_STREQ(e2.what(),
               "cxgap input error 3: survey.csv: column 'q1': no scale can be inferred for item "
               "'q1': every code is 4; declare its scale");
  EXPECT_EQ(thrown([&] { infer("group,q1\na,\n"); }).code(), input_errc::code_outside_scale);
  EXPECT_EQ(thrown([&] { infer("group,q1\na,0\nb,1000\n"); }).code(),
            input_errc::code_outside_scale);
}

TEST(InferSpec, QualtricsExportGivesItemsWithQuestionTextsAndSkipsMetadata) {
  csv_reader reader(data_path("qualtrics_export.csv"));
  survey_spec spec;
  spec.group = "audience";
  const survey_spec out = infer_spec(reader, spec);
  // Status (0), Progress (50..100), Finished (0/1), Duration: not items.
  ASSERT_EQ(out.items.size(), 3u);
  EXPECT_EQ(out.items[0].column, "Q1");
  EXPECT_EQ(out.items[0].text, "The service is above average, in your view");
  EXPECT_TRUE(out.items[0].scale->same_shape(scale::likert(1, 5)));
  EXPECT_EQ(out.items[1].column, "Q2");
  EXPECT_TRUE(out.items[1].scale->same_shape(scale::likert(2, 5)));
  EXPECT_EQ(out.items[2].column, "Q3_NPS_GROUP");
  EXPECT_TRUE(out.items[2].scale->is_nps());

  csv_reader again(data_path("qualtrics_export.csv"));
  const ingest_result r = ingest(again, out);
  EXPECT_EQ(r.summary.rows_used, 7);
  EXPECT_EQ(r.tally.counts(2, 0)[10], 1);  // one executive answered 10
}

TEST(InferSpec, ErrorsInAQualtricsExportNameThePhysicalLine) {
  // Line 1 header, 2-3 question texts (one line break), 4 import ids, 5-6 data.
  const std::string text =
      "group,Q1\n"
      "\"Who?\",\"Is it\ngood?\"\n"
      "\"{\"\"ImportId\"\":\"\"QID9\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\"\n"
      "a,4\n"
      "b,6\n";
  std::istringstream in(text);
  csv_reader reader(in, "export.csv");
  ASSERT_TRUE(reader.qualtrics());
  const input_error e = thrown([&] { ingest(reader, spec_1_5({"Q1"})); });
  EXPECT_EQ(e.where().row, 6);
  EXPECT_EQ(e.where().value, "6");
}

TEST(InferSpec, ValueLabelsWidenTheScaleToUnusedLabelledCodes) {
  cxgap::io::column_info q1{"q1", "Agree?", {{1, "no"}, {2, "meh"}, {3, "yes"}}, {}};
  cxgap::io::column_info q2{"q2", "", {{1, "a"}, {99, "refused"}}, {99}};
  cxgap::io::column_info q3{"q3", "", {{1, "a"}, {50, "far"}}, {}};
  memory_table table({{"group", "", {}, {}}, q1, q2, q3},
                     {{"g", "2", "1", "2"}, {"g", "3", "3", "3"}, {"g", "", "99", "2"}});
  survey_spec spec;
  spec.group = "group";
  const survey_spec out = infer_spec(table, spec);
  ASSERT_EQ(out.items.size(), 3u);
  EXPECT_TRUE(out.items[0].scale->same_shape(scale::likert(1, 3)));  // 1 is labelled, unused
  EXPECT_EQ(out.items[0].scale->label(1), "no");
  EXPECT_EQ(out.items[0].text, "Agree?");
  EXPECT_TRUE(out.items[1].scale->same_shape(scale::likert(1, 3)));  // 99 is user-missing
  EXPECT_TRUE(out.items[2].scale->same_shape(scale::likert(2, 3)));  // 1..50 too wide
}

TEST(InferSpec, WithoutCandidatesTheSpecComesBackUnchanged) {
  std::istringstream in("group,name\na,x\n");
  csv_reader reader(in, "survey.csv");
  survey_spec spec;
  spec.group = "group";
  EXPECT_TRUE(infer_spec(reader, spec).items.empty());
}

}  // namespace
