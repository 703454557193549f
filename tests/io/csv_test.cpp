#include "cxgap/io/csv.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "cxgap/error.hpp"
#include "cxgap/io/detail/csv_scan.hpp"

#include "io/io_support.hpp"

namespace {

using cxgap::input_errc;
using cxgap::input_error;
using cxgap::io::csv_options;
using cxgap::io::csv_reader;

using cxgap::test::data_path;

struct record {
  std::int64_t line;
  std::vector<std::string> fields;
  friend bool operator==(const record& a, const record& b) {
    return a.line == b.line && a.fields == b.fields;
  }
  friend void PrintTo(const record& r, std::ostream* os) {
    *os << "line " << r.line << ":";
    for (const auto& f : r.fields) *os << " [" << f << "]";
  }
};

std::vector<record> read_all(csv_reader& r) {
  std::vector<record> out;
  std::vector<std::string_view> f;
  while (r.next(f)) out.push_back({r.row(), std::vector<std::string>(f.begin(), f.end())});
  return out;
}

std::vector<record> read_text(const std::string& text, csv_options options = {}) {
  std::istringstream in(text);
  csv_reader r(in, "mem.csv", options);
  return read_all(r);
}

std::vector<std::string> names(const csv_reader& r) {
  std::vector<std::string> n;
  for (const auto& c : r.columns()) n.push_back(c.name);
  return n;
}

using cxgap::test::thrown;

using field_rows = std::vector<std::vector<std::string>>;
field_rows fields_of(const std::vector<record>& recs) {
  field_rows out;
  for (const auto& r : recs) out.push_back(r.fields);
  return out;
}

// ---- RFC 4180 -------------------------------------------------------------------------------

TEST(CsvReader, ReadsHeaderAndUnquotedRecords) {
  std::istringstream in("id,group,q1\n1,executive,5\n2,customer,3\n");
  csv_reader r(in, "mem.csv");
  EXPECT_EQ(names(r), (std::vector<std::string>{"id", "group", "q1"}));
  EXPECT_EQ(r.file(), "mem.csv");
  EXPECT_EQ(r.delimiter(), ',');
  EXPECT_FALSE(r.qualtrics());
  const auto recs = read_all(r);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0], (record{2, {"1", "executive", "5"}}));
  EXPECT_EQ(recs[1], (record{3, {"2", "customer", "3"}}));
}

TEST(CsvReader, QuotedFieldsHoldDelimitersDoubledQuotesAndLineBreaks) {
  const auto recs = read_text(
      "a,b,c\n"
      "\"x,y\",\"he said \"\"hi\"\"\",\"two\nlines\"\n"
      "\"\",\"\"\"\",\"\"\"quoted\"\"\"\n"
      "\"crlf\r\ninside\",plain,\"end\"\n");
  EXPECT_EQ(fields_of(recs), (field_rows{{"x,y", "he said \"hi\"", "two\nlines"},
                                   {"", "\"", "\"quoted\""},
                                   {"crlf\r\ninside", "plain", "end"}}));
}

TEST(CsvReader, QuotedHeaderNamesAreUnquoted) {
  std::istringstream in("\"id\",\"the \"\"group\"\"\",\"q,1\"\n1,2,3\n");
  csv_reader r(in, "mem.csv");
  EXPECT_EQ(names(r), (std::vector<std::string>{"id", "the \"group\"", "q,1"}));
}

TEST(CsvReader, EmptyFieldsAnywhereInTheRecord) {
  EXPECT_EQ(fields_of(read_text("a,b,c\n,,\n1,,\n,,3\n\"\",,\"\"")),
            (field_rows{{"", "", ""}, {"1", "", ""}, {"", "", "3"}, {"", "", ""}}));
}

TEST(CsvReader, LastRecordNeedNotEndWithALineBreak) {
  EXPECT_EQ(fields_of(read_text("a,b\n1,2")), (field_rows{{"1", "2"}}));
  EXPECT_EQ(fields_of(read_text("a,b\n1,")), (field_rows{{"1", ""}}));
  EXPECT_EQ(fields_of(read_text("a,b\n1,\"x\"")), (field_rows{{"1", "x"}}));
  EXPECT_EQ(fields_of(read_text("a,b\n1,\"\"")), (field_rows{{"1", ""}}));
}

TEST(CsvReader, QuoteInsideAnUnquotedFieldIsText) {
  EXPECT_EQ(fields_of(read_text("a,b\n5\" screen,x\"y\n")), (field_rows{{"5\" screen", "x\"y"}}));
}

