package dev.policymonitor.streams;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A document's state during one detection: the stored state with this detection's writes on top (later reads see
 * earlier writes), and the outputs in order. Nothing reaches the stores until the detection is over, so a capture
 * that fails half-way leaves the state as it was.
 */
final class Workspace implements DocumentState {
  private final DocumentState stored;
  private final List<Detected> outputs = new ArrayList<>();
  private final Map<String, String> texts = new HashMap<>();
  private final Set<String> droppedTexts = new HashSet<>();
  private Version latest;
  private Snapshot latestSnapshot;
  private DocumentHistory history;

  Workspace(DocumentState stored) {
    this.stored = stored;
  }

  @Override
  public Version latest() {
    return latest != null ? latest : stored.latest();
  }

  @Override
  public Snapshot latestSnapshot() {
    return latestSnapshot != null ? latestSnapshot : stored.latestSnapshot();
  }

  @Override
  public DocumentHistory history() {
    if (history != null) {
      return history;
    }
    DocumentHistory h = stored.history();
    return h == null ? DocumentHistory.EMPTY : h;
  }

  @Override
  public String text(String textDigest) {
    if (droppedTexts.contains(textDigest)) {
      return null;
    }
    String t = texts.get(textDigest);
    return t != null ? t : stored.text(textDigest);
  }

  void putLatest(Version v) {
    latest = v;
  }

  void putLatestSnapshot(Snapshot s) {
    latestSnapshot = s;
  }

  void putText(String textDigest, String text) {
    droppedTexts.remove(textDigest);
    texts.put(textDigest, text);
  }

  /** Saves a history and drops the texts no kept version refers to any more. */
  void saveHistory(DocumentHistory before, DocumentHistory after) {
    history = after;
    for (String gone : before.textDigests()) {
      if (!after.referencesText(gone)) {
        texts.remove(gone);
        droppedTexts.add(gone);
      }
    }
  }

  /** Replaces the history without touching texts (a failed digest, or new rules for the same text). */
  void putHistory(DocumentHistory h) {
    history = h;
  }

  void publish(Version v) {
    outputs.add(new Detected.NewVersion(v));
  }

  void publish(Change c) {
    outputs.add(new Detected.NewChange(c));
  }

  Detection result(Outcome outcome) {
    return new Detection(outcome, outputs, new StateUpdate(latest, latestSnapshot, history, texts, droppedTexts));
  }
}
