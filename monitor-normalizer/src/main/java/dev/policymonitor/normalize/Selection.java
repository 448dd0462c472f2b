package dev.policymonitor.normalize;

import dev.policymonitor.model.Selector;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.jsoup.select.Selector.SelectorParseException;

/**
 * Applies a declaration's {@code remove} then {@code select}, as Open Terms Archive does: CSS selectors and
 * ranges ({@code startBefore|startAfter} to {@code endBefore|endAfter}, with DOM Range semantics).
 */
final class Selection {
  private Selection() {}

  /** Removes every part matched by {@code remove}; a remove that matches nothing is fine. */
  static void remove(Document doc, List<Selector> remove) {
    for (Selector s : remove) {
      if (s.isRange()) {
        Positions p = new Positions(doc);
        int[] range = p.range(doc, s);
        if (range != null) {
          List<Node> contained = new ArrayList<>();
          collectContained(doc, p, range[0], range[1], contained);
          contained.forEach(Node::remove);
        }
      } else {
        select(doc, s.css()).forEach(Node::remove);
      }
    }
  }

  /** The selected parts in document order, each as a detached copy; throws when a selector matches nothing. */
  static List<Element> select(Document doc, List<Selector> select) {
    Positions p = new Positions(doc);
    List<Element> parts = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    for (Selector s : select) {
      if (s.isRange()) {
        int[] range = p.range(doc, s);
        if (range == null) {
          throw new ExtractionException("selector " + s + " matched nothing");
        }
        Element holder = new Element("div");
        for (Node n : cloneRange(doc, p, range[0], range[1])) {
          holder.appendChild(n);
        }
        parts.add(holder);
        starts.add(range[0]);
      } else {
        List<Element> found = select(doc, s.css());
        if (found.isEmpty()) {
          throw new ExtractionException("selector " + s + " matched nothing");
        }
        for (Element e : found) {
          // A match inside an earlier match is already kept with it.
          if (parts.stream().noneMatch(kept -> kept.ownerDocument() == doc && isAncestor(kept, e))) {
            parts.add(e);
            starts.add(p.pre(e));
          }
        }
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> Integer.compare(starts.get(a), starts.get(b)));
    List<Element> sorted = new ArrayList<>();
    for (int i : order) {
      sorted.add(parts.get(i));
    }
    return sorted;
  }

  private static List<Element> select(Document doc, String css) {
    try {
      return doc.select(Css.of(css));
    } catch (SelectorParseException e) {
      throw new ExtractionException("invalid CSS selector '" + css + "': " + e.getMessage());
    }
  }

  private static boolean isAncestor(Element ancestor, Element e) {
    for (Element p = e; p != null; p = p.parent()) {
      if (p == ancestor) {
        return true;
      }
    }
    return false;
  }

  private static void collectContained(Node node, Positions p, int start, int end, List<Node> out) {
    for (Node child : node.childNodes()) {
      int pre = p.pre(child);
      int last = p.last(child);
      if (pre >= start && last < end) {
        out.add(child);
      } else if (pre < end && last >= start) {
        collectContained(child, p, start, end, out);
      }
    }
  }

  /** Copies of the nodes in [start, end): whole nodes when fully inside, shallow copies of partial ancestors. */
  private static List<Node> cloneRange(Node node, Positions p, int start, int end) {
    List<Node> out = new ArrayList<>();
    for (Node child : node.childNodes()) {
      int pre = p.pre(child);
      int last = p.last(child);
      if (pre >= start && last < end) {
        out.add(child.clone());
      } else if (pre < end && last >= start) {
        Node shallow = child.shallowClone();
        if (shallow instanceof Element el) {
          for (Node n : cloneRange(child, p, start, end)) {
            el.appendChild(n);
          }
        }
        out.add(shallow);
      }
    }
    return out;
  }

  /** Pre-order numbers of every node and of the last node of its subtree. */
  private static final class Positions {
    private final Map<Node, int[]> index = new IdentityHashMap<>();

    Positions(Document doc) {
      int[] counter = {0};
      NodeTraversor.traverse(new NodeVisitor() {
        @Override
        public void head(Node node, int depth) {
          index.put(node, new int[] {counter[0]++, -1});
        }

        @Override
        public void tail(Node node, int depth) {
          index.get(node)[1] = counter[0] - 1;
        }
      }, doc);
    }

    int pre(Node n) {
      return index.get(n)[0];
    }

    int last(Node n) {
      return index.get(n)[1];
    }

    /** [start, end) in pre-order numbers, or null when a bound matches nothing or the range is empty. */
    int[] range(Document doc, Selector s) {
      Element startEl = doc.selectFirst(Css.of(s.startBefore() != null ? s.startBefore() : s.startAfter()));
      Element endEl = doc.selectFirst(Css.of(s.endBefore() != null ? s.endBefore() : s.endAfter()));
      if (startEl == null || endEl == null) {
        return null;
      }
      int start = s.startBefore() != null ? pre(startEl) : last(startEl) + 1;
      int end = s.endBefore() != null ? pre(endEl) : last(endEl) + 1;
      return start < end ? new int[] {start, end} : null;
    }
  }
}
