// A response scale: integer codes min..max with labels, top-box and bottom-box sets, reverse
// coding, and the codes that mean "don't know" / "not applicable".
#ifndef CXGAP_CORE_SCALE_HPP
#define CXGAP_CORE_SCALE_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cxgap/detail/check.hpp"
#include "cxgap/error.hpp"

namespace cxgap {

/// The byte stored for a missing response (no answer, or excluded). Never a valid category.
inline constexpr std::uint8_t missing_byte = 0xFF;

/// Largest number of categories plus special codes a scale may have (one byte per response,
/// with 0xFF reserved for missing).
inline constexpr int max_scale_slots = 255;

/// An ordered response scale.
///
/// Categories are the integer codes min..max. A category's *score* is its code, or
/// min + max − code when the scale is reverse-coded; every statistic sees categories in
/// ascending order of score. Top and bottom boxes are given in scores (default: the two highest
/// and two lowest categories; one each for a scale of three or fewer categories). Special codes
/// outside min..max ("don't know", "not applicable") are stored and counted but excluded from
/// every statistic.
class scale {
 public:
  /// A Likert-type scale with codes min..max (e.g. 1..5). Throws invalid_argument unless
  /// min < max and max − min < max_scale_slots.
  scale(int min, int max) : min_(min), max_(max) {
    if (!(min < max)) detail::throw_invalid("cxgap::scale", "max", max, "greater than min");
    if (max - min + 1 > max_scale_slots)
      detail::throw_invalid("cxgap::scale", "max - min + 1", max - min + 1, "at most 255");
    const int k = size();
    const int box = k <= 3 ? 1 : 2;
    top_low_ = max - box + 1;
    bottom_high_ = min + box - 1;
  }

  /// Likert scale min..max with the default boxes.
  static scale likert(int min, int max) { return scale(min, max); }

  /// Net Promoter Score scale 0..10: promoters (top box) 9–10, detractors (bottom box) 0–6.
  static scale nps() {
    scale s(0, 10);
    s.top_low_ = 9;
    s.bottom_high_ = 6;
    s.nps_ = true;
    return s;
  }

  /// Binary scale 0 = no, 1 = yes: top box {1}, bottom box {0}.
  static scale binary() { return scale(0, 1).with_labels({"no", "yes"}); }

  /// Labels for the codes min..max, in code order. Throws unless there is one per category.
  scale with_labels(std::vector<std::string> labels) const {
    if (static_cast<int>(labels.size()) != size())
      detail::throw_invalid("cxgap::scale::with_labels", "labels.size()", labels.size(),
                            "equal to the number of categories");
    scale s = *this;
    s.labels_ = std::move(labels);
    return s;
  }

  /// Top box: categories whose score is at least `lowest_score`. Throws unless it is a score.
  scale with_top_box(int lowest_score) const {
    check_score("cxgap::scale::with_top_box", lowest_score);
    scale s = *this;
    s.top_low_ = lowest_score;
    return s;
  }

  /// Bottom box: categories whose score is at most `highest_score`.
  scale with_bottom_box(int highest_score) const {
    check_score("cxgap::scale::with_bottom_box", highest_score);
    scale s = *this;
    s.bottom_high_ = highest_score;
    return s;
  }

  /// Reverse coding: score = min + max − code. Boxes keep their meaning in scores.
  scale reversed(bool on = true) const {
    scale s = *this;
    s.reversed_ = on;
    return s;
  }

  /// Codes meaning "don't know" / "not applicable": valid input, excluded from statistics and
  /// counted. Each must lie outside min..max; at most max_scale_slots codes in all.
  scale with_dont_know(std::vector<int> codes) const {
    for (int c : codes) {
      if (c >= min_ && c <= max_)
        detail::throw_invalid("cxgap::scale::with_dont_know", "code", c,
                              "outside the scale's categories");
    }
    if (size() + static_cast<int>(codes.size()) > max_scale_slots)
      detail::throw_invalid("cxgap::scale::with_dont_know", "codes.size()", codes.size(),
                            "small enough to fit one byte per response");
    scale s = *this;
    s.dont_know_ = std::move(codes);
    return s;
  }

  int min() const noexcept { return min_; }
  int max() const noexcept { return max_; }
  /// Number of substantive categories, max − min + 1.
  int size() const noexcept { return max_ - min_ + 1; }
  bool is_reversed() const noexcept { return reversed_; }
  bool is_nps() const noexcept { return nps_; }
  const std::vector<int>& dont_know_codes() const noexcept { return dont_know_; }
  /// Lowest score in the top box / highest score in the bottom box.
  int top_box_from() const noexcept { return top_low_; }
  int bottom_box_to() const noexcept { return bottom_high_; }

  /// Label of a code in min..max ("" when none was given).
  const std::string& label(int code) const {
    static const std::string none;
    return labels_.empty() ? none : labels_.at(static_cast<std::size_t>(code - min_));
  }

  /// Score of a substantive code (applies reverse coding).
  int score(int code) const noexcept { return reversed_ ? min_ + max_ - code : code; }

  /// Scores of the categories in ascending order: min, min+1, ..., max.
  std::vector<double> scores() const {
    std::vector<double> s(static_cast<std::size_t>(size()));
    for (int i = 0; i < size(); ++i) s[static_cast<std::size_t>(i)] = min_ + i;
    return s;
  }

  /// Whether a score is in the top box / bottom box.
  bool in_top_box(int score_value) const noexcept { return score_value >= top_low_; }
  bool in_bottom_box(int score_value) const noexcept { return score_value <= bottom_high_; }

  /// The stored byte for a code: code − min for a category, size() + i for the i-th special
  /// code, or -1 when the code belongs to neither (the caller reports it).
  int encode(int code) const noexcept {
    if (code >= min_ && code <= max_) return code - min_;
    for (std::size_t i = 0; i < dont_know_.size(); ++i)
      if (dont_know_[i] == code) return size() + static_cast<int>(i);
    return -1;
  }

  /// Number of byte slots a response can take, excluding missing: size() + special codes.
  int slots() const noexcept { return size() + static_cast<int>(dont_know_.size()); }

  /// Position in ascending-score order of the category stored as byte b (b < size()).
  int score_rank(int b) const noexcept { return reversed_ ? size() - 1 - b : b; }

  /// Same categories, special codes and orientation (labels and boxes may differ).
  bool same_shape(const scale& o) const noexcept {
    return min_ == o.min_ && max_ == o.max_ && dont_know_ == o.dont_know_ &&
           reversed_ == o.reversed_;
  }

  friend bool operator==(const scale& a, const scale& b) {
    return a.same_shape(b) && a.labels_ == b.labels_ && a.top_low_ == b.top_low_ &&
           a.bottom_high_ == b.bottom_high_ && a.nps_ == b.nps_;
  }
  friend bool operator!=(const scale& a, const scale& b) { return !(a == b); }

 private:
  void check_score(const char* function, int s) const {
    if (s < min_ || s > max_)
      detail::throw_invalid(function, "score", s,
                            ("in [" + std::to_string(min_) + ", " + std::to_string(max_) + "]")
                                .c_str());
  }

  int min_;
  int max_;
  int top_low_ = 0;
  int bottom_high_ = 0;
  bool reversed_ = false;
  bool nps_ = false;
  std::vector<std::string> labels_;
  std::vector<int> dont_know_;
};

}  // namespace cxgap

#endif  // CXGAP_CORE_SCALE_HPP
