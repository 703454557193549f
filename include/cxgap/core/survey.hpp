// Columnar survey storage: one byte per response, one column per item, plus respondent
// attributes (group label, optional weight, stratum, cluster (PSU), second-stage cluster (SSU),
// per-stage finite population corrections, segment columns) and numeric items (double columns).
#ifndef CXGAP_CORE_SURVEY_HPP
#define CXGAP_CORE_SURVEY_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cxgap/core/item.hpp"
#include "cxgap/core/scale.hpp"
#include "cxgap/detail/check.hpp"
#include "cxgap/error.hpp"

namespace cxgap {

/// The byte stored in the group column for a respondent with no group label.
inline constexpr std::uint8_t no_group = 0xFF;

/// A column of labels stored as 32-bit codes into a table of distinct labels (stratum, cluster,
/// segments). Label codes are assigned in order of first appearance.
class label_column {
 public:
  explicit label_column(std::string name = {}) : name_(std::move(name)) {}

  const std::string& name() const noexcept { return name_; }
  const std::vector<std::string>& labels() const noexcept { return labels_; }
  const std::vector<std::uint32_t>& codes() const noexcept { return codes_; }
  bool empty() const noexcept { return codes_.empty(); }

  /// Code of a label, adding it to the table if new.
  std::uint32_t intern(std::string_view label) {
    auto it = index_.find(std::string(label));
    if (it != index_.end()) return it->second;
    const auto code = static_cast<std::uint32_t>(labels_.size());
    labels_.emplace_back(label);
    index_.emplace(labels_.back(), code);
    return code;
  }

  /// Code of a label, or npos if it never occurs.
  std::uint32_t find(std::string_view label) const {
    auto it = index_.find(std::string(label));
    return it == index_.end() ? npos : it->second;
  }

  void resize(std::size_t n) { codes_.resize(n, npos); }
  void set(std::size_t row, std::string_view label) { codes_.at(row) = intern(label); }
  /// Label of a row ("" if unset).
  std::string_view at(std::size_t row) const {
    const std::uint32_t c = codes_.at(row);
    return c == npos ? std::string_view{} : std::string_view(labels_[c]);
  }

  static constexpr std::uint32_t npos = 0xFFFFFFFFu;

 private:
  std::string name_;
  std::vector<std::string> labels_;
  std::unordered_map<std::string, std::uint32_t> index_;
  std::vector<std::uint32_t> codes_;
};

/// A numeric item (spend, minutes to resolve, a score): one double per respondent, NaN when
/// missing. Its design-based mean comes from weighted moment sums (design/psu_tally.hpp).
struct numeric_column {
  std::string name;
  std::vector<double> values;
};

/// A survey in columnar form. Responses are stored one byte each: the scale's encoding of the
/// code (see scale::encode), or missing_byte. Respondents are rows; items are columns.
///
/// Row-at-a-time building (add_respondent, set_response) validates every value; the column
/// accessors (responses(), group_codes()) give direct access for bulk loading and for the tally
/// pass, and the caller is then responsible for storing only valid bytes (check with validate()).
class survey {
 public:
  survey() = default;

  // ---- items ----------------------------------------------------------------------------

  /// Adds an item (column); existing respondents get a missing response. Returns its index.
  std::size_t add_item(item it) {
    const std::size_t i = codebook_.add_item(std::move(it));
    columns_.emplace_back(rows_, missing_byte);
    return i;
  }
  /// Declares matched items (see codebook::add_match).
  void add_match(matched_item m) { codebook_.add_match(std::move(m)); }

  const cxgap::codebook& codebook() const noexcept { return codebook_; }
  std::size_t item_count() const noexcept { return codebook_.size(); }
  std::size_t item_index(const std::string& id) const { return codebook_.index(id); }

  // ---- groups, segments, design columns -------------------------------------------------

