#include "cxgap/core/scale.hpp"

#include <gtest/gtest.h>

namespace {

TEST(Scale, LikertHasTopTwoAndBottomTwoBoxesByDefault) {
  const auto s = cxgap::scale::likert(1, 5);
  EXPECT_EQ(s.size(), 5);
  EXPECT_TRUE(s.in_top_box(5));
  EXPECT_TRUE(s.in_top_box(4));
  EXPECT_FALSE(s.in_top_box(3));
  EXPECT_TRUE(s.in_bottom_box(1));
  EXPECT_TRUE(s.in_bottom_box(2));
  EXPECT_FALSE(s.in_bottom_box(3));
}

TEST(Scale, ThreeCategoryScaleHasOneCategoryBoxes) {
  const auto s = cxgap::scale::likert(1, 3);
  EXPECT_TRUE(s.in_top_box(3));
  EXPECT_FALSE(s.in_top_box(2));
  EXPECT_TRUE(s.in_bottom_box(1));
  EXPECT_FALSE(s.in_bottom_box(2));
}

TEST(Scale, NpsPresetDefinesPromotersAndDetractors) {
  const auto s = cxgap::scale::nps();
  EXPECT_TRUE(s.is_nps());
  EXPECT_EQ(s.min(), 0);
  EXPECT_EQ(s.max(), 10);
  EXPECT_TRUE(s.in_top_box(9));
  EXPECT_FALSE(s.in_top_box(8));
  EXPECT_TRUE(s.in_bottom_box(6));
  EXPECT_FALSE(s.in_bottom_box(7));
}

TEST(Scale, ReverseCodingMapsCodesToMirroredScores) {
  const auto s = cxgap::scale::likert(1, 5).reversed();
  EXPECT_EQ(s.score(1), 5);
  EXPECT_EQ(s.score(5), 1);
  EXPECT_EQ(s.score(2), 4);
  EXPECT_EQ(s.score_rank(0), 4);  // stored byte of code 1 is the highest score
  EXPECT_EQ(s.score_rank(4), 0);
}

TEST(Scale, DontKnowCodesAreEncodedAfterTheCategories) {
  const auto s = cxgap::scale::likert(1, 5).with_dont_know({8, 9});
  EXPECT_EQ(s.encode(1), 0);
  EXPECT_EQ(s.encode(5), 4);
  EXPECT_EQ(s.encode(8), 5);
  EXPECT_EQ(s.encode(9), 6);
  EXPECT_EQ(s.encode(7), -1);
  EXPECT_EQ(s.slots(), 7);
}

TEST(Scale, LabelsAreKeptPerCode) {
  const auto s = cxgap::scale::likert(1, 3).with_labels({"disagree", "neutral", "agree"});
  EXPECT_EQ(s.label(1), "disagree");
  EXPECT_EQ(s.label(3), "agree");
  EXPECT_EQ(cxgap::scale::likert(1, 3).label(2), "");
}

TEST(Scale, CustomBoxesAreGivenInScores) {
  const auto s = cxgap::scale::likert(1, 7).with_top_box(7).with_bottom_box(3);
  EXPECT_TRUE(s.in_top_box(7));
  EXPECT_FALSE(s.in_top_box(6));
  EXPECT_TRUE(s.in_bottom_box(3));
}

TEST(Scale, InvalidDefinitionsThrow) {
  EXPECT_THROW(cxgap::scale(5, 5), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::scale(0, 300), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::scale::likert(1, 5).with_labels({"a", "b"}), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::scale::likert(1, 5).with_top_box(6), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::scale::likert(1, 5).with_bottom_box(0), cxgap::invalid_argument);
  EXPECT_THROW(cxgap::scale::likert(1, 5).with_dont_know({3}), cxgap::invalid_argument);
  std::vector<int> many(251);
  for (int i = 0; i < 251; ++i) many[static_cast<std::size_t>(i)] = 100 + i;
  EXPECT_THROW(cxgap::scale::likert(1, 5).with_dont_know(many), cxgap::invalid_argument);
}

TEST(Scale, ErrorMessageNamesFunctionArgumentAndValue) {
  try {
    (void)cxgap::scale::likert(1, 5).with_top_box(9);
    FAIL() << "expected a throw";
  } catch (const cxgap::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("with_top_box"), std::string::npos) << what;
    EXPECT_NE(what.find("9"), std::string::npos) << what;
    EXPECT_NE(what.find("[1, 5]"), std::string::npos) << what;
  }
}

}  // namespace
