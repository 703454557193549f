// The SPSS / Stata / SAS reader against files written by R's haven (tests/reference/haven_fixtures.R;
// versions and calls in tests/io/data/haven_fixtures.txt). The expected fields are the values R
// wrote, as text: tests/io/data/haven_expected.csv.
#if CXGAP_HAVE_READSTAT

#include "cxgap/io/readstat.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "cxgap/error.hpp"

#include "io/io_support.hpp"

namespace {

namespace fs = std::filesystem;
using cxgap::io::readstat_format;
using cxgap::io::readstat_reader;
using field_rows = std::vector<std::vector<std::string>>;

using cxgap::test::data_path;

const std::vector<std::string>& all_files() {
  static const std::vector<std::string> files = {"cx_survey.sav", "cx_survey.zsav", "cx_survey.dta",
                                                 "cx_survey.sas7bdat"};
  return files;
}

/// Every record of a reader, as strings.
field_rows read_all(cxgap::io::table_reader& reader) {
  field_rows out;
  std::vector<std::string_view> fields;
  while (reader.next(fields)) out.emplace_back(fields.begin(), fields.end());
  return out;
}

/// A CSV as R's write.csv writes it (every field quoted, "" inside quotes, no newlines inside).
field_rows read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  field_rows out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.emplace_back();
      } else {
        fields.back() += c;
      }
    }
    out.push_back(std::move(fields));
  }
  return out;
}

