#include "cxgap/core/group.hpp"

#include <gtest/gtest.h>

namespace {

cxgap::survey regional_survey() {
  cxgap::survey s;
  s.add_item({"q1", "", cxgap::scale::likert(1, 5)});
  const auto region = s.add_segment("region");
  const char* groups[] = {"customer", "customer", "customer", "executive"};
  const char* regions[] = {"EMEA", "APAC", "EMEA", "EMEA"};
  for (int i = 0; i < 4; ++i) {
    const auto r = s.add_respondent(groups[i]);
    s.set_segment(r, region, regions[i]);
    s.set_response(r, 0, i + 1);
  }
  return s;
}

TEST(RespondentGroup, SelectsByGroupLabel) {
  const auto s = regional_survey();
  const auto mask = cxgap::respondent_group::labelled("customer").select(s);
  EXPECT_EQ(mask, (std::vector<std::uint8_t>{1, 1, 1, 0}));
}

TEST(RespondentGroup, SelectsByLabelAndSegment) {
  const auto s = regional_survey();
  const auto emea_customers = cxgap::respondent_group::labelled("customer")
                                  .in_segment("region", {"EMEA"})
                                  .named("customers in EMEA");
  EXPECT_EQ(emea_customers.name(), "customers in EMEA");
  EXPECT_EQ(emea_customers.select(s), (std::vector<std::uint8_t>{1, 0, 1, 0}));
}

TEST(RespondentGroup, SelectsByPredicate) {
  const auto s = regional_survey();
  const auto high = cxgap::respondent_group::where(
      "rated 3+", [](const cxgap::survey& sv, std::size_t r) { return sv.code(r, 0) >= 3; });
  EXPECT_EQ(high.select(s), (std::vector<std::uint8_t>{0, 0, 1, 1}));
}

TEST(RespondentGroup, UnknownSegmentValueSelectsNobody) {
  const auto s = regional_survey();
  const auto g = cxgap::respondent_group::all("LATAM").in_segment("region", {"LATAM"});
  EXPECT_EQ(g.select(s), (std::vector<std::uint8_t>{0, 0, 0, 0}));
}

TEST(RespondentGroup, UnknownLabelOrSegmentColumnThrows) {
  const auto s = regional_survey();
  EXPECT_THROW(cxgap::respondent_group::labelled("board").select(s), cxgap::out_of_range);
  EXPECT_THROW(cxgap::respondent_group::all("x").in_segment("country", {"FR"}).select(s),
               cxgap::out_of_range);
}

}  // namespace
