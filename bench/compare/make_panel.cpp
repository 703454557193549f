// Seeded synthetic CX panel for the side-by-side benchmark (bench/compare/): respondents of three
// audiences (executive 5%, employee 15%, customer 80%) answering K Likert items (1..5) with an
// audience-dependent distribution (organisation rates higher) on the first half of the items and
// the same distribution for everyone on the second half (null items, so p-values are not all 0),
// with 2% missing answers.
//
//   cxgap_make_panel --respondents N [--items K] [--seed S] [--csv FILE|-] [--npy DIR]
//                    [--schema FILE] [--design]
//
// --csv writes `respondent,group,q01,…` (RFC 4180, empty field = missing; `-` = stdout, so a panel
// larger than the disk can be piped into `cxgap report -`). --npy writes raw columns as NumPy
// .npy files (group.npy: uint8 0 = executive, 1 = employee, 2 = customer; qNN.npy: uint8 code,
// 0 = missing) for the "pre-converted columns" peer. --schema writes the cxgap JSON schema.
//
// --design (CSV only, N >= 2,000) makes the panel a stratified cluster sample, as a clustered
// file usually is: `respondent,group,stratum,psu,w,q01,…` with 8 strata (`s1`..`s8`, holding
// 400, 350, 300, 250, 250, 200, 150 and 100 PSUs), 2,000 PSUs numbered 1..2000 across strata, rows
// sorted by stratum then PSU (row r, from 0, is in PSU ⌊r·2000/N⌋ + 1), and a weight `w` = the
// PSU's 1/π (a stratum base weight times a PSU factor 12/16..27/16) times the audience's
// non-response factor (executive 1.25, employee 1.125, customer 1), so three values per PSU, all
// multiples of 1/8 (exact in any reader). The answers follow a cumulative-logit model: a PSU
// effect shared by its audiences plus a PSU × audience effect (each a 16-point discretised
// N(0, 0.4²)) multiply the odds of every "code above c" (c = 1..4); the missing share stays 2%.
// The intra-PSU correlation of the scores within an audience is about 0.08 (one-way ANOVA
// estimates 0.07–0.09 at N = 4e5; about half of it is the PSU × audience part, the part a gap's
// design SE sees). Group assignments and the uniforms behind the answers are those of the i.i.d.
// panel with the same seed. The schema then also declares "weight", "stratum" and "cluster".
//
// The output depends only on (N, K, seed, --design): the same bytes on every machine (the design's
// effects, thresholds and weights use integer arithmetic, no libm). Without --design the output is
// byte for byte that of the generator before --design existed.
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

// --design: PSUs per stratum (2,000 in all) and the stratum's base weight (a multiple of 16).
constexpr int psu_count = 2000;
constexpr int strata_count = 8;
constexpr int psus_in_stratum[strata_count] = {400, 350, 300, 250, 250, 200, 150, 100};
constexpr std::uint64_t stratum_base_weight[strata_count] = {32, 48, 64, 80, 96, 128, 160, 240};
// Non-response factor per audience, in eighths: 1.25, 1.125, 1.
constexpr std::uint64_t nonresponse_eighths[3] = {10, 9, 8};
// 1024·exp(0.4·z_k), z_k = Φ⁻¹((k + 0.5)/16), rounded: a 16-point discretised N(0, 0.4²) effect on
// the logit scale as an odds multiplier in 1/1024ths.
constexpr std::uint64_t odds_1024[16] = {486,  604,  684,  751,  812,  872,  931,  992,
                                         1057, 1126, 1203, 1291, 1397, 1534, 1735, 2157};

// The answer thresholds of one PSU: cut[audience][0 = own distribution, 1 = customers'][·], and
// the weight of each audience as text.
struct psu_design {
  int stratum = 0;
  std::uint32_t cut[3][2][6] = {};
  std::string weight[3];
};

// Thresholds for answers whose odds of "code above c" (c = 1..4) are multiplied by odds/1024,
// with the missing share (base[0]) kept: with A = base[c] − base[0], B = 2³² − base[c],
// M = 2³² − base[0], the share above c among the answers A/M → A/(A + r·B) from the bottom.
// Integer arithmetic on 24-bit operands (products < 2⁵⁸), so the same on every machine.
void shift_cuts(const std::uint32_t (&base)[6], std::uint64_t odds, std::uint32_t (&out)[6]) {
  constexpr std::uint64_t two32 = 4294967296ULL;
  out[0] = base[0];
  out[5] = base[5];
  const std::uint64_t m = (two32 - base[0]) >> 8;
  for (int c = 1; c <= 4; ++c) {
    const std::uint64_t a = (std::uint64_t{base[c]} - base[0]) >> 8;
    const std::uint64_t b = (two32 - base[c]) >> 8;
    out[c] = base[0] + static_cast<std::uint32_t>(((m * a * 1024) / (1024 * a + odds * b)) << 8);
  }
}

