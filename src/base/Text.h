// Text helpers shared by the parsers of config values, control commands, policy terms and
// protocol text (DNS names and mnemonics, HTTP heads).
#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anycast::strings {

// Locale-independent, unlike std::tolower: protocol text is ASCII whatever the locale.
constexpr char asciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

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

// ASCII case-insensitive equality (DNS names, RFC 4343; HTTP field names and tokens).
inline bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (asciiLower(a[i]) != asciiLower(b[i])) return false;
  }
  return true;
}

// The text with ASCII letters in lowercase.
inline std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = asciiLower(c);
  return out;
}

// The text without leading and trailing `blanks` (by default HTTP's OWS: SP and HTAB).
inline std::string_view trim(std::string_view text, std::string_view blanks = " \t") {
  size_t start = text.find_first_not_of(blanks);
  if (start == std::string_view::npos) return {};
  return text.substr(start, text.find_last_not_of(blanks) - start + 1);
}

// Takes the next line off `rest`: up to the LF, which is dropped with one CR before it (so CRLF
// and a bare LF both end a line). nullopt, `rest` unchanged, when no LF is left.
inline std::optional<std::string_view> takeLine(std::string_view& rest) {
  size_t lf = rest.find('\n');
  if (lf == std::string_view::npos) return std::nullopt;
  std::string_view line = rest.substr(0, lf);
  rest.remove_prefix(lf + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// "a, b, c": the items (anything a std::string can be built from), in order.
template <class Range>
std::string joinedList(const Range& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return out;
}

}  // namespace anycast::strings
