#include "cxgap/core/survey.hpp"

#include <gtest/gtest.h>

namespace {

cxgap::survey two_item_survey() {
  cxgap::survey s;
  s.add_item({"q1", "Service is above average", cxgap::scale::likert(1, 5).with_dont_know({9})});
  s.add_item({"nps", "How likely to recommend", cxgap::scale::nps()});
  return s;
}

TEST(Survey, StoresOneByteCodesAndDecodesThem) {
  auto s = two_item_survey();
  const auto r = s.add_respondent("executive");
  s.set_response(r, 0, 4);
  s.set_response(r, 1, 10);
  EXPECT_EQ(s.code(r, 0), 4);
  EXPECT_EQ(s.code(r, 1), 10);
  EXPECT_EQ(s.responses(0)[r], 3);  // code 4 on a 1..5 scale is byte 3
  EXPECT_EQ(s.group(r), "executive");
}

TEST(Survey, NewRespondentsHaveMissingResponses) {
  auto s = two_item_survey();
  const auto r = s.add_respondent("customer");
  EXPECT_EQ(s.code(r, 0), -1);
  EXPECT_EQ(s.responses(1)[r], cxgap::missing_byte);
  s.set_response(r, 0, 2);
  s.set_missing(r, 0);
  EXPECT_EQ(s.code(r, 0, -7), -7);
}

TEST(Survey, DontKnowCodesAreStoredAndDecoded) {
  auto s = two_item_survey();
  const auto r = s.add_respondent("customer");
  s.set_response(r, 0, 9);
  EXPECT_EQ(s.code(r, 0), 9);
}

TEST(Survey, CodeOutsideTheScaleThrowsNamingRowItemAndCode) {
  auto s = two_item_survey();
  const auto r = s.add_respondent("customer");
  try {
    s.set_response(r, 0, 6);
    FAIL() << "expected a throw";
  } catch (const cxgap::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("row 0"), std::string::npos) << what;
    EXPECT_NE(what.find("'q1'"), std::string::npos) << what;
    EXPECT_NE(what.find("code 6"), std::string::npos) << what;
  }
  EXPECT_THROW(s.set_response(5, 0, 1), cxgap::out_of_range);
  EXPECT_THROW(s.set_response(r, 7, 1), std::out_of_range);
}

TEST(Survey, ItemsAddedLaterAreMissingForExistingRespondents) {
  auto s = two_item_survey();
  s.add_respondent("customer");
  s.add_item({"q3", "", cxgap::scale::binary()});
  EXPECT_EQ(s.code(0, 2), -1);
  EXPECT_THROW(s.add_item({"q3", "", cxgap::scale::binary()}), cxgap::invalid_argument);
}

TEST(Survey, WeightsDefaultToOneOnceAnyIsSet) {
  auto s = two_item_survey();
  s.add_respondent("a");
  s.add_respondent("b");
  EXPECT_FALSE(s.weighted());
  s.set_weight(1, 2.5);
  ASSERT_TRUE(s.weighted());
  EXPECT_EQ(s.weights()[0], 1.0);
  EXPECT_EQ(s.weights()[1], 2.5);
  EXPECT_THROW(s.set_weight(0, -1.0), cxgap::invalid_argument);
  EXPECT_THROW(s.set_weight(0, std::numeric_limits<double>::infinity()), cxgap::invalid_argument);
  EXPECT_THROW(s.set_weight(0, std::numeric_limits<double>::quiet_NaN()), cxgap::invalid_argument);
}

TEST(Survey, DesignAndSegmentColumnsStoreLabels) {
  auto s = two_item_survey();
  const auto region = s.add_segment("region");
  const auto r0 = s.add_respondent("customer");
  const auto r1 = s.add_respondent("customer");
  s.set_segment(r0, region, "EMEA");
  s.set_segment(r1, region, "APAC");
  s.set_stratum(r0, "north");
  s.set_cluster(r1, "store-7");
  EXPECT_EQ(s.segments()[region].at(r0), "EMEA");
  EXPECT_EQ(s.segments()[region].at(r1), "APAC");
  EXPECT_EQ(s.strata().at(r0), "north");
  EXPECT_EQ(s.strata().at(r1), "");
  EXPECT_EQ(s.clusters().at(r1), "store-7");
  EXPECT_THROW(s.add_segment("region"), cxgap::invalid_argument);
  EXPECT_THROW((void)s.segment_index("country"), cxgap::out_of_range);
}

TEST(Survey, MatchedItemsMustExistAndShareAScale) {
  cxgap::survey s;
  s.add_item({"exec_authority", "Our staff have the authority to solve problems",
              cxgap::scale::likert(1, 5)});
  s.add_item({"cust_solve", "The staff could solve my problem", cxgap::scale::likert(1, 5)});
  s.add_item({"cust_nps", "", cxgap::scale::nps()});
  s.add_match({"authority", {{"executive", "exec_authority"}, {"customer", "cust_solve"}}});
  ASSERT_EQ(s.codebook().matches().size(), 1u);
  EXPECT_THROW(s.add_match({"x", {{"executive", "exec_authority"}, {"customer", "nope"}}}),
               cxgap::out_of_range);
  EXPECT_THROW(s.add_match({"x", {{"executive", "exec_authority"}, {"customer", "cust_nps"}}}),
               cxgap::invalid_argument);
  EXPECT_THROW(s.add_match({"x", {{"executive", "exec_authority"}}}), cxgap::invalid_argument);
}

TEST(Survey, ValidateFindsBadBytesAfterBulkLoading) {
  auto s = two_item_survey();
  s.resize(3);
  s.responses(0)[2] = 42;
  EXPECT_THROW(s.validate(), cxgap::invalid_argument);
  s.responses(0)[2] = 5;  // the don't-know slot is valid
  EXPECT_NO_THROW(s.validate());
}

TEST(Survey, AtMost255Groups) {
  cxgap::survey s;
  for (int g = 0; g < 255; ++g) s.add_group("g" + std::to_string(g));
  EXPECT_THROW(s.add_group("one too many"), cxgap::invalid_argument);
  EXPECT_THROW((void)s.group_code("absent"), cxgap::out_of_range);
}

}  // namespace
