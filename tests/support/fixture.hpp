// Reader for the reference fixtures under tests/reference/fixtures/.
//
// Format: '#' comment lines (the tool, version and script that made the file); '[name]' opens a
// case; 'key = value' lines follow. Values are numbers (NaN, Inf, -Inf allowed), strings, or
// space-separated number lists. Every case carries a 'call' key: the exact R/Python call.
#ifndef CXGAP_TESTS_SUPPORT_FIXTURE_HPP
#define CXGAP_TESTS_SUPPORT_FIXTURE_HPP

#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cxgap::test {

/// Directory of the fixture files, set by CMake.
inline std::string fixture_path(const std::string& file) {
  // Appended, not `std::string(dir) + "/" + file`: GCC 12 at -O2 in C++20 reports a false
  // -Warray-bounds on that temporary (GCC PR 105329 family).
  std::string path(CXGAP_TEST_FIXTURE_DIR);
  path += '/';
  path += file;
  return path;
}

inline double parse_number(const std::string& s) {
  if (s == "NaN" || s == "NA" || s == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (s == "Inf" || s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-Inf" || s == "-inf") return -std::numeric_limits<double>::infinity();
  // strtod, not stod: stod throws on subnormal values such as 9.3e-315.
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size())
    throw std::runtime_error("fixture: not a number: '" + s + "'");
  return v;
}

/// One reference case: a name and its key = value pairs.
struct fixture_case {
  std::string name;
  std::map<std::string, std::string> values;

  bool has(const std::string& key) const { return values.count(key) != 0; }
  const std::string& str(const std::string& key) const {
    auto it = values.find(key);
    if (it == values.end()) throw std::runtime_error("fixture case '" + name + "' has no " + key);
    return it->second;
  }
  double num(const std::string& key) const { return parse_number(str(key)); }
  std::int64_t integer(const std::string& key) const { return std::stoll(str(key)); }
  std::vector<double> nums(const std::string& key) const {
    std::istringstream is(str(key));
    std::vector<double> v;
    for (std::string tok; is >> tok;) v.push_back(parse_number(tok));
    return v;
  }
  std::vector<std::int64_t> integers(const std::string& key) const {
    std::istringstream is(str(key));
    std::vector<std::int64_t> v;
    for (std::string tok; is >> tok;) v.push_back(std::stoll(tok));
    return v;
  }
};

/// All cases of a fixture file, in file order. Throws if the file cannot be read or is empty.
inline std::vector<fixture_case> load_fixture(const std::string& file) {
  std::ifstream in(fixture_path(file));
  if (!in) throw std::runtime_error("cannot open fixture " + fixture_path(file));
  std::vector<fixture_case> cases;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[') {
      cases.push_back({line.substr(1, line.find_last_of(']') - 1), {}});
      continue;
    }
    auto eq = line.find(" = ");
    if (eq == std::string::npos || cases.empty())
      throw std::runtime_error("fixture " + file + ": bad line: " + line);
    cases.back().values[line.substr(0, eq)] = line.substr(eq + 3);
  }
  if (cases.empty()) throw std::runtime_error("fixture " + file + " has no cases");
  return cases;
}

/// Relative agreement target with R, scipy and statsmodels for deterministic methods (a test
/// that needs another tolerance names its own constant).
inline constexpr double kRel = 1e-9;

/// The value of a statistic that cannot be computed.
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// |actual − expected| <= rel·|expected| (or <= rel when expected is 0); NaN equals NaN and
/// infinities must match exactly.
inline ::testing::AssertionResult rel_near(double actual, double expected, double rel) {
  if (std::isnan(expected) || std::isnan(actual)) {
    if (std::isnan(expected) && std::isnan(actual)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "actual " << actual << " vs expected " << expected;
  }
  if (std::isinf(expected) || std::isinf(actual)) {
    if (actual == expected) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "actual " << actual << " vs expected " << expected;
  }
  double tol = rel * (expected == 0 ? 1.0 : std::fabs(expected));
  if (std::fabs(actual - expected) <= tol) return ::testing::AssertionSuccess();
  std::ostringstream os;
  os.precision(17);
  os << "actual " << actual << " vs expected " << expected << " (relative error "
     << std::fabs(actual - expected) / (expected == 0 ? 1.0 : std::fabs(expected)) << " > "
     << rel << ")";
  return ::testing::AssertionFailure() << os.str();
}

}  // namespace cxgap::test

/// EXPECT_REL_NEAR(actual, expected, rel): relative agreement, NaN == NaN.
#define EXPECT_REL_NEAR(actual, expected, rel) \
  EXPECT_TRUE(::cxgap::test::rel_near((actual), (expected), (rel)))

#endif  // CXGAP_TESTS_SUPPORT_FIXTURE_HPP
