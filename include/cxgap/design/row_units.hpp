// The tally unit of every row of a survey under its design, with the runs of consecutive rows
// in one unit. Rows of a clustered file usually come sorted by PSU, so a 10-million-row panel
// of 2,000 PSUs has 2,000 runs: the PSU tally pass walks runs, not rows. The runs are found
// once, when the units are set (design/design.hpp, make_design), so that every pass over the
// same design reads 16 bytes per run instead of 4 per row. The units cannot change afterwards,
// so the runs cannot go stale.
#ifndef CXGAP_DESIGN_ROW_UNITS_HPP
#define CXGAP_DESIGN_ROW_UNITS_HPP

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace cxgap {

namespace detail {

/// The runs of equal units in unit[0, n): runs gets each run's first row and then n, run_unit
/// each run's unit (both cleared first). Sorted files have long runs: rows are compared 64 at a
/// time, branch-free, before a block with a change is looked at row by row. Compiled in
/// src/design/psu_tally.cpp.
void unit_runs(const std::uint32_t* unit, std::size_t n, std::vector<std::size_t>& runs,
               std::vector<std::uint32_t>& run_unit);

}  // namespace detail

/// Every row's tally unit (read-only once made) and its runs: rows run_starts()[k] ..
/// run_starts()[k + 1] − 1 all have unit run_units()[k], and consecutive runs differ.
class row_units {
 public:
  /// No rows.
  row_units() : run_starts_{0} {}
  /// The units of rows 0 .. units.size() − 1; finds the runs (one read of the units).
  explicit row_units(std::vector<std::uint32_t> units) : units_(std::move(units)) {
    detail::unit_runs(units_.data(), units_.size(), run_starts_, run_units_);
  }

  std::size_t size() const noexcept { return units_.size(); }
  bool empty() const noexcept { return units_.empty(); }
  const std::uint32_t* data() const noexcept { return units_.data(); }
  std::uint32_t operator[](std::size_t r) const noexcept { return units_[r]; }
  auto begin() const noexcept { return units_.begin(); }
  auto end() const noexcept { return units_.end(); }
  /// The units, one per row.
  const std::vector<std::uint32_t>& units() const noexcept { return units_; }
  /// First row of every run, then size() (run_count() + 1 entries).
  const std::vector<std::size_t>& run_starts() const noexcept { return run_starts_; }
  /// Unit of every run.
  const std::vector<std::uint32_t>& run_units() const noexcept { return run_units_; }
  std::size_t run_count() const noexcept { return run_units_.size(); }

 private:
  std::vector<std::uint32_t> units_;
  std::vector<std::size_t> run_starts_;
  std::vector<std::uint32_t> run_units_;
};

}  // namespace cxgap

#endif  // CXGAP_DESIGN_ROW_UNITS_HPP
