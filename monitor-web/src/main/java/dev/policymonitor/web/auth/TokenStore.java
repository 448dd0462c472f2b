package dev.policymonitor.web.auth;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.web.http.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API tokens file ({@code POLICY_MONITOR_WEB_TOKENS_FILE}): one token per line,
 * {@code name role scope sha256:<hex> created}, {@code #} comments. The file holds only SHA-256 hashes: a token
 * is 256 random bits ({@code pmt_} and 43 base64url characters), printed once when created, so a fast hash is
 * as safe as a slow one (nobody can search 2^256 candidates) and lets every API call be checked in microseconds.
 * The file is re-read when it changes (checked at most once a second), so adding or removing a token needs no
 * restart, and removing one ends the sessions opened with it.
 */
public final class TokenStore {
  /** What every token starts with, so secret scanners and people recognise one. */
  public static final String PREFIX = "pmt_";
  private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long RECHECK_NANOS = 1_000_000_000L;
  private static final String HEADER = "# policy-monitor web tokens: name role scope sha256:<hash of the token> "
      + "created (manage with: policy-monitor web-token add|list|remove)";

  private final Path file;
  private volatile Loaded loaded;
  private volatile long checkedAt;

  private record Loaded(Map<String, ApiToken> byHash, Map<String, ApiToken> byId, FileTime modified, long size) {}

  private TokenStore(Path file, Loaded loaded) {
    this.file = file;
    this.loaded = loaded;
    this.checkedAt = System.nanoTime();
  }

  /**
   * Reads the file.
   *
   * @throws InvalidConfigException when it is missing or a line is malformed (file, line and reason)
   */
  public static TokenStore open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException(WebSecuritySettings.TOKENS_FILE_ENV + " names no file: " + file
          + " (create one with: policy-monitor web-token add --name NAME --role viewer --file " + file + ")");
    }
    return new TokenStore(file, load(file));
  }

  /** The token this text is, if it is one of the file's. */
  public Optional<ApiToken> verify(String presented) {
    if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
      return Optional.empty();
    }
    return Optional.ofNullable(current().byHash().get(sha256(presented)));
  }

  /** The token with this {@link ApiToken#id()}, if it is still in the file (sessions check this). */
  public Optional<ApiToken> byId(String id) {
    return Optional.ofNullable(current().byId().get(id));
  }

  public int size() {
    return current().byHash().size();
  }

  private Loaded current() {
    long now = System.nanoTime();
    if (now - checkedAt > RECHECK_NANOS) {
      checkedAt = now;
      try {
        Loaded l = loaded;
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        if (!modified.equals(l.modified()) || size != l.size()) {
          loaded = load(file);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("vendor=- document=- the web tokens file {} cannot be re-read, the previous tokens stay in force: {}",
            file, e.getMessage());
      }
    }
    return loaded;
  }

  /** A token just made: its text (shown once, never stored) and its entry. */
  public record Created(String token, ApiToken entry) {}

  /**
   * Makes a token and adds its hash to the file (created, readable by its owner only, when missing).
   *
   * @throws InvalidConfigException when the name is taken or invalid
   */
  public static synchronized Created add(Path file, String name, Role role, ApiToken.Scope scope, Clock clock) {
    List<ApiToken> tokens = Files.exists(file) ? parse(file) : new ArrayList<>();
    if (tokens.stream().anyMatch(t -> t.name().equals(name))) {
      throw new InvalidConfigException("a token named '" + name + "' is already in " + file
          + " (remove it first: policy-monitor web-token remove --name " + name + ")");
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    ApiToken entry;
    try {
      entry = new ApiToken(name, role, scope, sha256(token), clock.instant().truncatedTo(ChronoUnit.SECONDS));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage());
    }
    tokens.add(entry);
    write(file, tokens);
    return new Created(token, entry);
  }

  /** Removes the named token; false when there was none. */
  public static synchronized boolean remove(Path file, String name) {
    List<ApiToken> tokens = parse(file);
    boolean removed = tokens.removeIf(t -> t.name().equals(name));
    if (removed) {
      write(file, tokens);
    }
    return removed;
  }

  /** Every token entry of the file (no secrets: names, roles, scopes, dates). */
  public static List<ApiToken> list(Path file) {
    return parse(file);
  }

  private static Loaded load(Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      List<ApiToken> tokens = parse(file);
      return new Loaded(tokens.stream().collect(Collectors.toUnmodifiableMap(ApiToken::sha256, Function.identity())),
          tokens.stream().collect(Collectors.toUnmodifiableMap(ApiToken::id, Function.identity(), (a, b) -> a)),
          modified, size);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the web tokens file " + file + ": " + e.getMessage(), e);
    }
  }

  static List<ApiToken> parse(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read the web tokens file " + file + ": " + e.getMessage());
    }
    List<ApiToken> tokens = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = "web tokens file " + file + " line " + (i + 1) + ": ";
      String[] f = line.split("\\s+");
      if (f.length != 5 || !f[3].startsWith("sha256:")) {
        throw new InvalidConfigException(where + "expected 'name role scope sha256:<64 hex digits> created'");
      }
      try {
        ApiToken t = new ApiToken(f[0], Role.fromWire(f[1]), ApiToken.Scope.fromWire(f[2]),
            f[3].substring("sha256:".length()), Instant.parse(f[4]));
        if (tokens.stream().anyMatch(o -> o.name().equals(t.name()) || o.sha256().equals(t.sha256()))) {
          throw new IllegalArgumentException("the name or the token appears twice");
        }
        tokens.add(t);
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new InvalidConfigException(where + e.getMessage());
      }
    }
    return tokens;
  }

  private static void write(Path file, List<ApiToken> tokens) {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (ApiToken t : tokens) {
      text.append(t.name()).append(' ').append(t.role().wire()).append(' ').append(t.scope().wire())
          .append(" sha256:").append(t.sha256()).append(' ').append(t.created()).append('\n');
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
      }
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new InvalidConfigException("cannot write the web tokens file " + file + ": " + e.getMessage());
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
