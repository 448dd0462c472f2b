package dev.policymonitor.normalize;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** Text of a PDF (Apache PDFBox) as paragraphs: lines of one paragraph joined, words split by a line-end hyphen rejoined. */
final class PdfText {
  private PdfText() {}

  static String extract(byte[] body) {
    try (PDDocument pdf = Loader.loadPDF(body)) {
      if (pdf.isEncrypted() && !pdf.getCurrentAccessPermission().canExtractContent()) {
        throw new ExtractionException("the PDF is encrypted and does not allow text extraction");
      }
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      stripper.setLineSeparator("\n");
      stripper.setParagraphStart("");
      stripper.setParagraphEnd("\n\n");
      stripper.setPageEnd("\n\n");
      String raw = TextCanonicalizer.canonical(stripper.getText(pdf));
      List<String> paragraphs = new ArrayList<>();
      for (String para : raw.split("\\n\\s*\\n")) {
        String joined = para.strip().replaceAll("(\\p{L})-\\n(\\p{Ll})", "$1$2").replaceAll("\\s*\\n\\s*", " ")
            .replaceAll(" {2,}", " ");
        if (!joined.isEmpty()) {
          paragraphs.add(joined);
        }
      }
      return String.join("\n\n", paragraphs);
    } catch (IOException e) {
      throw new ExtractionException("not a readable PDF: " + e.getMessage(), e);
    }
  }
}
