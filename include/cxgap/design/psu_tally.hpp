// The PSU tally: the sufficient statistic of every design-based estimate in cxgap. One pass
// over a survey gives, per tally unit (PSU, or SSU of a two-stage design; the stratum when rows
// are the PSUs) × group × item × category, the count and the weighted sum Σw (and Σw² in the
// moment form), and for numeric items per unit × group the weighted moment sums Σw, Σwy, Σwy²
// (Σw², Σw²y, Σw²y² in the moment form). Tallies of disjoint rows merge with +=.
#ifndef CXGAP_DESIGN_PSU_TALLY_HPP
#define CXGAP_DESIGN_PSU_TALLY_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cxgap/core/detail/tally_kernel.hpp"
#include "cxgap/core/detail/zeroed_array.hpp"
#include "cxgap/core/item.hpp"
#include "cxgap/core/survey.hpp"
#include "cxgap/design/design.hpp"
#include "cxgap/design/row_units.hpp"
#include "cxgap/error.hpp"

namespace cxgap {

namespace detail {

/// Per-category weighted sums over one item column, accumulated per tally unit: adds w[r] (and
/// w[r]² when sum_w2 is not null) and 1 to the slot of row r's group cell and response byte in
/// its unit's block. Rows come in runs of one unit (runs[k] .. runs[k+1] has unit run_unit[k]).
/// Block of unit u, cell g, slot k: ((u·n_cells + g)·stride + offset + k). slot_of maps a
/// response byte to its slot (0xFF = missing → the item's last slot). Rows whose cell is
/// >= n_cells are left out. Compiled in src/design/psu_tally.cpp.
/// Zeroed local histograms for weigh_units, reused across calls (kept zero between runs).
struct weigh_scratch {
  weigh_scratch(std::size_t n_cells, bool squares);
  std::vector<double> w, w2;
  std::vector<std::uint32_t> n;
};

void weigh_units(const std::uint8_t* cells, const std::uint8_t* codes, const double* w,
                 const std::size_t* runs, const std::uint32_t* run_unit, std::size_t n_runs,
                 std::size_t n_cells, const std::uint8_t* slot_of, std::size_t slots,
                 std::size_t stride, std::size_t offset, double* sum_w, double* sum_w2,
                 std::int64_t* count, weigh_scratch& scratch);

/// Rows a run of one unit needs before psu_tally::accumulate tries weight keys on it.
inline constexpr std::size_t keyed_run_rows = 256;

/// Adds one run of n rows of unit `unit` by weight keys (detail::weight_keys): per item the
/// counts per (key, slot), then per (cell, slot) Σ_k w_k·n_k (and Σ_k w_k²·n_k when sum_w2 is
/// not null) and the counts into the unit's block (layout as weigh_units; item i's slots start
/// at offsets[i]). Returns false, adding nothing, when the run has too many distinct (cell,
/// weight) pairs for that to pay (more than n/32). w == nullptr: unit weights (nothing is read).
/// `keys`, `scratch` and `check` are working storage, reused across calls. Compiled in
/// src/design/psu_tally.cpp.
bool weigh_unit_keys(const std::uint8_t* cells, const double* w, std::size_t n,
                     std::size_t n_cells, const std::uint8_t* const* codes,
                     const std::size_t* slots, const std::size_t* offsets, std::size_t n_items,
                     std::size_t stride, std::size_t unit, double* sum_w, double* sum_w2,
                     std::int64_t* count, weight_keys& keys, std::vector<std::int64_t>& scratch,
                     cell_weight_check& check);

}  // namespace detail

/// Per-unit × group weighted moment sums of a numeric item (the shift is subtracted from every
/// value before it is summed, to keep Σwy² well conditioned; see psu_tally::numeric_shift).
struct numeric_sums {
  std::int64_t n = 0;
  double sw = 0, swy = 0, swy2 = 0;     ///< Σw, Σw(y−c), Σw(y−c)²
  double sw2 = 0, sw2y = 0, sw2y2 = 0;  ///< Σw², Σw²(y−c), Σw²(y−c)² (moment form only)

