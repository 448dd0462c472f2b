package dev.policymonitor.streams.normalize;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Hostile documents built in the test: PDF bombs and deeply nested markup, small on the wire, costly to read. */
final class HostileDocuments {
  private HostileDocuments() {}

  /** One page whose resources hold an array nested {@code depth} levels deep. */
  static byte[] pdfDeepNesting(int depth) {
    String deep = "[".repeat(depth) + "]".repeat(depth);
    return pdf(List.of(text("<< /Type /Catalog /Pages 2 0 R >>"), text("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        text("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /X " + deep
            + " >> >>"), stream("BT /F1 12 Tf 72 700 Td (Hello) Tj ET".getBytes(StandardCharsets.ISO_8859_1))));
  }

  /** {@code pages} real pages sharing one content stream, with a page tree that declares {@code declared}. */
  static byte[] pdfPages(int pages, int declared) {
    List<byte[]> objects = new ArrayList<>();
    objects.add(text("<< /Type /Catalog /Pages 2 0 R >>"));
    StringBuilder kids = new StringBuilder();
    for (int i = 0; i < pages; i++) {
      kids.append(i + 4).append(" 0 R ");
    }
    objects.add(text("<< /Type /Pages /Kids [" + kids + "] /Count " + declared + " >>"));
    objects.add(stream("BT /F1 12 Tf 72 700 Td (Page text) Tj ET".getBytes(StandardCharsets.ISO_8859_1)));
    for (int i = 0; i < pages; i++) {
      objects.add(text("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"));
    }
    return pdf(objects);
  }

  /** A page tree whose node is its own kid. */
  static byte[] pdfPageTreeCycle() {
    return pdf(List.of(text("<< /Type /Catalog /Pages 2 0 R >>"), text("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 5 >>"),
        text("<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 5 >>")));
  }

  /** One page whose content stream deflates {@code megabytes} MB of spaces into about a thousandth of that. */
  static byte[] pdfFlateBomb(int megabytes) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_COMPRESSION))) {
      byte[] mb = new byte[1 << 20];
      Arrays.fill(mb, (byte) ' ');
      for (int i = 0; i < megabytes; i++) {
        d.write(mb);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] body = compressed.toByteArray();
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes(text("<< /Length " + body.length + " /Filter /FlateDecode >>\nstream\n"));
    s.writeBytes(body);
    s.writeBytes(text("\nendstream"));
    return pdf(List.of(text("<< /Type /Catalog /Pages 2 0 R >>"), text("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        text("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"), s.toByteArray()));
  }

  /** A PDF of the given object bodies (object 1 the catalog), with a correct cross-reference table. */
  private static byte[] pdf(List<byte[]> objects) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text("%PDF-1.7\n"));
    long[] offsets = new long[objects.size()];
    for (int i = 0; i < objects.size(); i++) {
      offsets[i] = out.size();
      out.writeBytes(text((i + 1) + " 0 obj\n"));
      out.writeBytes(objects.get(i));
      out.writeBytes(text("\nendobj\n"));
    }
    long xref = out.size();
    StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
    for (long o : offsets) {
      table.append(String.format("%010d 00000 n \n", o));
    }
    table.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref)
        .append("\n%%EOF\n");
    out.writeBytes(text(table.toString()));
    return out.toByteArray();
  }

  private static byte[] stream(byte[] data) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(text("<< /Length " + data.length + " >>\nstream\n"));
    o.writeBytes(data);
    o.writeBytes(text("\nendstream"));
    return o.toByteArray();
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
