// Respondent groups: named selections of respondents by group label, by segment values
// ("customers in EMEA") or by any predicate.
#ifndef CXGAP_CORE_GROUP_HPP
#define CXGAP_CORE_GROUP_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cxgap/core/survey.hpp"
#include "cxgap/error.hpp"

namespace cxgap {

/// A named selection of respondents. Conditions combine with AND: a group label, any number of
/// segment filters (segment value in a set), and an optional predicate on (survey, row).
class respondent_group {
 public:
  using predicate = std::function<bool(const survey&, std::size_t)>;

  /// Everyone whose group label is `label`; the group is named after it.
  static respondent_group labelled(std::string label) {
    respondent_group g;
    g.name_ = label;
    g.label_ = std::move(label);
    g.has_label_ = true;
    return g;
  }

  /// Everyone (optionally narrowed further with in_segment or where).
  static respondent_group all(std::string name) {
    respondent_group g;
    g.name_ = std::move(name);
    return g;
  }

  /// Everyone for whom `pred(survey, row)` is true.
  static respondent_group where(std::string name, predicate pred) {
    respondent_group g = all(std::move(name));
    g.pred_ = std::move(pred);
    return g;
  }

  /// Narrows to respondents whose segment column `segment` has one of `values`.
  respondent_group in_segment(std::string segment, std::vector<std::string> values) const {
    respondent_group g = *this;
    g.segments_.push_back({std::move(segment), std::move(values)});
    return g;
  }

  /// A copy under another name (e.g. "customers in EMEA").
  respondent_group named(std::string name) const {
    respondent_group g = *this;
    g.name_ = std::move(name);
    return g;
  }

  const std::string& name() const noexcept { return name_; }

  /// One byte per respondent: 1 if selected, 0 if not. Throws out_of_range for a group label or
  /// segment column the survey does not have.
  std::vector<std::uint8_t> select(const survey& s) const {
    std::vector<std::uint8_t> mask(s.size(), 1);
    if (has_label_) {
      const std::uint8_t code = s.group_code(label_);
      const std::uint8_t* g = s.group_codes();
      for (std::size_t r = 0; r < s.size(); ++r) mask[r] = g[r] == code;
    }
    for (const auto& f : segments_) {
      const label_column& col = s.segments()[s.segment_index(f.segment)];
      std::vector<std::uint8_t> wanted(col.labels().size(), 0);
      for (const auto& v : f.values) {
        const std::uint32_t c = col.find(v);
        if (c != label_column::npos) wanted[c] = 1;
      }
      const auto& codes = col.codes();
      for (std::size_t r = 0; r < s.size(); ++r)
        mask[r] = mask[r] && codes[r] != label_column::npos && wanted[codes[r]];
    }
    if (pred_) {
      for (std::size_t r = 0; r < s.size(); ++r) mask[r] = mask[r] && pred_(s, r);
    }
    return mask;
  }

 private:
  struct segment_filter {
    std::string segment;
    std::vector<std::string> values;
  };

  std::string name_;
  std::string label_;
  bool has_label_ = false;
  std::vector<segment_filter> segments_;
  predicate pred_;
};

}  // namespace cxgap

#endif  // CXGAP_CORE_GROUP_HPP
