// Survey schema from JSON (see io/schema_json.hpp).
#include "cxgap/io/schema_json.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cxgap/error.hpp"

namespace cxgap::io {
namespace {

using nlohmann::json;

class schema_parser {
 public:
  explicit schema_parser(std::string file) : file_(std::move(file)) {}

  survey_spec parse(std::string_view text) {
    json doc;
    try {
      doc = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
      fail("", "", std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object()) fail("", "", "the schema must be a JSON object");
    survey_spec spec;
    spec.group = string_at(doc, "group", "/group", true);
    spec.weight = string_at(doc, "weight", "/weight", false);
    spec.stratum = string_at(doc, "stratum", "/stratum", false);
    spec.cluster = string_at(doc, "cluster", "/cluster", false);
    if (doc.contains("segments")) {
      const json& s = doc["segments"];
      if (!s.is_array()) fail("/segments", s.dump(), "expected an array of column names");
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (!s[i].is_string())
          fail("/segments/" + std::to_string(i), s[i].dump(), "expected a column name");
        spec.segments.push_back(s[i].get<std::string>());
      }
    }
    if (doc.contains("scales")) {
      const json& scales = doc["scales"];
      if (!scales.is_object()) fail("/scales", scales.dump(), "expected an object of scales");
      for (auto it = scales.begin(); it != scales.end(); ++it)
        named_scales_.emplace(it.key(), parse_scale(it.value(), "/scales/" + it.key()));
    }
    if (doc.contains("items")) {
      const json& items = doc["items"];
      if (!items.is_array()) fail("/items", items.dump(), "expected an array of items");
      for (std::size_t i = 0; i < items.size(); ++i)
        spec.items.push_back(parse_item(items[i], "/items/" + std::to_string(i)));
    }
    if (doc.contains("matches")) {
      const json& matches = doc["matches"];
      if (!matches.is_array()) fail("/matches", matches.dump(), "expected an array of matches");
      for (std::size_t i = 0; i < matches.size(); ++i)
        spec.matches.push_back(parse_match(matches[i], "/matches/" + std::to_string(i)));
    }
    return spec;
  }

 private:
  [[noreturn]] void fail(const std::string& path, const std::string& value,
                         const std::string& what) const {
    throw input_error(input_errc::invalid_schema, {file_, 0, path, value}, what);
  }

  std::string string_at(const json& obj, const char* key, const std::string& path,
                        bool required) const {
    if (!obj.contains(key)) {
      if (required) fail(path, "", std::string("the schema must name the '") + key + "' column");
      return {};
    }
    const json& v = obj[key];
    if (!v.is_string() || v.get<std::string>().empty())
      fail(path, v.dump(), "expected a non-empty string");
    return v.get<std::string>();
  }

  int integer_at(const json& obj, const char* key, const std::string& path) const {
    const json& v = obj[key];
    if (!v.is_number_integer()) fail(path + "/" + key, v.dump(), "expected an integer");
    return v.get<int>();
  }

  cxgap::scale parse_scale(const json& s, const std::string& path) const {
    if (!s.is_object()) fail(path, s.dump(), "expected a scale object");
    try {
      std::optional<cxgap::scale> sc;
      if (s.contains("preset")) {
        const json& p = s["preset"];
        if (p == "nps") sc = cxgap::scale::nps();
        else if (p == "binary") sc = cxgap::scale::binary();
        else fail(path + "/preset", p.dump(), "expected \"nps\" or \"binary\"");
      } else {
        if (!s.contains("min") || !s.contains("max"))
          fail(path, s.dump(), "a scale needs \"min\" and \"max\" (or a \"preset\")");
        sc = cxgap::scale(integer_at(s, "min", path), integer_at(s, "max", path));
      }
      if (s.contains("labels")) {
        const json& l = s["labels"];
        if (!l.is_array()) fail(path + "/labels", l.dump(), "expected an array of labels");
        std::vector<std::string> labels;
        for (const json& x : l) {
          if (!x.is_string()) fail(path + "/labels", x.dump(), "expected a string label");
          labels.push_back(x.get<std::string>());
        }
        sc = sc->with_labels(std::move(labels));
      }
      if (s.contains("top_box")) sc = sc->with_top_box(integer_at(s, "top_box", path));
      if (s.contains("bottom_box")) sc = sc->with_bottom_box(integer_at(s, "bottom_box", path));
      if (s.contains("dont_know")) {
        const json& d = s["dont_know"];
        if (!d.is_array()) fail(path + "/dont_know", d.dump(), "expected an array of codes");
        std::vector<int> codes;
        for (const json& x : d) {
          if (!x.is_number_integer()) fail(path + "/dont_know", x.dump(), "expected an integer code");
          codes.push_back(x.get<int>());
        }
        sc = sc->with_dont_know(std::move(codes));
      }
      if (s.contains("reversed")) {
        if (!s["reversed"].is_boolean())
          fail(path + "/reversed", s["reversed"].dump(), "expected true or false");
        sc = sc->reversed(s["reversed"].get<bool>());
      }
      return *sc;
    } catch (const cxgap::invalid_argument& e) {
      fail(path, s.dump(), e.what());
    }
  }

  item_spec parse_item(const json& it, const std::string& path) const {
    if (it.is_string()) return {it.get<std::string>(), it.get<std::string>(), "", std::nullopt};
    if (!it.is_object()) fail(path, it.dump(), "expected an item object or a column name");
    item_spec spec;
    spec.column = string_at(it, "column", path + "/column", true);
    spec.id = it.contains("id") ? string_at(it, "id", path + "/id", true) : spec.column;
    if (it.contains("text")) {
      if (!it["text"].is_string()) fail(path + "/text", it["text"].dump(), "expected a string");
      spec.text = it["text"].get<std::string>();
    }
    if (it.contains("scale")) {
      const json& s = it["scale"];
      if (s.is_string()) {
        auto found = named_scales_.find(s.get<std::string>());
        if (found == named_scales_.end())
          fail(path + "/scale", s.dump(), "no scale of that name under \"scales\"");
        spec.scale = found->second;
      } else {
        spec.scale = parse_scale(s, path + "/scale");
      }
    }
    if (it.contains("reversed")) {
      const json& r = it["reversed"];
      if (!r.is_boolean()) fail(path + "/reversed", r.dump(), "expected true or false");
      if (!spec.scale)
        fail(path + "/reversed", r.dump(), "a reversed item needs a declared \"scale\"");
      spec.scale = spec.scale->reversed(r.get<bool>());
    }
    return spec;
  }

  matched_item parse_match(const json& m, const std::string& path) const {
    if (!m.is_object()) fail(path, m.dump(), "expected {\"name\": …, \"items\": {group: item}}");
    matched_item out;
    out.name = string_at(m, "name", path + "/name", true);
    if (!m.contains("items") || !m["items"].is_object())
      fail(path + "/items", m.dump(), "expected an object mapping group labels to item ids");
    for (auto it = m["items"].begin(); it != m["items"].end(); ++it) {
      if (!it.value().is_string())
        fail(path + "/items/" + it.key(), it.value().dump(), "expected an item id");
      out.item_by_group.emplace(it.key(), it.value().get<std::string>());
    }
    return out;
  }

  std::string file_;
  std::map<std::string, cxgap::scale> named_scales_;
};

}  // namespace

survey_spec parse_schema(std::string_view json_text, const std::string& file) {
  return schema_parser(file).parse(json_text);
}

survey_spec read_schema(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw input_error(input_errc::unreadable_file, {path, 0, "", ""}, "cannot open the schema file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_schema(text.str(), path);
}

}  // namespace cxgap::io
