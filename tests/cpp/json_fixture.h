// A small reader for the PyTorch fixtures written as JSON (tests/fixtures/*.json):
// numbers, strings (no escapes), arrays and objects. Numbers keep their text,
// so float32 values written as their shortest decimal read back exactly (floats()).
#pragma once
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "actlab/trainer.h"

namespace actlab::testing {

// A parsed JSON value: a number (number, and its text), a boolean (number 1 or 0, text "true"
// or "false"), a string (text), an array (items) or an object (members).
struct Json {
  double number = 0;
  std::string text;
  bool is_string = false, is_boolean = false, is_array = false, is_object = false;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  // The member named key; fails the test and gives an empty value when missing.
  const Json& operator[](const std::string& key) const {
    for (const auto& [name, value] : members)
      if (name == key) return value;
    ADD_FAILURE() << "fixture has no key " << key;
    static const Json empty;
    return empty;
  }
  // The array element whose "name" is name; fails the test (no such kind) and gives an empty value when missing.
  const Json& named(const std::string& name, const std::string& kind) const {
    for (const Json& item : items)
      if (item["name"].text == name) return item;
    ADD_FAILURE() << "fixture has no " << kind << " " << name;
    static const Json empty;
    return empty;
  }
  bool has(const std::string& key) const {
    for (const auto& member : members)
      if (member.first == key) return true;
    return false;
  }
  // The array's elements as doubles.
  std::vector<double> numbers() const {
    std::vector<double> out;
    for (const Json& item : items) out.push_back(item.number);
    return out;
  }
  // The value written back as JSON text (numbers as they were written).
  std::string dump() const {
    if (is_string) return "\"" + text + "\"";
    if (is_array || is_object) {
      std::string out = is_array ? "[" : "{";
      if (is_array)
        for (const Json& item : items) out += item.dump() + ",";
      else
        for (const auto& [name, value] : members) out += "\"" + name + "\":" + value.dump() + ",";
      if (out.size() > 1) out.pop_back();
      return out + (is_array ? "]" : "}");
    }
    return text;
  }
  // The array's elements as floats, each read from its text with strtof (exact for float32 decimals).
  std::vector<float> floats() const {
    std::vector<float> out;
    for (const Json& item : items) out.push_back(std::strtof(item.text.c_str(), nullptr));
    return out;
  }
};

// Recursive-descent reader for the fixtures' JSON (no escapes inside strings).
class JsonReader {
 public:
  explicit JsonReader(std::string text) : s_(std::move(text)) {}

  // The value starting at the current position.
  Json value() {
    Json v;
    const char c = peek();
    if (c == '{') {
      v.is_object = true;
      for (++i_; peek() != '}' && peek() != '\0';) {
        std::string key = string();
        skip(':');
        v.members.emplace_back(std::move(key), value());
        if (peek() == ',') ++i_;
      }
      ++i_;
    } else if (c == '[') {
      v.is_array = true;
      for (++i_; peek() != ']' && peek() != '\0';) {
        v.items.push_back(value());
        if (peek() == ',') ++i_;
      }
      ++i_;
    } else if (c == '"') {
      v.text = string(), v.is_string = true;
    } else if (s_.compare(i_, 4, "true") == 0 || s_.compare(i_, 5, "false") == 0) {
      v.is_boolean = true, v.number = s_[i_] == 't';
      v.text = v.number ? "true" : "false";
      i_ += v.text.size();
    } else {
      char* end = nullptr;
      v.number = std::strtod(s_.c_str() + i_, &end);
      const size_t stop = static_cast<size_t>(end - s_.c_str());
      EXPECT_GT(stop, i_) << "bad JSON at offset " << i_;
      v.text = s_.substr(i_, stop - i_);
      i_ = stop > i_ ? stop : s_.size();  // at a bad token, stop reading
    }
    return v;
  }

 private:
  // The next non-space character (not consumed; '\0' at the end).
  char peek() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    return i_ < s_.size() ? s_[i_] : '\0';
  }
  // Consumes the next non-space character, which must be c.
  void skip(char c) {
    EXPECT_EQ(peek(), c) << "bad JSON at offset " << i_;
    ++i_;
  }
  // The quoted string at the current position, without its quotes.
  std::string string() {
    skip('"');
    const size_t start = i_;
    i_ = s_.find('"', start);
    if (i_ == std::string::npos) {
      ADD_FAILURE() << "unterminated JSON string at offset " << start;
      i_ = s_.size();
      return s_.substr(start);
    }
    return s_.substr(start, i_++ - start);
  }

  std::string s_;
  size_t i_ = 0;
};

// The JSON file at path, parsed (an empty value, and a failure, when it cannot be read).
inline Json read_json_file(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream text;
  text << in.rdbuf();
  return JsonReader(text.str()).value();
}

// A fixture's samples: "x" (samples x features, row-major) and "labels".
inline Dataset fixture_dataset(const Json& root, int features, int classes) {
  Dataset d;
  d.features = features, d.classes = classes;
  d.x = root["x"].floats();
  for (double label : root["labels"].numbers()) d.labels.push_back(static_cast<int>(label));
  return d;
}

// A fixture's batch order ("batches"): one list of sample indices per step.
inline std::vector<std::vector<size_t>> fixture_batches(const Json& root) {
  std::vector<std::vector<size_t>> out;
  for (const Json& batch : root["batches"].items) {
    out.emplace_back();
    for (double i : batch.numbers()) out.back().push_back(static_cast<size_t>(i));
  }
  return out;
}

}  // namespace actlab::testing