  numeric_sums& operator+=(const numeric_sums& o) noexcept {
    n += o.n;
    sw += o.sw, swy += o.swy, swy2 += o.swy2;
    sw2 += o.sw2, sw2y += o.sw2y, sw2y2 += o.sw2y2;
    return *this;
  }
};

/// The PSU tally (see the file comment). Shape: the codebook's items, the groups, the numeric
/// item names, and the number of units of its design; units can be added (grow_units) as a
/// streamed file reveals them.
class psu_tally {
 public:
  psu_tally() = default;

  /// An empty tally. `moments` is true when the design's rows are its PSUs (then the units are
  /// strata and Σw² is kept too).
  psu_tally(cxgap::codebook items, std::vector<std::string> groups,
            std::vector<std::string> numerics, std::size_t units, bool moments)
      : codebook_(std::move(items)),
        groups_(std::move(groups)),
        numerics_(std::move(numerics)),
        moments_(moments) {
    offsets_.reserve(codebook_.size() + 1);
    std::size_t off = 0;
    for (const item& it : codebook_.items()) {
      offsets_.push_back(off);
      off += static_cast<std::size_t>(it.scale.slots() + 1);
    }
    offsets_.push_back(off);
    stride_ = off;
    missing_numeric_.assign(groups_.size() * numerics_.size(), 0);
    numeric_shift_.assign(numerics_.size(), std::nan(""));
    grow_units(units);
  }

  const cxgap::codebook& codebook() const noexcept { return codebook_; }
  const std::vector<std::string>& groups() const noexcept { return groups_; }
  const std::vector<std::string>& numerics() const noexcept { return numerics_; }
  bool moments() const noexcept { return moments_; }
  std::size_t unit_count() const noexcept { return units_; }
  std::size_t group_index(std::string_view name) const {
    for (std::size_t g = 0; g < groups_.size(); ++g)
      if (groups_[g] == name) return g;
    throw cxgap::out_of_range("cxgap::psu_tally: no group '" + std::string(name) + "'");
  }
  std::size_t numeric_index(std::string_view name) const {
    for (std::size_t k = 0; k < numerics_.size(); ++k)
      if (numerics_[k] == name) return k;
    throw cxgap::out_of_range("cxgap::psu_tally: no numeric item '" + std::string(name) + "'");
  }

  /// Widens the tally to `units` units (new units are zero); never shrinks.
  void grow_units(std::size_t units) {
    if (units <= units_) return;
    units_ = units;
    const std::size_t cells = units_ * groups_.size() * stride_;
    sum_w_.grow(cells);
    count_.grow(cells);
    if (moments_) sum_w2_.grow(cells);
    numeric_.resize(units_ * groups_.size() * numerics_.size());
  }

  /// Slot sums of an item for a unit × group: slots are the scale's categories (code order),
  /// its don't-know codes, then missing (scale.slots() + 1 entries).
  const double* weight_sums(std::size_t unit, std::size_t group, std::size_t item) const {
    return sum_w_.data() + block(unit, group) + offsets_.at(item);
  }
  /// Σw² per slot (moment form only; nullptr otherwise).
  const double* weight_square_sums(std::size_t unit, std::size_t group, std::size_t item) const {
    return moments_ ? sum_w2_.data() + block(unit, group) + offsets_.at(item) : nullptr;
  }
  /// Counts per slot.
  const std::int64_t* counts(std::size_t unit, std::size_t group, std::size_t item) const {
    return count_.data() + block(unit, group) + offsets_.at(item);
  }
  /// Moment sums of numeric item k for a unit × group.
  const numeric_sums& numeric(std::size_t unit, std::size_t group, std::size_t k) const {
    return numeric_.at((unit * groups_.size() + group) * numerics_.size() + k);
  }
  /// Missing values of numeric item k in a group.
  std::int64_t numeric_missing(std::size_t group, std::size_t k) const {
    return missing_numeric_.at(group * numerics_.size() + k);
  }
  /// The constant c subtracted from numeric item k before summing (its first value seen).
  double numeric_shift(std::size_t k) const { return numeric_shift_.at(k); }