  /// Code of a group label, adding it if new. At most 255 distinct groups.
  std::uint8_t add_group(std::string_view label) {
    for (std::size_t g = 0; g < group_labels_.size(); ++g)
      if (group_labels_[g] == label) return static_cast<std::uint8_t>(g);
    if (group_labels_.size() >= no_group)
      detail::throw_invalid("cxgap::survey::add_group", "number of groups", group_labels_.size() + 1,
                            "at most 255");
    group_labels_.emplace_back(label);
    return static_cast<std::uint8_t>(group_labels_.size() - 1);
  }
  const std::vector<std::string>& group_labels() const noexcept { return group_labels_; }
  /// Code of a group label; throws out_of_range if no respondent group has this label.
  std::uint8_t group_code(std::string_view label) const {
    for (std::size_t g = 0; g < group_labels_.size(); ++g)
      if (group_labels_[g] == label) return static_cast<std::uint8_t>(g);
    throw cxgap::out_of_range("cxgap::survey: no group labelled '" + std::string(label) + "'");
  }

  /// Adds a segment column (e.g. "region"); returns its index.
  std::size_t add_segment(std::string name) {
    for (const auto& s : segments_)
      if (s.name() == name)
        throw cxgap::invalid_argument("cxgap::survey::add_segment: segment '" + name +
                                      "' already exists");
    segments_.emplace_back(std::move(name));
    segments_.back().resize(rows_);
    return segments_.size() - 1;
  }
  const std::vector<label_column>& segments() const noexcept { return segments_; }
  /// Index of a segment column; throws out_of_range if there is none with this name.
  std::size_t segment_index(std::string_view name) const {
    for (std::size_t s = 0; s < segments_.size(); ++s)
      if (segments_[s].name() == name) return s;
    throw cxgap::out_of_range("cxgap::survey: no segment column '" + std::string(name) + "'");
  }

  // ---- respondents ----------------------------------------------------------------------

  std::size_t size() const noexcept { return rows_; }

  /// Appends a respondent of a group (all responses missing, weight 1); returns the row.
  std::size_t add_respondent(std::string_view group) {
    const std::uint8_t g = add_group(group);
    resize(rows_ + 1);
    group_[rows_ - 1] = g;
    return rows_ - 1;
  }

  /// Resizes to n respondents; new rows have no group, missing responses, weight 1.
  void resize(std::size_t n) {
    rows_ = n;
    group_.resize(n, no_group);
    for (auto& c : columns_) c.resize(n, missing_byte);
    if (!weights_.empty()) weights_.resize(n, 1.0);
    if (!strata_.empty()) strata_.resize(n);
    if (!clusters_.empty()) clusters_.resize(n);
    if (!ssus_.empty()) ssus_.resize(n);
    for (auto& f : fpc_)
      if (!f.empty()) f.resize(n, std::numeric_limits<double>::quiet_NaN());
    for (auto& c : numerics_) c.values.resize(n, std::numeric_limits<double>::quiet_NaN());
    for (auto& s : segments_) s.resize(n);
  }

  /// Stores a response code. A code of the scale or one of its "don't know" codes is stored;
  /// any other code throws invalid_argument naming the row, item and code.
  void set_response(std::size_t row, std::size_t item_index, int code) {
    check_row("cxgap::survey::set_response", row);
    const item& it = codebook_[item_index];
    const int b = it.scale.encode(code);
    if (b < 0)
      throw cxgap::invalid_argument("cxgap::survey::set_response: row " + std::to_string(row) +
                                    ", item '" + it.id + "': code " + std::to_string(code) +
                                    " is outside the scale " + std::to_string(it.scale.min()) +
                                    ".." + std::to_string(it.scale.max()) +
                                    " and not a don't-know code");
    columns_[item_index][row] = static_cast<std::uint8_t>(b);
  }

  /// Marks a response missing.
  void set_missing(std::size_t row, std::size_t item_index) {
    check_row("cxgap::survey::set_missing", row);
    columns_.at(item_index)[row] = missing_byte;
  }

