// Text helpers shared by the parsers of config values, control commands and policy terms.
#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anycast::strings {

// Splits at every `sep`; empty parts are kept unless `skipEmpty`.
inline std::vector<std::string_view> split(std::string_view text, char sep, bool skipEmpty) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != sep) continue;
    if (!skipEmpty || i > start) parts.push_back(text.substr(start, i - start));
    start = i + 1;
  }
  return parts;
}

// A whole-string unsigned decimal number.
template <class T>
std::optional<T> parseNumber(std::string_view text) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "a, b, c": the items (anything a std::string can be built from), in order.
template <class Range>
std::string joinedList(const Range& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return out;
}

}  // namespace anycast::strings
