package dev.policymonitor.web.server;

import dev.policymonitor.model.Json;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty itself gives (a malformed request, a URL or headers too large, a body over the limit): the
 * same JSON shape and security headers as the API's own errors, never a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() <= 0 ? 500 : response.getStatus();
    Object message = request.getAttribute(ERROR_MESSAGE);
    byte[] body = body(status, message == null ? null : message.toString());
    response.getHeaders().clear();
    SecurityHeaders.apply(response.getHeaders());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    SecurityHeaders.apply(fields);
    fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    return ByteBuffer.wrap(body(status, reason));
  }

  static byte[] body(int status, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    String reason = HttpStatus.getMessage(status);
    error.put("error", message == null || message.isBlank() ? reason : message);
    error.put("status", status);
    try {
      return Json.mapper().writeValueAsBytes(error);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return ("{\"status\":" + status + "}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
  }
}
