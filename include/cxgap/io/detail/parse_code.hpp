// The per-field parsers of the ingest step (io/ingest.hpp), as inline functions: an item code
// (the one-digit Likert answer and the empty field on an inlined fast path) and blank trimming.
// Same rules as docs/io.md "Codes, weights and labels"; kept here so that the hot loop of
// ingest() inlines the common case instead of calling a function per field.
#ifndef CXGAP_IO_DETAIL_PARSE_CODE_HPP
#define CXGAP_IO_DETAIL_PARSE_CODE_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

// Inlining hints for the hot loops of the CSV reader and of ingest().
#if defined(_MSC_VER) && !defined(__clang__)
#define CXGAP_IO_ALWAYS_INLINE __forceinline
#define CXGAP_IO_NOINLINE __declspec(noinline)
#else
#define CXGAP_IO_ALWAYS_INLINE inline __attribute__((always_inline))
#define CXGAP_IO_NOINLINE __attribute__((noinline))
#endif

namespace cxgap::io::detail {

/// The field without surrounding blanks (space, tab).
inline std::string_view trim(std::string_view s) noexcept {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

enum class code_status { ok, empty, non_numeric };

struct parsed_code {
  code_status status;
  std::int64_t value;
};

/// parse_code for fields that are not empty and not one digit.
inline parsed_code parse_code_general(std::string_view raw) noexcept {
  const std::string_view s = trim(raw);
  if (s.empty()) return {code_status::empty, 0};
  std::size_t i = 0;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    ++i;
  }
  constexpr std::int64_t limit = 1000000000000000000;  // 1e18
  std::int64_t v = 0;
  const std::size_t first_digit = i;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i)
    v = v >= limit / 10 ? limit : v * 10 + (s[i] - '0');
  if (i == first_digit) return {code_status::non_numeric, 0};
  if (i < s.size() && s[i] == '.') {
    const std::size_t first_zero = ++i;
    while (i < s.size() && s[i] == '0') ++i;
    if (i == first_zero) return {code_status::non_numeric, 0};
  }
  if (i != s.size()) return {code_status::non_numeric, 0};
  return {code_status::ok, negative ? -v : v};
}

/// An integer code: surrounding blanks, an optional sign, digits, and optionally a fraction of
/// zeros ("4.0" is 4); empty or all blanks is `empty`. Values from ±1e17 on saturate at ±1e18.
/// The empty field and one digit are decided inline.
CXGAP_IO_ALWAYS_INLINE parsed_code parse_code(std::string_view raw) noexcept {
  if (raw.empty()) return {code_status::empty, 0};
  if (raw.size() == 1 && raw[0] >= '0' && raw[0] <= '9') return {code_status::ok, raw[0] - '0'};
  return parse_code_general(raw);
}

}  // namespace cxgap::io::detail

#endif  // CXGAP_IO_DETAIL_PARSE_CODE_HPP
