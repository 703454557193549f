// How respondents with missing answers enter the multivariate statistics (Hotelling's T²,
// Cronbach's alpha): listwise (complete cases) or pairwise deletion. Details and caveats:
// docs/multivariate.md.
#ifndef CXGAP_MULTIVARIATE_MISSING_DATA_HPP
#define CXGAP_MULTIVARIATE_MISSING_DATA_HPP

#include <string_view>

namespace cxgap {

/// How respondents with missing answers (NaN) enter a multivariate statistic.
enum class missing_data : unsigned char {
  complete_case,  ///< listwise deletion: a respondent with any missing item is dropped (default)
  pairwise,       ///< each item mean from the answers available, each covariance from the
                  ///< respondents who answered both items (R: use = "pairwise.complete.obs")
};

/// Stable name of a missing-data policy ("complete_case", "pairwise") for JSON output.
constexpr std::string_view to_string(missing_data m) noexcept {
  switch (m) {
    case missing_data::complete_case: return "complete_case";
    case missing_data::pairwise: return "pairwise";
  }
  return "unknown";
}

}  // namespace cxgap

#endif  // CXGAP_MULTIVARIATE_MISSING_DATA_HPP
