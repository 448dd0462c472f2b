package dev.policymonitor.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Knows which instance of the streams application holds a document's query stores. */
public interface InstanceRouter {
  /** The base URI ({@code http://host:port}) of the instance holding the document, empty when it is this one. */
  Optional<URI> ownerOf(String documentKey);

  /** Base URIs of every other instance, for requests that need all of them (lists, change-id lookups). */
  List<URI> others();

  /** A single instance: everything is local. */
  InstanceRouter LOCAL = new InstanceRouter() {
    @Override
    public Optional<URI> ownerOf(String documentKey) {
      return Optional.empty();
    }

    @Override
    public List<URI> others() {
      return List.of();
    }
  };
}