  /// Adds rows [first, last) of a survey with their tally units (unit[r] for row first + r) and
  /// group cells (cells[r] for row first + r; a value >= groups().size() leaves the row out).
  /// The survey must have the tally's items (and its numeric items, by name, in order). Rows
  /// sorted by unit (the usual order of a clustered file) are fastest. Throws invalid_argument
  /// if the survey has other items, out_of_range for a unit past unit_count().
  void accumulate(const survey& s, const std::uint8_t* cells, const std::uint32_t* unit,
                  std::size_t first, std::size_t last);

  /// As above, with the units (and their runs, found when the design was made) of a design of
  /// the whole survey: units[r] for row r, r in [first, last).
  void accumulate(const survey& s, const std::uint8_t* cells, const row_units& units,
                  std::size_t first, std::size_t last);

  /// Sets every count and sum to zero, keeping the shape, the units and the numeric shifts (to
  /// reuse the storage for another pass).
  void clear() noexcept {
    sum_w_.zero();
    sum_w2_.zero();
    count_.zero();
    std::fill(numeric_.begin(), numeric_.end(), numeric_sums{});
    std::fill(missing_numeric_.begin(), missing_numeric_.end(), 0);
  }

  /// Adds a tally of disjoint rows with the same items, groups and form (units: the larger
  /// count wins). Throws invalid_argument if the shapes differ or the numeric shifts differ.
  psu_tally& operator+=(const psu_tally& o) {
    if (!codebook_.compatible(o.codebook_) || groups_ != o.groups_ ||
        numerics_ != o.numerics_ || moments_ != o.moments_)
      throw cxgap::invalid_argument(
          "cxgap::psu_tally::operator+=: tallies differ in items, groups or form");
    for (std::size_t k = 0; k < numerics_.size(); ++k) {
      if (std::isnan(numeric_shift_[k])) numeric_shift_[k] = o.numeric_shift_[k];
      else if (!std::isnan(o.numeric_shift_[k]) && o.numeric_shift_[k] != numeric_shift_[k])
        throw cxgap::invalid_argument("cxgap::psu_tally::operator+=: numeric item '" +
                                      numerics_[k] + "' was summed about another shift");
    }
    grow_units(o.units_);
    for (std::size_t i = 0; i < o.sum_w_.size(); ++i) {
      sum_w_[i] += o.sum_w_[i];
      count_[i] += o.count_[i];
    }
    for (std::size_t i = 0; i < o.sum_w2_.size(); ++i) sum_w2_[i] += o.sum_w2_[i];
    for (std::size_t i = 0; i < o.numeric_.size(); ++i) numeric_[i] += o.numeric_[i];
    for (std::size_t i = 0; i < missing_numeric_.size(); ++i)
      missing_numeric_[i] += o.missing_numeric_[i];
    return *this;
  }

  /// Sets the shift of numeric item k before anything is summed (all chunks of a streamed file
  /// must share it). Throws logic_error-like invalid_argument once sums exist with another.
  void set_numeric_shift(std::size_t k, double c) {
    if (!std::isnan(numeric_shift_.at(k)) && numeric_shift_[k] != c)
      throw cxgap::invalid_argument("cxgap::psu_tally::set_numeric_shift: already set");
    numeric_shift_[k] = c;
  }

