package dev.policymonitor.alerts.text;

import dev.policymonitor.model.Modification;

/**
 * One changed sentence of a change, as alerts show it.
 *
 * @param modification the edit, only for {@link Type#MODIFIED}
 */
public record ChangedSentence(Type type, String text, Modification modification) {

  /** How the sentence changed. */
  public enum Type { ADDED, REMOVED, MODIFIED }
}
