// Raking (iterative proportional fitting) of survey weights to known population margins, e.g.
// region totals and audience totals, as R survey's rake(): each sweep post-stratifies the
// weights to every margin in turn (w ← w·T_k / Σ_{i in k} w_i), and raking stops when no cell of
// the cross-classification of all margins changed its weighted total by epsilon or more in the
// last sweep. The fixed point is calibrate(calfun = "raking")'s. docs/design-replicate.md.
#ifndef CXGAP_DESIGN_RAKING_HPP
#define CXGAP_DESIGN_RAKING_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "cxgap/error.hpp"

namespace cxgap {

/// One known margin: each respondent's category (0..K−1) and the K population totals.
struct raking_margin {
  std::string name;                    ///< used in error messages (e.g. "region")
  std::vector<std::size_t> category;   ///< per respondent, in 0..targets.size()−1
  std::vector<double> targets;         ///< population total per category
};

/// Convergence control, with R rake()'s meaning and defaults (maxit = 10, epsilon = 1).
struct raking_control {
  std::size_t max_iterations = 10;  ///< most sweeps over all margins
  /// Stop when the largest change of a cross-classified cell total in a sweep is below epsilon:
  /// an absolute weight total if epsilon ≥ 1, else a fraction of the initial total weight (R's
  /// rule). R's default 1 is coarse; 1e-9 gives the converged fixed point.
  double epsilon = 1;
  /// Margins whose grand totals differ by more than this fraction of the first margin's are
  /// inconsistent (an error: raking could never meet both).
  double total_tolerance = 1e-6;
};

/// Raked weights, sweeps performed and whether rake()'s convergence test passed.
struct raking_result {
  std::vector<double> weights;
  std::size_t iterations = 0;   ///< sweeps performed (R: iter + 1 when converged, else maxit)
  bool converged = false;
  double max_change = std::numeric_limits<double>::quiet_NaN();  ///< in the last sweep
  /// The factor T_k(c) / Σ_{i in c} w_i by which the last sweep multiplied the weights of
  /// category c of margin k ([margin][category]; 0 for a category without weight). A margin's
  /// weights after its step of the last sweep (R: attr(margin, "weights") in the design's
  /// postStrata, used by the Taylor variance, design/raking_taylor.hpp) are the final weights
  /// divided by the factors of the margins after it.
  std::vector<std::vector<double>> last_factors;
};

namespace detail {

[[noreturn]] inline void raking_error(const std::string& message) {
  throw cxgap::invalid_argument("cxgap::rake: " + message);
}

inline std::string number(double x) {
  std::ostringstream os;
  os.precision(17);
  os << x;
  return os.str();
}

}  // namespace detail

namespace detail {

/// Checks raking input (see rake()) and returns the total of `weights`.
inline double check_raking_input(const std::vector<double>& weights,
                                 const std::vector<raking_margin>& margins,
                                 const raking_control& control) {
  const std::size_t n = weights.size();
  if (margins.empty()) raking_error("no margins given");
  if (control.max_iterations == 0) raking_error("control.max_iterations is 0, must be positive");
  if (!(control.epsilon > 0)) raking_error("control.epsilon is " + number(control.epsilon) +
                                           ", must be positive");
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(weights[i] >= 0 && std::isfinite(weights[i])))
      raking_error("weight of respondent " + std::to_string(i) + " is " + number(weights[i]) +
                   ", must be finite and non-negative");
    total += weights[i];
  }
  double first_total = 0;
  for (std::size_t m = 0; m < margins.size(); ++m) {
    const raking_margin& mg = margins[m];
    const std::string label = "margin '" + mg.name + "'";
    if (mg.category.size() != n)
      raking_error(label + ": " + std::to_string(mg.category.size()) +
                   " categories given for " + std::to_string(n) + " respondents");
    double sum = 0;
    for (std::size_t k = 0; k < mg.targets.size(); ++k) {
      if (!(mg.targets[k] >= 0 && std::isfinite(mg.targets[k])))
        raking_error(label + ": target of category " + std::to_string(k) + " is " +
                     number(mg.targets[k]) + ", must be finite and non-negative");
      sum += mg.targets[k];
    }
    std::vector<double> have(mg.targets.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (mg.category[i] >= mg.targets.size())
        raking_error(label + ": respondent " + std::to_string(i) + " is in category " +
                     std::to_string(mg.category[i]) + ", but the margin has " +
                     std::to_string(mg.targets.size()) + " targets");
      have[mg.category[i]] += weights[i];
    }
    for (std::size_t k = 0; k < have.size(); ++k) {
      if (have[k] == 0 && mg.targets[k] > 0)
        raking_error(label + ": category " + std::to_string(k) + " has target " +
                     number(mg.targets[k]) + " but no respondent weight in the sample");
      if (have[k] > 0 && mg.targets[k] == 0)
        raking_error(label + ": category " + std::to_string(k) + " has respondent weight " +
                     number(have[k]) + " but a population target of 0");
    }
    if (m == 0) {
      first_total = sum;
    } else if (std::fabs(sum - first_total) > control.total_tolerance * first_total) {
      raking_error("inconsistent margins: '" + margins[0].name + "' totals " +
                   number(first_total) + " but '" + mg.name + "' totals " + number(sum) +
                   " (tolerance " + number(control.total_tolerance) + " relative)");
    }
  }
  return total;
}