TEST(CsvReader, LfCrlfAndLoneCrEndRecordsAlike) {
  const field_rows expected{{"1", "2"}, {"3", "4"}};
  const auto lf = read_text("a,b\n1,2\n3,4\n");
  const auto crlf = read_text("a,b\r\n1,2\r\n3,4\r\n");
  const auto cr = read_text("a,b\r1,2\r3,4\r");
  EXPECT_EQ(fields_of(lf), expected);
  EXPECT_EQ(lf, crlf);
  EXPECT_EQ(lf, cr);
  EXPECT_EQ(crlf[1].line, 3);
}

TEST(CsvReader, RowIsThePhysicalLineWhereTheRecordStarts) {
  const auto recs = read_text(
      "a,b\r\n"
      "1,\"one\r\ntwo\r\nthree\"\r\n"  // lines 2-4
      "2,x\r\n"                        // line 5
      "3,\"a\nb\"\n"                   // lines 6-7
      "4,y\n");                        // line 8
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[0].line, 2);
  EXPECT_EQ(recs[1].line, 5);
  EXPECT_EQ(recs[2].line, 6);
  EXPECT_EQ(recs[3].line, 8);
}

TEST(CsvReader, BlankLinesAreSkippedButCounted) {
  const auto recs = read_text("a,b\n\n1,2\r\n\r\n\n3,4\n\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0], (record{3, {"1", "2"}}));
  EXPECT_EQ(recs[1], (record{6, {"3", "4"}}));
}

TEST(CsvReader, ByteOrderMarkIsSkipped) {
  std::istringstream in("\xEF\xBB\xBFid,q1\n1,5\n");
  csv_reader r(in, "bom.csv");
  EXPECT_EQ(names(r), (std::vector<std::string>{"id", "q1"}));
  EXPECT_EQ(fields_of(read_all(r)), (field_rows{{"1", "5"}}));
}

TEST(CsvReader, Utf8TextPassesThroughUnchanged) {
  EXPECT_EQ(fields_of(read_text("name,city\n\"Müller, Jörg\",Zürich – Genève\n")),
            (field_rows{{"Müller, Jörg", "Zürich – Genève"}}));
}

TEST(CsvReader, HeaderOnlyFileHasNoRecords) {
  std::istringstream in("a,b\n");
  csv_reader r(in, "mem.csv");
  std::vector<std::string_view> f;
  EXPECT_FALSE(r.next(f));
  EXPECT_FALSE(r.next(f));
  EXPECT_EQ(r.columns().size(), 2u);
}

// ---- delimiters -----------------------------------------------------------------------------

TEST(CsvReader, DetectsCommaSemicolonAndTabFromTheHeader) {
  const field_rows expected{{"1", "x,y", "3"}};
  for (const char* text : {"a,b,c\n1,\"x,y\",3\n", "a;b;c\n1;x,y;3\n", "a\tb\tc\n1\tx,y\t3\n"}) {
    std::istringstream in(text);
    csv_reader r(in, "mem.csv");
    EXPECT_EQ(names(r), (std::vector<std::string>{"a", "b", "c"})) << text;
    EXPECT_EQ(fields_of(read_all(r)), expected) << text;
  }
  std::istringstream semi("a;b\n1;2\n");
  EXPECT_EQ(csv_reader(semi, "m").delimiter(), ';');
  std::istringstream tab("a\tb\n1\t2\n");
  EXPECT_EQ(csv_reader(tab, "m").delimiter(), '\t');
}

TEST(CsvReader, DetectionIgnoresDelimitersInsideQuotedHeaderNames) {
  std::istringstream in("\"a,b,c\";\"d,e\";f\n1;2;3\n");
  csv_reader r(in, "mem.csv");
  EXPECT_EQ(r.delimiter(), ';');
  EXPECT_EQ(names(r), (std::vector<std::string>{"a,b,c", "d,e", "f"}));
}

TEST(CsvReader, SingleColumnFileDefaultsToComma) {
  std::istringstream in("q1\n5\n4\n");
  csv_reader r(in, "mem.csv");
  EXPECT_EQ(r.delimiter(), ',');
  EXPECT_EQ(fields_of(read_all(r)), (field_rows{{"5"}, {"4"}}));
}

TEST(CsvReader, AGivenDelimiterOverridesDetection) {
  csv_options o;
  o.delimiter = '|';
  EXPECT_EQ(fields_of(read_text("a|b,c\n1|2,3\n", o)), (field_rows{{"1", "2,3"}}));
  o.delimiter = ';';
  EXPECT_EQ(fields_of(read_text("a,b;c\n1,2;3\n", o)), (field_rows{{"1,2", "3"}}));
}

TEST(CsvReader, ReadsTheSemicolonCrlfBomTestFile) {
  csv_reader r(data_path("plain_semicolon.csv"));
  EXPECT_EQ(r.delimiter(), ';');
  EXPECT_FALSE(r.qualtrics());
  EXPECT_EQ(names(r), (std::vector<std::string>{"id", "group", "q1", "q2", "comment"}));
  const auto recs = read_all(r);
  ASSERT_EQ(recs.size(), 6u);
  EXPECT_EQ(recs[1], (record{3, {"2", "executive", "4", "", "semi;colon"}}));
  EXPECT_EQ(recs[2], (record{4, {"3", "customer", "2", "3", "he said \"fine\""}}));
  EXPECT_EQ(recs[3], (record{5, {"4", "customer", "1", "2", "two\nlines"}}));
  EXPECT_EQ(recs[4], (record{7, {"5", "customer", "3", "9", ""}}));
  EXPECT_EQ(recs[5], (record{8, {"6", "customer", "4", "5", "Zürich – ok"}}));
  std::ifstream f(data_path("plain_semicolon.csv"), std::ios::binary | std::ios::ate);
  const auto size = static_cast<std::uint64_t>(f.tellg());
  EXPECT_EQ(r.bytes_total(), size);
  EXPECT_EQ(r.bytes_read(), size);
}

TEST(CsvReader, ReadsTheTabTestFile) {
  csv_reader r(data_path("plain_tabs.csv"));
  EXPECT_EQ(r.delimiter(), '\t');
  EXPECT_EQ(fields_of(read_all(r)), (field_rows{{"1", "executive", "5", "4", "plain"},
                                          {"2", "executive", "4", "", "tab\tinside"},
                                          {"3", "customer", "2", "3", "a, b; c"}}));
}

// ---- Qualtrics ------------------------------------------------------------------------------

TEST(CsvReader, RecognisesAQualtricsExportAndKeepsItsQuestionTexts) {
  csv_reader r(data_path("qualtrics_export.csv"));
  EXPECT_TRUE(r.qualtrics());
  ASSERT_EQ(r.columns().size(), 12u);
  EXPECT_EQ(r.columns()[7].name, "audience");
  EXPECT_EQ(r.columns()[7].label, "Which describes you?");
  EXPECT_EQ(r.columns()[8].label, "The service is above average, in your view");
  EXPECT_EQ(r.columns()[9].label, "Staff could solve my \"problem\"");
  EXPECT_EQ(r.columns()[10].label, "How likely are you to recommend us?\r\n(0-10)");
  const auto recs = read_all(r);
  ASSERT_EQ(recs.size(), 7u);
  // Line 1 header, lines 2-3 question texts (one holds a line break), line 4 import ids.
  EXPECT_EQ(recs[0].line, 5);
  EXPECT_EQ(recs[0].fields[6], "R_1");
  EXPECT_EQ(recs[0].fields[11], "Great, \"really\"");
  EXPECT_EQ(recs[3].line, 8);  // its comment spans lines 8-9
  EXPECT_EQ(recs[3].fields[11], "Slow;\r\nnever called back");
  EXPECT_EQ(recs[4].line, 10);
  EXPECT_EQ(recs[6].line, 12);
}

TEST(CsvReader, QualtricsDetectionNeedsImportIdsInMostFieldsOfRow3) {
  const std::string header = "a,b,c\n";
  const std::string texts = "A?,B?,C?\n";
  // Two of three non-empty fields are import ids: Qualtrics.
  {
    std::istringstream in(header + texts +
                          "\"{\"\"ImportId\"\":\"\"QID1\"\"}\","
                          "\"{\"\"ImportId\"\":\"\"QID2\"\"}\",x\n"
                          "1,2,3\n");
    csv_reader r(in, "q.csv");
    EXPECT_TRUE(r.qualtrics());
    EXPECT_EQ(r.columns()[2].label, "C?");
    const auto recs = read_all(r);
    EXPECT_EQ(recs, (std::vector<record>{{4, {"1", "2", "3"}}}));
  }
  // One of three: not Qualtrics, and rows 2-3 are ordinary records.
  {
    std::istringstream in(header + texts + "\"{\"\"ImportId\"\":\"\"QID1\"\"}\",y,x\n1,2,3\n");
    csv_reader r(in, "q.csv");
    EXPECT_FALSE(r.qualtrics());
    EXPECT_EQ(r.columns()[0].label, "");
    const auto recs = read_all(r);
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[0], (record{2, {"A?", "B?", "C?"}}));
    EXPECT_EQ(recs[1].line, 3);
    EXPECT_EQ(recs[2], (record{4, {"1", "2", "3"}}));
  }
  // Files of fewer than three rows are read as they are.
  EXPECT_EQ(fields_of(read_text("a\n1\n")), (field_rows{{"1"}}));
  EXPECT_EQ(fields_of(read_text("a\n1\n2\n")), (field_rows{{"1"}, {"2"}}));
}

