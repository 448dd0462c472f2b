package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.io.WireFeedInput;
import dev.policymonitor.model.Json;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Atom feeds read by a real feed parser (ROME, as feed readers built on it do): valid Atom 1.0 with the
 * required elements, entries linking to the change's permalink with the changed sentences as text, the kinds of the
 * alerts' default routing unless {@code ?kinds=} asks for others, and a feed token in the URL that the feed's own
 * links never repeat.
 */
class AtomFeedTest {
  @TempDir Path dir;
  private WorkflowHistory workflow;
  private KnownHistory history;
  private URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    workflow = new WorkflowHistory(dir);
    history = workflow.history;
    base = workflow.serve(InstanceRouter.LOCAL);
  }

  @AfterEach
  void stop() {
    workflow.close();
  }

  @Test
  void shouldServeValidAtomOfTheChangesAlertsRouteByDefaultToAFeedTokenInTheUrl() throws Exception {
    HttpResponse<String> r = get("/feeds/changes.atom?token=" + workflow.feed);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/atom+xml; charset=utf-8");
    Feed feed = parse(r.body());
    assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
    assertThat(feed.getId()).isEqualTo(base + "/feeds/changes.atom");
    assertThat(feed.getTitleEx().getValue()).isEqualTo("policy-monitor: policy changes");
    assertThat(feed.getUpdated()).isNotNull();
    assertThat(feed.getAuthors()).extracting(a -> a.getName()).containsExactly("policy-monitor");
    assertThat(links(feed.getOtherLinks(), "self")).containsExactly(base + "/feeds/changes.atom");
    assertThat(r.body()).as("the token never appears in the feed").doesNotContain(workflow.feed);

    assertThat(feed.getEntries()).as("first and historical are not in the default feed").hasSize(1);
    Entry e = feed.getEntries().get(0);
    assertThat(e.getId()).isEqualTo("tag:policy-monitor.dev,2026:change:" + history.changed.changeId());
    assertThat(e.getTitleEx().getValue()).isEqualTo("acme / privacy-policy: changed (high)");
    assertThat(e.getUpdated().toInstant()).isEqualTo(history.changed.detectedAt());
    assertThat(links(e.getAlternateLinks(), "alternate"))
        .containsExactly(base + "/#/changes/acme/privacy-policy/" + history.changed.changeId());
    assertThat(e.getSummary().getType()).isEqualTo("text");
    assertThat(e.getSummary().getValue()).contains("+ " + KnownHistory.HOSTILE)
        .contains("~ We [-never-]{+may+} sell customer data {+to selected advertising partners+}.")
        .contains("Why: new: we may sell");
    assertThat(e.getCategories()).extracting(Category::getScheme, Category::getTerm).contains(
        org.assertj.core.groups.Tuple.tuple("https://policy-monitor.dev/atom/kind", "changed"),
        org.assertj.core.groups.Tuple.tuple("https://policy-monitor.dev/atom/severity", "high"),
        org.assertj.core.groups.Tuple.tuple("https://policy-monitor.dev/atom/category", "sale-of-data"),
        org.assertj.core.groups.Tuple.tuple("https://policy-monitor.dev/atom/category", "data-retention"));
  }

  @Test
  void shouldListOtherKindsAndOneVendorWhenAsked() throws Exception {
    Feed acme = parse(get("/feeds/acme.atom?kinds=first,changed&token=" + workflow.feed).body());
    assertThat(acme.getEntries()).extracting(Entry::getId).containsExactly(
        "tag:policy-monitor.dev,2026:change:" + history.changed.changeId(),
        "tag:policy-monitor.dev,2026:change:" + history.first.changeId());
    assertThat(acme.getTitleEx().getValue()).isEqualTo("policy-monitor: acme policy changes (changed,first)");
    assertThat(links(acme.getOtherLinks(), "self")).containsExactly(base + "/feeds/acme.atom?kinds=changed,first");

    Feed globex = parse(get("/feeds/globex.atom?kinds=all&token=" + workflow.feed).body());
    assertThat(globex.getEntries()).hasSize(1);
    assertThat(globex.getEntries().get(0).getTitleEx().getValue()).isEqualTo("globex / terms: first (low)");

    Feed empty = parse(get("/feeds/initech.atom?token=" + workflow.feed).body());
    assertThat(empty.getEntries()).isEmpty();
    assertThat(empty.getUpdated()).as("an empty feed still says when it was made").isNotNull();

    HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(base.resolve("/feeds/changes.atom"))
        .header("Authorization", "Bearer " + workflow.viewer).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(parse(bearer.body()).getEntries()).hasSize(1);
  }

  @Test
  void shouldRefuseBadFeedRequestsAndCredentialsThatDoNotBelongInAUrl() throws Exception {
    assertThat(get("/feeds/changes.atom").statusCode()).isEqualTo(401);
    assertThat(get("/feeds/changes.atom?token=" + workflow.viewer).statusCode()).as("API tokens never in URLs")
        .isEqualTo(401);
    assertThat(get("/feeds/changes.atom?token=pmt_nothing").statusCode()).isEqualTo(401);
    String t = "&token=" + workflow.feed;
    assertThat(error(get("/feeds/changes.atom?kinds=big" + t))).contains("unknown change kind");
    assertThat(error(get("/feeds/Acme!.atom?x" + t))).contains("vendor id");
    assertThat(get("/feeds/changes.rss?x" + t).statusCode()).isEqualTo(404);
    assertThat(get("/feeds/a/b.atom?x" + t).statusCode()).isEqualTo(404);
    assertThat(error(get("/feeds/changes.atom?size=0" + t))).contains("size");
  }

  @Test
  void shouldListTheLatestChangesAcrossDocumentsAsJson() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/changes?kinds=first&size=5"))
        .header("Authorization", "Bearer " + workflow.viewer).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode items = Json.mapper().readTree(r.body()).get("items");
    assertThat(items).hasSize(2);
    assertThat(items.findValuesAsText("kind")).containsOnly("first");
    assertThat(items.findValuesAsText("key")).containsExactlyInAnyOrder(KnownHistory.ACME, KnownHistory.GLOBEX);
  }

  private static Feed parse(String xml) throws Exception {
    WireFeedInput input = new WireFeedInput();
    input.setXmlHealerOn(false);
    return (Feed) input.build(new StringReader(xml));
  }

  private static List<String> links(List<Link> links, String rel) {
    return links.stream().filter(l -> rel.equals(l.getRel())).map(Link::getHref).toList();
  }

  private static String error(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return Json.mapper().readTree(r.body()).get("error").asText();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
