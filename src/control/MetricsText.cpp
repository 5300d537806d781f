#include "control/MetricsText.h"

#include <cassert>
#include <charconv>
#include <cmath>

namespace anycast::control {
namespace {

// Metric names may contain ':' (reserved for recording rules), label names may not.
[[maybe_unused]] bool validName(std::string_view name, bool colonAllowed) {
  auto letter = [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (colonAllowed && c == ':');
  };
  if (name.empty() || !letter(name[0])) return false;
  for (char c : name) {
    if (!letter(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

[[maybe_unused]] bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// HELP text escapes backslash and newline; a label value also the double quote.
void appendEscaped(std::string& out, std::string_view text, bool labelValue) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && labelValue) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

const char* typeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

std::string MetricValue::formatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[32];  // the longest shortest form of a double is 24 characters
  // An integral value is exact below 2^53: print it as an integer, as a counter kept in a double.
  bool integral = std::fabs(value) < 0x1p53 && value == std::trunc(value);
  auto end = integral
                 ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
                 : std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end.ptr);
}

MetricFamily::MetricFamily(std::string_view name, MetricType type, std::string_view help,
                           const Labels& leading)
    : name_(name), type_(type), leading_(leading) {
  text_ = "# HELP " + name_ + " ";
  appendEscaped(text_, help, false);
  text_ += "\n# TYPE " + name_ + " " + typeName(type) + "\n";
}

MetricFamily& MetricFamily::add(MetricLabels labels, const MetricValue& value) {
  assert(type_ != MetricType::kHistogram);
  addSample("", labels, nullptr, value);
  return *this;
}

MetricFamily& MetricFamily::add(MetricLabels labels, const HistogramSnapshot& histogram) {
  assert(type_ == MetricType::kHistogram);
  assert(histogram.upperBounds.size() == histogram.cumulativeCounts.size());
  for (size_t i = 0; i < histogram.upperBounds.size(); ++i) {
    MetricValue bound(histogram.upperBounds[i]);
    MetricLabel le{"le", bound.text()};
    addSample("_bucket", labels, &le, histogram.cumulativeCounts[i]);
  }
  MetricLabel infinity{"le", "+Inf"};
  addSample("_bucket", labels, &infinity, histogram.count);
  addSample("_sum", labels, nullptr, histogram.sum);
  addSample("_count", labels, nullptr, histogram.count);
  return *this;
}

// name{a="x",le="0.5"} value — `le`, for a histogram bucket, after the caller's labels.
void MetricFamily::addSample(std::string_view suffix, MetricLabels labels, const MetricLabel* le,
                             const MetricValue& value) {
  text_ += name_;
  text_ += suffix;
  if (!leading_.empty() || labels.size() > 0 || le != nullptr) {
    char separator = '{';
    auto appendLabel = [&](const MetricLabel& label) {
      assert(validName(label.name, false));
      text_ += separator;
      text_ += label.name;
      text_ += "=\"";
      appendEscaped(text_, label.value, true);
      text_ += '"';
      separator = ',';
    };
    for (const auto& [name, labelValue] : leading_) appendLabel({name, labelValue});
    for (const MetricLabel& label : labels) appendLabel(label);
    if (le != nullptr) appendLabel(*le);
    text_ += '}';
  }
  text_ += ' ';
  text_ += value.text();
  text_ += '\n';
}

MetricFamily& MetricsText::family(std::string_view name, MetricType type, std::string_view help) {
  for (const auto& family : families_) {
    if (family->name_ == name) {
      assert(family->type_ == type);
      return *family;
    }
  }
  assert(validName(name, true));
  assert(type != MetricType::kCounter || endsWith(name, "_total"));
  families_.push_back(std::unique_ptr<MetricFamily>(new MetricFamily(name, type, help, leading_)));
  return *families_.back();
}

std::string MetricsText::str() const {
  std::string out;
  for (const auto& family : families_) out += family->text_;
  return out;
}

}  // namespace anycast::control