  /// A copy with more groups (the first groups() stay at their indices): used when a streamed
  /// file shows a new group label.
  psu_tally with_groups(std::vector<std::string> groups) const {
    psu_tally t(codebook_, std::move(groups), numerics_, units_, moments_);
    if (t.groups_.size() < groups_.size())
      throw cxgap::invalid_argument("cxgap::psu_tally::with_groups: fewer groups");
    t.numeric_shift_ = numeric_shift_;
    const std::size_t G = groups_.size(), H = t.groups_.size(), K = numerics_.size();
    for (std::size_t u = 0; u < units_; ++u)
      for (std::size_t g = 0; g < G; ++g) {
        const std::size_t src = (u * G + g) * stride_, dst = (u * H + g) * stride_;
        for (std::size_t k = 0; k < stride_; ++k) {
          t.sum_w_[dst + k] = sum_w_[src + k];
          t.count_[dst + k] = count_[src + k];
          if (moments_) t.sum_w2_[dst + k] = sum_w2_[src + k];
        }
        for (std::size_t k = 0; k < K; ++k)
          t.numeric_[(u * H + g) * K + k] = numeric_[(u * G + g) * K + k];
      }
    for (std::size_t g = 0; g < G; ++g)
      for (std::size_t k = 0; k < K; ++k)
        t.missing_numeric_[g * K + k] = missing_numeric_[g * K + k];
    return t;
  }

 private:
  // The checks of accumulate on the survey and the row range.
  void check_accumulate(const survey& s, std::size_t first, std::size_t last) const;
  // Adds rows [first, last) in runs of one unit: rows first + runs[k] .. first + runs[k + 1]
  // have unit run_unit[k] (k < n_runs, runs[n_runs] = last − first).
  void accumulate_runs(const survey& s, const std::uint8_t* cells, const std::uint32_t* unit,
                       std::size_t first, std::size_t last, const std::size_t* runs,
                       const std::uint32_t* run_unit, std::size_t n_runs);

  std::size_t block(std::size_t unit, std::size_t group) const {
    if (unit >= units_ || group >= groups_.size())
      throw cxgap::out_of_range("cxgap::psu_tally: unit or group index out of range");
    return (unit * groups_.size() + group) * stride_;
  }

