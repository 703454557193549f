#include "cxgap/io/parallel_ingest.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "cxgap/error.hpp"
#include "cxgap/io/csv.hpp"
#include "cxgap/io/ingest.hpp"

#include "io/io_support.hpp"

namespace {

using cxgap::input_errc;
using cxgap::input_error;
using cxgap::scale;
using cxgap::io::csv_options;
using cxgap::io::csv_reader;
using cxgap::io::ingest;
using cxgap::io::ingest_options;
using cxgap::io::ingest_parallel;
using cxgap::io::ingest_result;
using cxgap::io::survey_spec;

using cxgap::test::data_path;
using cxgap::test::write_file;
using cxgap::test::spec_1_5;

ingest_result sequential(const std::string& path, const survey_spec& spec,
                         const ingest_options& options = {}, const csv_options& csv = {}) {
  csv_reader reader(path, csv);
  return ingest(reader, spec, options);
}

void expect_same(const ingest_result& got, const ingest_result& want, const std::string& what) {
  EXPECT_TRUE(got.tally == want.tally) << what;
  EXPECT_EQ(got.tally.groups(), want.tally.groups()) << what;
  EXPECT_EQ(got.summary.file, want.summary.file) << what;
  EXPECT_EQ(got.summary.rows_read, want.summary.rows_read) << what;
  EXPECT_EQ(got.summary.rows_used, want.summary.rows_used) << what;
  EXPECT_EQ(got.summary.values_excluded, want.summary.values_excluded) << what;
}

using cxgap::test::thrown;

// A seeded survey: id, group, q1..q4 (1..5, 9 = don't know, blanks), and a comment that is
// often quoted, holding delimiters, doubled quotes and line breaks (LF or CRLF), sometimes a
// '"' inside an unquoted field; blank lines between some records; a group that first appears
// late, and rows without a group. `bad` values are written on the given record numbers.
struct survey_text {
  std::string text;
  std::size_t records = 0;
};

survey_text make_survey(std::uint32_t seed, std::size_t records, const std::string& eol,
                        const std::vector<std::pair<std::size_t, std::string>>& bad = {}) {
  std::mt19937 rng(seed);
  survey_text s;
  s.text = "id,group,q1,q2,q3,q4,comment" + eol;
  const char* const groups[] = {"executive", "customer", "customer", "employee", ""};
  for (std::size_t r = 0; r < records; ++r) {
    std::string row = std::to_string(r + 1) + ",";
    row += r > records * 3 / 4 && rng() % 9 == 0 ? "partner" : groups[rng() % 5];
    for (int q = 0; q < 4; ++q) {
      const auto u = rng() % 20;
      row += ",";
      if (u == 0) continue;  // missing
      row += u == 1 ? "9" : u == 2 ? " 3 " : std::to_string(1 + u % 5);
    }
    for (const auto& [at, value] : bad)
      if (at == r) row += value;  // appended to q4: makes it non-numeric, or adds a field
    switch (rng() % 7) {
      case 0: row += ",\"multi" + eol + "line, \"\"quoted\"\"" + eol + "comment\""; break;
      case 1: row += ",\"a,b\""; break;
      case 2: row += ",5\" screen"; break;
      case 3: row += ",\"\""; break;
      case 4: row += ",\"ends with a break" + eol + "\""; break;
      default: row += ",plain"; break;
    }
    s.text += row + eol;
    if (rng() % 11 == 0) s.text += eol;  // a blank line
  }
  s.records = records;
  return s;
}

// Small read buffers and chunks: every range then crosses buffer refills and chunk flushes, and
// the thousands of tiny ranges these tests cut stay cheap (also under the sanitizers).
cxgap::io::csv_options small_buffers() {
  cxgap::io::csv_options o;
  o.buffer_bytes = 4096;
  return o;
}
ingest_options small_chunks() {
  ingest_options o;
  o.chunk_rows = 512;
  return o;
}

TEST(ParallelIngest, EqualsSequentialForOneToFourThreadsAndAnyRangeSize) {
  const survey_spec spec = spec_1_5({"q1", "q2", "q3", "q4"});
  for (const std::string eol : {"\n", "\r\n"}) {
    const std::string path =
        write_file(eol == "\n" ? "par_lf.csv" : "par_crlf.csv", make_survey(11, 1500, eol).text);
    const ingest_result want = sequential(path, spec);
    EXPECT_EQ(want.tally.groups().back(), "partner");  // appears in a late range
    for (unsigned threads = 1; threads <= 4; ++threads)
      for (std::uint64_t range : {0u, 37u, 256u, 1000u, 7777u})
        expect_same(ingest_parallel(path, small_buffers(), spec, small_chunks(), threads, range), want,
                    path + ", " + std::to_string(threads) + " threads, ranges of " +
                        std::to_string(range) + " bytes");
  }
}

TEST(ParallelIngest, QuotedFieldsThatLookLikeRecordsAreNotCutPoints) {
  // Each comment holds ten lines shaped like records of this file: the probe of a cut point
  // inside it accepts a wrong start, which the ranges' end check must repair.
  std::string text = "group,q1,comment\n";
  std::string fake;
  for (int k = 0; k < 10; ++k) fake += "customer,1,x\n";
  for (int r = 0; r < 400; ++r)
    text += std::string(r % 3 ? "customer" : "executive") + "," + std::to_string(1 + r % 5) +
            ",\"" + (r % 2 ? fake : std::string("short")) + "\"\n";
  const std::string path = write_file("par_fake_records.csv", text);
  const survey_spec spec = spec_1_5({"q1"});
  const ingest_result want = sequential(path, spec);
  EXPECT_EQ(want.summary.rows_read, 400);
  for (unsigned threads = 2; threads <= 4; ++threads)
    for (std::uint64_t range : {50u, 129u, 500u, 3000u})
      expect_same(ingest_parallel(path, small_buffers(), spec, small_chunks(), threads, range), want,
                  std::to_string(threads) + " threads, ranges of " + std::to_string(range));
}

TEST(ParallelIngest, QualtricsExportsKeepTheirTextsAndLines) {
  survey_spec spec;
  spec.group = "audience";
  spec.items.push_back({"Q1", "", "", scale::likert(1, 5)});
  spec.items.push_back({"Q2", "", "", scale::likert(1, 5)});
  spec.items.push_back({"Q3_NPS_GROUP", "", "", scale::nps()});
  const std::string path = data_path("qualtrics_export.csv");
  const ingest_result want = sequential(path, spec);
  ASSERT_EQ(want.summary.rows_read, 7);
  for (unsigned threads = 2; threads <= 3; ++threads)
    for (std::uint64_t range : {1u, 40u, 200u}) {
      const ingest_result got = ingest_parallel(path, small_buffers(), spec, small_chunks(), threads, range);
      expect_same(got, want, "qualtrics, ranges of " + std::to_string(range));
      EXPECT_EQ(got.tally.codebook()[1].text, "Staff could solve my \"problem\"");
    }
  // A bad code in the last row names its physical line (12), as the sequential reader does.
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.replace(text.rfind("\"4\",\"2\""), 7, "\"4\",\"x\"");
  const std::string bad = write_file("par_qualtrics_bad.csv", text);
  const input_error e1 = thrown([&] { sequential(bad, spec); });
  const input_error e2 = thrown([&] { ingest_parallel(bad, {}, spec, {}, 3, 60); });
  EXPECT_EQ(e1.where().row, 12);
  EXPECT_EQ(std::string(e2.what()), e1.what());
}

TEST(ParallelIngest, StrictModeThrowsTheFirstErrorInFileOrderWithItsExactLine) {
  const survey_spec spec = spec_1_5({"q1", "q2", "q3", "q4"});
  struct scenario {
    std::string name;
    std::vector<std::pair<std::size_t, std::string>> bad;
  };
  const std::vector<scenario> scenarios = {
      {"one late non-numeric code", {{2900, "x"}}},
      {"several errors, the first late", {{2400, "x"}, {2500, ",extra"}, {2950, "7"}}},
      {"a wrong field count first", {{2600, ",extra"}, {2700, "x"}}},
      {"a code outside the scale in the last record", {{2999, "7"}}},
      {"an error in the first record", {{0, "x"}, {2000, "x"}}},
  };
  for (const scenario& sc : scenarios) {
    const std::string path = write_file("par_errors.csv", make_survey(5, 3000, "\n", sc.bad).text);
    const input_error want = thrown([&] { sequential(path, spec); });
    for (unsigned threads = 2; threads <= 4; ++threads)
      for (std::uint64_t range : {0u, 300u, 4096u, 50000u}) {
        const input_error got = thrown([&] { ingest_parallel(path, small_buffers(), spec, small_chunks(), threads, range); });
        EXPECT_EQ(got.code(), want.code()) << sc.name;
        EXPECT_EQ(got.where().row, want.where().row) << sc.name;
        EXPECT_EQ(std::string(got.what()), want.what()) << sc.name << ", " << threads
                                                         << " threads, ranges of " << range;
      }
  }
  // The error messages name physical lines, which quoted line breaks put past the record number.
  const std::string path = write_file("par_errors.csv", make_survey(5, 3000, "\n", {{2900, "x"}}).text);
  EXPECT_GT(thrown([&] { ingest_parallel(path, small_buffers(), spec, small_chunks(), 2, 1000); }).where().row, 2901);
}

TEST(ParallelIngest, MalformedCsvIsReportedAsBySequentialReading) {
  const survey_spec spec = spec_1_5({"q1"});
  std::string body;
  for (int r = 0; r < 300; ++r) body += "customer," + std::to_string(1 + r % 5) + ",ok\n";
  const std::vector<std::string> texts = {
      "group,q1,c\n" + body + "customer,1,\"never closed\n" + body,  // unterminated at the end
      "group,q1,c\n" + body + "customer,1,\"closed\"then text\n" + body,
      "group,q1,c\n" + body + "customer,1\n" + body,
  };
  for (const std::string& text : texts) {
    const std::string path = write_file("par_malformed.csv", text);
    const input_error want = thrown([&] { sequential(path, spec); });
    EXPECT_EQ(want.code(), input_errc::malformed_record);
    for (std::uint64_t range : {100u, 1000u}) {
      const input_error got = thrown([&] { ingest_parallel(path, small_buffers(), spec, small_chunks(), 3, range); });
      EXPECT_EQ(std::string(got.what()), want.what());
    }
  }
}

TEST(ParallelIngest, LenientModeCountsExactlyAsSequentialReading) {
  const survey_spec spec = spec_1_5({"q1", "q2", "q3", "q4"});
  std::vector<std::pair<std::size_t, std::string>> bad;
  for (std::size_t r = 7; r < 2000; r += 97) bad.emplace_back(r, r % 2 ? "x" : "7");
  const std::string path = write_file("par_lenient.csv", make_survey(3, 2000, "\r\n", bad).text);
  ingest_options lenient;
  lenient.lenient = true;
  lenient.chunk_rows = 100;
  const ingest_result want = sequential(path, spec, lenient);
  EXPECT_GT(want.summary.values_excluded.at("non_numeric"), 0);
  EXPECT_GT(want.summary.values_excluded.at("out_of_scale"), 0);
  EXPECT_GT(want.summary.values_excluded.at("no_group"), 0);
  for (unsigned threads = 1; threads <= 4; ++threads)
    expect_same(ingest_parallel(path, {}, spec, lenient, threads, 2048), want,
                std::to_string(threads) + " threads");
}

TEST(ParallelIngest, MoreThan254GroupsAcrossRangesThrowsTheSequentialError) {
  std::string text = "group,q1\n";
  for (int g = 0; g < 300; ++g) text += "g" + std::to_string(g) + ",1\n";
  const std::string path = write_file("par_groups.csv", text);
  const input_error want = thrown([&] { sequential(path, spec_1_5({"q1"})); });
  EXPECT_EQ(want.code(), input_errc::too_many_groups);
  for (std::uint64_t range : {64u, 4096u}) {
    const input_error got =
        thrown([&] { ingest_parallel(path, {}, spec_1_5({"q1"}), {}, 2, range); });
    EXPECT_EQ(std::string(got.what()), want.what());
  }
}

TEST(ParallelIngest, DesignBasedSpecsAndOptionsAreHonoured) {
  std::string text = "group,w,q1\n";
  for (int r = 0; r < 500; ++r)
    text += std::string(r % 4 ? "customer" : "executive") + "," + std::to_string(1 + r % 3) +
            ".5," + std::to_string(1 + r % 5) + "\n";
  const std::string path = write_file("par_weighted.csv", text);
  survey_spec spec = spec_1_5({"q1"});
  spec.weight = "w";
  const ingest_result want = sequential(path, spec);
  const ingest_result got = ingest_parallel(path, small_buffers(), spec, small_chunks(), 3, 100);
  expect_same(got, want, "weighted");
  EXPECT_TRUE(got.design.has_value());
  // A semicolon file with a given delimiter; progress reaches the file size.
  std::string semi = "group;q1\n";
  for (int r = 0; r < 500; ++r) semi += "customer;" + std::to_string(1 + r % 5) + "\n";
  const std::string semi_path = write_file("par_semicolon.csv", semi);
  csv_options csv;
  csv.delimiter = ';';
  csv.buffer_bytes = 64;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
  ingest_options options;
  options.progress = [&](std::uint64_t done, std::uint64_t total) { calls.emplace_back(done, total); };
  expect_same(ingest_parallel(semi_path, csv, spec_1_5({"q1"}), options, 2, 300),
              sequential(semi_path, spec_1_5({"q1"}), {}, csv), "semicolon");
  ASSERT_GT(calls.size(), 3u);
  for (std::size_t k = 1; k < calls.size(); ++k) EXPECT_LE(calls[k - 1].first, calls[k].first);
  EXPECT_EQ(calls.back().first, semi.size());
  EXPECT_EQ(calls.back().second, semi.size());
  EXPECT_EQ(thrown([&] { ingest_parallel("par_missing.csv", {}, spec, {}, 2); }).code(),
            input_errc::unreadable_file);
}

}  // namespace
