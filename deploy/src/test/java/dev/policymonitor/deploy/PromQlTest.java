package dev.policymonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {
  @Test
  void shouldFindTheSelectorsOfAnAlertExpressionWithoutFunctionsKeywordsOrGroupingLabels() {
    String expr = "sum by (vendor) (increase(policy_fetch_errors_total[1h])) > 0\n"
        + "unless on (vendor) sum by (vendor) (increase(policy_fetch_checks_total{outcome!=\"failed\"}[1h])) > 0";

    assertThat(PromQl.selectors(expr))
        .containsExactly("policy_fetch_errors_total", "policy_fetch_checks_total{outcome!=\"failed\"}");
  }

  @Test
  void shouldKeepMatchersAndIgnoreNumbersAndQuantiles() {
    String expr = "histogram_quantile(0.95, sum by (le) (rate(policy_alert_latency_seconds_bucket{from=\"captured\"}"
        + "[5m]))) > 2 * max by (vendor) (policy_vendor_poll_interval_seconds) or up{job=\"policy-monitor\"} < 1";

    assertThat(PromQl.selectors(expr)).containsExactly("policy_alert_latency_seconds_bucket{from=\"captured\"}",
        "policy_vendor_poll_interval_seconds", "up{job=\"policy-monitor\"}");
  }

  @Test
  void shouldReplaceGrafanaVariablesWithEvaluableValues() {
    assertThat(PromQl.substitute("sum(rate(x{vendor=~\"$vendor\"}[$__rate_interval])) + increase(y[$__range])"))
        .isEqualTo("sum(rate(x{vendor=~\".*\"}[1m])) + increase(y[5m])");
  }
}
