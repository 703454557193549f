// Multiple-comparison adjustment of p-values (family-wise error and false discovery rate),
// computed exactly as R's stats::p.adjust.
#ifndef CXGAP_STATS_MULTIPLICITY_HPP
#define CXGAP_STATS_MULTIPLICITY_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "cxgap/detail/check.hpp"

namespace cxgap {

/// The adjustment methods of R's p.adjust.
enum class p_adjust : unsigned char {
  none,                 ///< "none": unchanged
  bonferroni,           ///< "bonferroni": min(1, m·p) (FWER)
  holm,                 ///< "holm": step-down Bonferroni (Holm 1979) (FWER)
  hochberg,             ///< "hochberg": step-up (Hochberg 1988) (FWER, independent/PRDS tests)
  hommel,               ///< "hommel": Hommel (1988) (FWER, independent/PRDS tests)
  benjamini_hochberg,   ///< "BH" / "fdr": Benjamini & Hochberg (1995) (FDR, PRDS)
  benjamini_yekutieli,  ///< "BY": Benjamini & Yekutieli (2001) (FDR, any dependence)
};

/// R's name of a method ("none", "bonferroni", "holm", "hochberg", "hommel", "BH", "BY").
constexpr std::string_view to_string(p_adjust m) noexcept {
  switch (m) {
    case p_adjust::none: return "none";
    case p_adjust::bonferroni: return "bonferroni";
    case p_adjust::holm: return "holm";
    case p_adjust::hochberg: return "hochberg";
    case p_adjust::hommel: return "hommel";
    case p_adjust::benjamini_hochberg: return "BH";
    case p_adjust::benjamini_yekutieli: return "BY";
  }
  return "unknown";
}

/// The method named as in R's p.adjust ("BH" and "fdr" both name Benjamini–Hochberg).
/// @throws cxgap::invalid_argument for any other name.
inline p_adjust parse_p_adjust(std::string_view name) {
  if (name == "none") return p_adjust::none;
  if (name == "bonferroni") return p_adjust::bonferroni;
  if (name == "holm") return p_adjust::holm;
  if (name == "hochberg") return p_adjust::hochberg;
  if (name == "hommel") return p_adjust::hommel;
  if (name == "BH" || name == "fdr") return p_adjust::benjamini_hochberg;
  if (name == "BY") return p_adjust::benjamini_yekutieli;
  detail::throw_invalid("parse_p_adjust", "name", std::string(name),
                        "one of none, bonferroni, holm, hochberg, hommel, BH, fdr, BY");
}

namespace detail {

/// p.adjust on the non-missing p-values q (in input order) with family size n >= q.size().
/// The arithmetic follows R 4.2's p.adjust operation by operation so results agree to the bit
/// (BY's harmonic sum is accumulated in long double as R's sum() does).
template <class Real>
std::vector<Real> p_adjust_present(const std::vector<Real>& q, p_adjust method, std::size_t n) {
  const std::size_t lp = q.size();
  if (n <= 1 || method == p_adjust::none) return q;
  if (n == 2 && method == p_adjust::hommel) method = p_adjust::hochberg;
  const Real nr = static_cast<Real>(n);
  std::vector<Real> out(lp);
  // Stable ascending / descending orders (R's order() is stable).
  auto ascending = [&q](std::size_t m) {
    std::vector<std::size_t> o(m);
    std::iota(o.begin(), o.end(), std::size_t(0));
    std::stable_sort(o.begin(), o.end(),
                     [&q](std::size_t x, std::size_t y) { return q[x] < q[y]; });
    return o;
  };
  auto descending = [&q, lp]() {
    std::vector<std::size_t> o(lp);
    std::iota(o.begin(), o.end(), std::size_t(0));
    std::stable_sort(o.begin(), o.end(),
                     [&q](std::size_t x, std::size_t y) { return q[x] > q[y]; });
    return o;
  };
  switch (method) {
    case p_adjust::bonferroni:
      for (std::size_t k = 0; k < lp; ++k) out[k] = std::min(Real(1), nr * q[k]);
      break;
    case p_adjust::holm: {
      const auto o = ascending(lp);
      Real run = -std::numeric_limits<Real>::infinity();
      for (std::size_t k = 0; k < lp; ++k) {  // i = k + 1
        run = std::max(run, static_cast<Real>(n - k) * q[o[k]]);
        out[o[k]] = std::min(Real(1), run);
      }
      break;
    }
    case p_adjust::hochberg:
    case p_adjust::benjamini_hochberg:
    case p_adjust::benjamini_yekutieli: {
      const auto o = descending();
      Real factor = 1;
      if (method == p_adjust::benjamini_yekutieli) {
        long double h = 0;
        for (std::size_t i = 1; i <= n; ++i) h += 1.0 / static_cast<double>(i);  // R: sum(1/(1:n))
        factor = static_cast<Real>(h) * nr;                                      // R: q * n / i * p
      }
      Real run = std::numeric_limits<Real>::infinity();
      for (std::size_t k = 0; k < lp; ++k) {
        const std::size_t i = lp - k;  // R: i <- lp:1
        Real v;
        if (method == p_adjust::hochberg) {
          v = static_cast<Real>(n + 1 - i) * q[o[k]];
        } else if (method == p_adjust::benjamini_hochberg) {
          v = nr / static_cast<Real>(i) * q[o[k]];
        } else {
          v = factor / static_cast<Real>(i) * q[o[k]];
        }
        run = std::min(run, v);
        out[o[k]] = std::min(Real(1), run);
      }
      break;
    }
    case p_adjust::hommel: {
      // Missing tests (n > lp) enter as p = 1, as in R.
      std::vector<Real> p = q;
      p.resize(n, Real(1));
      std::vector<std::size_t> o(n);
      std::iota(o.begin(), o.end(), std::size_t(0));
      std::stable_sort(o.begin(), o.end(),
                       [&p](std::size_t x, std::size_t y) { return p[x] < p[y]; });
      std::vector<Real> ps(n);
      for (std::size_t k = 0; k < n; ++k) ps[k] = p[o[k]];
      Real init = std::numeric_limits<Real>::infinity();
      for (std::size_t k = 0; k < n; ++k)
        init = std::min(init, nr * ps[k] / static_cast<Real>(k + 1));
      std::vector<Real> qv(n, init), pa(n, init);
      for (std::size_t j = n - 1; j >= 2; --j) {
        // i1 = 1..n−j+1, i2 = n−j+2..n (1-based)
        Real q1 = std::numeric_limits<Real>::infinity();
        for (std::size_t idx = n - j + 2, kk = 2; idx <= n; ++idx, ++kk) {
          q1 = std::min(q1, static_cast<Real>(j) * ps[idx - 1] / static_cast<Real>(kk));
        }
        for (std::size_t idx = 1; idx <= n - j + 1; ++idx) {
          qv[idx - 1] = std::min(static_cast<Real>(j) * ps[idx - 1], q1);
        }
        for (std::size_t idx = n - j + 2; idx <= n; ++idx) qv[idx - 1] = qv[n - j];
        for (std::size_t k = 0; k < n; ++k) pa[k] = std::max(pa[k], qv[k]);
      }
      // Back to input order; only the lp real tests are returned.
      for (std::size_t k = 0; k < n; ++k) {
        if (o[k] < lp) out[o[k]] = std::max(pa[k], ps[k]);
      }
      break;
    }
    case p_adjust::none: break;
  }
  return out;
}

}  // namespace detail

/// Adjust p-values for multiple comparisons exactly as R's p.adjust(p, method, n).
/// NaN entries are missing: they stay NaN and do not count towards the family size, whose
/// default is the number of non-missing p-values. The output keeps the input order; tied
/// p-values get the same adjusted value.
/// @param p       p-values in [0, 1] or NaN
/// @param n_tests family size m; 0 (default) means the number of non-NaN p-values
/// @throws cxgap::invalid_argument if a p-value is outside [0, 1] (R does not check this) or
///         n_tests is smaller than the number of non-NaN p-values.
/// References: Holm (1979) Scand. J. Stat. 6:65–70; Hochberg (1988) Biometrika 75:800–802;
/// Hommel (1988) Biometrika 75:383–386; Benjamini & Hochberg (1995) JRSS B 57:289–300;
/// Benjamini & Yekutieli (2001) Ann. Stat. 29:1165–1188.
template <class Real>
std::vector<Real> adjust_p_values(const std::vector<Real>& p, p_adjust method,
                                  std::size_t n_tests = 0) {
  std::vector<Real> present;
  present.reserve(p.size());
  for (const Real v : p) {
    if (std::isnan(v)) continue;
    detail::check_probability("adjust_p_values", "p[i]", v);
    present.push_back(v);
  }
  std::size_t n = present.size();
  if (n_tests != 0) {
    if (n_tests < n) {
      detail::throw_invalid(
          "adjust_p_values", "n_tests", n_tests,
          ("at least the number of non-missing p-values, " + std::to_string(n)).c_str());
    }
    n = n_tests;
  }
  const std::vector<Real> adjusted = detail::p_adjust_present(present, method, n);
  std::vector<Real> out(p.size());
  for (std::size_t k = 0, j = 0; k < p.size(); ++k) {
    out[k] = std::isnan(p[k]) ? p[k] : adjusted[j++];
  }
  return out;
}

/// adjust_p_values for any input range of floating-point p-values (std::array, std::span, ...).
template <class Range,
          class Real = std::decay_t<decltype(*std::begin(std::declval<const Range&>()))>,
          class = std::enable_if_t<std::is_floating_point_v<Real>>>
std::vector<Real> adjust_p_values(const Range& p, p_adjust method, std::size_t n_tests = 0) {
  return adjust_p_values(std::vector<Real>(std::begin(p), std::end(p)), method, n_tests);
}

}  // namespace cxgap

#endif  // CXGAP_STATS_MULTIPLICITY_HPP
