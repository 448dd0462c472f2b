package dev.policymonitor.web.vendors;

import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.http.WebExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The vendors API's error answers: the JSON error of the whole API, plus the field when one is at fault. */
final class VendorResponses {
  private VendorResponses() {}

  static void refuse(WebExchange exchange, BadInput e) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.getMessage());
    body.put("status", e.status());
    if (e.field() != null) {
      body.put("field", e.field());
    }
    HttpResponses.json(exchange, e.status(), body);
  }
}
