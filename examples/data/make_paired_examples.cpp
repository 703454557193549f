// Generates the bundled example files of the paired and profile commands (cxgap dyads, items,
// profile) in the directory given as the only argument (default: the current directory):
//
//   dyads.csv       one row per interaction: the employee's and the customer's rating of the
//                   same interaction (1..5, "the service I delivered / received was excellent")
//                   and both answers to "was the problem resolved?" (0/1). 300 interactions;
//                   employees rate higher on average (the experience gap); 9 customers left the
//                   rating blank.
//   dyads_long.csv  the same interactions as two rows each (the employee's row and the
//                   customer's row, joined by `interaction`), rows in shuffled order; the 9
//                   interactions without a customer rating are left out, so every interaction
//                   has both rows and `cxgap dyads --id interaction` gives the same rating
//                   statistics as the wide file.
//   profile.csv     two audiences answering the same six 1..5 items and an overall rating
//                   (1..10): 60 executives and 400 customers. The items share one latent
//                   attitude (so the scale is reliable); `long_waits` ("I often have to wait too
//                   long") is reverse keyed (declared in profile_schema.json); executives rate
//                   four items higher than customers, one the same, one lower; customers'
//                   overall rating depends mostly on responsiveness and reliability. About 2% of
//                   the item answers are blank.
//
// Every draw comes from std::mt19937_64 (output specified by the standard) mapped to uniforms
// and to approximately normal variates (Irwin–Hall: the sum of 12 uniforms − 6) by plain
// arithmetic, so the files are identical on every platform.
//
// Build and run:  c++ -std=c++17 -O2 make_paired_examples.cpp -o make && ./make examples/data
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

std::mt19937_64 rng(20240517);

double uniform() { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Approximately standard normal: mean 0, variance 1 (sum of 12 uniforms − 6).
double normal() {
  double s = 0;
  for (int i = 0; i < 12; ++i) s += uniform();
  return s - 6;
}

// Fisher–Yates with rng() % (i + 1): deterministic on every platform.
template <class T>
void shuffle(std::vector<T>& v) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
}

// A continuous latent value cut into the codes lo..hi at the half-integers.
int cut(double x, int lo, int hi) {
  int code = lo;
  while (code < hi && x > code + 0.5) ++code;
  return code;
}

FILE* open_out(const std::string& dir, const char* name) {
  std::string path = dir;
  path += '/';
  path += name;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
  return f;
}

struct dyad {
  int id;
  int employee;
  int customer;  // 0 = left blank
  int employee_resolved;
  int customer_resolved;
};

void write_dyads(const std::string& dir) {
  constexpr int n = 300;
  std::vector<dyad> dyads;
  for (int i = 0; i < n; ++i) {
    const double quality = normal();  // how good the interaction really was
    dyad d{};
    d.id = 1001 + i;
    d.employee = cut(4.0 + 0.6 * quality + 0.6 * normal(), 1, 5);
    d.customer = cut(3.4 + 0.8 * quality + 0.7 * normal(), 1, 5);
    const double resolved = quality + 0.8 * normal();
    d.employee_resolved = resolved > -1.2 ? 1 : 0;  // employees call most problems resolved
    d.customer_resolved = resolved + 1.0 * normal() > -0.2 ? 1 : 0;
    dyads.push_back(d);
  }
  // Nine customers left the rating blank.
  for (int k = 0; k < 9; ++k) dyads[static_cast<std::size_t>(17 + 31 * k)].customer = 0;

  FILE* wide = open_out(dir, "dyads.csv");
  std::fprintf(wide, "interaction,employee,customer,employee_resolved,customer_resolved\n");
  for (const dyad& d : dyads) {
    std::fprintf(wide, "I%d,%d,", d.id, d.employee);
    if (d.customer != 0) std::fprintf(wide, "%d", d.customer);
    std::fprintf(wide, ",%d,%d\n", d.employee_resolved, d.customer_resolved);
  }
  std::fclose(wide);

  // Two rows per complete interaction, shuffled.
  std::vector<std::string> rows;
  char line[128];
  for (const dyad& d : dyads) {
    if (d.customer == 0) continue;
    std::snprintf(line, sizeof line, "I%d,employee,%d,,%d,\n", d.id, d.employee,
                  d.employee_resolved);
    rows.emplace_back(line);
    std::snprintf(line, sizeof line, "I%d,customer,,%d,,%d\n", d.id, d.customer,
                  d.customer_resolved);
    rows.emplace_back(line);
  }
  shuffle(rows);
  FILE* longf = open_out(dir, "dyads_long.csv");
  std::fprintf(longf, "interaction,role,employee,customer,employee_resolved,customer_resolved\n");
  for (const auto& r : rows) std::fputs(r.c_str(), longf);
  std::fclose(longf);
}

void write_profile(const std::string& dir) {
  // Items: executives' and customers' latent means, loading on the shared attitude.
  struct item {
    const char* name;
    double executive, customer, loading;
    bool reversed;  // the answer is 6 − the attitude's direction
  };
  const std::array<item, 6> items{{
      {"knowledgeable_staff", 4.0, 3.5, 0.6, false},
      {"responsiveness", 4.1, 3.1, 0.7, false},
      {"reliability", 4.0, 3.3, 0.7, false},
      {"easy_to_deal_with", 3.6, 3.6, 0.6, false},
      {"long_waits", 2.2, 3.0, 0.6, true},  // reverse keyed: high = bad
      {"courtesy", 3.5, 3.9, 0.5, false},
  }};
  // Customers' overall rating (1..10): driven mostly by responsiveness and reliability.
  const std::array<double, 6> driver{{0.35, 0.9, 0.8, 0.3, 0.2, 0.15}};

  FILE* f = open_out(dir, "profile.csv");
  std::fprintf(f, "respondent,audience");
  for (const auto& it : items) std::fprintf(f, ",%s", it.name);
  std::fprintf(f, ",overall\n");
  int respondent = 0;
  for (const auto& [audience, n] : {std::pair<const char*, int>{"executive", 60}, {"customer", 400}}) {
    const bool executive = std::string(audience) == "executive";
    for (int i = 0; i < n; ++i) {
      const double attitude = normal();
      std::array<int, 6> code{};
      double overall = 5.5;
      for (std::size_t j = 0; j < items.size(); ++j) {
        const auto& it = items[j];
        const double mean = executive ? it.executive : it.customer;
        const double sign = it.reversed ? -1 : 1;
        const double x = mean + sign * it.loading * attitude + 0.75 * normal();
        code[j] = cut(x, 1, 5);
        const double centred = (it.reversed ? 6 - x : x) - 3.3;
        overall += driver[j] * centred;
      }
      const int overall_code = cut(overall + 0.9 * normal(), 1, 10);
      std::fprintf(f, "%d,%s", ++respondent, audience);
      for (std::size_t j = 0; j < items.size(); ++j) {
        if (uniform() < 0.02)
          std::fprintf(f, ",");
        else
          std::fprintf(f, ",%d", code[j]);
      }
      std::fprintf(f, ",%d\n", overall_code);
    }
  }
  std::fclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : ".";
  write_dyads(dir);
  write_profile(dir);
  return 0;
}
