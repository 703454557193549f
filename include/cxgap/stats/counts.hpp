// A read-only view of category counts: the input of every statistic computed from a tally.
#ifndef CXGAP_STATS_COUNTS_HPP
#define CXGAP_STATS_COUNTS_HPP

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <type_traits>

namespace cxgap {

/// Non-owning view of counts per category, in ascending order of category score.
/// Constructible from any contiguous range of std::int64_t (std::vector, std::array, C array);
/// the range must outlive the view.
class count_view {
 public:
  constexpr count_view() noexcept = default;
  constexpr count_view(const std::int64_t* data, std::size_t size) noexcept
      : data_(data), size_(size) {}
  template <class Range,
            class = std::enable_if_t<
                std::is_convertible_v<decltype(std::data(std::declval<const Range&>())),
                                      const std::int64_t*> &&
                !std::is_same_v<std::decay_t<Range>, count_view>>>
  constexpr count_view(const Range& r) noexcept  // NOLINT(google-explicit-constructor)
      : data_(std::data(r)), size_(std::size(r)) {}

  constexpr const std::int64_t* data() const noexcept { return data_; }
  constexpr std::size_t size() const noexcept { return size_; }
  constexpr bool empty() const noexcept { return size_ == 0; }
  constexpr const std::int64_t* begin() const noexcept { return data_; }
  constexpr const std::int64_t* end() const noexcept { return data_ + size_; }
  constexpr std::int64_t operator[](std::size_t i) const noexcept { return data_[i]; }

  /// Sum of the counts.
  constexpr std::int64_t total() const noexcept {
    std::int64_t n = 0;
    for (std::size_t i = 0; i < size_; ++i) n += data_[i];
    return n;
  }

 private:
  const std::int64_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace cxgap

#endif  // CXGAP_STATS_COUNTS_HPP