TEST(CsvReader, QualtricsModeCanBeForcedOnOrOff) {
  csv_options off;
  off.qualtrics = false;
  csv_reader r(data_path("qualtrics_export.csv"), off);
  EXPECT_FALSE(r.qualtrics());
  EXPECT_EQ(r.columns()[8].label, "");
  const auto recs = read_all(r);
  ASSERT_EQ(recs.size(), 9u);
  EXPECT_EQ(recs[0].line, 2);
  EXPECT_EQ(recs[1].line, 4);
  EXPECT_EQ(recs[1].fields[8], "{\"ImportId\":\"QID1\"}");

  csv_options on;
  on.qualtrics = true;
  EXPECT_EQ(fields_of(read_text("a,b\nA?,B?\nx,y\n1,2\n", on)), (field_rows{{"1", "2"}}));
  std::istringstream two("a,b\nA?,B?\n");
  const input_error e = thrown([&] { csv_reader rr(two, "short.csv", on); });
  EXPECT_EQ(e.code(), input_errc::malformed_record);
  EXPECT_NE(std::string(e.what()).find("short.csv"), std::string::npos) << e.what();
}

// ---- malformed input ------------------------------------------------------------------------

TEST(CsvReader, WrongFieldCountThrowsNamingFileLineAndCounts) {
  std::istringstream in("a,b,c\n1,2,3\n\"x\ny\",2\n");
  csv_reader r(in, "survey.csv");
  std::vector<std::string_view> f;
  ASSERT_TRUE(r.next(f));
  const input_error e = thrown([&] { r.next(f); });
  EXPECT_EQ(e.code(), input_errc::malformed_record);
  EXPECT_EQ(e.where().file, "survey.csv");
  EXPECT_EQ(e.where().row, 3);
  EXPECT_STREQ(e.what(),
               "cxgap input error 6: survey.csv:row 3: the record has 2 fields but the header "
               "has 3");

  std::istringstream more("a,b\n1,2,3\n");
  csv_reader r2(more, "more.csv");
  const input_error e2 = thrown([&] { r2.next(f); });
  EXPECT_STREQ(e2.what(),
               "cxgap input error 6: more.csv:row 2: the record has 3 fields but the header has 2");
}