/// A directory under the test temp dir, removed at the end of the test.
struct temp_dir {
  fs::path path;
  temp_dir() {
    std::random_device rd;
    path = fs::path(::testing::TempDir()) / ("cxgap_readstat_test_" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
};

/// Writes the first `keep` bytes of `source` to `target`.
void write_prefix(const std::string& source, const fs::path& target, std::size_t keep) {
  std::ifstream in(source, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_LT(keep, bytes.size());
  std::ofstream(target, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(keep));
}

/// The column with this name (fails the test if there is none).
const cxgap::io::column_info& column(const readstat_reader& r, const std::string& name) {
  for (const auto& c : r.columns())
    if (c.name == name) return c;
  ADD_FAILURE() << r.file() << " has no column " << name;
  static const cxgap::io::column_info none;
  return none;
}

const std::map<std::int64_t, std::string> likert_labels = {
    {1, "Strongly disagree"}, {2, "Disagree"}, {3, "Neither agree nor disagree"},
    {4, "Agree"}, {5, "Strongly agree"}};

TEST(ReadstatReader, FormatFollowsTheExtensionWhateverItsCase) {
  EXPECT_EQ(cxgap::io::readstat_format_of("a/b/survey.sav"), readstat_format::sav);
  EXPECT_EQ(cxgap::io::readstat_format_of("survey.ZSAV"), readstat_format::sav);
  EXPECT_EQ(cxgap::io::readstat_format_of("survey.v2.dta"), readstat_format::dta);
  EXPECT_EQ(cxgap::io::readstat_format_of("SURVEY.SAS7BDAT"), readstat_format::sas7bdat);
  EXPECT_TRUE(cxgap::io::is_readstat_file("x.Dta"));
  EXPECT_FALSE(cxgap::io::is_readstat_file("x.csv"));
  EXPECT_FALSE(cxgap::io::is_readstat_file("sav"));
  EXPECT_FALSE(cxgap::io::is_readstat_file("dir.sav/file"));
}

TEST(ReadstatReader, OtherExtensionsThrowInvalidArgumentNamingThePath) {
  EXPECT_THROW(cxgap::io::readstat_format_of("survey.csv"), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::io::readstat_format_of("survey"), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::io::open_readstat("survey.por"), cxgap::invalid_argument);
  EXPECT_THROW(readstat_reader("survey.xpt"), cxgap::invalid_argument);
  try {
    cxgap::io::open_readstat("export/survey.json");
    ADD_FAILURE() << "no exception";
  } catch (const cxgap::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("export/survey.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(".json"), std::string::npos) << e.what();
  }
}

TEST(ReadstatReader, ReadsTheFormatTheExtensionNames) {
  EXPECT_EQ(readstat_reader(data_path("cx_survey.sav")).format(), readstat_format::sav);
  EXPECT_EQ(readstat_reader(data_path("cx_survey.zsav")).format(), readstat_format::sav);
  EXPECT_EQ(readstat_reader(data_path("cx_survey.dta")).format(), readstat_format::dta);
  EXPECT_EQ(readstat_reader(data_path("cx_survey.sas7bdat")).format(), readstat_format::sas7bdat);
}

TEST(ReadstatReader, ColumnNamesAreInFileOrder) {
  const std::vector<std::string> expected = {"respondent", "group", "audience", "q1",
                                             "q2",         "q3",    "weight",   "region"};
  for (const std::string& f : all_files()) {
    SCOPED_TRACE(f);
    const readstat_reader r(data_path(f));
    std::vector<std::string> names;
    for (const auto& c : r.columns()) names.push_back(c.name);
    EXPECT_EQ(names, expected);
    EXPECT_EQ(r.file(), data_path(f));
  }
}

TEST(ReadstatReader, VariableLabelsBecomeColumnLabels) {
  for (const std::string& f : all_files()) {
    SCOPED_TRACE(f);
    const readstat_reader r(data_path(f));
    EXPECT_EQ(column(r, "q1").label, "Our service is above average");
    EXPECT_EQ(column(r, "q2").label, "Our staff have the tools and authority to solve customer problems");
    EXPECT_EQ(column(r, "q3").label, "How likely are you to recommend us to a friend or colleague?");
    EXPECT_EQ(column(r, "group").label, "Audience");
    EXPECT_EQ(column(r, "weight").label, "Design weight");
    EXPECT_EQ(column(r, "respondent").label, "");  // none in the file
  }
}

TEST(ReadstatReader, SpssValueLabelsIncludeTheUserMissingCodes) {
  for (const char* f : {"cx_survey.sav", "cx_survey.zsav"}) {
    SCOPED_TRACE(f);
    const readstat_reader r(data_path(f));
    EXPECT_EQ(column(r, "group").value_labels,
              (std::map<std::int64_t, std::string>{{1, "executive"}, {2, "customer"}}));
    EXPECT_EQ(column(r, "q1").value_labels, likert_labels);
    auto q2 = likert_labels;
    q2[9] = "Don't know";
    EXPECT_EQ(column(r, "q2").value_labels, q2);
    EXPECT_EQ(column(r, "q3").value_labels,
              (std::map<std::int64_t, std::string>{
                  {0, "Not at all likely"}, {10, "Extremely likely"}, {98, "Refused"}, {99, "Not asked"}}));
    EXPECT_TRUE(column(r, "weight").value_labels.empty());
    EXPECT_TRUE(column(r, "region").value_labels.empty());
  }
}

TEST(ReadstatReader, StataValueLabelsKeepOnlyIntegerCodes) {
  // The labels of the extended missing values .a, .r, .n have no integer code: left out.
  const readstat_reader r(data_path("cx_survey.dta"));
  EXPECT_EQ(column(r, "group").value_labels,
            (std::map<std::int64_t, std::string>{{1, "executive"}, {2, "customer"}}));
  EXPECT_EQ(column(r, "q1").value_labels, likert_labels);
  EXPECT_EQ(column(r, "q2").value_labels, likert_labels);
  EXPECT_EQ(column(r, "q3").value_labels,
            (std::map<std::int64_t, std::string>{{0, "Not at all likely"}, {10, "Extremely likely"}}));
}

TEST(ReadstatReader, SasFileHasNoValueLabels) {
  // A SAS data set keeps value labels (formats) in a separate catalog, which is not read.
  const readstat_reader r(data_path("cx_survey.sas7bdat"));
  for (const auto& c : r.columns()) EXPECT_TRUE(c.value_labels.empty()) << c.name;
}

TEST(ReadstatReader, SpssUserMissingCodesAreListed) {
  for (const char* f : {"cx_survey.sav", "cx_survey.zsav"}) {
    SCOPED_TRACE(f);
    const readstat_reader r(data_path(f));
    EXPECT_EQ(column(r, "q2").missing_codes, (std::vector<std::int64_t>{9}));       // na_values = 9
    EXPECT_EQ(column(r, "q3").missing_codes, (std::vector<std::int64_t>{98, 99}));  // na_range 98-99
    for (const char* name : {"respondent", "group", "audience", "q1", "weight", "region"})
      EXPECT_TRUE(column(r, name).missing_codes.empty()) << name;
  }
}

TEST(ReadstatReader, StataAndSasFilesHaveNoUserMissingCodes) {
  for (const char* f : {"cx_survey.dta", "cx_survey.sas7bdat"}) {
    SCOPED_TRACE(f);
    const readstat_reader r(data_path(f));
    for (const auto& c : r.columns()) EXPECT_TRUE(c.missing_codes.empty()) << c.name;
  }
}

TEST(ReadstatReader, FieldsEqualTheValuesRWrote) {
  const field_rows expected = read_csv(data_path("haven_expected.csv"));
  ASSERT_EQ(expected.size(), 21u);  // header + 20 respondents
  for (const std::string& f : all_files()) {
    SCOPED_TRACE(f);
    readstat_reader r(data_path(f));
    ASSERT_EQ(r.columns().size(), expected[0].size());
    for (std::size_t j = 0; j < expected[0].size(); ++j) EXPECT_EQ(r.columns()[j].name, expected[0][j]);
    const field_rows got = read_all(r);
    ASSERT_EQ(got.size(), expected.size() - 1);
    for (std::size_t i = 0; i < got.size(); ++i)
      for (std::size_t j = 0; j < got[i].size(); ++j)
        EXPECT_EQ(got[i][j], expected[i + 1][j]) << "record " << i + 1 << ", column " << expected[0][j];
  }
}

TEST(ReadstatReader, UserMissingValuesAreEmptyFields) {
  // Record 2 answered q2 "Don't know" (SPSS: 9, declared missing; Stata .a; SAS .A);
  // record 4 refused q3 (98 / .r / .R), record 11 was not asked q3 (99 / .n / .N).
  for (const std::string& f : all_files()) {
    SCOPED_TRACE(f);
    readstat_reader r(data_path(f));
    const field_rows got = read_all(r);
    ASSERT_EQ(got.size(), 20u);
    EXPECT_EQ(got[1][4], "");
    EXPECT_EQ(got[3][5], "");
    EXPECT_EQ(got[10][5], "");
    EXPECT_EQ(got[0][4], "4");  // answered
    EXPECT_EQ(got[0][5], "9");  // a 9 on q3 is an answer, not the q2 missing code
  }
}

TEST(ReadstatReader, SystemMissingValuesAreEmptyFields) {
  for (const std::string& f : all_files()) {
    SCOPED_TRACE(f);
    readstat_reader r(data_path(f));
    const field_rows got = read_all(r);
    ASSERT_EQ(got.size(), 20u);
    EXPECT_EQ(got[4][3], "");   // record 5, q1
    EXPECT_EQ(got[13][3], "");  // record 14, q1
    EXPECT_EQ(got[5][4], "");   // record 6, q2
    EXPECT_EQ(got[13][5], "");  // record 14, q3
    EXPECT_EQ(got[11][7], "");  // record 12, region: NA in R, "" in every format
  }
}

TEST(ReadstatReader, IntegersHaveNoDecimalsAndOtherNumbersSeventeenDigits) {
  for (const std::string& f : all_files()) {
    SCOPED_TRACE(f);
    readstat_reader r(data_path(f));
    const field_rows got = read_all(r);
    ASSERT_EQ(got.size(), 20u);
    EXPECT_EQ(got[1][0], "2");
    EXPECT_EQ(got[1][1], "1");
    EXPECT_EQ(got[0][6], "1");
    EXPECT_EQ(got[1][6], "0.33333333333333331");  // 1/3
    EXPECT_EQ(got[4][6], "0.10000000000000001");  // 0.1
    EXPECT_EQ(got[8][6], "1.5");
    EXPECT_EQ(got[16][5], "0");
    EXPECT_EQ(got[19][5], "10");
  }
}

TEST(ReadstatReader, StringsAreReadAsUtf8) {
  for (const std::string& f : all_files()) {
    SCOPED_TRACE(f);
    readstat_reader r(data_path(f));
    const field_rows got = read_all(r);
    ASSERT_EQ(got.size(), 20u);
    EXPECT_EQ(got[2][7], "\xC3\x8Ele-de-France");  // Île-de-France
    EXPECT_EQ(got[0][2], "executive");
    EXPECT_EQ(got[19][2], "customer");
  }
}

TEST(ReadstatReader, RowIsTheOneBasedRecordNumber) {
  for (const std::string& f : all_files()) {
    SCOPED_TRACE(f);
    readstat_reader r(data_path(f));
    EXPECT_EQ(r.records(), 20);
    EXPECT_EQ(r.row(), 0);
    std::vector<std::string_view> fields;
    for (std::int64_t i = 1; i <= 20; ++i) {
      ASSERT_TRUE(r.next(fields));
      EXPECT_EQ(r.row(), i);
      EXPECT_EQ(fields.size(), 8u);
      EXPECT_EQ(fields[0], std::to_string(i));  // the respondent column is the record number
    }
    EXPECT_FALSE(r.next(fields));
    EXPECT_FALSE(r.next(fields));
    EXPECT_EQ(r.row(), 20);
  }
}

TEST(ReadstatReader, BytesReadReachTheFileSizeAtTheEnd) {
  for (const std::string& f : all_files()) {
    SCOPED_TRACE(f);
    readstat_reader r(data_path(f));
    EXPECT_EQ(r.bytes_total(), fs::file_size(data_path(f)));
    EXPECT_EQ(r.bytes_read(), 0u);
    std::vector<std::string_view> fields;
    std::uint64_t last = 0;
    while (r.next(fields)) {
      EXPECT_GE(r.bytes_read(), last);
      last = r.bytes_read();
    }
    EXPECT_EQ(r.bytes_read(), r.bytes_total());
  }
}

TEST(ReadstatReader, OpenReadstatGivesATableReader) {
  const std::unique_ptr<cxgap::io::table_reader> r = cxgap::io::open_readstat(data_path("cx_survey.dta"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->file(), data_path("cx_survey.dta"));
  EXPECT_EQ(r->columns().size(), 8u);
  EXPECT_EQ(read_all(*r).size(), 20u);
}

/// Asserts that opening `path` throws input_error(unreadable_file) naming the file and saying `what`.
void expect_unreadable(const std::string& path, const std::string& what) {
  try {
    readstat_reader r(path);
    ADD_FAILURE() << "no exception for " << path;
  } catch (const cxgap::input_error& e) {
    EXPECT_EQ(e.code(), cxgap::input_errc::unreadable_file);
    EXPECT_EQ(e.where().file, path);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

TEST(ReadstatReader, MissingFileThrowsUnreadableFileNamingIt) {
  const temp_dir dir;
  expect_unreadable((dir.path / "no_such_survey.sav").string(), "Unable to open file");
  expect_unreadable((dir.path / "no_such_survey.dta").string(), "Unable to open file");
  expect_unreadable((dir.path / "no_such_survey.sas7bdat").string(), "Unable to open file");
}

TEST(ReadstatReader, TruncatedFileThrowsUnreadableFileNamingIt) {
  const temp_dir dir;
  for (const std::string& f : all_files()) {
    SCOPED_TRACE(f);
    const fs::path cut = dir.path / ("truncated_" + f);
    write_prefix(data_path(f), cut, fs::file_size(data_path(f)) / 2);
    expect_unreadable(cut.string(), "cannot read");
  }
  // A .sav cut inside its data: ReadStat counts the records.
  const fs::path sav = dir.path / "short.sav";
  write_prefix(data_path("cx_survey.sav"), sav, fs::file_size(data_path("cx_survey.sav")) - 40);
  expect_unreadable(sav.string(), "expected number of rows");
}

TEST(ReadstatReader, StataFileCutInItsValueLabelsThrows) {
  // ReadStat itself stops quietly at the end of the file in the value-label section.
  // Cut the file after its first complete label set: the data and one label set are intact.
  std::ifstream in(data_path("cx_survey.dta"), std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t first_set_end = bytes.find("</lbl>");
  ASSERT_NE(first_set_end, std::string::npos);
  const temp_dir dir;
  const fs::path cut = dir.path / "labels_cut.dta";
  write_prefix(data_path("cx_survey.dta"), cut, first_set_end + 6);
  expect_unreadable(cut.string(), "</stata_dta>");
}

TEST(ReadstatReader, FileThatIsNotASurveyFileThrowsUnreadableFile) {
  const temp_dir dir;
  for (const char* name : {"not_spss.sav", "not_stata.dta", "not_sas.sas7bdat"}) {
    const fs::path p = dir.path / name;
    std::ofstream(p) << "respondent,group,q1\n1,executive,5\n";
    expect_unreadable(p.string(), "cannot read");
  }
}

}  // namespace

#endif  // CXGAP_HAVE_READSTAT
