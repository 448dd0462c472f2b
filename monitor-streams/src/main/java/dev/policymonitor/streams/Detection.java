package dev.policymonitor.streams;

import dev.policymonitor.model.Change;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of judging one capture: the outcome, what to publish (in order) and the state to write.
 *
 * @param outputs every version and change to publish, in order (a technical upgrade of the previous version can
 *     precede the change the outcome names)
 */
public record Detection(Outcome outcome, List<Detected> outputs, StateUpdate update) {
  public Detection {
    outputs = List.copyOf(outputs);
  }

  /** The change events among the outputs, in order. */
  public List<Change> changes() {
    List<Change> changes = new ArrayList<>();
    for (Detected d : outputs) {
      if (d instanceof Detected.NewChange c) {
        changes.add(c.change());
      }
    }
    return changes;
  }
}