TEST(CsvReader, UnterminatedQuoteAtEndOfFileThrows) {
  std::istringstream in("a,b\n1,2\n3,\"open\nstill open\n");
  csv_reader r(in, "open.csv");
  std::vector<std::string_view> f;
  ASSERT_TRUE(r.next(f));
  const input_error e = thrown([&] { r.next(f); });
  EXPECT_EQ(e.code(), input_errc::malformed_record);
  EXPECT_EQ(e.where().row, 3);
  EXPECT_STREQ(e.what(),
               "cxgap input error 6: open.csv:row 3: unterminated quoted field: field 2 opens a "
               "quote on line 3 that is never closed before the end of the file");
}

TEST(CsvReader, TextAfterAClosingQuoteThrows) {
  std::istringstream in("a,b\n1,\"x\"y\n");
  csv_reader r(in, "after.csv");
  std::vector<std::string_view> f;
  const input_error e = thrown([&] { r.next(f); });
  EXPECT_EQ(e.code(), input_errc::malformed_record);
  EXPECT_EQ(e.where().row, 2);
  EXPECT_STREQ(e.what(),
               "cxgap input error 6: after.csv:row 2: field 2 has text after its closing quote "
               "(starting 'y'); a quote inside a quoted field must be doubled (\"\")");
  std::istringstream multi("a,b\n1,\"x\ny\"z\n");
  csv_reader r2(multi, "after.csv");
  const input_error e2 = thrown([&] { r2.next(f); });
  EXPECT_EQ(e2.where().row, 2);
  EXPECT_NE(std::string(e2.what()).find("field 2 has text after its closing quote on line 3 "
                                        "(starting 'z')"),
            std::string::npos)
      << e2.what();
}

TEST(CsvReader, EmptyFileThrowsForTheMissingHeader) {
  for (const char* text : {"", "\xEF\xBB\xBF", "\n\r\n"}) {
    std::istringstream in(text);
    const input_error e = thrown([&] { csv_reader r(in, "empty.csv"); });
    EXPECT_EQ(e.code(), input_errc::malformed_record);
    EXPECT_STREQ(e.what(),
                 "cxgap input error 6: empty.csv: the file is empty: a header row is required");
  }
}

