// SVG dumbbell chart of gap reports (see chart/svg.hpp and docs/chart.md).
//
// The chart is laid out in one pass that appends SVG elements to a string while tracking the
// vertical position; the root element, whose height depends on that pass, is written last.
// Text cannot be measured in SVG, so widths are estimated from Helvetica-like character widths
// (generous, so labels do not collide in wider fallback fonts). Every number is formatted with
// std::to_chars, so neither the stream's nor the global locale can change the bytes.
#include "cxgap/chart/svg.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cxgap/detail/check.hpp"
#include "cxgap/error.hpp"

namespace cxgap {
namespace {

constexpr const char* fn = "cxgap::write_svg_chart";

// ---------------------------------------------------------------------------------------------
// Numbers

std::string fixed(double v, int decimals) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  return std::string(buf, r.ptr);
}

bool all_zero_digits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == '0' || c == '.'; });
}

constexpr const char* minus = "\xE2\x88\x92";     // U+2212 MINUS SIGN
constexpr const char* en_dash = "\xE2\x80\x93";   // U+2013, for ranges "1–5"
constexpr const char* ellipsis = "\xE2\x80\xA6";  // U+2026

/// A value for display: fixed decimals, a true minus sign, no "-0.00".
std::string display(double v, int decimals) {
  if (std::isnan(v)) return "n/a";
  const std::string s = fixed(std::fabs(v), decimals);
  return (v < 0 && !all_zero_digits(s)) ? minus + s : s;
}

/// A gap for display: always signed ("+1.46", "−0.21"), "0.00" when it rounds to zero.
std::string display_signed(double v, int decimals) {
  if (std::isnan(v)) return "n/a";
  const std::string s = fixed(std::fabs(v), decimals);
  if (all_zero_digits(s)) return s;
  return (v < 0 ? minus : "+") + s;
}

std::string display_p(double p) {
  if (std::isnan(p)) return "n/a";
  if (p < 0.001) return "<0.001";
  return fixed(p, 3);
}

/// A coordinate: one decimal, trailing ".0" dropped.
std::string px(double v) {
  std::string s = fixed(v, 1);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

// ---------------------------------------------------------------------------------------------
// Text: UTF-8 sanitising, XML escaping, width estimates

/// Decodes the code point at s[i], advancing i; invalid or overlong sequences, surrogates and
/// code points that XML 1.0 forbids give U+FFFD (one byte consumed).
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  char32_t cp = 0xFFFD;
  std::size_t len = 1;
  if (c < 0x80) {
    cp = c;
  } else {
    std::size_t extra = 0;
    char32_t init = 0, lowest = 0;
    if ((c & 0xE0) == 0xC0)
      extra = 1, init = c & 0x1Fu, lowest = 0x80;
    else if ((c & 0xF0) == 0xE0)
      extra = 2, init = c & 0x0Fu, lowest = 0x800;
    else if ((c & 0xF8) == 0xF0)
      extra = 3, init = c & 0x07u, lowest = 0x10000;
    bool ok = extra > 0 && i + extra < s.size();
    char32_t v = init;
    for (std::size_t k = 1; ok && k <= extra; ++k) {
      ok = (byte(i + k) & 0xC0) == 0x80;
      v = (v << 6) | (byte(i + k) & 0x3Fu);
    }
    if (ok && v >= lowest && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF)) {
      cp = v;
      len = extra + 1;
    }
  }
  i += len;
  const bool xml_ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                      (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
  return xml_ok ? cp : char32_t{0xFFFD};
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// Valid UTF-8 that XML 1.0 accepts, on one line: invalid bytes and forbidden characters become
/// U+FFFD, tabs and line breaks a space.
std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> cps;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = next_code_point(s, i);
    if (cp == 0x9 || cp == 0xA || cp == 0xD) cp = U' ';
    cps.push_back(cp);
  }
  return cps;
}

/// Text content or attribute value: sanitised and with & < > " ' escaped.
std::string xml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t cp : code_points(s)) {
    switch (cp) {
      case U'&':
        out += "&amp;";
        break;
      case U'<':
        out += "&lt;";
        break;
      case U'>':
        out += "&gt;";
        break;
      case U'"':
        out += "&quot;";
        break;
      case U'\'':
        out += "&apos;";
        break;
      default:
        append_utf8(out, cp);
    }
  }
  return out;
}

/// Advance width of a code point in ems, close to Helvetica/Arial (slightly generous).
double em_width(char32_t c) {
  if (c == U' ') return 0.28;
  if (c >= U'0' && c <= U'9') return 0.56;
  if (c == U'm' || c == U'w' || c == U'M' || c == U'W') return 0.86;
  if (std::u32string_view(U"iljtf.,:;'|!()[]I").find(c) != std::u32string_view::npos) return 0.32;
  if (c >= U'A' && c <= U'Z') return 0.68;
  if (c < 0x80) return 0.56;
  if (c >= 0x2E80) return 1.0;  // CJK and other wide scripts
  return 0.62;
}

