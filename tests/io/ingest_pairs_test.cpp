#include "cxgap/io/ingest_pairs.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "cxgap/io/csv.hpp"

namespace {

using cxgap::io::csv_reader;
using cxgap::io::ingest_pairs;
using cxgap::io::pair_spec;

TEST(IngestPairs, CountsOneRowPerDyad) {
  std::istringstream in("id,employee,customer\n1,5,4\n2,4,4\n3,5,2\n4,,3\n5,9,3\n");
  csv_reader r(in, "dyads.csv");
  pair_spec spec{"employee", "customer", "", "", "", cxgap::scale::likert(1, 5).with_dont_know({9})};
  const auto p = ingest_pairs(r, spec);
  EXPECT_EQ(p.table.total(), 3);
  EXPECT_EQ(p.table(4, 3), 1);  // (5, 4)
  EXPECT_EQ(p.table(3, 3), 1);  // (4, 4)
  EXPECT_EQ(p.table(4, 1), 1);  // (5, 2)
  EXPECT_EQ(p.summary.rows_read, 5);
  EXPECT_EQ(p.summary.values_excluded.at("missing"), 1);
  EXPECT_EQ(p.summary.values_excluded.at("dont_know"), 1);
  EXPECT_EQ(p.summary.values_excluded.at("incomplete_pair"), 2);
}

TEST(IngestPairs, JoinsTwoRowsByInteractionId) {
  std::istringstream in("interaction,employee,customer\nA,5,\nB,4,\nA,,3\nC,,2\nB,,4\n");
  csv_reader r(in, "long.csv");
  const auto p = ingest_pairs(r, {"employee", "customer", "interaction", "", "", cxgap::scale::likert(1, 5)});
  EXPECT_EQ(p.table.total(), 2);
  EXPECT_EQ(p.table(4, 2), 1);  // A: (5, 3)
  EXPECT_EQ(p.table(3, 3), 1);  // B: (4, 4)
  EXPECT_EQ(p.summary.values_excluded.at("incomplete_pair"), 1);  // C
  EXPECT_EQ(p.summary.values_excluded.at("missing"), 0);
}

TEST(IngestPairs, SayDoPairsOfOneAudienceWithAnInferredScale) {
  std::istringstream in("group,loyal,tools\nexec,5,2\nexec,4,2\ncust,1,1\nexec,5,3\n");
  csv_reader r(in, "saydo.csv");
  const auto p = ingest_pairs(r, {"loyal", "tools", "", "group", "exec", std::nullopt});
  EXPECT_EQ(p.scale.min(), 2);
  EXPECT_EQ(p.scale.max(), 5);
  EXPECT_EQ(p.table.total(), 3);
  EXPECT_EQ(p.table(3, 0), 1);  // (5, 2)
  EXPECT_EQ(p.summary.rows_used, 3);
}

TEST(IngestPairs, BadCodesAreErrorsOrExcludedWhenLenient) {
  {
    std::istringstream in("a,b\n1,2\n3,x\n");
    csv_reader r(in, "bad.csv");
    try {
      ingest_pairs(r, {"a", "b", "", "", "", cxgap::scale::likert(1, 5)});
      FAIL() << "expected a throw";
    } catch (const cxgap::input_error& e) {
      EXPECT_EQ(e.code(), cxgap::input_errc::non_numeric_code);
      EXPECT_EQ(std::string(e.what()),
                "cxgap input error 2: bad.csv:row 3: column 'b': value 'x': is not an integer code");
    }
  }
  {
    std::istringstream in("a,b\n1,2\n3,7\n");
    csv_reader r(in, "bad.csv");
    EXPECT_THROW(ingest_pairs(r, {"a", "b", "", "", "", cxgap::scale::likert(1, 5)}), cxgap::input_error);
  }
  {
    std::istringstream in("a,b\n1,2\n3,7\n");
    csv_reader r(in, "bad.csv");
    cxgap::io::ingest_options lenient;
    lenient.lenient = true;
    const auto p = ingest_pairs(r, {"a", "b", "", "", "", cxgap::scale::likert(1, 5)}, lenient);
    EXPECT_EQ(p.table.total(), 1);
    EXPECT_EQ(p.summary.values_excluded.at("out_of_scale"), 1);
  }
  {
    std::istringstream in("a,b\n1,2\n");
    csv_reader r(in, "cols.csv");
    EXPECT_THROW(ingest_pairs(r, {"a", "c", "", "", "", std::nullopt}), cxgap::input_error);
  }
  {
    std::istringstream in("a,b\n2,2\n");
    csv_reader r(in, "flat.csv");
    EXPECT_THROW(ingest_pairs(r, {"a", "b", "", "", "", std::nullopt}), cxgap::invalid_argument);
  }
}

}  // namespace
