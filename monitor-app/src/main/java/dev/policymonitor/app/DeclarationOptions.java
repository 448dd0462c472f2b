package dev.policymonitor.app;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.streams.declarations.OtaDeclarationReader;
import dev.policymonitor.streams.declarations.OtaDocument;
import dev.policymonitor.streams.declarations.OtaService;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The extraction-rule options of {@code normalize} and {@code replay}: an OTA declaration file ({@code .json}, with
 * its {@code .history.json} beside it) or a vendors file ({@code .yaml}), and {@code --select}/{@code --remove}
 * CSS selectors that replace the file's.
 */
final class DeclarationOptions {
  static final String DEFAULT_DOCUMENT = "privacy-policy";

  @Option(names = "--select", paramLabel = "CSS", description = "CSS selector of the policy text (repeatable).")
  List<String> select = new ArrayList<>();

  @Option(names = "--remove", paramLabel = "CSS", description = "CSS selector of parts to drop (repeatable).")
  List<String> remove = new ArrayList<>();

  @Option(names = "--declaration", paramLabel = "FILE",
      description = "Open Terms Archive declaration (<Service>.json, history file read beside it) or vendors YAML.")
  Path declaration;

  @Option(names = "--document", paramLabel = "TYPE",
      description = "Document type in the declaration, e.g. privacy-policy or \"Privacy Policy\" "
          + "(default: the only one, else privacy-policy).")
  String document;

  /** The document's rules over time, with the command-line selectors applied on top. */
  OtaDocument rules(String vendor, PrintWriter err) {
    OtaDocument fromFile = declaration == null ? null : fromFile(vendor, err);
    String type = fromFile != null ? fromFile.current().type()
        : document == null ? DEFAULT_DOCUMENT : OtaDeclarationReader.documentType(document);
    if (fromFile == null) {
      return new OtaDocument(override(DocumentDeclaration.of(type, "")), List.of());
    }
    if (select.isEmpty() && remove.isEmpty()) {
      return fromFile;
    }
    return new OtaDocument(override(fromFile.current()), List.of());
  }

  private DocumentDeclaration override(DocumentDeclaration d) {
    List<Selector> sel = select.isEmpty() ? d.select() : select.stream().map(DeclarationOptions::css).toList();
    List<Selector> rem = remove.isEmpty() ? d.remove() : remove.stream().map(DeclarationOptions::css).toList();
    return new DocumentDeclaration(d.type(), d.url(), sel, rem, d.filters(), d.render(),
        d.pollInterval());
  }

  /** A {@code --select}/{@code --remove} value, checked as a vendors file's selector is. */
  static Selector css(String css) {
    try {
      return Selector.css(Selector.requireValidCss(css));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("--select/--remove: " + e.getMessage());
    }
  }

  private OtaDocument fromFile(String vendor, PrintWriter err) {
    if (!Files.isRegularFile(declaration)) {
      throw new InvalidConfigException("declaration file not found: " + declaration);
    }
    String name = declaration.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    Map<String, OtaDocument> documents = new java.util.TreeMap<>();
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      VendorsConfig config = VendorsConfig.load(declaration, true); // nothing is fetched: addresses do not matter
      for (VendorConfig v : config.vendors()) {
        if (vendor == null || v.id().equals(vendor) || config.vendors().size() == 1) {
          v.documents().forEach(d -> documents.put(d.type(), new OtaDocument(d, List.of())));
        }
      }
    } else {
      OtaService service = new OtaDeclarationReader().read(declaration);
      service.warnings().forEach(w -> err.println("policy-monitor: warning: " + w));
      documents.putAll(service.documents());
    }
    if (documents.isEmpty()) {
      throw new InvalidConfigException(declaration + ": no document declared"
          + (vendor == null ? "" : " for vendor " + vendor));
    }
    if (document != null) {
      OtaDocument d = documents.get(OtaDeclarationReader.documentType(document));
      if (d == null) {
        throw new InvalidConfigException(declaration + ": no document '" + document + "' (declared: "
            + String.join(", ", documents.keySet()) + ")");
      }
      return d;
    }
    if (documents.size() == 1) {
      return documents.values().iterator().next();
    }
    OtaDocument d = documents.get(DEFAULT_DOCUMENT);
    if (d == null) {
      throw new InvalidConfigException(declaration + " declares several documents; choose one with --document ("
          + String.join(", ", documents.keySet()) + ")");
    }
    return d;
  }
}