double text_width(std::string_view s, double font_size, bool bold = false) {
  double w = 0;
  for (char32_t c : code_points(s)) w += em_width(c);
  return w * font_size * (bold ? 1.08 : 1.0);
}

/// The text, shortened with "…" to fit max_width (estimated); UTF-8, not yet escaped.
std::string fit(std::string_view s, double max_width, double font_size, bool bold = false) {
  if (text_width(s, font_size, bold) <= max_width) return std::string(s);
  const double room = max_width - 0.9 * font_size;  // for the ellipsis
  std::string out;
  double w = 0;
  for (char32_t c : code_points(s)) {
    const double cw = em_width(c) * font_size * (bold ? 1.08 : 1.0);
    if (w + cw > room) break;
    append_utf8(out, c);
    w += cw;
  }
  return out + ellipsis;
}

/// Splits text into lines of at most max_width (estimated), at spaces.
std::vector<std::string> wrap(const std::string& s, double max_width, double font_size) {
  std::vector<std::string> lines;
  std::string line, word;
  auto flush_word = [&] {
    if (word.empty()) return;
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && text_width(candidate, font_size) > max_width) {
      lines.push_back(line);
      line = word;
    } else {
      line = candidate;
    }
    word.clear();
  };
  for (char c : s) {
    if (c == ' ')
      flush_word();
    else
      word += c;
  }
  flush_word();
  if (!line.empty()) lines.push_back(line);
  return lines;
}