  /// The code stored for a response, or `missing` if none.
  int code(std::size_t row, std::size_t item_index, int missing = -1) const {
    const std::uint8_t b = columns_.at(item_index).at(row);
    if (b == missing_byte) return missing;
    const cxgap::scale& s = codebook_[item_index].scale;
    return b < s.size() ? s.min() + b : s.dont_know_codes()[static_cast<std::size_t>(b - s.size())];
  }

  /// Sets a respondent's group label.
  void set_group(std::size_t row, std::string_view group) {
    check_row("cxgap::survey::set_group", row);
    group_[row] = add_group(group);
  }
  /// Group label of a row ("" for none).
  std::string_view group(std::size_t row) const {
    const std::uint8_t g = group_.at(row);
    return g == no_group ? std::string_view{} : std::string_view(group_labels_[g]);
  }

  /// Sets a respondent's weight; the survey becomes weighted (other rows weigh 1). Throws
  /// invalid_argument for a negative or non-finite weight.
  void set_weight(std::size_t row, double w) {
    check_row("cxgap::survey::set_weight", row);
    if (!std::isfinite(w) || w < 0)
      detail::throw_invalid("cxgap::survey::set_weight", "weight", w,
                            "finite and non-negative");
    if (weights_.empty()) weights_.assign(rows_, 1.0);
    weights_[row] = w;
  }
  bool weighted() const noexcept { return !weights_.empty(); }
  /// Per-respondent weights (empty when unweighted).
  const std::vector<double>& weights() const noexcept { return weights_; }

  void set_stratum(std::size_t row, std::string_view s) {
    check_row("cxgap::survey::set_stratum", row);
    if (strata_.empty()) strata_.resize(rows_);
    strata_.set(row, s);
  }
  void set_cluster(std::size_t row, std::string_view c) {
    check_row("cxgap::survey::set_cluster", row);
    if (clusters_.empty()) clusters_.resize(rows_);
    clusters_.set(row, c);
  }
  void set_segment(std::size_t row, std::size_t segment, std::string_view value) {
    check_row("cxgap::survey::set_segment", row);
    segments_.at(segment).set(row, value);
  }
  const label_column& strata() const noexcept { return strata_; }
  const label_column& clusters() const noexcept { return clusters_; }

  /// Sets a respondent's second-stage cluster (SSU) label; SSU labels are read within the PSU
  /// (the same label in two PSUs names two SSUs), as R's svydesign(id = ~psu + ssu).
  void set_ssu(std::size_t row, std::string_view c) {
    check_row("cxgap::survey::set_ssu", row);
    if (ssus_.empty()) ssus_.resize(rows_);
    ssus_.set(row, c);
  }
  const label_column& ssus() const noexcept { return ssus_; }

  /// Sets a respondent's finite population correction at stage 1 (PSUs in its stratum) or
  /// stage 2 (SSUs in its PSU): a population size (> 1) or a sampling fraction (<= 1), read as
  /// R's svydesign(fpc = ~fpc1 + fpc2). Other rows stay NaN (missing) until set. Throws
  /// invalid_argument for another stage, or a value that is not finite and positive.
  void set_fpc(std::size_t row, int stage, double value) {
    check_row("cxgap::survey::set_fpc", row);
    if (stage != 1 && stage != 2)
      detail::throw_invalid("cxgap::survey::set_fpc", "stage", stage, "1 or 2");
    if (!std::isfinite(value) || value <= 0)
      detail::throw_invalid("cxgap::survey::set_fpc", "value", value, "finite and positive");
    auto& f = fpc_[static_cast<std::size_t>(stage - 1)];
    if (f.empty()) f.assign(rows_, std::numeric_limits<double>::quiet_NaN());
    f[row] = value;
  }
  /// The fpc column of a stage (1 or 2); empty when none was set.
  const std::vector<double>& fpc(int stage) const {
    if (stage != 1 && stage != 2)
      detail::throw_invalid("cxgap::survey::fpc", "stage", stage, "1 or 2");
    return fpc_[static_cast<std::size_t>(stage - 1)];
  }

