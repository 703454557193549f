// Generates examples/data/sample_survey.csv: a seeded, synthetic perception-gap survey of one
// company. 40 executives, 300 employees and 2,000 customers answer matched items on the
// themes of the published customer-experience studies, with gaps of the published sizes:
//
//   item                  scale      executives  employees  customers   source of the gap size
//   above_average         1..5 top2  75%         65%        41%         "75% of executives rate
//                                                                        their service above average"
//   superior_experience   1..5 top2  80%         55%        8%          Bain: 80% vs 8%
//   deserves_loyalty      1..5 top2  73%         60%        40%         Forrester/Harris: 73%
//   authority             1..5 top2  37%         45%        30%         37% say staff have the tools
//                                                                        and authority (matched items)
//   worth_the_price       1..5 top2  70%         58%        45%
//   delight               1..5 top2  60%         50%        30%
//   first_contact_resolved  0/1      80%         70%        55%
//   easy_to_do_business   1..5 top2  60%         60%        60%         no gap
//   staff_courtesy        1..5 top2  55%         60%        70%         customers rate higher
//   recommend             NPS 0..10  NPS +40     +25        +5
//
// Customers were asked "The staff could solve my problem" (solve_problem) where the
// organisation was asked "Our staff have the tools and authority to solve customer problems"
// (authority): the two are declared as one matched comparison by the example. About 3% of
// answers are missing and, for customers, 4% of Likert answers are "don't know" (code 9).
//
// The generator draws with its own integer-to-uniform mapping from std::mt19937_64 (whose
// output is specified by the standard), so the file is identical on every platform.
//
// Build and run:  c++ -std=c++17 -O2 make_sample_survey.cpp -o make && ./make > sample_survey.csv
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

std::mt19937_64 rng(20261123);

double uniform() { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// A 1..5 answer with P(4 or 5) = top: within the top box 5 with probability 0.45; below it,
// 3 with probability 0.5, 2 with 0.3, 1 with 0.2.
int likert(double top) {
  if (uniform() < top) return uniform() < 0.45 ? 5 : 4;
  const double u = uniform();
  return u < 0.5 ? 3 : u < 0.8 ? 2 : 1;
}

// A 0..10 answer with P(9–10) = promoters and P(0–6) = detractors.
int recommend(double promoters, double detractors) {
  const double u = uniform();
  if (u < promoters) return uniform() < 0.5 ? 10 : 9;
  if (u < promoters + detractors) return static_cast<int>(uniform() * 7);  // 0..6
  return uniform() < 0.5 ? 8 : 7;
}

struct audience {
  const char* name;
  int size;
  double above_average, superior, loyalty, authority, price, delight, resolved, easy, courtesy;
  double promoters, detractors;
};

}  // namespace

int main() {
  const audience audiences[] = {
      {"executive", 40, 0.75, 0.80, 0.73, 0.37, 0.70, 0.60, 0.80, 0.60, 0.55, 0.55, 0.15},
      {"employee", 300, 0.65, 0.55, 0.60, 0.45, 0.58, 0.50, 0.70, 0.60, 0.60, 0.45, 0.20},
      {"customer", 2000, 0.41, 0.08, 0.40, 0.30, 0.45, 0.30, 0.55, 0.60, 0.70, 0.30, 0.25},
  };
  const char* regions[] = {"EMEA", "AMER", "APAC"};
  std::printf(
      "respondent,group,region,above_average,superior_experience,deserves_loyalty,authority,"
      "solve_problem,worth_the_price,delight,first_contact_resolved,easy_to_do_business,"
      "staff_courtesy,recommend\n");
  int id = 0;
  for (const audience& a : audiences) {
    const bool customer = std::string(a.name) == "customer";
    for (int i = 0; i < a.size; ++i) {
      // Likert answers: missing 3%, "don't know" (9) 4% for customers.
      auto answer = [&](double top) -> std::string {
        const double u = uniform();
        if (u < 0.03) return "";
        if (customer && u < 0.07) return "9";
        return std::to_string(likert(top));
      };
      auto binary = [&](double yes) -> std::string {
        if (uniform() < 0.03) return "";
        return uniform() < yes ? "1" : "0";
      };
      // One draw after another, in a fixed order (function-argument order is unspecified).
      const std::string region = regions[rng() % 3];
      const std::string above = answer(a.above_average);
      const std::string superior = answer(a.superior);
      const std::string loyalty = answer(a.loyalty);
      const std::string authority = customer ? "" : answer(a.authority);
      const std::string solve = customer ? answer(a.authority) : "";
      const std::string price = answer(a.price);
      const std::string delight = answer(a.delight);
      const std::string resolved = binary(a.resolved);
      const std::string easy = answer(a.easy);
      const std::string courtesy = answer(a.courtesy);
      const std::string nps =
          uniform() < 0.03 ? "" : std::to_string(recommend(a.promoters, a.detractors));
      std::printf("%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", ++id, a.name, region.c_str(),
                  above.c_str(), superior.c_str(), loyalty.c_str(), authority.c_str(),
                  solve.c_str(), price.c_str(), delight.c_str(), resolved.c_str(), easy.c_str(),
                  courtesy.c_str(), nps.c_str());
    }
  }
  return 0;
}