/// Joins parts with a separator into lines of at most max_width, breaking only between parts
/// (a part longer than a line is wrapped at spaces).
std::vector<std::string> flow(const std::vector<std::string>& parts, const std::string& sep,
                              double max_width, double font_size) {
  std::vector<std::string> lines;
  std::string line;
  const auto finish = [&] {
    for (std::string& l : wrap(line, max_width, font_size)) lines.push_back(std::move(l));
  };
  for (const std::string& part : parts) {
    const std::string candidate = line.empty() ? part : line + sep + part;
    if (line.empty() || text_width(candidate, font_size) <= max_width) {
      line = candidate;
    } else {
      finish();
      line = part;
    }
  }
  finish();
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Style

// Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
// deficiency. Yellow last: it is hard to see on white.
constexpr std::array<const char*, 8> palette = {"#D55E00", "#0072B2", "#009E73", "#CC79A7",
                                                "#E69F00", "#56B4E9", "#000000", "#F0E442"};
constexpr const char* font_family =
    "Helvetica, Arial, &apos;Liberation Sans&apos;, &apos;DejaVu Sans&apos;, sans-serif";
constexpr const char* ink = "#1A1A1A";
constexpr const char* ink_soft = "#595959";   // 7:1 on white
constexpr const char* ink_muted = "#6B6B6B";  // 5.3:1 on white, 4.9:1 on the zebra rows
constexpr const char* grid = "#E3E3E3";
constexpr const char* zebra = "#F6F6F6";

constexpr double margin = 24;
constexpr double row_height = 28;
constexpr double dot_radius = 6.5;
constexpr double band_height = 16;
constexpr double plot_padding = 12;  // inside the plot area, so end dots are not cut

std::string adjustment_name(p_adjust m) {
  switch (m) {
    case p_adjust::none:
      return "";
    case p_adjust::bonferroni:
      return "Bonferroni";
    case p_adjust::holm:
      return "Holm";
    case p_adjust::hochberg:
      return "Hochberg";
    case p_adjust::hommel:
      return "Hommel";
    case p_adjust::benjamini_hochberg:
      return "Benjamini\xE2\x80\x93Hochberg";
    case p_adjust::benjamini_yekutieli:
      return "Benjamini\xE2\x80\x93Yekutieli";
  }
  return std::string(to_string(m));
}

std::string percent_label(double level) {
  std::string s = fixed(100 * level, 1);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s + "%";
}

// ---------------------------------------------------------------------------------------------
// Model: what is drawn, in the plotted units

struct row {
  const item_gap* gap = nullptr;
  double a = 0, b = 0, estimate = 0, lower = 0, upper = 0, p = 0;
  bool defined = false;      // both values finite: dots are drawn
  bool significant = false;  // p_adjusted < alpha
};

struct axis {
  double lo = 0, hi = 1;
  bool integer = false;  // a scale of integer codes: ticks on integers only
  bool percent = false;
  double step = 0;      // tick step; 0: chosen from the width
  std::string caption;  // heading of the group when a panel has several axes
  std::string title;    // under the axis
};

struct axis_group {
  std::string key;
  axis ax;
  std::vector<row> rows;
};

struct panel {
  const gap_report* report = nullptr;
  std::vector<axis_group> groups;
  int items = 0, significant = 0;
  int tested = 0;  // items with a defined p-value: the size of the adjusted family
};

row make_row(const item_gap& g, const chart_options& o) {
  const bool top = o.measure == chart_measure::top_box;
  const gap_statistic<>& s = top ? g.top_box : g.mean;
  const double k = top ? 100.0 : 1.0;
  row r;
  r.gap = &g;
  r.a = k * s.value_a;
  r.b = k * s.value_b;
  r.estimate = k * s.estimate;
  r.lower = k * s.ci.lower;
  r.upper = k * s.ci.upper;
  r.p = s.p_adjusted;
  r.defined = std::isfinite(r.a) && std::isfinite(r.b);
  r.significant = s.p_adjusted < o.alpha;
  return r;
}

std::string range_text(int lo, int hi) { return std::to_string(lo) + en_dash + std::to_string(hi); }

/// The codebook entry of the item asked of group A; throws if the codebook lacks it.
const item& codebook_item(const item_gap& g, const codebook& cb, const gap_report& rep) {
  const std::size_t i = cb.find(g.item_a);
  if (i == codebook::npos)
    throw cxgap::invalid_argument(std::string(fn) + ": item '" + g.item_a + "' of comparison '" +
                                  rep.a + "' vs '" + rep.b +
                                  "' is not in chart_options::scales, but must be");
  return cb[i];
}

/// The axis of an item's mean from the codebook: the scale's scores min..max and end labels.
std::pair<std::string, axis> codebook_axis(const item_gap& g, const codebook& cb,
                                           const gap_report& rep) {
  const scale& s = codebook_item(g, cb, rep).scale;
  const auto label_of_score = [&](int score) {
    const int code = s.is_reversed() ? s.min() + s.max() - score : score;
    return s.label(code);
  };
  const std::string lo_label = label_of_score(s.min()), hi_label = label_of_score(s.max());
  axis ax;
  ax.lo = s.min();
  ax.hi = s.max();
  ax.integer = s.max() - s.min() >= 4;  // 0–1 or 1–3: finer ticks than the codes
  ax.caption = "Items scored " + range_text(s.min(), s.max());
  if (s.is_nps()) ax.caption += " (Net Promoter items)";
  ax.title = "Mean score";
  if (!lo_label.empty() && !hi_label.empty())
    ax.title += " (" + std::to_string(s.min()) + " = " + lo_label + " " + ellipsis + " " +
                std::to_string(s.max()) + " = " + hi_label + ")";
  else
    ax.title += " on the " + range_text(s.min(), s.max()) + " scale";
  if (s.min() == 0 && s.max() == 1)
    ax.title += ", i.e. the share answering " + (hi_label.empty() ? std::string("1") : hi_label);
  std::string key =
      std::to_string(s.min()) + ":" + std::to_string(s.max()) + ":" + lo_label + '\x1F' + hi_label;
  return {std::move(key), std::move(ax)};
}

bool close(double x, double y) { return std::fabs(x - y) <= 1e-9; }

/// Without a codebook: NPS items on 0–10, binary items (mean = top-box share) on 0–1, the rest
/// on one axis fitted to the data (set later).
std::pair<std::string, axis> inferred_axis(const item_gap& g) {
  axis ax;
  if (g.nps) {
    ax.lo = 0;
    ax.hi = 10;
    ax.integer = true;
    ax.caption = "Net Promoter items (scored " + range_text(0, 10) + ")";
    ax.title = "Mean score on the " + range_text(0, 10) + " scale";
    return {"nps", ax};
  }
  const gap_statistic<>& m = g.mean;
  const gap_statistic<>& t = g.top_box;
  const bool binary = std::isfinite(m.value_a) && std::isfinite(m.value_b) &&
                      close(m.value_a, t.value_a) && close(m.value_b, t.value_b);
  if (binary) {
    ax.lo = 0;
    ax.hi = 1;
    ax.caption = "Yes/no items (scored " + range_text(0, 1) + ")";
    ax.title =
        std::string("Mean score (0 = no ") + ellipsis + " 1 = yes), i.e. the share answering yes";
    return {"binary", ax};
  }
  ax.caption = "Other items";
  ax.title = "Mean score";
  return {"other", ax};
}

/// A "nice" tick step (1, 2, 2.5 or 5 × 10^k) giving at most about max_ticks intervals.
double nice_step(double span, double max_ticks, bool integer) {
  const double raw = span / std::max(1.0, max_ticks);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10 * mag;
  for (double m : {1.0, 2.0, 2.5, 5.0}) {
    if (m * mag >= raw * (1 - 1e-12)) {
      step = m * mag;
      break;
    }
  }
  if (integer) step = std::max(1.0, step == 2.5 * mag && mag < 10 ? 5 * mag : step);
  return step;
}

int tick_decimals(double step) {
  for (int d = 0; d < 4; ++d) {
    const double scaled = step * std::pow(10.0, d);
    if (std::fabs(scaled - std::round(scaled)) < 1e-9) return d;
  }
  return 4;
}

/// The fitted axis of the "other" groups of every panel (one axis, so panels compare): the
/// data extents (values and bands) rounded outwards to nice ticks.
void fit_other_axes(std::vector<axis_group*>& groups, double max_ticks) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const axis_group* g : groups)
    for (const row& r : g->rows) {
      if (!r.defined) continue;
      for (double v : {r.a, r.b, r.b + r.lower, r.b + r.upper}) {
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
      }
    }
  if (!(lo <= hi)) lo = 0, hi = 1;
  if (hi - lo < 1e-9) lo -= 0.5, hi += 0.5;
  const double step = nice_step(hi - lo, max_ticks, false);
  for (axis_group* g : groups) {
    g->ax.lo = std::floor(lo / step + 1e-9) * step;
    g->ax.hi = std::ceil(hi / step - 1e-9) * step;
    g->ax.step = step;
  }
}