// A weight in eighths as the shortest exact decimal ("137.625", "96").
std::string eighths_text(std::uint64_t eighths) {
  static const char* const fraction[8] = {"", ".125", ".25", ".375", ".5", ".625", ".75", ".875"};
  std::string text = std::to_string(eighths / 8);
  text += fraction[eighths % 8];
  return text;
}

// Draws every PSU's stratum, weights and effects from its own generator (seeded from `seed`),
// so the respondents' stream is the i.i.d. panel's.
std::vector<psu_design> make_design(std::uint64_t seed, const std::uint32_t (&cut)[3][6]) {
  splitmix64 rng{seed ^ 0x6a09e667f3bcc908ULL};
  std::vector<psu_design> psus(psu_count);
  int stratum = 0, left = psus_in_stratum[0];
  for (psu_design& p : psus) {
    if (left == 0) left = psus_in_stratum[++stratum];
    --left;
    p.stratum = stratum;
    const std::uint64_t size_factor = 12 + (rng() >> 60);  // 12..27 sixteenths
    const std::uint64_t psu_weight = stratum_base_weight[stratum] * size_factor / 16;
    const std::uint64_t shared = odds_1024[rng() >> 60];
    for (int g = 0; g < 3; ++g) {
      p.weight[g] = eighths_text(psu_weight * nonresponse_eighths[g]);
      const std::uint64_t odds = (shared * odds_1024[rng() >> 60] + 512) / 1024;
      shift_cuts(cut[g], odds, p.cut[g][0]);
      shift_cuts(cut[2], odds, p.cut[g][1]);
    }
  }
  return psus;
}

int usage() {
  std::fputs("usage: cxgap_make_panel --respondents N [--items K] [--seed S] [--csv FILE|-] "
             "[--npy DIR] [--schema FILE] [--design]\n"
             "  (--design: CSV only, N >= 2000)\n", stderr);
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
  bool design = false;
  for (int i = 1; i < argc; ++i) {
    const std::string key = argv[i];
    if (key == "--design") {
      design = true;
      continue;
    }
    if (i + 1 == argc) return usage();
    const char* value = argv[++i];
    if (key == "--respondents") n = static_cast<std::uint64_t>(std::strtod(value, nullptr));
    else if (key == "--items") items = std::atoi(value);
    else if (key == "--seed") seed = std::strtoull(value, nullptr, 10);
    else if (key == "--csv") csv = value;
    else if (key == "--npy") npy = value;
    else if (key == "--schema") schema = value;
    else return usage();
  }
  if (n == 0 || items < 1 || items > 99) return usage();
  if (design && (!npy.empty() || (!csv.empty() && n < psu_count))) return usage();

  if (!schema.empty()) {
    std::FILE* f = std::fopen(schema.c_str(), "w");
    if (!f) { std::perror(schema.c_str()); return 2; }
    std::fputs("{\n  \"group\": \"group\",\n", f);
    if (design)
      std::fputs("  \"weight\": \"w\",\n  \"stratum\": \"stratum\",\n  \"cluster\": \"psu\",\n", f);
    std::fputs("  \"scales\": {\"agree\": {\"min\": 1, \"max\": 5}},\n  \"items\": [\n", f);
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
    std::string header = design ? "respondent,group,stratum,psu,w" : "respondent,group";
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

  const std::vector<psu_design> psus = design ? make_design(seed, cut) : std::vector<psu_design>();
  splitmix64 rng{seed};
  std::vector<char> buffer;
  buffer.reserve(1 << 21);
  char row[512];
  for (std::uint64_t r = 0; r < n; ++r) {
    const std::uint32_t u = static_cast<std::uint32_t>(rng() >> 32);
    const int g = u < 214748365u ? 0 : (u < 858993459u ? 1 : 2);  // 5%, 15%, 80%
    char* p = row + std::snprintf(row, sizeof row, "%llu,%s",
                                  static_cast<unsigned long long>(r + 1), group_names[g]);
    const psu_design* unit = nullptr;
    if (design) {
      const std::uint64_t psu = r * psu_count / n;  // rows sorted by stratum, then PSU
      unit = &psus[psu];
      p += std::snprintf(p, 64, ",s%d,%llu,%s", unit->stratum + 1,
                         static_cast<unsigned long long>(psu + 1), unit->weight[g].c_str());
    }
    if (!npy.empty()) group_col[r] = static_cast<std::uint8_t>(g);
    for (int k = 0; k < items; ++k) {
      const auto v = static_cast<std::uint32_t>(rng() >> 32);
      const int from = 2 * k < items ? g : 2;  // second half: everyone answers as customers
      const std::uint32_t* thresholds = unit ? unit->cut[g][from == g ? 0 : 1] : cut[from];
      int code = 0;
      while (code < 5 && v >= thresholds[code]) ++code;  // 0 = missing, else 1..5
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
