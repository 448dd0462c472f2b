package dev.policymonitor.web;

import dev.policymonitor.model.Change;

/**
 * One change as the change page needs it.
 *
 * @param permalink the page path of this change, relative to the web root
 * @param captureUrl the original capture of the new version (Wayback {@code id_} URL for Wayback captures)
 * @param previousCaptureUrl the same for the previous version, null when unknown
 */
public record ChangeView(Change change, String permalink, String captureUrl, String previousCaptureUrl,
    DiffView diff) {

  /** The page path of a change: {@code #/changes/<vendor>/<document>/<changeId>}, the one alerts link to. */
  public static String permalink(Change c) {
    return c.permalink();
  }
}
