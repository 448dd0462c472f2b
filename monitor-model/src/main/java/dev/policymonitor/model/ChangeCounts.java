package dev.policymonitor.model;

/** Sentence counts of a change. */
public record ChangeCounts(int added, int removed, int modified, int moved) {
  public static final ChangeCounts NONE = new ChangeCounts(0, 0, 0, 0);

  public int total() {
    return added + removed + modified + moved;
  }
}