TEST(CsvReader, MissingFileThrowsUnreadableFile) {
  const std::string path = data_path("no_such_file.csv");
  const input_error e = thrown([&] { csv_reader r(path); });
  EXPECT_EQ(e.code(), input_errc::unreadable_file);
  EXPECT_EQ(e.where().file, path);
  EXPECT_NE(std::string(e.what()).find("cannot open the file"), std::string::npos) << e.what();
}

TEST(CsvReader, RecordLongerThanTheLimitThrowsInsteadOfReadingOn) {
  csv_options o;
  o.buffer_bytes = 16;
  o.max_record_bytes = 64;
  std::string text = "a,b\n1,\"never closed";
  text += std::string(1000, 'x');
  std::istringstream in(text);
  csv_reader r(in, "long.csv", o);
  std::vector<std::string_view> f;
  const input_error e = thrown([&] { r.next(f); });
  EXPECT_EQ(e.code(), input_errc::malformed_record);
  EXPECT_EQ(e.where().row, 2);
  EXPECT_NE(std::string(e.what()).find("longer than 64 bytes"), std::string::npos) << e.what();
  EXPECT_LE(r.buffer_capacity(), 64u);
}

TEST(CsvReader, InvalidOptionsThrowInvalidArgument) {
  std::istringstream in("a\n1\n");
  csv_options o;
  o.buffer_bytes = 0;
  EXPECT_THROW(csv_reader(in, "m", o), cxgap::invalid_argument);
  o = {};
  o.delimiter = '"';
  EXPECT_THROW(csv_reader(in, "m", o), cxgap::invalid_argument);
  o.delimiter = '\n';
  EXPECT_THROW(csv_reader(in, "m", o), cxgap::invalid_argument);
}

// ---- buffering ------------------------------------------------------------------------------

TEST(CsvReader, EveryBufferSizeGivesTheSameRecordsAndLines) {
  std::string text =
      "\xEF\xBB\xBF" "id;\"the group\";q1;comment\r\n"
      "1;executive;5;\"semi;colon and \"\"quotes\"\"\"\r\n"
      "\r\n"
      "2;customer;;\"multi\r\nline\nfield\"\r\n"
      "3;customer;4;\r"
      "4;\"\";\"\";\"\"\n"
      "5;employee;2;last";
  csv_options big;
  const auto expected = read_text(text, big);
  ASSERT_EQ(expected.size(), 5u);
  EXPECT_EQ(expected[1], (record{4, {"2", "customer", "", "multi\r\nline\nfield"}}));
  EXPECT_EQ(expected[2].line, 7);
  EXPECT_EQ(expected[4].line, 9);
  for (std::size_t size = 1; size <= 80; ++size) {
    csv_options o;
    o.buffer_bytes = size;
    std::istringstream in(text);
    csv_reader r(in, "mem.csv", o);
    EXPECT_EQ(names(r), (std::vector<std::string>{"id", "the group", "q1", "comment"}));
    EXPECT_EQ(read_all(r), expected) << "buffer of " << size << " bytes";
    EXPECT_EQ(r.bytes_read(), text.size());
  }
}

// Line breaks in encoded text as the reader counts them: LF, CRLF and a lone CR are one each.
std::int64_t line_breaks(const std::string& s) {
  std::int64_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    n += s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'));
  return n;
}

TEST(CsvReader, RandomRecordsRoundTripThroughQuotingAtAnyBufferSize) {
  std::mt19937 rng(20261123);
  const std::string alphabet = "ab1 ,;\t\"\n\r\xC3\xA9";
  const char delimiters[] = {',', ';', '\t'};
  for (int trial = 0; trial < 200; ++trial) {
    const char d = delimiters[trial % 3];
    const std::size_t n_cols = 2 + rng() % 4;
    const std::string eol = trial % 2 ? "\r\n" : "\n";
    const auto encode = [&](const std::string& f) {
      const bool quote = f.find_first_of(std::string("\"\r\n") + d) != std::string::npos;
      if (!quote) return f;
      std::string q = "\"";
      for (char c : f) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      return q + "\"";
    };
    std::string text;
    std::vector<record> expected;
    std::int64_t line = 1;
    const std::size_t n_rows = rng() % 12;
    for (std::size_t r = 0; r <= n_rows; ++r) {  // row 0 is the header
      std::vector<std::string> fields;
      std::string encoded;
      for (std::size_t c = 0; c < n_cols; ++c) {
        std::string f;
        for (std::size_t k = rng() % 6; k > 0; --k) f += alphabet[rng() % alphabet.size()];
        if (r == 0) f = "c" + std::to_string(c) + f;  // header names are never all empty
        encoded += (c ? std::string(1, d) : std::string()) + encode(f);
        fields.push_back(f);
      }
      if (r > 0) expected.push_back({line, fields});
      const bool last = r == n_rows;
      const std::string record_text = encoded + (last && trial % 4 == 0 ? "" : eol);
      line += line_breaks(record_text);
      text += record_text;
    }
    for (std::size_t size : {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{64},
                             std::size_t{1} << 20}) {
      csv_options o;
      o.buffer_bytes = size;
      o.delimiter = d;
      std::istringstream in(text);
      csv_reader r(in, "random.csv", o);
      ASSERT_EQ(r.columns().size(), n_cols);
      ASSERT_EQ(read_all(r), expected) << "trial " << trial << ", buffer " << size;
    }
  }
}

