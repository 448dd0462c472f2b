package dev.policymonitor.fetcher.http;

/**
 * The cache validators of the last response of a document, sent back as a conditional GET.
 *
 * @param etag the {@code ETag} header, or null
 * @param lastModified the {@code Last-Modified} header, or null
 */
public record Validators(String etag, String lastModified) {
  public static final Validators NONE = new Validators(null, null);

  public boolean isEmpty() {
    return etag == null && lastModified == null;
  }
}