  cxgap::codebook codebook_;
  std::vector<std::string> groups_;
  std::vector<std::string> numerics_;
  bool moments_ = false;
  std::size_t units_ = 0;
  std::vector<std::size_t> offsets_;
  std::size_t stride_ = 0;
  // Dense per unit × group × slot: zeroed_array maps large tallies onto zeroed huge pages.
  detail::zeroed_array<double> sum_w_;
  detail::zeroed_array<double> sum_w2_;
  detail::zeroed_array<std::int64_t> count_;
  std::vector<numeric_sums> numeric_;
  std::vector<std::int64_t> missing_numeric_;
  std::vector<double> numeric_shift_;
};

inline void psu_tally::check_accumulate(const survey& s, std::size_t first,
                                        std::size_t last) const {
  if (!s.codebook().compatible(codebook_))
    throw cxgap::invalid_argument("cxgap::psu_tally::accumulate: the survey has other items");
  if (s.numerics().size() != numerics_.size())
    throw cxgap::invalid_argument(
        "cxgap::psu_tally::accumulate: the survey has other numeric items");
  for (std::size_t k = 0; k < numerics_.size(); ++k)
    if (s.numerics()[k].name != numerics_[k])
      throw cxgap::invalid_argument("cxgap::psu_tally::accumulate: numeric item " +
                                    std::to_string(k) + " is '" + s.numerics()[k].name +
                                    "', not '" + numerics_[k] + "'");
  if (first > last || last > s.size())
    throw cxgap::out_of_range("cxgap::psu_tally::accumulate: row range past the survey");
  if (groups_.size() > 254)
    throw cxgap::invalid_argument("cxgap::psu_tally::accumulate: more than 254 groups");
}

inline void psu_tally::accumulate(const survey& s, const std::uint8_t* cells,
                                  const std::uint32_t* unit, std::size_t first,
                                  std::size_t last) {
  check_accumulate(s, first, last);
  std::vector<std::size_t> runs;
  std::vector<std::uint32_t> run_unit;
  detail::unit_runs(unit + first, last - first, runs, run_unit);
  accumulate_runs(s, cells, unit, first, last, runs.data(), run_unit.data(), run_unit.size());
}

inline void psu_tally::accumulate(const survey& s, const std::uint8_t* cells,
                                  const row_units& units, std::size_t first, std::size_t last) {
  check_accumulate(s, first, last);
  if (units.size() < last)
    throw cxgap::out_of_range("cxgap::psu_tally::accumulate: rows past the design's units");
  const std::vector<std::size_t>& starts = units.run_starts();
  if (first == 0 && last == units.size())  // the whole design: its runs as they are
    return accumulate_runs(s, cells, units.data(), first, last, starts.data(),
                           units.run_units().data(), units.run_count());
  // The runs that meet [first, last), clipped to it and counted from first.
  std::vector<std::size_t> runs;
  std::vector<std::uint32_t> run_unit;
  if (first < last) {
    std::size_t k = static_cast<std::size_t>(
        std::upper_bound(starts.begin(), starts.end(), first) - starts.begin() - 1);
    for (; starts[k] < last; ++k) {
      runs.push_back(std::max(starts[k], first) - first);
      run_unit.push_back(units.run_units()[k]);
    }
  }
  runs.push_back(last - first);
  accumulate_runs(s, cells, units.data(), first, last, runs.data(), run_unit.data(),
                  run_unit.size());
}

inline void psu_tally::accumulate_runs(const survey& s, const std::uint8_t* cells,
                                       const std::uint32_t* unit, std::size_t first,
                                       std::size_t last, const std::size_t* runs,
                                       const std::uint32_t* run_unit, std::size_t n_runs) {
  const std::size_t n = last - first;
  const std::size_t G = groups_.size();
  for (std::size_t k = 0; k < n_runs; ++k)
    if (run_unit[k] >= units_)
      throw cxgap::out_of_range("cxgap::psu_tally::accumulate: row " +
                                std::to_string(first + runs[k]) + ": unit " +
                                std::to_string(run_unit[k]) + " is past the tally's " +
                                std::to_string(units_) + " units");
  const std::size_t I = codebook_.size();
  std::vector<std::uint8_t> slot_of(256 * I);
  std::vector<std::size_t> slot_count(I);
  for (std::size_t i = 0; i < I; ++i) {
    slot_count[i] = static_cast<std::size_t>(codebook_[i].scale.slots());
    for (std::size_t b = 0; b < 256; ++b)
      slot_of[256 * i + b] = static_cast<std::uint8_t>(b < slot_count[i] ? b : slot_count[i]);
  }
  // The weights of rows [from, from + len) (ones when the survey is unweighted).
  std::vector<double> ones;
  const auto weights = [&](std::size_t from, std::size_t len) -> const double* {
    if (s.weighted()) return s.weights().data() + first + from;
    if (ones.size() < len) ones.assign(len, 1.0);
    return ones.data();
  };
  // A long run of one unit (a clustered file sorted by PSU) with few distinct (group, weight)
  // pairs — the usual case — is counted per pair (weigh_unit_keys); other runs go in blocks of
  // up to ~16k rows (or one longer run), every item within a block (weigh_units), with their
  // cells copied into a window where rows outside every group have cell G.
  detail::weigh_scratch scratch(G, moments_);
  detail::weight_keys keys;
  detail::cell_weight_check weight_check;
  std::vector<std::int64_t> key_counts;
  std::vector<const std::uint8_t*> columns(I);
  std::vector<std::uint8_t> cell_window;
  std::vector<std::size_t> window_runs;
  constexpr std::size_t block_rows = 1 << 14;
  const auto run_rows = [&](std::size_t k) { return runs[k + 1] - runs[k]; };
  for (std::size_t k = 0; k < n_runs;) {
    const std::size_t from = runs[k];
    if (run_rows(k) >= detail::keyed_run_rows) {
      for (std::size_t i = 0; i < I; ++i) columns[i] = s.responses(i) + first + from;
      const double* w = s.weighted() ? s.weights().data() + first + from : nullptr;
      if (detail::weigh_unit_keys(cells + first + from, w, run_rows(k), G, columns.data(),
                                  slot_count.data(), offsets_.data(), I, stride_, run_unit[k],
                                  sum_w_.data(), moments_ ? sum_w2_.data() : nullptr,
                                  count_.data(), keys, key_counts, weight_check)) {
        ++k;
        continue;
      }
    }
    std::size_t k_end = k + 1;
    if (run_rows(k) < detail::keyed_run_rows)
      while (k_end < n_runs && run_rows(k_end) < detail::keyed_run_rows &&
             runs[k_end + 1] - from <= block_rows)
        ++k_end;
    const std::size_t len = runs[k_end] - from;
    cell_window.resize(len);
    for (std::size_t r = 0; r < len; ++r) {
      const std::uint8_t c = cells[first + from + r];
      cell_window[r] = c < G ? c : static_cast<std::uint8_t>(G);
    }
    window_runs.resize(k_end - k + 1);
    for (std::size_t j = 0; j <= k_end - k; ++j) window_runs[j] = runs[k + j] - from;
    const double* w = weights(from, len);
    for (std::size_t i = 0; i < I; ++i)
      detail::weigh_units(cell_window.data(), s.responses(i) + first + from, w,
                          window_runs.data(), run_unit + k, k_end - k, G,
                          slot_of.data() + 256 * i, slot_count[i], stride_, offsets_[i],
                          sum_w_.data(), moments_ ? sum_w2_.data() : nullptr, count_.data(),
                          scratch);
    k = k_end;
  }
  const std::size_t K = numerics_.size();
  for (std::size_t k = 0; k < K; ++k) {
    const double* y = s.numerics()[k].values.data() + first;
    double& c = numeric_shift_[k];
    for (std::size_t r = 0; r < n && std::isnan(c); ++r)
      if (!std::isnan(y[r])) c = y[r];
    for (std::size_t r = 0; r < n; ++r) {
      const std::size_t g = cells[first + r];
      if (g >= G) continue;
      if (std::isnan(y[r])) {
        ++missing_numeric_[g * K + k];
        continue;
      }
      numeric_sums& m = numeric_[(unit[first + r] * G + g) * K + k];
      const double wr = s.weighted() ? s.weights()[first + r] : 1.0, d = y[r] - c;
      ++m.n;
      m.sw += wr;
      m.swy += wr * d;
      m.swy2 += wr * d * d;
      if (moments_) {
        const double w2 = wr * wr;
        m.sw2 += w2;
        m.sw2y += w2 * d;
        m.sw2y2 += w2 * d * d;
      }
    }
  }
}

/// Tallies a survey under its design in one pass, by the survey's own group labels. The design
/// must come from make_design(s) (it holds every row's unit).
inline psu_tally make_psu_tally(const survey& s, const survey_design& d) {
  if (d.row_unit.size() != s.size())
    throw cxgap::invalid_argument(
        "cxgap::make_psu_tally: the design has no unit for every row (use make_design(s))");
  std::vector<std::string> numerics;
  for (const auto& c : s.numerics()) numerics.push_back(c.name);
  psu_tally t(s.codebook(), s.group_labels(), std::move(numerics), d.unit_count(),
              d.rows_are_psus());
  t.accumulate(s, s.group_codes(), d.row_unit, 0, s.size());
  return t;
}

}  // namespace cxgap

#endif  // CXGAP_DESIGN_PSU_TALLY_HPP
