// Small text helpers shared by the tests (the tests of one directory compile as one translation
// unit, so a helper used by several files lives here, not in each file).
#ifndef CXGAP_TESTS_SUPPORT_TEXT_HPP
#define CXGAP_TESTS_SUPPORT_TEXT_HPP

#include <sstream>
#include <string>
#include <vector>

namespace cxgap::test {

/// The whitespace-separated words of `s`, in order.
inline std::vector<std::string> words(const std::string& s) {
  std::istringstream is(s);
  std::vector<std::string> v;
  for (std::string w; is >> w;) v.push_back(w);
  return v;
}

/// Whether `part` occurs in `s`.
inline bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace cxgap::test

#endif  // CXGAP_TESTS_SUPPORT_TEXT_HPP
