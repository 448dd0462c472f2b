package dev.policymonitor.web.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Review;
import dev.policymonitor.model.ReviewEvent;
import dev.policymonitor.model.ReviewState;
import dev.policymonitor.web.http.RequestParams.BadRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One write to a change's review, as {@code POST /api/reviews/{vendor}/{document}/{changeId}} takes it:
 * <pre>{"state": "reviewed-no-action", "assignee": "alice", "note": "Checked with legal.", "basedOn": 3}</pre>
 * Every field is optional, but at least one of state, assignee and note must be given. {@code assignee} null or
 * {@code ""} unassigns. {@code basedOn} is the number of trail events the writer saw: when the trail has grown since,
 * the write is refused (409) rather than deciding over someone else's. A note is plain text, at most
 * {@link Review#MAX_NOTE_CHARS} characters, with no control characters but line breaks and tabs.
 *
 * @param assign whether the write sets the assignee ({@code assignee} null then unassigns)
 */
public record ReviewEdit(ReviewState state, boolean assign, String assignee, String note, Integer basedOn) {
  /** The largest request body read. */
  public static final int MAX_BODY_BYTES = 16 * 1024;
  private static final Set<String> FIELDS = Set.of("state", "assignee", "note", "basedOn");

  /**
   * Reads and checks a request body.
   *
   * @throws BadRequest naming what is wrong
   */
  public static ReviewEdit parse(byte[] body) {
    JsonNode json;
    try {
      json = Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new BadRequest("the body must be a JSON object like {\"state\": \"in-review\", \"note\": \"...\"}");
    }
    if (json == null || !json.isObject()) {
      throw new BadRequest("the body must be a JSON object like {\"state\": \"in-review\", \"note\": \"...\"}");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new BadRequest("unknown field '" + printable(name) + "': a review write takes state, assignee, note "
            + "and basedOn");
      }
    }
    ReviewState state = null;
    if (json.has("state")) {
      if (!json.get("state").isTextual()) {
        throw new BadRequest("state must be a string");
      }
      try {
        state = ReviewState.fromWire(json.get("state").asText());
      } catch (IllegalArgumentException e) {
        throw new BadRequest(printable(e.getMessage()));
      }
    }
    boolean assign = json.has("assignee");
    String assignee = null;
    if (assign && !json.get("assignee").isNull()) {
      if (!json.get("assignee").isTextual()) {
        throw new BadRequest("assignee must be a string (empty or null unassigns)");
      }
      assignee = json.get("assignee").asText().strip();
      if (assignee.length() > Review.MAX_ASSIGNEE_CHARS) {
        throw new BadRequest("assignee is longer than " + Review.MAX_ASSIGNEE_CHARS + " characters");
      }
      if (assignee.chars().anyMatch(Character::isISOControl)) {
        throw new BadRequest("assignee must not contain control characters");
      }
      assignee = assignee.isEmpty() ? null : assignee;
    }
    String note = null;
    if (json.has("note") && !json.get("note").isNull()) {
      if (!json.get("note").isTextual()) {
        throw new BadRequest("note must be a string");
      }
      note = json.get("note").asText().replace("\r\n", "\n").replace('\r', '\n').strip();
      if (note.isEmpty()) {
        throw new BadRequest("note is empty");
      }
      if (note.codePointCount(0, note.length()) > Review.MAX_NOTE_CHARS) {
        throw new BadRequest("note is longer than " + Review.MAX_NOTE_CHARS + " characters");
      }
      if (note.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
        throw new BadRequest("note must be plain text: no control characters but line breaks and tabs");
      }
    }
    Integer basedOn = null;
    if (json.has("basedOn") && !json.get("basedOn").isNull()) {
      if (!json.get("basedOn").canConvertToInt() || !json.get("basedOn").isIntegralNumber()
          || json.get("basedOn").asInt() < 0) {
        throw new BadRequest("basedOn must be the number of trail events you saw (0 or more)");
      }
      basedOn = json.get("basedOn").asInt();
    }
    if (state == null && !assign && note == null) {
      throw new BadRequest("nothing to change: give a state, an assignee or a note");
    }
    return new ReviewEdit(state, assign, assignee, note, basedOn);
  }

  /** The events this edit adds to {@code current}: only what it changes, assignment, then state, then note. */
  public List<ReviewEvent> events(Review current, Instant at, String by) {
    List<ReviewEvent> events = new ArrayList<>();
    if (assign && !Objects.equals(assignee, current.assignee())) {
      events.add(ReviewEvent.assignment(at, by, assignee));
    }
    if (state != null && state != current.state()) {
      events.add(ReviewEvent.state(at, by, state));
    }
    if (note != null) {
      events.add(ReviewEvent.note(at, by, note));
    }
    return events;
  }

  /** At most 80 characters of {@code s}, control characters replaced, for error messages. */
  static String printable(String s) {
    String clean = s.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
  }
}
