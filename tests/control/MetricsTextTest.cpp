#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "control/MetricsText.h"
#include "health/LatencyHistogram.h"

namespace anycast::control {
namespace {

TEST(MetricValue, IntegersExactDoublesShortestSpecialsAsPrometheusSpellsThem) {
  struct Case {
    MetricValue value;
    const char* text;
  };
  const Case cases[] = {
      {0, "0"},
      {42u, "42"},
      {-7, "-7"},
      {true, "1"},
      {std::numeric_limits<uint64_t>::max(), "18446744073709551615"},
      {std::numeric_limits<int64_t>::min(), "-9223372036854775808"},
      {0.5, "0.5"},
      {0.1, "0.1"},
      {1.0, "1"},
      {4350.0, "4350"},
      {-0.0, "-0"},
      {1e15, "1000000000000000"},
      {9007199254740991.0, "9007199254740991"},  // 2^53 - 1: still an integer
      {1e20, "1e+20"},
      {1e-7, "1e-07"},
      {1.0 / 3, "0.3333333333333333"},
      {123456789.125, "123456789.125"},
      {std::nan(""), "NaN"},
      {std::numeric_limits<double>::infinity(), "+Inf"},
      {-std::numeric_limits<double>::infinity(), "-Inf"},
  };
  for (const Case& c : cases) EXPECT_EQ(c.value.text(), c.text);
}

TEST(MetricsText, CountersAndGaugesWithLabelsAndEscaping) {
  MetricsText text;
  text.family("anycast_updates_sent_total", MetricType::kCounter,
              "UPDATE messages sent.\nPer peer, C:\\ path")
      .add({{"peer", "bird"}}, 12)
      .add({{"peer", "quote\"back\\slash\nnewline"}, {"family", "ipv6"}}, uint64_t{3});
  text.family("anycast_uptime_seconds", MetricType::kGauge, "Seconds since start.").add(1.5);
  EXPECT_EQ(
      text.str(),
      "# HELP anycast_updates_sent_total UPDATE messages sent.\\nPer peer, C:\\\\ path\n"
      "# TYPE anycast_updates_sent_total counter\n"
      "anycast_updates_sent_total{peer=\"bird\"} 12\n"
      "anycast_updates_sent_total{peer=\"quote\\\"back\\\\slash\\nnewline\",family=\"ipv6\"} 3\n"
      "# HELP anycast_uptime_seconds Seconds since start.\n"
      "# TYPE anycast_uptime_seconds gauge\n"
      "anycast_uptime_seconds 1.5\n");
}

// An embedded service's families: its name leads every sample added while it is set, in
// one group per family whichever service added the sample.
TEST(MetricsText, LeadingLabelsGoFirstUntilSetAgain) {
  MetricsText text;
  auto& queries =
      text.family("anycast_dns_queries_total", MetricType::kCounter, "Queries received.");
  queries.add({{"transport", "udp"}}, 1);
  text.setLeadingLabels({{"service", "dns-a"}});
  queries.add({{"transport", "udp"}}, 2);
  text.family("anycast_dns_tcp_connections", MetricType::kGauge, "Open.").add(3);
  text.setLeadingLabels({{"service", "dns-b"}});
  queries.add({{"transport", "udp"}}, 4);
  text.setLeadingLabels({});
  queries.add(5);
  EXPECT_EQ(text.str(),
            "# HELP anycast_dns_queries_total Queries received.\n"
            "# TYPE anycast_dns_queries_total counter\n"
            "anycast_dns_queries_total{transport=\"udp\"} 1\n"
            "anycast_dns_queries_total{service=\"dns-a\",transport=\"udp\"} 2\n"
            "anycast_dns_queries_total{service=\"dns-b\",transport=\"udp\"} 4\n"
            "anycast_dns_queries_total 5\n"
            "# HELP anycast_dns_tcp_connections Open.\n"
            "# TYPE anycast_dns_tcp_connections gauge\n"
            "anycast_dns_tcp_connections{service=\"dns-a\"} 3\n");
}

TEST(MetricsText, AFamilyFilledFromSeveralPlacesHasOneHeaderAndOneGroup) {
  MetricsText text;
  for (const char* service : {"dns", "web"}) {
    text.family("anycast_service_up", MetricType::kGauge, "1 while the service is up.")
        .add({{"service", service}}, 1);
    text.family("anycast_service_transitions_total", MetricType::kCounter, "State changes.")
        .add({{"service", service}}, 2);
  }
  text.family("anycast_empty", MetricType::kGauge, "Nothing yet.");
  EXPECT_EQ(text.str(),
            "# HELP anycast_service_up 1 while the service is up.\n"
            "# TYPE anycast_service_up gauge\n"
            "anycast_service_up{service=\"dns\"} 1\n"
            "anycast_service_up{service=\"web\"} 1\n"
            "# HELP anycast_service_transitions_total State changes.\n"
            "# TYPE anycast_service_transitions_total counter\n"
            "anycast_service_transitions_total{service=\"dns\"} 2\n"
            "anycast_service_transitions_total{service=\"web\"} 2\n"
            "# HELP anycast_empty Nothing yet.\n"
            "# TYPE anycast_empty gauge\n");
}

TEST(MetricsText, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  HistogramSnapshot latency{{0.001, 0.0025, 1}, {2, 5, 6}, 1.25, 7};
  MetricsText text;
  auto& family =
      text.family("anycast_check_latency_seconds", MetricType::kHistogram, "Probe latency.");
  family.add({{"check", "dns \"a\""}}, latency);
  family.add({}, HistogramSnapshot{{0.5}, {0}, 0, 0});
  EXPECT_EQ(text.str(),
            "# HELP anycast_check_latency_seconds Probe latency.\n"
            "# TYPE anycast_check_latency_seconds histogram\n"
            "anycast_check_latency_seconds_bucket{check=\"dns \\\"a\\\"\",le=\"0.001\"} 2\n"
            "anycast_check_latency_seconds_bucket{check=\"dns \\\"a\\\"\",le=\"0.0025\"} 5\n"
            "anycast_check_latency_seconds_bucket{check=\"dns \\\"a\\\"\",le=\"1\"} 6\n"
            "anycast_check_latency_seconds_bucket{check=\"dns \\\"a\\\"\",le=\"+Inf\"} 7\n"
            "anycast_check_latency_seconds_sum{check=\"dns \\\"a\\\"\"} 1.25\n"
            "anycast_check_latency_seconds_count{check=\"dns \\\"a\\\"\"} 7\n"
            "anycast_check_latency_seconds_bucket{le=\"0.5\"} 0\n"
            "anycast_check_latency_seconds_bucket{le=\"+Inf\"} 0\n"
            "anycast_check_latency_seconds_sum 0\n"
            "anycast_check_latency_seconds_count 0\n");
}

// Shaped like health::LatencyHistogram, with observations (the real one needs health's
// library to add any).
struct FakeLatencyHistogram {
  static constexpr std::array<double, 2> kBounds{0.001, 0.01};
  uint64_t bucket(size_t i) const { return i == 0 ? 1 : 3; }
  uint64_t count() const { return 4; }
  double sumSeconds() const { return 0.5125; }
};

TEST(HistogramSnapshot, TakenFromAHistogramShapedLikeHealths) {
  HistogramSnapshot s = histogramSnapshot(FakeLatencyHistogram{});
  EXPECT_EQ(s.upperBounds, (std::vector<double>{0.001, 0.01}));
  EXPECT_EQ(s.cumulativeCounts, (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(s.sum, 0.5125);
  EXPECT_EQ(s.count, 4u);

  // The real type fits the template: every bound of it becomes a bucket line.
  MetricsText text;
  text.family("anycast_check_latency_seconds", MetricType::kHistogram, "Probe latency.")
      .add({{"check", "c"}}, histogramSnapshot(health::LatencyHistogram{}));
  EXPECT_NE(text.str().find("anycast_check_latency_seconds_bucket{check=\"c\",le=\"0.0025\"} 0\n"
                            "anycast_check_latency_seconds_bucket{check=\"c\",le=\"0.005\"} 0\n"),
            std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("{check=\"c\",le=\"1\"} 0\n"
                            "anycast_check_latency_seconds_bucket{check=\"c\",le=\"+Inf\"} 0\n"),
            std::string::npos)
      << text.str();
}

}  // namespace
}  // namespace anycast::control
