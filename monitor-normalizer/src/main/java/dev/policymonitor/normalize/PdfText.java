package dev.policymonitor.normalize;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.InflaterInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Text of a PDF (Apache PDFBox) as paragraphs: lines of one paragraph joined, words split by a line-end hyphen
 * rejoined. A PDF bomb is refused before its text is read: more than {@link #MAX_PAGES} pages (real or declared), or
 * streams that decompress to more than {@link #MAX_DECODED_BYTES} in all (a few kilobytes of deflate can hold
 * gigabytes of content that would take minutes to read).
 */
final class PdfText {
  /** Pages a policy document is read up to; no privacy policy comes near. */
  static final int MAX_PAGES = 1000;
  /** Decompressed bytes of all the text-bearing streams of one PDF. */
  static final long MAX_DECODED_BYTES = 64L * 1024 * 1024;

  /** Deflate, the filter of nearly every PDF stream, with ratios over 1000:1 (more when chained). */
  private static final Set<COSName> FLATE = Set.of(COSName.FLATE_DECODE, COSName.FLATE_DECODE_ABBREVIATION);

  private PdfText() {}

  static String extract(byte[] body) {
    try (PDDocument pdf = Loader.loadPDF(body)) {
      if (pdf.isEncrypted() && !pdf.getCurrentAccessPermission().canExtractContent()) {
        throw new ExtractionException("the PDF is encrypted and does not allow text extraction");
      }
      int pages = pdf.getNumberOfPages();
      if (pages > MAX_PAGES) {
        throw new ExtractionException("the PDF has " + pages + " pages, more than the " + MAX_PAGES
            + " a policy document is read up to");
      }
      requireBoundedStreams(pdf);
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

  /**
   * Inflates every stream whose filters are all {@code FlateDecode} (content streams, forms, fonts; chained
   * filters multiply the ratio), counting, and stops at {@link #MAX_DECODED_BYTES}. Done on the raw bytes with
   * the JDK's inflater, which streams: the bomb is measured, never held.
   */
  private static void requireBoundedStreams(PDDocument pdf) throws IOException {
    long budget = MAX_DECODED_BYTES;
    byte[] buffer = new byte[64 * 1024];
    for (COSObjectKey key : new ArrayList<>(pdf.getDocument().getXrefTable().keySet())) {
      COSObject object = pdf.getDocument().getObjectFromPool(key);
      COSBase base = object == null ? null : object.getObject();
      int flates = base instanceof COSStream stream ? flateFilters(stream.getFilters()) : 0;
      if (flates == 0) {
        continue;
      }
      InputStream in = ((COSStream) base).createRawInputStream();
      for (int i = 0; i < flates; i++) {
        in = new InflaterInputStream(in);
      }
      try (InputStream decoded = in) {
        for (int n; (n = decoded.read(buffer)) > 0; ) {
          budget -= n;
          if (budget < 0) {
            throw new ExtractionException("the PDF's streams decompress to more than " + (MAX_DECODED_BYTES >> 20)
                + " MB; a decompression bomb is not read");
          }
        }
      } catch (IOException e) {
        // A broken stream: the text extraction says what it can of it.
      }
    }
  }

  /** How many FlateDecode filters a stream has, when it has only those; else 0 (not measured). */
  private static int flateFilters(COSBase filters) {
    if (filters instanceof COSName name) {
      return FLATE.contains(name) ? 1 : 0;
    }
    if (filters instanceof COSArray array) {
      for (COSBase f : array) {
        if (!(f instanceof COSName name) || !FLATE.contains(name)) {
          return 0;
        }
      }
      return array.size();
    }
    return 0;
  }
}