// ---------------------------------------------------------------------------------------------
// SVG output

struct canvas {
  std::string out;

  void raw(std::string_view s) { out += s; }
  void text(double x, double y, std::string_view content_escaped, std::string_view attrs) {
    out += "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\"";
    if (!attrs.empty()) out += ' ', out += attrs;
    out += '>';
    out += content_escaped;
    out += "</text>\n";
  }
  void rect(double x, double y, double w, double h, std::string_view attrs) {
    out += "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(std::max(0.0, w)) +
           "\" height=\"" + px(h) + "\" " + std::string(attrs) + "/>\n";
  }
  void line(double x1, double y1, double x2, double y2, std::string_view attrs) {
    out += "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" +
           px(y2) + "\" " + std::string(attrs) + "/>\n";
  }
  void circle(double cx, double cy, double r, std::string_view attrs) {
    out += "<circle cx=\"" + px(cx) + "\" cy=\"" + px(cy) + "\" r=\"" + px(r) + "\" " +
           std::string(attrs) + "/>\n";
  }
};

struct audiences {
  std::vector<std::string> names;
  const char* colour(const std::string& name) const {
    const auto it = std::find(names.begin(), names.end(), name);
    return palette[static_cast<std::size_t>(it - names.begin()) % palette.size()];
  }
  void add(const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
};

std::string dot_attrs(const char* colour, bool strong) {
  return std::string("fill=\"") + colour + "\"" + (strong ? "" : " fill-opacity=\"0.4\"") +
         " stroke=\"#FFFFFF\" stroke-width=\"1.5\"";
}

/// The columns right of the plot: A's value, B's value, the gap with its CI, adjusted p.
struct columns {
  double a_right = 0, b_right = 0, gap_right = 0, p_right = 0, left = 0;
};

struct row_text {
  std::string a, b, gap, p;
};

row_text texts(const row& r, bool top) {
  const int d = top ? 0 : 2;
  const std::string unit = top ? "%" : "";
  row_text t;
  t.a = std::isnan(r.a) ? "n/a" : display(r.a, d) + unit;
  t.b = std::isnan(r.b) ? "n/a" : display(r.b, d) + unit;
  if (!r.defined || std::isnan(r.estimate)) {
    t.gap = "n/a";
  } else {
    t.gap = display_signed(r.estimate, d);
    if (std::isfinite(r.lower) && std::isfinite(r.upper))
      t.gap += " [" + display(r.lower, d) + ", " + display(r.upper, d) + "]";
  }
  t.p = display_p(r.p);
  return t;
}

}  // namespace

