package dev.policymonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseStackTest {
  @Test
  void shouldCloseInReverseOrderAndKeepGoingAfterAFailure() {
    List<String> closed = new ArrayList<>();
    CloseStack stack = new CloseStack("test");
    stack.push(() -> closed.add("broker"));
    stack.push(() -> {
      closed.add("streams");
      throw new IllegalStateException("stuck");
    });
    stack.push(() -> closed.add("fetcher"));

    stack.close();
    stack.close();

    assertThat(closed).containsExactly("fetcher", "streams", "broker");
  }
}