/// One sweep: post-stratifies `w` to every margin in turn (R: postStratify per margin). When
/// `factors` is not null it receives each margin's factors per category.
inline void raking_sweep(std::vector<double>& w, const std::vector<raking_margin>& margins,
                         std::vector<double>& sums,
                         std::vector<std::vector<double>>* factors = nullptr) {
  const std::size_t n = w.size();
  if (factors) factors->resize(margins.size());
  for (std::size_t m = 0; m < margins.size(); ++m) {
    const raking_margin& mg = margins[m];
    sums.assign(mg.targets.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i) sums[mg.category[i]] += w[i];
    for (std::size_t k = 0; k < sums.size(); ++k)
      sums[k] = sums[k] > 0 ? mg.targets[k] / sums[k] : 0.0;
    for (std::size_t i = 0; i < n; ++i) w[i] *= sums[mg.category[i]];
    if (factors) (*factors)[m] = sums;
  }
}

}  // namespace detail

/// Rakes `weights` to the margins by iterative proportional fitting, as R's
/// rake(design, sample.margins, population.margins, control = list(maxit, epsilon)).
/// Does not throw when it fails to converge: converged = false says so.
/// @throws cxgap::invalid_argument naming the margin, category and values if: there are no
///         margins; a weight is negative or not finite; a margin's category vector has the
///         wrong length or a category past its targets; a target is negative or not finite;
///         grand totals of two margins differ beyond control.total_tolerance; a category has no
///         respondent weight but a positive target, or weight but a zero target (R:
///         postStratify's "absent from sample" / "absent from population");
///         max_iterations is 0 or epsilon is not positive.
/// Reference: Deming & Stephan (1940) Ann Math Stat 11:427–444; Lumley (2010) Complex Surveys §7.
inline raking_result rake(const std::vector<double>& weights,
                          const std::vector<raking_margin>& margins,
                          const raking_control& control = {}) {
  const std::size_t n = weights.size();
  const double total = detail::check_raking_input(weights, margins, control);

  // Cells of the cross-classification of all margins, numbered in order of first appearance.
  std::vector<std::size_t> cell(n);
  std::size_t cells = 0;
  {
    std::unordered_map<std::string, std::size_t> index;
    std::string key;
    for (std::size_t i = 0; i < n; ++i) {
      key.clear();
      for (const raking_margin& mg : margins) {
        const std::size_t c = mg.category[i];
        key.append(reinterpret_cast<const char*>(&c), sizeof c);
      }
      auto it = index.emplace(key, cells).first;
      if (it->second == cells) ++cells;
      cell[i] = it->second;
    }
  }
  auto table = [&](const std::vector<double>& w) {
    std::vector<double> t(cells, 0.0);
    for (std::size_t i = 0; i < n; ++i) t[cell[i]] += w[i];
    return t;
  };

  raking_result out;
  out.weights = weights;
  const double epsilon = control.epsilon < 1 ? control.epsilon * total : control.epsilon;
  std::vector<double> old_table = table(out.weights);
  std::vector<double> sums;
  while (out.iterations < control.max_iterations) {
    detail::raking_sweep(out.weights, margins, sums, &out.last_factors);
    ++out.iterations;
    const std::vector<double> new_table = table(out.weights);
    double delta = 0;
    for (std::size_t c = 0; c < cells; ++c)
      delta = std::max(delta, std::fabs(new_table[c] - old_table[c]));
    out.max_change = delta;
    if (delta < epsilon) {
      out.converged = true;
      break;
    }
    old_table = new_table;
  }
  return out;
}

/// Applies exactly `sweeps` raking sweeps to `weights`, without a convergence test: what R's
/// rake() does to each replicate of a replicate-weight design (svyrep.design), whose weights
/// are post-stratified to every margin in each of the sweeps the full-sample weights took
/// (raking_result::iterations), so that the replicates carry the raking's variability.
/// Returns the weights after the sweeps. Input checks as rake(), so a replicate with no weight
/// in a category of positive target throws (R's rake() fails too: NaN replicate weights).
/// @throws cxgap::invalid_argument as rake(), or if sweeps is 0.
/// Reference: Lumley (2010) Complex Surveys, ch. 7 (raking; replicate weights, ch. 2).
inline std::vector<double> rake_sweeps(const std::vector<double>& weights,
                                       const std::vector<raking_margin>& margins,
                                       std::size_t sweeps,
                                       const raking_control& control = {}) {
  if (sweeps == 0) detail::raking_error("sweeps is 0, must be positive");
  detail::check_raking_input(weights, margins, control);
  std::vector<double> w = weights, sums;
  for (std::size_t k = 0; k < sweeps; ++k) detail::raking_sweep(w, margins, sums);
  return w;
}

}  // namespace cxgap

#endif  // CXGAP_DESIGN_RAKING_HPP
