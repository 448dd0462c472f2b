package dev.policymonitor.streams;

import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Version;

/** What is known of one document before a capture is judged: the detector's stores, read for that document. */
public interface DocumentState {

  /** The latest good version; null before the first. */
  Version latest();

  /** The snapshot {@link #latest()} was read from; null when unknown. */
  Snapshot latestSnapshot();

  /** The bounded version history, oldest first; {@link DocumentHistory#EMPTY} before the first version. */
  DocumentHistory history();

  /** The text of a kept version by its digest; null when not kept. */
  String text(String textDigest);
}
