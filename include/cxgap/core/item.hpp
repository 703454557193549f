// Items (questions) and the codebook: which items exist, on which scale, and which items of
// different audiences measure the same construct (matched items).
#ifndef CXGAP_CORE_ITEM_HPP
#define CXGAP_CORE_ITEM_HPP

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cxgap/core/scale.hpp"
#include "cxgap/error.hpp"

namespace cxgap {

/// One survey question: a stable id, its text and its response scale.
struct item {
  std::string id;
  std::string text;
  cxgap::scale scale;
};

/// One construct asked of different audiences under different item ids, declared as one
/// comparison: e.g. executives' "our staff have the authority to solve problems" against
/// customers' "the staff could solve my problem". Maps a group label to the item asked of it.
struct matched_item {
  std::string name;
  std::map<std::string, std::string> item_by_group;
};

/// The items of a survey and their matches. Shared by a survey and every tally built from it,
/// so that a tally is self-describing (it can be merged and reported without the survey).
class codebook {
 public:
  /// Adds an item; returns its index. Throws invalid_argument if the id is empty or taken.
  std::size_t add_item(item it) {
    if (it.id.empty()) throw cxgap::invalid_argument("cxgap::codebook::add_item: empty item id");
    if (find(it.id) != npos)
      throw cxgap::invalid_argument("cxgap::codebook::add_item: item id '" + it.id +
                                    "' already exists");
    items_.push_back(std::move(it));
    return items_.size() - 1;
  }

  /// Declares that the listed items measure one construct in the given groups. Every item must
  /// exist and all must have the same scale shape (same categories and orientation).
  void add_match(matched_item m) {
    const char* fn = "cxgap::codebook::add_match";
    if (m.item_by_group.size() < 2)
      throw cxgap::invalid_argument(std::string(fn) + ": '" + m.name +
                                    "' must name items for at least two groups");
    const cxgap::scale* first = nullptr;
    for (const auto& [group, id] : m.item_by_group) {
      const std::size_t i = find(id);
      if (i == npos)
        throw cxgap::out_of_range(std::string(fn) + ": item '" + id + "' (group '" + group +
                                  "') does not exist");
      if (first && !first->same_shape(items_[i].scale))
        throw cxgap::invalid_argument(std::string(fn) + ": item '" + id +
                                      "' has a different scale from the others in '" + m.name +
                                      "'");
      first = &items_[i].scale;
    }
    matches_.push_back(std::move(m));
  }

  std::size_t size() const noexcept { return items_.size(); }
  const item& operator[](std::size_t i) const { return items_.at(i); }
  const std::vector<item>& items() const noexcept { return items_; }
  const std::vector<matched_item>& matches() const noexcept { return matches_; }

  /// Index of the item with this id, or npos.
  std::size_t find(const std::string& id) const noexcept {
    for (std::size_t i = 0; i < items_.size(); ++i)
      if (items_[i].id == id) return i;
    return npos;
  }

  /// Index of the item with this id; throws out_of_range naming the id if there is none.
  std::size_t index(const std::string& id) const {
    const std::size_t i = find(id);
    if (i == npos) throw cxgap::out_of_range("cxgap::codebook: no item with id '" + id + "'");
    return i;
  }

  /// Same items (ids, scale shapes) in the same order: the condition for merging tallies.
  bool compatible(const codebook& o) const noexcept {
    if (items_.size() != o.items_.size()) return false;
    for (std::size_t i = 0; i < items_.size(); ++i)
      if (items_[i].id != o.items_[i].id || !items_[i].scale.same_shape(o.items_[i].scale))
        return false;
    return true;
  }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  std::vector<item> items_;
  std::vector<matched_item> matches_;
};

}  // namespace cxgap

#endif  // CXGAP_CORE_ITEM_HPP
