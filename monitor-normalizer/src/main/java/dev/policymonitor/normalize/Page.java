package dev.policymonitor.normalize;

import dev.policymonitor.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Document;

/**
 * A snapshot's bytes on their way through the {@link Normalizer}: what {@link Normalizer#markupDigest} parsed is
 * kept for {@link Normalizer#extract(Page, dev.policymonitor.model.DocumentDeclaration)}, so a page is parsed once
 * whether or not its markup turns out to be new. Extraction changes the tree: a page is extracted once; a second
 * extraction parses the bytes again. Not for sharing between threads.
 */
public final class Page {
  final byte[] body;
  final String contentType;
  final String charset;
  final String contentLanguage;
  final String url;
  final boolean rendered;
  private Document parsed;
  private List<String> decodeWarnings = List.of();

  Page(byte[] body, String contentType, String charset, String contentLanguage, String url, boolean rendered) {
    this.body = body;
    this.contentType = contentType;
    this.charset = charset;
    this.contentLanguage = contentLanguage;
    this.url = url;
    this.rendered = rendered;
  }

  static Page of(Snapshot snapshot) {
    return new Page(snapshot.body(), snapshot.contentType(), snapshot.charset(), snapshot.language(), snapshot.url(),
        snapshot.rendered() != null);
  }

  /** The page parsed for a look that does not change it; kept for the extraction that may follow. */
  Document peek(TextDecoder decoder) {
    if (parsed == null) {
      List<String> warnings = new ArrayList<>();
      parsed = HtmlCleaner.parse(decoder.decode(body, charset, true, warnings), url);
      decodeWarnings = warnings;
    }
    return parsed;
  }

  /** The page parsed for extraction, which changes it: the kept tree if there is one, else a new parse. */
  Document take(TextDecoder decoder, List<String> warnings) {
    Document doc = peek(decoder);
    warnings.addAll(decodeWarnings);
    parsed = null;
    decodeWarnings = List.of();
    return doc;
  }
}
