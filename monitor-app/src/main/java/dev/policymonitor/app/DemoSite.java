package dev.policymonitor.app;

import com.sun.net.httpserver.HttpServer;
import dev.policymonitor.model.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A local web site that serves the five seed policies as vendor pages (with navigation, cookie banner and
 * footer around them, as real pages have), so the demo needs no network. Pages can be edited while it runs.
 */
final class DemoSite implements AutoCloseable {
  /** Seed file of each vendor, under the demo resources. */
  static final Map<String, String> SEEDS = new LinkedHashMap<>();

  static {
    SEEDS.put("pentasecurity", "pentasecurity-2019-02-27.md");
    SEEDS.put("microsec", "microsec-sentences.txt");
    SEEDS.put("corero", "corero-2018-10-28.md");
    SEEDS.put("alienvault", "alienvault-2015-06-26.md");
    SEEDS.put("defensx", "defensx-2021-12-01.html");
  }

  private final HttpServer server;
  private final Map<String, String> pages = new ConcurrentHashMap<>();
  private final Map<String, Integer> hits = new ConcurrentHashMap<>();

  private DemoSite(HttpServer server) {
    this.server = server;
  }

  static DemoSite start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      DemoSite site = new DemoSite(server);
      site.pages.putAll(seedPages());
      server.createContext("/", exchange -> {
        try (exchange) {
          String vendor = exchange.getRequestURI().getPath().replaceAll("^/([^/]+)/privacy-policy$", "$1");
          String html = site.pages.get(vendor);
          if (html == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
          }
          site.hits.merge(vendor, 1, Integer::sum);
          byte[] body = html.getBytes(StandardCharsets.UTF_8);
          String etag = "\"" + Digests.sha1Base32(body) + "\"";
          exchange.getResponseHeaders().set("ETag", etag);
          if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.sendResponseHeaders(304, -1);
            return;
          }
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
        }
      });
      server.start();
      return site;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the demo site", e);
    }
  }

  /** The page URL of a vendor's policy. */
  String url(String vendor) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + vendor + "/privacy-policy";
  }

  /** {@code 127.0.0.1:PORT}: the site's address, as an {@code allowTargets} entry. */
  String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many times the vendor's page was served. */
  int hits(String vendor) {
    return hits.getOrDefault(vendor, 0);
  }

  /** Replaces the vendor's page with an edited one. */
  void edit(String vendor, UnaryOperator<String> edit) {
    pages.computeIfPresent(vendor, (v, html) -> {
      String edited = edit.apply(html);
      if (edited.equals(html)) {
        throw new IllegalStateException("demo edit of " + vendor + " changed nothing");
      }
      return edited;
    });
  }

  /** The full HTML page of each seed vendor, as the demo serves it. */
  static Map<String, String> seedPages() {
    Map<String, String> pages = new LinkedHashMap<>();
    SEEDS.forEach((vendor, file) -> pages.put(vendor, page(vendor, policyHtml(file))));
    return pages;
  }

  private static String policyHtml(String file) {
    String raw = resource(file);
    if (file.endsWith(".md")) {
      String md = raw.replaceAll("(?m)^> \\*The following text is extracted.*$", "");
      return HtmlRenderer.builder().build().render(Parser.builder().build().parse(md));
    }
    if (file.endsWith(".txt")) {
      StringBuilder html = new StringBuilder();
      for (String line : raw.split("\n")) {
        if (!line.isBlank()) {
          html.append("<p>").append(escape(line.trim())).append("</p>\n");
        }
      }
      return html.toString();
    }
    return raw.replaceFirst("(?s)^---\\n.*?\\n---\\n", "");
  }

  private static String page(String vendor, String policy) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Privacy Policy | " + vendor + "</title>"
        + "<script>window.dataLayer=[];</script><style>body{font-family:sans-serif}</style></head><body>"
        + "<header><nav><a href=\"/\">Home</a> <a href=\"/products\">Products</a> <a href=\"/about\">About</a></nav>"
        + "</header><main><article class=\"policy\">" + policy + "</article></main>"
        + "<div id=\"cookie-banner\" class=\"cookie-banner\">We use cookies. <button>Accept</button></div>"
        + "<footer><p>Copyright " + vendor + ". All rights reserved.</p></footer></body></html>";
  }

  private static String resource(String file) {
    try (InputStream in = DemoSite.class.getResourceAsStream("demo/" + file)) {
      return new String(Objects.requireNonNull(in, "demo/" + file).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
