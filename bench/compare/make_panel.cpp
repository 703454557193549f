// Seeded synthetic CX panel for the side-by-side benchmark (bench/compare/): respondents of three
// audiences (executive 5%, employee 15%, customer 80%) answering K Likert items (1..5) with an
// audience-dependent distribution (organisation rates higher) on the first half of the items and
// the same distribution for everyone on the second half (null items, so p-values are not all 0),
// with 2% missing answers.
//
//   cxgap_make_panel --respondents N [--items K] [--seed S] [--csv FILE|-] [--npy DIR]
//                    [--schema FILE]
//
// --csv writes `respondent,group,q01,…` (RFC 4180, empty field = missing; `-` = stdout, so a panel
// larger than the disk can be piped into `cxgap report -`). --npy writes raw columns as NumPy
// .npy files (group.npy: uint8 0 = executive, 1 = employee, 2 = customer; qNN.npy: uint8 code,
// 0 = missing) for the "pre-converted columns" peer. --schema writes the cxgap JSON schema.
// The output depends only on (N, K, seed): the same bytes on every machine.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

// SplitMix64 (Steele, Lea & Flood 2014): a fully specified generator, identical everywhere.
struct splitmix64 {
  std::uint64_t state;
  std::uint64_t operator()() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
};

constexpr const char* group_names[3] = {"executive", "employee", "customer"};
// Probability of codes 1..5 per audience (per mille), then 2% missing applied on top.
constexpr int shares[3][5] = {{30, 70, 200, 400, 300},
                              {60, 120, 270, 350, 200},
                              {120, 220, 300, 240, 120}};

int usage() {
  std::fputs("usage: cxgap_make_panel --respondents N [--items K] [--seed S] [--csv FILE|-] "
             "[--npy DIR] [--schema FILE]\n", stderr);
  return 1;
}

void write_npy(const std::string& path, const std::vector<std::uint8_t>& column) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) { std::perror(path.c_str()); std::exit(2); }
  std::string header = "{'descr': '|u1', 'fortran_order': False, 'shape': (" +
                       std::to_string(column.size()) + ",), }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  const unsigned char magic[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  std::fwrite(magic, 1, 8, f);
  const auto len = static_cast<std::uint16_t>(header.size());
  const unsigned char len_bytes[2] = {static_cast<unsigned char>(len & 0xFF),
                                      static_cast<unsigned char>(len >> 8)};
  std::fwrite(len_bytes, 1, 2, f);
  std::fwrite(header.data(), 1, header.size(), f);
  std::fwrite(column.data(), 1, column.size(), f);
  std::fclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t n = 0, seed = 20261123;
  int items = 20;
  std::string csv, npy, schema;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const char* value = argv[i + 1];
    if (key == "--respondents") n = static_cast<std::uint64_t>(std::strtod(value, nullptr));
    else if (key == "--items") items = std::atoi(value);
    else if (key == "--seed") seed = std::strtoull(value, nullptr, 10);
    else if (key == "--csv") csv = value;
    else if (key == "--npy") npy = value;
    else if (key == "--schema") schema = value;
    else return usage();
  }
  if (n == 0 || items < 1 || items > 99 || (argc % 2) == 0) return usage();

  if (!schema.empty()) {
    std::FILE* f = std::fopen(schema.c_str(), "w");
    if (!f) { std::perror(schema.c_str()); return 2; }
    std::fputs("{\n  \"group\": \"group\",\n  \"scales\": {\"agree\": {\"min\": 1, \"max\": 5}},\n"
               "  \"items\": [\n", f);
    for (int k = 1; k <= items; ++k)
      std::fprintf(f, "    {\"column\": \"q%02d\", \"scale\": \"agree\"}%s\n", k,
                   k < items ? "," : "");
    std::fputs("  ]\n}\n", f);
    std::fclose(f);
  }

  // Cumulative thresholds on 32-bit uniforms: missing first (2%), then codes 1..5.
  std::uint32_t cut[3][6];
  for (int g = 0; g < 3; ++g) {
    double acc = 0.02;
    cut[g][0] = static_cast<std::uint32_t>(acc * 4294967296.0);
    for (int c = 0; c < 5; ++c) {
      acc += 0.98 * shares[g][c] / 1000.0;
      cut[g][c + 1] = c == 4 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(acc * 4294967296.0);
    }
  }

  std::FILE* out = nullptr;
  if (!csv.empty()) {
    out = csv == "-" ? stdout : std::fopen(csv.c_str(), "wb");
    if (!out) { std::perror(csv.c_str()); return 2; }
    std::string header = "respondent,group";
    char name[8];
    for (int k = 1; k <= items; ++k) {
      std::snprintf(name, sizeof name, ",q%02d", k);
      header += name;
    }
    header += '\n';
    std::fwrite(header.data(), 1, header.size(), out);
  }
  std::vector<std::uint8_t> group_col;
  std::vector<std::vector<std::uint8_t>> item_cols;
  if (!npy.empty()) {
    group_col.resize(n);
    item_cols.assign(static_cast<std::size_t>(items), std::vector<std::uint8_t>(n));
  }

  splitmix64 rng{seed};
  std::vector<char> buffer;
  buffer.reserve(1 << 21);
  char row[512];
  for (std::uint64_t r = 0; r < n; ++r) {
    const std::uint32_t u = static_cast<std::uint32_t>(rng() >> 32);
    const int g = u < 214748365u ? 0 : (u < 858993459u ? 1 : 2);  // 5%, 15%, 80%
    char* p = row + std::snprintf(row, sizeof row, "%llu,%s",
                                  static_cast<unsigned long long>(r + 1), group_names[g]);
    if (!npy.empty()) group_col[r] = static_cast<std::uint8_t>(g);
    for (int k = 0; k < items; ++k) {
      const auto v = static_cast<std::uint32_t>(rng() >> 32);
      const int from = 2 * k < items ? g : 2;  // second half: everyone answers as customers
      int code = 0;
      while (code < 5 && v >= cut[from][code]) ++code;  // 0 = missing, else 1..5
      *p++ = ',';
      if (code > 0) *p++ = static_cast<char>('0' + code);
      if (!npy.empty()) item_cols[static_cast<std::size_t>(k)][r] = static_cast<std::uint8_t>(code);
    }
    *p++ = '\n';
    if (out) {
      buffer.insert(buffer.end(), row, p);
      if (buffer.size() > (1u << 20)) {
        std::fwrite(buffer.data(), 1, buffer.size(), out);
        buffer.clear();
      }
    }
  }
  if (out) {
    std::fwrite(buffer.data(), 1, buffer.size(), out);
    if (out != stdout) std::fclose(out);
    else std::fflush(stdout);
  }
  if (!npy.empty()) {
    write_npy(npy + "/group.npy", group_col);
    char name[16];
    for (int k = 0; k < items; ++k) {
      std::snprintf(name, sizeof name, "/q%02d.npy", k + 1);
      write_npy(npy + name, item_cols[static_cast<std::size_t>(k)]);
    }
  }
  return 0;
}
