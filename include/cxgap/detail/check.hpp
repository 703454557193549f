// Precondition checks in the style of Stan Math's check_*: each throws cxgap::invalid_argument
// with a message naming the function, the argument, its value and the bound it violated.
#ifndef CXGAP_DETAIL_CHECK_HPP
#define CXGAP_DETAIL_CHECK_HPP

#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>

#include "cxgap/error.hpp"

namespace cxgap::detail {

template <class T>
[[noreturn]] void throw_invalid(const char* function, const char* name, const T& value,
                                const char* requirement) {
  std::ostringstream os;
  os.precision(17);
  os << function << ": " << name << " is " << value << ", but must be " << requirement;
  throw cxgap::invalid_argument(os.str());
}

/// level must lie in the open interval (0, 1).
template <class Real>
void check_level(const char* function, Real level) {
  if (!(level > 0 && level < 1)) throw_invalid(function, "level", level, "in (0, 1)");
}

template <class Real>
void check_probability(const char* function, const char* name, Real p) {
  if (!(p >= 0 && p <= 1)) throw_invalid(function, name, p, "in [0, 1]");
}

template <class Real>
void check_finite(const char* function, const char* name, Real x) {
  if (!std::isfinite(x)) throw_invalid(function, name, x, "finite");
}

template <class Real>
void check_positive(const char* function, const char* name, Real x) {
  if (!(x > 0)) throw_invalid(function, name, x, "positive");
}

template <class Real>
void check_nonnegative(const char* function, const char* name, Real x) {
  if (!(x >= 0)) throw_invalid(function, name, x, "non-negative");
}

/// 0 <= x <= n for a count of successes x out of n trials.
inline void check_count(const char* function, const char* name_x, std::int64_t x,
                        std::int64_t n) {
  if (n < 0) throw_invalid(function, "n", n, "non-negative");
  if (x < 0 || x > n) {
    throw_invalid(function, name_x, x, ("in [0, n] with n = " + std::to_string(n)).c_str());
  }
}

}  // namespace cxgap::detail

#endif  // CXGAP_DETAIL_CHECK_HPP