  // ---- numeric items --------------------------------------------------------------------

  /// Adds a numeric item column (all values missing); returns its index. Throws
  /// invalid_argument if one with this name exists.
  std::size_t add_numeric(std::string name) {
    for (const auto& c : numerics_)
      if (c.name == name)
        throw cxgap::invalid_argument("cxgap::survey::add_numeric: numeric item '" + name +
                                      "' already exists");
    numerics_.push_back({std::move(name), std::vector<double>(rows_,
                                              std::numeric_limits<double>::quiet_NaN())});
    return numerics_.size() - 1;
  }
  /// Stores a numeric value; NaN marks it missing. Throws invalid_argument for ±infinity.
  void set_numeric(std::size_t row, std::size_t column, double value) {
    check_row("cxgap::survey::set_numeric", row);
    if (std::isinf(value))
      detail::throw_invalid("cxgap::survey::set_numeric", "value", value, "finite (or NaN)");
    numerics_.at(column).values[row] = value;
  }
  const std::vector<numeric_column>& numerics() const noexcept { return numerics_; }
  /// Index of a numeric item; throws out_of_range if there is none with this name.
  std::size_t numeric_index(std::string_view name) const {
    for (std::size_t k = 0; k < numerics_.size(); ++k)
      if (numerics_[k].name == name) return k;
    throw cxgap::out_of_range("cxgap::survey: no numeric item '" + std::string(name) + "'");
  }

  // ---- columns (bulk access) ------------------------------------------------------------

  /// The response bytes of an item, one per respondent.
  const std::uint8_t* responses(std::size_t item_index) const {
    return columns_.at(item_index).data();
  }
  std::uint8_t* responses(std::size_t item_index) { return columns_.at(item_index).data(); }
  /// The group code of every respondent (no_group for none).
  const std::uint8_t* group_codes() const noexcept { return group_.data(); }
  std::uint8_t* group_codes() noexcept { return group_.data(); }

  /// Checks every stored byte against its scale and every group code against the label table
  /// (after bulk loading). Throws invalid_argument naming the first bad row and item.
  void validate() const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      const int slots = codebook_[i].scale.slots();
      for (std::size_t r = 0; r < rows_; ++r) {
        const std::uint8_t b = columns_[i][r];
        if (b != missing_byte && b >= slots)
          throw cxgap::invalid_argument("cxgap::survey::validate: row " + std::to_string(r) +
                                        ", item '" + codebook_[i].id + "': byte " +
                                        std::to_string(b) + " is not a category of its scale");
      }
    }
    for (std::size_t r = 0; r < rows_; ++r)
      if (group_[r] != no_group && group_[r] >= group_labels_.size())
        throw cxgap::invalid_argument("cxgap::survey::validate: row " + std::to_string(r) +
                                      ": group code " + std::to_string(group_[r]) +
                                      " has no label");
  }

 private:
  void check_row(const char* function, std::size_t row) const {
    if (row >= rows_)
      throw cxgap::out_of_range(std::string(function) + ": row " + std::to_string(row) +
                                " is past the last respondent (" + std::to_string(rows_) +
                                " rows)");
  }

  cxgap::codebook codebook_;
  std::size_t rows_ = 0;
  std::vector<std::vector<std::uint8_t>> columns_;
  std::vector<std::uint8_t> group_;
  std::vector<std::string> group_labels_;
  std::vector<double> weights_;
  label_column strata_{"stratum"};
  label_column clusters_{"cluster"};
  label_column ssus_{"ssu"};
  std::vector<double> fpc_[2];
  std::vector<numeric_column> numerics_;
  std::vector<label_column> segments_;
};

}  // namespace cxgap

#endif  // CXGAP_CORE_SURVEY_HPP