TEST(CsvReader, BufferStaysAtItsSizeWhenRecordsFit) {
  csv_options o;
  o.buffer_bytes = 64;
  std::string text = "a,b,c\n";
  for (int i = 0; i < 1000; ++i) text += std::to_string(i) + ",\"x,\"\"y\"\"\",z\n";
  std::istringstream in(text);
  csv_reader r(in, "mem.csv", o);
  std::vector<std::string_view> f;
  int n = 0;
  while (r.next(f)) {
    ASSERT_EQ(f[1], "x,\"y\"");
    ASSERT_EQ(r.buffer_capacity(), 64u);
    ++n;
  }
  EXPECT_EQ(n, 1000);
  EXPECT_EQ(r.row(), 1001);
}

// A CSV of `blocks` copies of one block of records, generated as it is read (never stored).
class generated_csv : public std::streambuf {
 public:
  generated_csv(std::string header, std::string block, std::uint64_t blocks)
      : header_(std::move(header)), block_(std::move(block)), blocks_left_(blocks) {}

 protected:
  int_type underflow() override {
    if (!header_done_) {
      header_done_ = true;
      char* p = header_.data();
      setg(p, p, p + header_.size());
      return traits_type::to_int_type(*p);
    }
    if (blocks_left_ == 0) return traits_type::eof();
    --blocks_left_;
    char* p = block_.data();
    setg(p, p, p + block_.size());
    return traits_type::to_int_type(*p);
  }

 private:
  std::string header_;
  std::string block_;
  std::uint64_t blocks_left_;
  bool header_done_ = false;
};

