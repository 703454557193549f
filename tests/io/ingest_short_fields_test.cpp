// ingest()'s short-field tables (src/io/ingest.cpp): the empty field, one byte and two digits are
// decided by a per-item table filled from the general path's rules; everything else, and every
// error in strict mode, goes through the general path. These tests compare each input with the
// same input whose item fields are padded with a blank on each side: blanks around a code are
// ignored (docs/io.md), and a padded field is never short, so the padded input is read entirely
// by the general path. Tallies, summaries and errors must be the same.
#include "cxgap/io/ingest.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cxgap/core/tally.hpp"
#include "cxgap/error.hpp"
#include "cxgap/io/csv.hpp"
#include "cxgap/io/parallel_ingest.hpp"

#include "io/io_support.hpp"

namespace {

using cxgap::input_errc;
using cxgap::input_error;
using cxgap::scale;
using cxgap::io::column_info;
using cxgap::io::csv_options;
using cxgap::io::csv_reader;
using cxgap::io::ingest;
using cxgap::io::ingest_options;
using cxgap::io::ingest_parallel;
using cxgap::io::ingest_result;
using cxgap::io::survey_spec;

using cxgap::test::memory_table;

std::string padded(const std::string& v) { return " " + v + " "; }

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// The outcome of an ingest: its result, or the input_error it threw.
struct outcome {
  bool threw = false;
  ingest_result result;
  input_errc code = input_errc::unreadable_file;
  cxgap::input_location where;
};

template <class F>
outcome run(F&& f) {
  outcome o;
  try {
    o.result = f();
  } catch (const input_error& e) {
    o.threw = true;
    o.code = e.code();
    o.where = e.where();
  }
  return o;
}

// The same result, or the same error (its value compared without the padding's blanks).
void expect_same(const outcome& got, const outcome& want, const std::string& what) {
  ASSERT_EQ(got.threw, want.threw) << what;
  if (got.threw) {
    EXPECT_EQ(got.code, want.code) << what;
    EXPECT_EQ(got.where.file, want.where.file) << what;
    EXPECT_EQ(got.where.row, want.where.row) << what;
    EXPECT_EQ(got.where.column, want.where.column) << what;
    EXPECT_EQ(trimmed(got.where.value), trimmed(want.where.value)) << what;
    return;
  }
  EXPECT_TRUE(got.result.tally == want.result.tally) << what;
  EXPECT_EQ(got.result.tally.groups(), want.result.tally.groups()) << what;
  EXPECT_EQ(got.result.summary.rows_read, want.result.summary.rows_read) << what;
  EXPECT_EQ(got.result.summary.rows_used, want.result.summary.rows_used) << what;
  EXPECT_EQ(got.result.summary.values_excluded, want.result.summary.values_excluded) << what;
}

// Items on the scales whose short codes differ: a don't-know code, the NPS scale (two-digit
// codes), a user-missing code (SPSS), and a scale with negative codes.
survey_spec mixed_spec() {
  survey_spec spec;
  spec.group = "group";
  spec.items.push_back({"dk", "dk", "", scale::likert(1, 5).with_dont_know({9, 0})});
  spec.items.push_back({"nps", "nps", "", scale::nps()});
  spec.items.push_back({"user", "user", "", scale::likert(1, 7)});
  spec.items.push_back({"neg", "neg", "", scale::likert(-2, 2)});
  spec.items.push_back({"wide", "wide", "", scale::likert(0, 99)});
  return spec;
}

std::vector<column_info> mixed_columns() {
  std::vector<column_info> cols(6);
  const char* const names[] = {"group", "dk", "nps", "user", "neg", "wide"};
  for (std::size_t c = 0; c < cols.size(); ++c) cols[c].name = names[c];
  cols[3].missing_codes = {7, 8};  // "user": 7 is on the scale but user-missing
  return cols;
}

// Every field the tables decide: the empty field, each of the 256 one-byte fields, each two-digit
// field; and two-byte fields the tables leave to the general path.
std::vector<std::string> short_fields() {
  std::vector<std::string> v{""};
  for (int c = 0; c < 256; ++c) v.emplace_back(1, static_cast<char>(c));
  for (int a = 0; a < 10; ++a)
    for (int b = 0; b < 10; ++b)
      v.push_back({static_cast<char>('0' + a), static_cast<char>('0' + b)});
  for (const char* s : {"NA", "-1", "+4", " 4", "4 ", "4.", "1e", "\t3", "  "}) v.emplace_back(s);
  return v;
}

TEST(IngestShortFields, EveryShortFieldIsReadAsTheGeneralPathReadsIt) {
  const survey_spec spec = mixed_spec();
  for (const bool lenient : {false, true}) {
    ingest_options options;
    options.lenient = lenient;
    options.chunk_rows = 3;
    for (const std::string& v : short_fields()) {
      // Row 1: every item holds v; row 2: valid codes, so that a lenient run tallies something.
      const auto table = [&](bool pad) {
        const std::string f = pad ? padded(v) : v;
        return memory_table(mixed_columns(),
                            {{"g", f, f, f, f, f}, {"h", "1", "10", "7", "-2", "42"}});
      };
      const outcome fast = run([&] {
        memory_table t = table(false);
        return ingest(t, spec, options);
      });
      const outcome general = run([&] {
        memory_table t = table(true);
        return ingest(t, spec, options);
      });
      std::string what = "field '";
      what += v;
      what += "' (byte " + std::to_string(v.size() == 1 ? static_cast<unsigned char>(v[0]) : 0);
      what += lenient ? "), lenient" : "), strict";
      expect_same(fast, general, what);
    }
  }
}

TEST(IngestShortFields, ShortFieldsCountEveryExclusionReason) {
  // One row holding each reason on the tables (lenient): dk 9, missing "", non-numeric "x",
  // out of scale "6", user-missing "8", and valid codes, over several rows and chunks.
  survey_spec spec = mixed_spec();
  ingest_options lenient;
  lenient.lenient = true;
  lenient.chunk_rows = 2;
  std::vector<std::vector<std::string>> records;
  for (int r = 0; r < 5; ++r) records.push_back({"g", "9", "", "8", "x", "6"});
  memory_table t(mixed_columns(), records);
  const ingest_result got = ingest(t, spec, lenient);
  const auto& ex = got.summary.values_excluded;
  EXPECT_EQ(ex.at("dont_know"), 5);
  EXPECT_EQ(ex.at("missing"), 10);  // "" and the user-missing 8
  EXPECT_EQ(ex.at("non_numeric"), 5);
  EXPECT_EQ(ex.at("out_of_scale"), 0);  // "6" is on 0..99
  EXPECT_EQ(got.tally.dont_know(0, 0), 5);
  EXPECT_EQ(got.tally.counts(4, 0).total(), 5);
  EXPECT_EQ(got.tally.missing(2, 0), 5);  // user-missing
}

TEST(IngestShortFields, RowsWiderThanTheCountLanesAreReadOnTheGeneralPath) {
  // 8191 items fill a 13-bit lane with one row of blanks; 8192 items are too many for the tables.
  for (const std::size_t n_items : {std::size_t{8191}, std::size_t{8192}}) {
    survey_spec spec;
    spec.group = "group";
    std::vector<column_info> cols(1);
    cols[0].name = "group";
    for (std::size_t k = 0; k < n_items; ++k) {
      const std::string name = "q" + std::to_string(k);
      spec.items.push_back({name, name, "", scale::likert(1, 5).with_dont_know({9})});
      cols.push_back({});
      cols.back().name = name;
    }
    // Row 1: every item blank; row 2: codes 1..5 and 9 in turn; row 3: "x" (lenient).
    std::vector<std::vector<std::string>> records(3, std::vector<std::string>{"g"});
    for (std::size_t k = 0; k < n_items; ++k) {
      records[0].emplace_back();
      records[1].push_back(k % 6 == 5 ? "9" : std::to_string(1 + k % 6));
      records[2].emplace_back("x");
    }
    ingest_options options;
    options.lenient = true;
    options.chunk_rows = 2;
    memory_table t(cols, records);
    const ingest_result r = ingest(t, spec, options);
    const auto n = static_cast<std::int64_t>(n_items);
    const std::int64_t dk = n / 6;  // items 5, 11, 17, ...
    EXPECT_EQ(r.summary.values_excluded.at("missing"), n) << n_items;
    EXPECT_EQ(r.summary.values_excluded.at("dont_know"), dk) << n_items;
    EXPECT_EQ(r.summary.values_excluded.at("non_numeric"), n) << n_items;
    EXPECT_EQ(r.tally.counts(0, 0).total(), 1) << n_items;  // q0 = 1 in row 2
    EXPECT_EQ(r.tally.missing(0, 0), 2) << n_items;          // blank, "x"
    EXPECT_EQ(r.tally.dont_know(5, 0), 1) << n_items;
  }
}

// ---- random files ----------------------------------------------------------------------------

// SplitMix64: the same draws on every platform.
struct draws {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

// A field as the file holds it: quoted when it must be (delimiter, quote, line break) and
// sometimes when it need not be.
std::string csv_field(const std::string& v, draws& rng) {
  const bool must = v.find_first_of(",\"\r\n") != std::string::npos;
  if (!must && rng.below(8) != 0) return v;
  std::string q = "\"";
  for (const char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

struct generated_survey {
  std::string text;    // as generated
  std::string padded;  // every item field padded with blanks
};

// A seeded survey: id, group, 6 items on the mixed scales' column order, a comment; records end
// with LF, CRLF or a lone CR; blank lines; a BOM sometimes. Lenient files hold bad values
// everywhere; a strict file only valid codes and one bad value (the seed's) in a random cell.
generated_survey make_random_survey(std::uint64_t seed, std::size_t records, bool with_errors) {
  draws rng{seed};
  const char* const good[] = {"1", "2", "3", "4", "5", "1", "2", "3", "4", "5", "",   "9",
                              "10", "0", "05", "7", "8", " 3", "4 ", "+2", "4.0", "-1", "-2", "2"};
  const char* const bad[] = {"x", "NA", "6", "4.5", "1e1", "-", "\"", ",", "3,", "555", "a\nb"};
  const char* const groups[] = {"executive", "customer", "customer", "employee", "", " employee ",
                                "customer_a_long_label", "customer_b_long_label"};
  const char* const eols[] = {"\n", "\r\n", "\r"};
  const std::string eol = eols[rng.below(3)];
  const std::size_t n_bad = sizeof bad / sizeof *bad;
  const std::size_t bad_cell = rng.below(records * 5);
  generated_survey s;
  const std::string bom = rng.below(2) == 0 ? "\xEF\xBB\xBF" : "";
  s.text = s.padded = bom + "id,group,dk,nps,user,neg,wide,comment" + eol;
  for (std::size_t r = 0; r < records; ++r) {
    std::string row = std::to_string(r + 1) + "," + csv_field(groups[rng.below(8)], rng);
    std::string prow = row;
    for (int i = 0; i < 5; ++i) {
      std::string v = good[rng.below(sizeof good / sizeof *good)];
      if (with_errors)  // codes valid on every scale, and one bad value
        v = r * 5 + i == bad_cell ? std::string(bad[seed % n_bad])
                                  : std::string(1, static_cast<char>('1' + rng.below(2)));
      else if (rng.below(20) == 0)
        v = bad[rng.below(n_bad)];
      row += "," + csv_field(v, rng);
      prow += "," + csv_field(padded(v), rng);
    }
    const std::string comment = rng.below(5) == 0 ? "a, \"quoted\"" + eol + "comment" : "ok";
    row += "," + csv_field(comment, rng);
    prow += "," + csv_field(comment, rng);
    const std::string blank = rng.below(13) == 0 ? eol : "";
    s.text += row + eol + blank;
    s.padded += prow + eol + blank;
  }
  return s;
}

using cxgap::test::write_file;

survey_spec random_spec() {
  survey_spec spec = mixed_spec();
  spec.items[2].scale = scale::likert(1, 7);  // "user": no missing codes in a CSV file
  return spec;
}

TEST(IngestShortFields, RandomFilesAreReadAsWithEveryFieldOnTheGeneralPath) {
  const survey_spec spec = random_spec();
  int strict_errors = 0;
  for (std::uint64_t seed = 1; seed <= 22; ++seed) {
    for (const bool strict : {false, true}) {
      const generated_survey s = make_random_survey(seed, 1500, strict);
      const std::string file = write_file("short_fields_" + std::to_string(seed) + ".csv", s.text);
      const std::string pfile =
          write_file("short_fields_padded_" + std::to_string(seed) + ".csv", s.padded);
      ingest_options options;
      options.lenient = !strict;
      options.chunk_rows = 97;
      // The reference: the padded file on one reader, every item field on the general path.
      const outcome want = run([&] {
        csv_reader reader(pfile);
        return ingest(reader, spec, options);
      });
      if (want.threw) {
        EXPECT_NE(want.code, input_errc::malformed_record) << "seed " << seed;
        ++strict_errors;
      }
      // The file itself: default and small read buffers (records cut at every place), and
      // parallel ranges (each range's first rows, chunks and line numbers).
      draws rng{seed * 7919};
      csv_options small;
      small.buffer_bytes = 64 + rng.below(200);
      const std::string what = "seed " + std::to_string(seed) + (strict ? " strict" : " lenient");
      outcome got = run([&] {
        csv_reader reader(file);
        return ingest(reader, spec, options);
      });
      if (got.threw) got.where.file = pfile;  // the file name is all that may differ
      expect_same(got, want, what + ", one reader");
      got = run([&] {
        csv_reader reader(file, small);
        return ingest(reader, spec, options);
      });
      if (got.threw) got.where.file = pfile;
      expect_same(got, want, what + ", buffer of " + std::to_string(small.buffer_bytes));
      got = run([&] { return ingest_parallel(file, small, spec, options, 2, 3000); });
      if (got.threw) got.where.file = pfile;
      expect_same(got, want, what + ", 2 threads");
      std::remove(file.c_str());
      std::remove(pfile.c_str());
    }
  }
  EXPECT_GE(strict_errors, 14);  // the strict files do exercise errors (not "6" on 0..10 or 1..7)
}

}  // namespace
