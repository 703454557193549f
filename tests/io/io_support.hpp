// Helpers shared by tests/io/*_test.cpp (they compile as one translation unit, so a helper used
// by several files lives here, not in each file).
#ifndef CXGAP_TESTS_IO_IO_SUPPORT_HPP
#define CXGAP_TESTS_IO_IO_SUPPORT_HPP

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/core/scale.hpp"
#include "cxgap/error.hpp"
#include "cxgap/io/ingest.hpp"
#include "cxgap/io/table_reader.hpp"

namespace cxgap::test {

/// Path of a bundled test file under tests/io/data/.
inline std::string data_path(const std::string& name) {
  return std::string(CXGAP_SOURCE_DIR) + "/tests/io/data/" + name;
}

/// Writes `text` to a file in the temporary directory; returns its path.
inline std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream out(path, std::ios::binary);
  out << text;
  return path;
}

/// Runs `f`, which must throw input_error; returns it.
template <class F>
input_error thrown(F&& f) {
  try {
    f();
  } catch (const input_error& e) {
    return e;
  }
  ADD_FAILURE() << "expected cxgap::input_error";
  return input_error(input_errc::unreadable_file, {}, "none");
}

/// An in-memory table with whatever column_info a test needs (value labels, missing codes).
class memory_table final : public io::table_reader {
 public:
  memory_table(std::vector<io::column_info> columns, std::vector<std::vector<std::string>> records)
      : columns_(std::move(columns)), rows_(std::move(records)) {}
  const std::string& file() const override { return file_; }
  const std::vector<io::column_info>& columns() const override { return columns_; }
  bool next(std::vector<std::string_view>& fields) override {
    if (next_ == rows_.size()) return false;
    fields.assign(rows_[next_].begin(), rows_[next_].end());
    ++next_;
    return true;
  }
  std::int64_t row() const override { return static_cast<std::int64_t>(next_); }

 private:
  std::string file_ = "memory";
  std::vector<io::column_info> columns_;
  std::vector<std::vector<std::string>> rows_;
  std::size_t next_ = 0;
};

/// A spec whose items are the named columns on a 1-5 scale with 9 = don't know.
inline io::survey_spec spec_1_5(const std::vector<std::string>& items,
                                std::string group = "group") {
  io::survey_spec spec;
  spec.group = std::move(group);
  for (const auto& c : items) spec.items.push_back({c, c, "", scale::likert(1, 5).with_dont_know({9})});
  return spec;
}

}  // namespace cxgap::test

#endif  // CXGAP_TESTS_IO_IO_SUPPORT_HPP
