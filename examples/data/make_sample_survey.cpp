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
// Among the answers given, the shares above hold exactly (rounded to the nearest respondent):
// each audience's answers to an item are dealt from a deck holding exactly that many top-box
// answers, then shuffled. So the sample's gaps are the published sizes, not sampling noise
// around them; the statistics' job is to say how sure one can be of them at these n.
//
// The generator draws with its own integer-to-uniform mapping from std::mt19937_64 (whose
// output is specified by the standard), so the file is identical on every platform.
//
// Build and run:  c++ -std=c++17 -O2 make_sample_survey.cpp -o make && ./make > sample_survey.csv
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

std::mt19937_64 rng(20261123);

double uniform() { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Fisher–Yates with rng() % (i + 1): deterministic on every platform.
template <class T>
void shuffle(std::vector<T>& v) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
}

std::size_t share_of(double p, std::size_t n) {
  return static_cast<std::size_t>(std::lround(p * static_cast<double>(n)));
}

// n Likert answers, exactly round(top·n) of them 4 or 5 (5 with probability 0.45); below the
// top box 3 with probability 0.5, 2 with 0.3, 1 with 0.2.
std::vector<int> likert_deck(double top, std::size_t n) {
  std::vector<int> deck(n);
  const std::size_t k = share_of(top, n);
  for (std::size_t i = 0; i < n; ++i) {
    const double u = uniform();
    deck[i] = i < k ? (u < 0.45 ? 5 : 4) : (u < 0.5 ? 3 : u < 0.8 ? 2 : 1);
  }
  shuffle(deck);
  return deck;
}

// n yes/no answers, exactly round(yes·n) of them 1.
std::vector<int> binary_deck(double yes, std::size_t n) {
  std::vector<int> deck(n, 0);
  std::fill(deck.begin(), deck.begin() + static_cast<std::ptrdiff_t>(share_of(yes, n)), 1);
  shuffle(deck);
  return deck;
}

// n answers 0..10, exactly round(promoters·n) of 9–10 and round(detractors·n) of 0–6.
std::vector<int> recommend_deck(double promoters, double detractors, std::size_t n) {
  std::vector<int> deck(n);
  const std::size_t p = share_of(promoters, n), d = share_of(detractors, n);
  for (std::size_t i = 0; i < n; ++i) {
    const double u = uniform();
    deck[i] = i < p ? (u < 0.5 ? 10 : 9) : i < p + d ? static_cast<int>(u * 7) : (u < 0.5 ? 8 : 7);
  }
  shuffle(deck);
  return deck;
}

enum class kind { likert, binary, recommend };

struct item_column {
  const char* name;
  kind type;
  bool customers_only;    // asked of customers only (solve_problem)
  bool organisation_only; // asked of executives and employees only (authority)
};

struct audience {
  const char* name;
  int size;
  std::vector<double> top;  // per item, in the column order below (NPS: promoters)
  double detractors;        // NPS
};

}  // namespace

int main() {
  const std::vector<item_column> items = {
      {"above_average", kind::likert, false, false},
      {"superior_experience", kind::likert, false, false},
      {"deserves_loyalty", kind::likert, false, false},
      {"authority", kind::likert, false, true},
      {"solve_problem", kind::likert, true, false},
      {"worth_the_price", kind::likert, false, false},
      {"delight", kind::likert, false, false},
      {"first_contact_resolved", kind::binary, false, false},
      {"easy_to_do_business", kind::likert, false, false},
      {"staff_courtesy", kind::likert, false, false},
      {"recommend", kind::recommend, false, false},
  };
  //                                  above  sup   loyal auth  solve price delig resol easy  court prom
  const audience audiences[] = {
      {"executive", 40, {0.75, 0.80, 0.73, 0.37, 0.00, 0.70, 0.60, 0.80, 0.60, 0.55, 0.55}, 0.15},
      {"employee", 300, {0.65, 0.55, 0.60, 0.45, 0.00, 0.58, 0.50, 0.70, 0.60, 0.60, 0.45}, 0.20},
      {"customer", 2000, {0.41, 0.08, 0.40, 0.00, 0.30, 0.45, 0.30, 0.55, 0.60, 0.70, 0.30}, 0.25},
  };
  const char* regions[] = {"EMEA", "AMER", "APAC"};

  std::printf("respondent,group,region");
  for (const auto& it : items) std::printf(",%s", it.name);
  std::printf("\n");
  int id = 0;
  for (const audience& a : audiences) {
    const bool customer = std::string(a.name) == "customer";
    const auto n = static_cast<std::size_t>(a.size);
    std::vector<std::vector<std::string>> cells(n, std::vector<std::string>(items.size()));
    for (std::size_t j = 0; j < items.size(); ++j) {
      const item_column& it = items[j];
      if ((it.customers_only && !customer) || (it.organisation_only && customer)) continue;
      // Who answers: 3% missing; for customers' Likert items 4% "don't know" (9).
      std::vector<std::size_t> answered;
      for (std::size_t r = 0; r < n; ++r) {
        const double u = uniform();
        if (u < 0.03) continue;
        if (customer && it.type == kind::likert && u < 0.07) {
          cells[r][j].assign(1, '9');  // not = "9": GCC 12 -Wrestrict false positive (PR 105329) in C++20
          continue;
        }
        answered.push_back(r);
      }
      const std::vector<int> deck =
          it.type == kind::likert   ? likert_deck(a.top[j], answered.size())
          : it.type == kind::binary ? binary_deck(a.top[j], answered.size())
                                    : recommend_deck(a.top[j], a.detractors, answered.size());
      for (std::size_t k = 0; k < answered.size(); ++k)
        cells[answered[k]][j] = std::to_string(deck[k]);
    }
    for (std::size_t r = 0; r < n; ++r) {
      std::printf("%d,%s,%s", ++id, a.name, regions[rng() % 3]);
      for (const auto& c : cells[r]) std::printf(",%s", c.c_str());
      std::printf("\n");
    }
  }
  return 0;
}
