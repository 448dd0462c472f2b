package dev.policymonitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL the deploy files hold, made evaluable: expressions found in a Grafana dashboard and in Prometheus
 * rule files, Grafana variables replaced by fixed values, and the vector selectors of an expression.
 */
final class PromQl {
  /**
   * What each Grafana variable becomes before an expression is sent to Prometheus: the interval variables get
   * windows that hold several 1 s scrapes, {@code $vendor} (multi-value, "All" = {@code .*}) matches every vendor.
   */
  static final Map<String, String> GRAFANA_VARIABLES = Map.of(
      "$__rate_interval", "1m", "$__interval", "15s", "$__range", "5m", "${vendor}", ".*", "$vendor", ".*");

  private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)$");
  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
      "and", "or", "unless", "bool", "offset", "inf", "nan");
  private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
      "count", "count_values", "bottomk", "topk", "quantile");
  private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private PromQl() {}

  /** One expression and where it came from (panel title and refId, or rule name). */
  record Expression(String origin, String promql) {}

  /**
   * Every query of a dashboard: each {@code expr} of a panel target (rows and nested panels included), and each
   * query variable, whose Grafana-only {@code label_values(selector, label)} becomes {@code count by (label)
   * (selector)}; variables substituted as {@link #GRAFANA_VARIABLES} says.
   */
  static List<Expression> dashboardExpressions(JsonNode dashboard) {
    List<Expression> out = new ArrayList<>();
    collectPanels(dashboard.path("panels"), out);
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())) {
        JsonNode q = variable.path("query");
        String query = q.isObject() ? q.path("query").asText() : q.asText();
        Matcher m = LABEL_VALUES.matcher(query.trim());
        String promql = m.matches() ? "count by (" + m.group(2) + ") (" + m.group(1) + ")" : query;
        out.add(new Expression("variable " + variable.path("name").asText(), substitute(promql)));
      }
    }
    return out;
  }

  private static void collectPanels(JsonNode panels, List<Expression> out) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          out.add(new Expression("panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
              substitute(target.path("expr").asText())));
        }
      }
      collectPanels(panel.path("panels"), out);
    }
  }

  /** Every rule's {@code expr} in a Prometheus rule file, named by its alert or record name. */
  static List<Expression> ruleExpressions(JsonNode rules) {
    List<Expression> out = new ArrayList<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name = rule.has("alert") ? "alert " + rule.path("alert").asText() : "record " + rule.path("record").asText();
        out.add(new Expression(name, rule.path("expr").asText()));
      }
    }
    return out;
  }

  static String substitute(String promql) {
    String result = promql;
    // longest names first, so $__rate_interval is not eaten by a shorter variable
    for (String name : List.of("$__rate_interval", "$__interval", "$__range", "${vendor}", "$vendor")) {
      result = result.replace(name, GRAFANA_VARIABLES.get(name));
    }
    return result;
  }

  /**
   * The vector selectors of an expression ({@code metric} or {@code metric{matchers}}), without range, offset or
   * the functions and aggregations around them. Function names (an identifier followed by {@code (}), keywords,
   * and the label lists of {@code by}/{@code on}/... are not selectors.
   */
  static Set<String> selectors(String promql) {
    String s = promql.replaceAll("\\[[^\\]]*\\]", " ");
    Set<String> out = new LinkedHashSet<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        i = s.indexOf(c, i + 1) + 1;
        if (i == 0) {
          break;
        }
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
          i++;
        }
        String word = s.substring(start, i);
        int next = skipSpaces(s, i);
        boolean call = next < s.length() && s.charAt(next) == '(';
        if (GROUPING.contains(word) && call) {
          i = s.indexOf(')', next) + 1;
        } else if (KEYWORDS.contains(word) || AGGREGATIONS.contains(word) || call) {
          // an operator keyword or a function: not a selector
        } else if (next < s.length() && s.charAt(next) == '{') {
          int end = s.indexOf('}', next);
          out.add(word + s.substring(next, end + 1));
          i = end + 1;
        } else {
          out.add(word);
        }
      } else if (Character.isDigit(c)) {
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
          i++;
        }
      } else {
        i++;
      }
    }
    return out;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
