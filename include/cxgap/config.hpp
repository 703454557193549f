// cxgap: perception-gap statistics for customer-experience surveys.
// Version, language checks and the internal assertion macro.
#ifndef CXGAP_CONFIG_HPP
#define CXGAP_CONFIG_HPP

#include <cstdio>
#include <cstdlib>

#include "cxgap/version.hpp"

#if !defined(__cplusplus) || (__cplusplus < 201703L && !defined(_MSVC_LANG))
#error "cxgap requires C++17 or later"
#endif

/// CXGAP_ASSERT(cond): internal invariant, active unless NDEBUG or CXGAP_NO_ASSERT is defined.
/// Preconditions on user input are never asserted: they throw (see error.hpp).
#if defined(NDEBUG) || defined(CXGAP_NO_ASSERT)
#define CXGAP_ASSERT(cond) static_cast<void>(0)
#else
#define CXGAP_ASSERT(cond)                                                                    \
  ((cond) ? static_cast<void>(0)                                                              \
          : (std::fprintf(stderr, "cxgap: internal assertion failed: %s (%s:%d)\n", #cond,    \
                          __FILE__, __LINE__),                                                \
             std::abort()))
#endif

#endif  // CXGAP_CONFIG_HPP
