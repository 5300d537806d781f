// MetricsText: writes the Prometheus text exposition format, version 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/): per metric family one
// `# HELP` and one `# TYPE` line, then all its samples as one group; label values escape
// backslash, double quote and newline, HELP text backslash and newline; values as Go's
// ParseFloat reads them (NaN, +Inf, -Inf). Counters, gauges and histograms (cumulative
// `_bucket{le="..."}` lines ending with le="+Inf", then `_sum` and `_count`). Pure: no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace anycast::control {

// The HTTP Content-Type of this format.
inline constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

enum class MetricType { kCounter, kGauge, kHistogram };

// A label; the name is [a-zA-Z_][a-zA-Z0-9_]* (a constant of the caller), the value any UTF-8.
struct MetricLabel {
  std::string_view name;
  std::string_view value;
};
using MetricLabels = std::initializer_list<MetricLabel>;

// A sample's value as text: integers exactly and without exponent; a double as the shortest
// text that reads back to it (an integral one below 2^53 without exponent), or NaN/+Inf/-Inf.
class MetricValue {
 public:
  template <class T>
  requires std::is_arithmetic_v<T> MetricValue(T value)
      : text_(format(value)) {}  // NOLINT: implicit, for add(labels, 3)

  const std::string& text() const { return text_; }

 private:
  template <class T>
  static std::string format(T value) {
    if constexpr (std::is_floating_point_v<T>) {
      return formatDouble(static_cast<double>(value));
    } else if constexpr (std::is_signed_v<T>) {
      return std::to_string(static_cast<long long>(value));
    } else {
      return std::to_string(static_cast<unsigned long long>(value));  // bool too: 0 or 1
    }
  }
  static std::string formatDouble(double value);
  std::string text_;
};

// A histogram as Prometheus shows it. The bounds exclude +Inf, whose bucket is `count`.
struct HistogramSnapshot {
  std::vector<double> upperBounds;         // ascending, in the metric's unit (seconds)
  std::vector<uint64_t> cumulativeCounts;  // observations <= upperBounds[i]
  double sum = 0;
  uint64_t count = 0;
};

// The snapshot of a histogram shaped like health::LatencyHistogram (a static `kBounds` array of
// upper bounds in seconds, cumulative `bucket(i)`, `count()`, `sumSeconds()`); a template, so
// control needs neither health's library nor its headers.
template <class Histogram>
HistogramSnapshot histogramSnapshot(const Histogram& histogram) {
  HistogramSnapshot s;
  for (size_t i = 0; i < Histogram::kBounds.size(); ++i) {
    s.upperBounds.push_back(Histogram::kBounds[i]);
    s.cumulativeCounts.push_back(histogram.bucket(i));
  }
  s.sum = histogram.sumSeconds();
  s.count = histogram.count();
  return s;
}

// One metric family: its header and its samples, kept together whatever order they come in.
// Obtained from MetricsText::family(); neither copied nor moved, so `auto& f = ...` is the use.
class MetricFamily {
 public:
  MetricFamily(const MetricFamily&) = delete;
  MetricFamily& operator=(const MetricFamily&) = delete;

  // A counter or gauge sample.
  MetricFamily& add(MetricLabels labels, const MetricValue& value);
  MetricFamily& add(const MetricValue& value) { return add({}, value); }
  // A histogram's samples: a `_bucket` line per bound (`le` after the given labels) and
  // le="+Inf", then `_sum` and `_count`.
  MetricFamily& add(MetricLabels labels, const HistogramSnapshot& histogram);

 private:
  friend class MetricsText;
  using Labels = std::vector<std::pair<std::string, std::string>>;
  MetricFamily(std::string_view name, MetricType type, std::string_view help,
               const Labels& leading);
  void addSample(std::string_view suffix, MetricLabels labels, const MetricLabel* le,
                 const MetricValue& value);

  std::string name_;
  MetricType type_;
  const Labels& leading_;  // the MetricsText's leading labels, as they are when a sample is added
  std::string text_;       // header and samples
};

class MetricsText {
 public:
  MetricsText() = default;
  // Not moved: its families refer to its leading labels.
  MetricsText(const MetricsText&) = delete;
  MetricsText& operator=(const MetricsText&) = delete;

  // The family `name` ([a-zA-Z_:][a-zA-Z0-9_:]*; a counter's ends in `_total`), made on first
  // use; later calls with that name return the same family, so samples added from several
  // places still form one group under one header. `help` is kept from the first call.
  MetricFamily& family(std::string_view name, MetricType type, std::string_view help);

  // Labels put before the caller's on every sample added from now on, until set again (an
  // embedded service's families: `service="dns"` on each); {} for none.
  void setLeadingLabels(std::vector<std::pair<std::string, std::string>> labels) {
    leading_ = std::move(labels);
  }

  // The exposition: the families in order of first use, each header then its samples. A
  // family with no samples is shown as its header.
  std::string str() const;

 private:
  std::vector<std::unique_ptr<MetricFamily>> families_;
  MetricFamily::Labels leading_;
};

}  // namespace anycast::control