TEST(CsvReader, StreamsAFileOfHundredsOfMegabytesInAFixedBuffer) {
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
  const std::uint64_t target_bytes = std::uint64_t{8} << 20;  // sanitizers / -O0: 8 MB
#else
  const std::uint64_t target_bytes = std::uint64_t{200} << 20;
#endif
  const std::string header = "respondent,group,region,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,comment\n";
  std::string block;
  std::uint64_t rows_per_block = 0;
  for (int i = 0; block.size() < 60000; ++i, ++rows_per_block) {
    block += std::to_string(100000 + i) + (i % 3 == 0 ? ",executive," : ",customer,") +
             (i % 2 ? "EMEA" : "AMER") + ",1,2,3,4,5,,9,3,2,1," +
             (i % 5 == 0 ? "\"quoted, with \"\"quotes\"\"\nand a line break\"\n" : "plain\n");
  }
  const std::uint64_t blocks = target_bytes / block.size();
  std::uint64_t lines_per_block = 0;
  for (char c : block) lines_per_block += c == '\n';
  generated_csv source(header, block, blocks);
  std::istream in(&source);
  csv_options o;
  o.buffer_bytes = 1 << 20;
  const auto start = std::chrono::steady_clock::now();
  csv_reader r(in, "generated.csv", o);
  EXPECT_EQ(r.bytes_total(), 0u);  // not seekable
  std::vector<std::string_view> f;
  std::uint64_t records = 0;
  std::uint64_t executives = 0;
  std::uint64_t quoted = 0;
  while (r.next(f)) {
    ++records;
    executives += f[1] == "executive";
    quoted += f[13].size() > 5 && f[13][0] == 'q';
    if ((records & 0xFFFF) == 0) {
      ASSERT_EQ(r.buffer_capacity(), std::size_t{1} << 20);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(records, blocks * rows_per_block);
  EXPECT_EQ(executives, blocks * ((rows_per_block + 2) / 3));
  EXPECT_EQ(quoted, blocks * ((rows_per_block + 4) / 5));
  EXPECT_EQ(r.buffer_capacity(), std::size_t{1} << 20);
  EXPECT_EQ(r.bytes_read(), header.size() + blocks * block.size());
  // Line numbers stay exact: the last record starts on the last line, or one above it when its
  // quoted comment holds a line break.
  const std::uint64_t last_record_lines = (rows_per_block - 1) % 5 == 0 ? 2 : 1;
  EXPECT_EQ(static_cast<std::uint64_t>(r.row()),
            1 + blocks * lines_per_block - last_record_lines + 1);
  RecordProperty("megabytes_per_second",
                 std::to_string(static_cast<double>(r.bytes_read()) / seconds / 1e6));
}

// ---- the 64-byte scan -----------------------------------------------------------------------

TEST(CsvScan, Sse2AndPortableMasksAgree) {
  std::mt19937 rng(7);
  const std::string alphabet = ",;\t\"\r\n ab1\xC3";
  std::vector<char> bytes(64 + 64);
  for (int trial = 0; trial < 2000; ++trial) {
    for (char& c : bytes)
      c = trial % 2 ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng() & 0xFF);
    const char d = ",;\t|"[trial % 4];
    const char* p = bytes.data() + trial % 64;
    ASSERT_EQ(cxgap::io::detail::byte_mask(p, d, '\n', '\r'),
              cxgap::io::detail::byte_mask_scalar(p, d, '\n', '\r'));
    const auto fast = cxgap::io::detail::field_scanner(d).masks(p);
    const auto slow = cxgap::io::detail::field_masks_scalar(p, d);
    ASSERT_EQ(fast.ends, slow.ends);
    ASSERT_EQ(fast.breaks, slow.breaks);
  }
  const std::string x = "ab\"cd\nef";
  std::string padded = x + std::string(64, 'z');
  EXPECT_EQ(cxgap::io::detail::find_any(padded.data(), 0, x.size(), '"', '\n', '\r'), 2u);
  EXPECT_EQ(cxgap::io::detail::find_any(padded.data(), 3, x.size(), '"', '\n', '\r'), 5u);
  EXPECT_EQ(cxgap::io::detail::find_any(padded.data(), 6, x.size(), '"', '\n', '\r'), x.size());
}

// Every kind of field and record end placed at every offset of the scan's 64-byte blocks (and
// of small buffers): a prefix of 0..130 bytes shifts the same records along.
TEST(CsvReader, FieldsAndLineBreaksAtEveryOffsetOfTheScanBlocks) {
  const std::string tail =
      ",\"q,\"\"x\"\"\r\ny\",,z\r\n"  // quoted delimiter, doubled quotes, CRLF inside; CRLF end
      "\r\n\n"                         // blank lines
      "2,5\" screen,\"\",last\r"       // quote inside an unquoted field; empty quoted; lone CR
      "3,a,b,c\n"
      "4,,,";                          // no final line break; empty last field
  for (std::size_t shift = 0; shift <= 130; ++shift) {
    const std::string first(shift, 'x');
    const std::string text =
        (shift % 3 == 0 ? "\xEF\xBB\xBF" : "") + std::string("id,a,b,c\n") + first + tail;
    const std::vector<record> expected = {
        {2, {first, "q,\"x\"\r\ny", "", "z"}},
        {6, {"2", "5\" screen", "", "last"}},
        {7, {"3", "a", "b", "c"}},
        {8, {"4", "", "", ""}},
    };
    for (std::size_t size : {std::size_t{5}, std::size_t{63}, std::size_t{64}, std::size_t{65},
                             std::size_t{1} << 20}) {
      csv_options o;
      o.buffer_bytes = size;
      std::istringstream in(text);
      csv_reader r(in, "shift.csv", o);
      ASSERT_EQ(read_all(r), expected) << "shift " << shift << ", buffer " << size;
      EXPECT_EQ(r.bytes_read(), text.size());
      EXPECT_EQ(r.next_line(), 8);
    }
  }
}

TEST(CsvReader, LongFieldsSpanManyScanBlocks) {
  std::string text = "a;b\n";
  std::vector<record> expected;
  for (int i = 0; i < 50; ++i) {
    const std::string longer(static_cast<std::size_t>(i * 37 % 300), static_cast<char>('a' + i % 26));
    text += longer + ";\"" + longer + "\n" + longer + "\"\n";
    expected.push_back({2 + 2 * i, {longer, longer + "\n" + longer}});
  }
  for (std::size_t size : {std::size_t{7}, std::size_t{100}, std::size_t{1} << 20}) {
    csv_options o;
    o.buffer_bytes = size;
    EXPECT_EQ(read_text(text, o), expected) << "buffer " << size;
  }
}

// ---- byte ranges (parallel ingest) ----------------------------------------------------------

using cxgap::test::write_file;

TEST(CsvReader, LayoutSaysWhereTheDataStarts) {
  {
    csv_reader r(write_file("layout_plain.csv", "\xEF\xBB\xBF" "a;b\r\n1;2\r\n"));
    const cxgap::io::csv_layout l = r.layout();
    EXPECT_EQ(l.delimiter, ';');
    EXPECT_FALSE(l.qualtrics);
    EXPECT_EQ(l.data_begin, 3u + 5u);
    EXPECT_EQ(l.data_line, 2);
    ASSERT_EQ(l.columns.size(), 2u);
    EXPECT_EQ(l.columns[1].name, "b");
  }
  {
    csv_reader r(data_path("qualtrics_export.csv"));
    const cxgap::io::csv_layout l = r.layout();
    EXPECT_TRUE(l.qualtrics);
    EXPECT_EQ(l.data_line, 5);  // after the header, two question-text lines and the import ids
    EXPECT_EQ(l.columns[7].label, "Which describes you?");
    // A reader of the data range gives the same records as the whole-file reader.
    cxgap::io::csv_range all;
    all.begin = l.data_begin;
    all.line = l.data_line;
    csv_reader part(data_path("qualtrics_export.csv"), l, all);
    csv_reader whole(data_path("qualtrics_export.csv"));
    EXPECT_EQ(read_all(part), read_all(whole));
    EXPECT_EQ(part.columns()[7].label, "Which describes you?");
  }
}

TEST(CsvReader, ARangeReaderReturnsTheRecordsStartingInItsRange) {
  // Byte offsets: header 0-5, record "1,a" 6-9 (line 2), "2,\"x\ny\"" 10-17 (lines 3-4),
  // blank line 18 (line 5), "3,b" 19-22 (line 6), "4,c" 23-25 (line 7, no final break).
  const std::string text = "id,v\r\n1,a\n2,\"x\ny\"\n\n3,b\n4,c";
  const std::string path = write_file("ranges.csv", text);
  csv_reader head(path);
  const cxgap::io::csv_layout l = head.layout();
  ASSERT_EQ(l.data_begin, 6u);
  const std::vector<record> all = read_all(head);
  ASSERT_EQ(all.size(), 4u);
  // Every split into two ranges at a record start gives the records in order, each once.
  for (std::uint64_t cut : {6u, 10u, 18u, 19u, 23u, 26u}) {
    for (std::size_t size : {std::size_t{4}, std::size_t{1} << 20}) {
      csv_options o;
      o.buffer_bytes = size;
      cxgap::io::csv_range first{l.data_begin, cut, l.data_line};
      csv_reader a(path, l, first, o);
      std::vector<record> got = read_all(a);
      EXPECT_EQ(a.bytes_read(), cut) << "cut " << cut;
      cxgap::io::csv_range second{a.bytes_read(), std::numeric_limits<std::uint64_t>::max(),
                                  a.next_line()};
      csv_reader b(path, l, second, o);
      for (const record& r : read_all(b)) got.push_back(r);
      EXPECT_EQ(got, all) << "cut " << cut << ", buffer " << size;
      EXPECT_EQ(b.bytes_read(), text.size());
      EXPECT_EQ(b.next_line(), 7);
    }
  }
  // A range end inside a record: the record is read whole, and the reader stops after it.
  cxgap::io::csv_range mid{l.data_begin, 13, l.data_line};
  csv_reader c(path, l, mid);
  EXPECT_EQ(read_all(c).size(), 2u);
  EXPECT_EQ(c.bytes_read(), 18u);
  EXPECT_EQ(c.next_line(), 5);
  // Errors inside a range name the physical line given for its start.
  cxgap::io::csv_range late{19, 23, 6};
  csv_reader ok(path, l, late);
  const std::vector<record> one = read_all(ok);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].line, 6);
  const std::string bad = write_file("ranges_bad.csv", "id,v\n1,a\n2,b,extra\n");
  csv_reader bad_head(bad);
  csv_reader bad_part(bad, bad_head.layout(), {9, 100, 3});
  const input_error e = thrown([&] { read_all(bad_part); });
  EXPECT_EQ(e.where().row, 3);
  EXPECT_EQ(std::string(e.what()),
            "cxgap input error 6: " + bad + ":row 3: the record has 3 fields but the header has 2");
}

TEST(CsvReader, RangeReaderPreconditionsThrow) {
  const std::string path = write_file("ranges_pre.csv", "a,b\n1,2\n");
  cxgap::io::csv_layout none;
  EXPECT_THROW(csv_reader(path, none, {}), cxgap::invalid_argument);
  cxgap::io::csv_layout quote = csv_reader(path).layout();
  quote.delimiter = '"';
  EXPECT_THROW(csv_reader(path, quote, {}), cxgap::invalid_argument);
  EXPECT_EQ(thrown([&] { csv_reader(path + ".missing", csv_reader(path).layout(), {}); }).code(),
            input_errc::unreadable_file);
}

}  // namespace