void write_svg_chart(std::ostream& os, const std::vector<gap_report>& comparisons,
                     const chart_options& o) {
  if (comparisons.empty())
    throw cxgap::invalid_argument(std::string(fn) +
                                  ": comparisons is empty, but must hold at least one report");
  detail::check_level(fn, o.alpha);  // alpha in (0, 1), same bound as a level
  if (o.width < 720 || o.width > 10000)
    detail::throw_invalid(fn, "width", o.width, "in [720, 10000] pixels");

  const bool top = o.measure == chart_measure::top_box;
  const double width = o.width;

  // --- Audiences, in order of first appearance, one colour each.
  audiences who;
  for (const gap_report& r : comparisons) who.add(r.a), who.add(r.b);

  // --- Rows, sorted as the table sorts (largest gap first, undefined last), then grouped by
  // axis in order of first appearance.
  std::vector<panel> panels;
  for (const gap_report& rep : comparisons) {
    panel p;
    p.report = &rep;
    std::vector<row> rows;
    for (const item_gap& g : rep.items) rows.push_back(make_row(g, o));
    std::stable_sort(rows.begin(), rows.end(), [](const row& x, const row& y) {
      if (std::isnan(x.estimate) != std::isnan(y.estimate)) return std::isnan(y.estimate);
      return x.estimate > y.estimate;
    });
    for (row& r : rows) {
      if (o.scales) codebook_item(*r.gap, *o.scales, rep);  // fails early, for both measures
      std::pair<std::string, axis> k;
      if (top) {
        k.first = "top";
        k.second.lo = 0;
        k.second.hi = 100;
        k.second.percent = true;
        k.second.title = "Share of answers in the top box (%)";
      } else if (o.scales) {
        k = codebook_axis(*r.gap, *o.scales, rep);
      } else {
        k = inferred_axis(*r.gap);
      }
      auto it = std::find_if(p.groups.begin(), p.groups.end(),
                             [&](const axis_group& g) { return g.key == k.first; });
      if (it == p.groups.end()) {
        p.groups.push_back({k.first, k.second, {}});
        it = p.groups.end() - 1;
      }
      ++p.items;
      if (r.significant) ++p.significant;
      if (!std::isnan(r.p)) ++p.tested;
      it->rows.push_back(std::move(r));
    }
    panels.push_back(std::move(p));
  }

  // --- Horizontal layout. The label column fits the longest item name (up to 30% of the
  // width); the value columns fit their longest text.
  const double label_size = 13, value_size = 12, head_size = 11;
  double label_w = 60;
  for (const panel& p : panels)
    for (const axis_group& g : p.groups)
      for (const row& r : g.rows)
        label_w = std::max(label_w, text_width(r.gap->item, label_size, true));
  label_w = std::min(label_w, 0.3 * width);

  const std::string gap_head = std::string(top ? "gap, points" : "gap") + " [" +
                               percent_label(comparisons.front().options.level) + " CI]";
  double a_w = 0, b_w = 0, gap_w = text_width(gap_head, head_size),
         p_w = text_width("adj. p", head_size);
  const double audience_head_max = 64;
  for (const panel& p : panels) {
    a_w = std::max(a_w, std::min(audience_head_max, text_width(p.report->a, head_size)) + 12);
    b_w = std::max(b_w, std::min(audience_head_max, text_width(p.report->b, head_size)) + 12);
    for (const axis_group& g : p.groups)
      for (const row& r : g.rows) {
        const row_text t = texts(r, top);
        a_w = std::max(a_w, text_width(t.a, value_size));
        b_w = std::max(b_w, text_width(t.b, value_size));
        gap_w = std::max(gap_w, text_width(t.gap, value_size, true));
        p_w = std::max(p_w, text_width(t.p, value_size, true));
      }
  }
  columns col;
  col.p_right = width - margin;
  col.gap_right = col.p_right - p_w - 16;
  col.b_right = col.gap_right - gap_w - 16;
  col.a_right = col.b_right - b_w - 12;
  col.left = col.a_right - a_w;
  // The plot gets at least 35% of the width: long names are shortened further if need be.
  const double min_plot = std::max(160.0, 0.35 * width);
  label_w = std::max(80.0, std::min(label_w, col.left - 24 - min_plot - 16 - margin));
  const double plot_left = margin + label_w + 16;
  const double plot_right = col.left - 24;
  if (plot_right - plot_left < 160)
    detail::throw_invalid(fn, "width", o.width,
                          "large enough to leave 160 pixels for the plot beside the item names "
                          "and values");
  const double max_ticks = (plot_right - plot_left) / 64;
  {
    std::vector<axis_group*> other;
    for (panel& p : panels)
      for (axis_group& g : p.groups)
        if (g.key == "other") other.push_back(&g);
    if (!other.empty()) fit_other_axes(other, max_ticks);
  }

  canvas c;
  double y = 0;

  // --- Title and subtitle.
  const std::string what = top ? "top-box share" : "mean score";
  const std::string title = o.title.empty() ? "Perception gaps: " + what : o.title;
  y += 38;
  c.text(margin, y, xml(title),
         std::string("font-size=\"21\" font-weight=\"bold\" fill=\"") + ink + "\"");
  const std::string subtitle =
      top ? "Each line joins two audiences\xE2\x80\x99 share of top-box answers (e.g. agree or "
            "strongly agree) to one question; its length is the perception gap. Items are sorted "
            "by gap, largest first."
          : "Each line joins two audiences\xE2\x80\x99 mean scores on one question; its length is "
            "the perception gap. Items are sorted by gap, largest first.";
  y += 6;
  for (const std::string& l : wrap(subtitle, width - 2 * margin, 13.5)) {
    y += 19;
    c.text(margin, y, xml(l), std::string("font-size=\"13.5\" fill=\"") + ink_soft + "\"");
  }

  // --- Legend: audiences, the band, significant vs not.
  {
    const double lh = 24, size = 12.5;
    double x = margin;
    y += 14;
    double yc = y + lh / 2;
    c.raw("<g class=\"legend\">\n");
    auto place = [&](double w) {
      if (x > margin && x + w > width - margin) {
        x = margin;
        y += lh;
        yc = y + lh / 2;
      }
    };
    for (const std::string& name : who.names) {
      const std::string label = fit(name, 200, size);
      const double w = 18 + text_width(label, size) + 22;
      place(w);
      c.circle(x + dot_radius, yc, dot_radius, dot_attrs(who.colour(name), true));
      c.text(x + 18, yc + 4.5, xml(label), std::string("font-size=\"12.5\" fill=\"") + ink + "\"");
      x += w;
    }
    x += 12;
    bool same_level = true;
    for (const gap_report& r : comparisons)
      same_level = same_level && r.options.level == comparisons.front().options.level;
    const std::string band_text =
        (same_level ? percent_label(comparisons.front().options.level) + " " : std::string()) +
        "confidence interval of the gap, drawn around the first audience\xE2\x80\x99s dot";
    {
      const double w = 44 + text_width(band_text, size) + 24;
      place(w);
      c.rect(x, yc - band_height / 2, 36, band_height,
             "rx=\"8\" fill=\"#8C8C8C\" fill-opacity=\"0.28\"");
      c.circle(x + 26, yc, dot_radius - 1, dot_attrs("#4D4D4D", true));
      c.text(x + 44, yc + 4.5, xml(band_text),
             std::string("font-size=\"12.5\" fill=\"") + ink + "\"");
      x += w;
    }
    const std::string sig_text =
        "Bold: significant gap (adjusted p < " + fixed(o.alpha, o.alpha >= 0.01 ? 2 : 3) + ")";
    const std::string not_text = "Faded: not significant";
    for (int strong = 1; strong >= 0; --strong) {
      const std::string& t = strong ? sig_text : not_text;
      const double w = 50 + text_width(t, size, strong != 0) + 24;
      place(w);
      c.line(x + 6, yc, x + 34, yc,
             strong ? "stroke=\"#4D4D4D\" stroke-width=\"2.5\""
                    : "stroke=\"#C4C4C4\" stroke-width=\"1.5\"");
      c.circle(x + 6, yc, dot_radius - 1, dot_attrs("#4D4D4D", strong != 0));
      c.circle(x + 34, yc, dot_radius - 1, dot_attrs("#4D4D4D", strong != 0));
      c.text(x + 50, yc + 4.5, xml(t),
             std::string("font-size=\"12.5\" fill=\"") + (strong ? ink : ink_muted) + "\"" +
                 (strong ? " font-weight=\"bold\"" : ""));
      x += w;
    }
    y += lh;
    c.raw("</g>\n");
  }

  // --- Panels.
  bool any_na = false, any_clipped = false, any_adjusted_differs = false;
  for (const panel& p : panels) {
    const gap_report& rep = *p.report;
    const char* ca = who.colour(rep.a);
    const char* cbl = who.colour(rep.b);
    c.raw("<g class=\"panel\">\n");
    y += 30;
    // Heading: "executive vs customer", audience names in their colours.
    const double name_max = (width - 2 * margin) / 2 - 24;
    c.out += "<text x=\"" + px(margin) + "\" y=\"" + px(y) +
             "\" font-size=\"16\" font-weight=\"bold\" fill=\"" + ink + "\"><tspan fill=\"" + ca +
             "\">" + xml(fit(rep.a, name_max, 16, true)) + "</tspan> vs <tspan fill=\"" + cbl +
             "\">" + xml(fit(rep.b, name_max, 16, true)) + "</tspan></text>\n";
    // Summary: sign convention, level, adjustment, how many significant.
    const std::string adj = adjustment_name(rep.options.adjust);
    std::vector<std::string> parts = {
        "Gap = " + rep.a + " \xE2\x88\x92 " + rep.b,
        percent_label(rep.options.level) + " confidence intervals",
        adj.empty() ? std::string("p-values not adjusted")
                    : "p adjusted by " + adj + " across " + std::to_string(p.tested) + " items",
        std::to_string(p.significant) + " of " + std::to_string(p.items) + " gaps significant"};
    for (const std::string& l : flow(parts, " \xC2\xB7 ", width - 2 * margin, 12.5)) {
      y += 18;
      c.text(margin, y, xml(l), std::string("font-size=\"12.5\" fill=\"") + ink_soft + "\"");
    }
    // Column headings.
    y += 22;
    const std::string head = std::string("font-size=\"11\" fill=\"") + ink_soft + "\"";
    c.text(margin + label_w, y, "item", head + " text-anchor=\"end\"");
    auto audience_head = [&](double right, const std::string& name, const char* colour) {
      const std::string label = fit(name, audience_head_max, head_size);
      c.circle(right - text_width(label, head_size) - 9, y - 3.8, 3.5,
               std::string("fill=\"") + colour + "\"");
      c.text(right, y, xml(label), head + " text-anchor=\"end\"");
    };
    audience_head(col.a_right, rep.a, ca);
    audience_head(col.b_right, rep.b, cbl);
    c.text(col.gap_right, y,
           xml(top ? "gap, points [" + percent_label(rep.options.level) + " CI]"
                   : "gap [" + percent_label(rep.options.level) + " CI]"),
           head + " text-anchor=\"end\"");
    c.text(col.p_right, y, "adj. p", head + " text-anchor=\"end\"");
    y += 6;
    c.line(margin, y, width - margin, y, "stroke=\"#BDBDBD\" stroke-width=\"1\"");

    for (const axis_group& g : p.groups) {
      const axis& ax = g.ax;
      if (p.groups.size() > 1) {
        y += 20;
        c.text(margin, y, xml(ax.caption),
               std::string("font-size=\"12\" font-weight=\"bold\" fill=\"") + ink_soft + "\"");
        y += 4;
      } else {
        y += 4;
      }
      const double x0 = plot_left + plot_padding, x1 = plot_right - plot_padding;
      const auto X = [&](double v) { return x0 + (v - ax.lo) / (ax.hi - ax.lo) * (x1 - x0); };
      const double top_y = y;
      // Zebra stripes.
      for (std::size_t i = 0; i < g.rows.size(); ++i)
        if (i % 2 == 1)
          c.rect(margin, top_y + static_cast<double>(i) * row_height, width - 2 * margin,
                 row_height, std::string("fill=\"") + zebra + "\"");
      const double bottom_y = top_y + static_cast<double>(g.rows.size()) * row_height;
      // Ticks and grid.
      // Integer ticks ("1", "2") need less room than "0.25" or "40%".
      const double step =
          ax.step > 0
              ? ax.step
              : nice_step(ax.hi - ax.lo, ax.integer ? 1.6 * max_ticks : max_ticks, ax.integer);
      const int decimals = ax.percent ? 0 : tick_decimals(step);
      std::vector<double> ticks;
      const long first = static_cast<long>(std::ceil(ax.lo / step - 1e-9));
      for (long k = first;; ++k) {
        const double v = static_cast<double>(k) * step;
        if (v > ax.hi + 1e-9 * step) break;
        ticks.push_back(v);
      }
      for (double v : ticks)
        c.line(X(v), top_y, X(v), bottom_y + 4,
               std::string("stroke=\"") + grid + "\" stroke-width=\"1\"");
      // Rows.
      for (std::size_t i = 0; i < g.rows.size(); ++i) {
        const row& r = g.rows[i];
        const double yc = top_y + (static_cast<double>(i) + 0.5) * row_height;
        const row_text t = texts(r, top);
        const bool strong = r.significant && r.defined;
        c.out += std::string("<g class=\"row ") +
                 (!r.defined ? "na"
                  : strong   ? "significant"
                             : "not-significant") +
                 "\">\n";
        // Tooltip (shown by browsers on hover): the full name, question and numbers.
        std::string tip = r.gap->item;
        if (o.scales) {
          const std::string& question = codebook_item(*r.gap, *o.scales, rep).text;
          if (!question.empty()) tip += " \xE2\x80\x94 " + question;  // em dash
        }
        tip += ": " + rep.a + " " + t.a + ", " + rep.b + " " + t.b + ", gap " + t.gap +
               ", adjusted p " + t.p;
        c.out += "<title>" + xml(tip) + "</title>\n";
        const std::string label = fit(r.gap->item, label_w, label_size, strong);
        c.text(margin + label_w, yc + 4.5, xml(label),
               std::string("class=\"item-label\" font-size=\"13\" text-anchor=\"end\" fill=\"") +
                   (strong      ? ink
                    : r.defined ? "#4D4D4D"
                                : ink_muted) +
                   "\"" + (strong ? " font-weight=\"bold\"" : ""));
        if (r.defined) {
          const auto clip = [&](double v) {
            const double w = std::min(ax.hi, std::max(ax.lo, v));
            if (w != v) any_clipped = true;
            return w;
          };
          if (std::isfinite(r.lower) && std::isfinite(r.upper)) {
            const double bl = X(clip(r.b + r.lower)), bu = X(clip(r.b + r.upper));
            c.rect(std::min(bl, bu), yc - band_height / 2, std::fabs(bu - bl), band_height,
                   std::string("class=\"ci\" rx=\"3\" fill=\"") + (strong ? ca : "#8C8C8C") +
                       "\" fill-opacity=\"" + (strong ? "0.25" : "0.2") + "\"");
            // The band misses B's dot (unadjusted CI excludes 0) but the adjusted p is not
            // significant, or the other way round: worth a note under the chart.
            if ((r.lower > 0 || r.upper < 0) != r.significant) any_adjusted_differs = true;
          }
          c.line(X(r.b), yc, X(r.a), yc,
                 strong ? "stroke=\"#4D4D4D\" stroke-width=\"2.5\""
                        : "stroke=\"#C4C4C4\" stroke-width=\"1.5\"");
          c.circle(X(r.b), yc, dot_radius, "class=\"dot-b\" " + dot_attrs(cbl, strong));
          c.circle(X(r.a), yc, dot_radius, "class=\"dot-a\" " + dot_attrs(ca, strong));
        } else {
          any_na = true;
          c.text(x0, yc + 4.5, "n/a",
                 std::string("font-size=\"12\" font-style=\"italic\" fill=\"") + ink_muted + "\"");
        }
        const std::string val = std::string("font-size=\"12\" text-anchor=\"end\" fill=\"") +
                                (strong ? ink : ink_soft) + "\"";
        c.text(col.a_right, yc + 4, xml(t.a), val);
        c.text(col.b_right, yc + 4, xml(t.b), val);
        c.text(col.gap_right, yc + 4, xml(t.gap), val + (strong ? " font-weight=\"bold\"" : ""));
        c.text(col.p_right, yc + 4, xml(t.p), val + (strong ? " font-weight=\"bold\"" : ""));
        c.raw("</g>\n");
      }
      // Axis.
      y = bottom_y;
      c.line(plot_left, y, plot_right, y, "stroke=\"#8C8C8C\" stroke-width=\"1\"");
      c.raw("<g class=\"axis\">\n");
      for (double v : ticks) {
        c.line(X(v), y, X(v), y + 4, "stroke=\"#8C8C8C\" stroke-width=\"1\"");
        c.text(X(v), y + 16, xml(display(v, decimals) + (ax.percent ? "%" : "")),
               std::string("font-size=\"11\" text-anchor=\"middle\" fill=\"") + ink_soft + "\"");
      }
      y += 32;
      for (const std::string& l : wrap(ax.title, plot_right - plot_left + 40, 12)) {
        c.text((plot_left + plot_right) / 2, y, xml(l),
               std::string("font-size=\"12\" text-anchor=\"middle\" fill=\"") + ink + "\"");
        y += 15;
      }
      c.raw("</g>\n");
      y -= 11;
    }
    c.raw("</g>\n");
  }

  // --- Notes.
  std::vector<std::string> notes;
  if (any_na)
    notes.push_back(
        "n/a: an audience gave no usable answers to this item, so there is no gap to draw.");
  if (any_adjusted_differs)
    notes.push_back(
        "Significance is judged after adjusting for the number of items compared; the "
        "bands are not adjusted, so a band can clear the other dot while the gap is "
        "not significant.");
  if (any_clipped)
    notes.push_back("Bands that reach past the end of the scale are cut at the end.");
  if (!notes.empty()) y += 8;
  for (const std::string& n : notes) {
    for (const std::string& l : wrap(n, width - 2 * margin, 11.5)) {
      y += 16;
      c.text(margin, y, xml(l), std::string("font-size=\"11.5\" fill=\"") + ink_soft + "\"");
    }
  }
  y += 20;

  // --- Root element and accessible description.
  const std::string h = px(std::ceil(y));
  std::string desc = "Dumbbell chart of perception gaps (" + what + ").";
  for (const panel& p : panels)
    desc += " " + p.report->a + " vs " + p.report->b + ": " + std::to_string(p.significant) +
            " of " + std::to_string(p.items) + " gaps significant.";
  os << "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
     << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << px(width)
     << "\" height=\"" << h << "\" viewBox=\"0 0 " << px(width) << ' ' << h << "\" font-family=\""
     << font_family << "\">\n"
     << "<title>" << xml(title) << "</title>\n"
     << "<desc>" << xml(desc) << "</desc>\n"
     << "<rect x=\"0\" y=\"0\" width=\"" << px(width) << "\" height=\"" << h
     << "\" fill=\"#FFFFFF\"/>\n"
     << c.out << "</svg>\n";
}

std::string svg_chart(const std::vector<gap_report>& comparisons, const chart_options& options) {
  std::ostringstream os;
  write_svg_chart(os, comparisons, options);
  return os.str();
}

}  // namespace cxgap
