package dev.policymonitor.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local vendor site: {@code documents} privacy policies at {@code /policy/N}, each changed by {@link #edit} one
 * numbered clause at a time ("Clause K of policy N ..."), so every change of every document can be counted.
 */
final class NumberedSite implements AutoCloseable {
  private static final Pattern CLAUSE = Pattern.compile("Clause (\\d+) of policy (\\d+)\\b");
  private static final String[] SUBJECTS = {"support tickets", "invoices", "access logs", "crash reports",
      "survey answers", "chat transcripts", "device identifiers", "payment records", "location samples",
      "newsletter preferences", "backup copies", "audit trails"};

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final AtomicIntegerArray edits;

  private NumberedSite(HttpServer server, int documents) {
    this.server = server;
    this.edits = new AtomicIntegerArray(documents);
  }

  static NumberedSite start(int documents) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      NumberedSite site = new NumberedSite(server, documents);
      server.createContext("/policy/", site::serve);
      server.setExecutor(site.executor);
      server.start();
      return site;
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on the loopback interface", e);
    }
  }

  String url(int document) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/policy/" + document;
  }

  int documents() {
    return edits.length();
  }

  /** How many clauses document {@code n} has now. */
  int edits(int document) {
    return edits.get(document);
  }

  /** Adds the next numbered clause to document {@code n}; returns its number. */
  int edit(int document) {
    return edits.incrementAndGet(document);
  }

  /** The clause a document gains at edit {@code k} (1-based). */
  static String clause(int document, int k) {
    return "Clause " + k + " of policy " + document + " says we keep " + SUBJECTS[(k + document) % SUBJECTS.length]
        + " for " + (k + 2) + " weeks.";
  }

  /** The (document, clause number) pairs a text names, as {@code document * 10_000 + k}. */
  static java.util.Set<Integer> clausesIn(String text) {
    java.util.Set<Integer> found = new java.util.TreeSet<>();
    Matcher m = CLAUSE.matcher(text);
    while (m.find()) {
      found.add(Integer.parseInt(m.group(2)) * 10_000 + Integer.parseInt(m.group(1)));
    }
    return found;
  }

  static String page(int document, int clauses) {
    StringBuilder html = new StringBuilder("<html><head><title>Privacy policy ").append(document)
        .append("</title></head><body><nav>Home</nav><main><h1>Privacy Policy of vendor ").append(document)
        .append("</h1><p>Vendor ").append(document).append(" respects the privacy of its customers.</p>");
    for (int k = 1; k <= clauses; k++) {
      html.append("<p>").append(clause(document, k)).append("</p>");
    }
    return html.append("</main><footer>(c) vendor ").append(document).append("</footer></body></html>").toString();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      int document;
      try {
        document = Integer.parseInt(path.substring("/policy/".length()));
      } catch (NumberFormatException e) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (document < 0 || document >= edits.length()) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = page(document, edits.get(document)).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
