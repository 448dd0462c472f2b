package dev.policymonitor.web.evidence;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The evidence file's XHTML rendered to PDF with openhtmltopdf (PDFBox 3), offline: no resource is fetched (the
 * document has none), and text is set in the PDF standard fonts, so characters outside their Latin repertoire (CJK,
 * Cyrillic, ...) are not shown; the HTML file shows every script.
 */
public final class EvidencePdf {
  static {
    XRLog.setLoggerImpl(new PdfLog());
  }

  private EvidencePdf() {}

  public static byte[] render(String xhtml) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.withHtmlContent(xhtml, null);
      builder.useUriResolver((base, uri) -> null);
      builder.toStream(out);
      builder.run();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot render the evidence as PDF: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
