package dev.policymonitor.web.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.policymonitor.web.http.Principal;
import dev.policymonitor.web.http.Role;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * OpenID Connect login, authorization code flow with PKCE (S256), state and nonce, through the Nimbus OAuth 2.0 /
 * OIDC SDK: the provider's metadata is discovered from its issuer URL; the ID token's signature is checked against
 * the provider's JWKS, and its issuer, audience, expiry and nonce by {@link IDTokenValidator}. The state, nonce
 * and code verifier wait for the callback in a short-lived signed cookie, so any instance can finish the login.
 */
final class OidcLogin {
  static final String STATE_COOKIE = "pm_oidc";
  static final String SECURE_STATE_COOKIE = "__Host-pm_oidc";
  static final String CALLBACK_PATH = "/auth/oidc/callback";
  static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
  private static final int TIMEOUT_MS = 10_000;
  private static final int MAX_JWKS_BYTES = 512 * 1024;

  private final OidcSettings settings;
  private final URI redirectUri;
  private final WebKeys keys;
  private volatile Provider provider;

  OidcLogin(OidcSettings settings, URI publicUrl, WebKeys keys) {
    this.settings = settings;
    this.redirectUri = URI.create(publicUrl.toString().replaceAll("/$", "") + CALLBACK_PATH);
    this.keys = keys;
  }

  private record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator, ClientAuthenticationMethod auth) {}

  /** A login that cannot go on: the HTTP status and a message for the user (never a secret). */
  static final class Failure extends Exception {
    final int status;

    Failure(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** Where to send the browser to log in, and the state cookie to set on the way. */
  record Start(URI authorizationUrl, String stateCookieValue) {}

  Start start() throws Failure {
    Provider p = provider();
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    AuthenticationRequest request = new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE),
        Scope.parse(settings.scopes()), new ClientID(settings.clientId()), redirectUri)
        .endpointURI(p.metadata().getAuthorizationEndpointURI())
        .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256).build();
    Instant now = keys.clock().instant();
    String cookie = keys.sign(WebKeys.OIDC_STATE, new JWTClaimsSet.Builder().claim("state", state.getValue())
        .claim("nonce", nonce.getValue()).claim("verifier", verifier.getValue())
        .expirationTime(Date.from(now.plus(STATE_LIFETIME))).build());
    return new Start(request.toURI(), cookie);
  }

  /** Finishes a login from the callback's query parameters and the state cookie: the user and their role. */
  Principal finish(Map<String, String> query, String stateCookie) throws Failure {
    JWTClaimsSet pending = keys.verify(WebKeys.OIDC_STATE, stateCookie).orElseThrow(() -> new Failure(400,
        "this login expired or was started in another browser: open the page and log in again"));
    String error = query.get("error");
    if (error != null) {
      throw new Failure(401, "the identity provider refused the login: " + printable(error));
    }
    String code = query.get("code");
    String state = query.get("state");
    if (code == null || state == null || !state.equals(pending.getClaim("state"))) {
      throw new Failure(400, "the login's state does not match: open the page and log in again");
    }
    Provider p = provider();
    ClientID client = new ClientID(settings.clientId());
    com.nimbusds.oauth2.sdk.auth.Secret secret =
        new com.nimbusds.oauth2.sdk.auth.Secret(settings.clientSecret().reveal());
    ClientAuthentication auth = ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(p.auth())
        ? new ClientSecretPost(client, secret) : new ClientSecretBasic(client, secret);
    TokenRequest request = new TokenRequest(p.metadata().getTokenEndpointURI(), auth,
        new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri,
            new CodeVerifier(String.valueOf(pending.getClaim("verifier")))));
    TokenResponse response;
    try {
      HTTPRequest http = request.toHTTPRequest();
      http.setConnectTimeout(TIMEOUT_MS);
      http.setReadTimeout(TIMEOUT_MS);
      response = OIDCTokenResponseParser.parse(http.send());
    } catch (IOException e) {
      throw new Failure(502, "the identity provider's token endpoint did not answer: " + e.getClass().getSimpleName());
    } catch (ParseException e) {
      throw new Failure(502, "the identity provider's token endpoint answered something that is not a token "
          + "response");
    }
    if (!response.indicatesSuccess()) {
      throw new Failure(502, "the identity provider did not accept the login code: "
          + printable(String.valueOf(response.toErrorResponse().getErrorObject().getCode())));
    }
    JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
    IDTokenClaimsSet claims;
    try {
      claims = p.validator().validate(idToken, new Nonce(String.valueOf(pending.getClaim("nonce"))));
    } catch (BadJOSEException | JOSEException e) {
      throw new Failure(401, "the identity provider's ID token is not valid: " + printable(e.getMessage()));
    }
    return principal(claims);
  }

  /** Who the ID token names, with the role the settings give them; refused when they give none. */
  Principal principal(IDTokenClaimsSet claims) throws Failure {
    String subject = claims.getSubject().getValue();
    String email = claims.getStringClaim("email");
    Boolean verified = claims.getBooleanClaim("email_verified");
    String verifiedEmail = email != null && Boolean.TRUE.equals(verified) ? email.toLowerCase(Locale.ROOT) : null;
    Role role = null;
    if (settings.roleClaim() != null) {
      for (String value : strings(claims.getClaim(settings.roleClaim()))) {
        Role mapped = settings.roles().get(value);
        if (mapped != null && (role == null || mapped.atLeast(role))) {
          role = mapped;
        }
      }
    }
    boolean listed = settings.allowedUsers().contains(subject.toLowerCase(Locale.ROOT))
        || verifiedEmail != null && (settings.allowedUsers().contains(verifiedEmail)
            || settings.allowedDomains().contains(verifiedEmail.substring(verifiedEmail.indexOf('@') + 1)));
    if (listed && (role == null || settings.defaultRole().atLeast(role))) {
      role = settings.defaultRole();
    }
    String name = email != null ? email : Optional.ofNullable(claims.getStringClaim("preferred_username"))
        .orElse(subject);
    if (role == null) {
      throw new Failure(403, printable(name) + " is not allowed into policy-monitor: ask an admin to add you to "
          + WebSecuritySettings.OIDC_ALLOWED_USERS_ENV + ", " + WebSecuritySettings.OIDC_ALLOWED_DOMAINS_ENV
          + " or a group of " + WebSecuritySettings.OIDC_ROLES_ENV);
    }
    return new Principal(printable(name), role, Sessions.OIDC_LOGIN);
  }

  private static List<String> strings(Object claim) {
    List<String> out = new ArrayList<>();
    if (claim instanceof String s) {
      out.add(s);
    } else if (claim instanceof List<?> list) {
      list.forEach(v -> out.add(String.valueOf(v)));
    }
    return out;
  }

  private Provider provider() throws Failure {
    Provider p = provider;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      if (provider != null) {
        return provider;
      }
      OIDCProviderMetadata metadata;
      try {
        metadata = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()), TIMEOUT_MS, TIMEOUT_MS);
      } catch (IOException | GeneralException e) {
        throw new Failure(502, "cannot read the identity provider's configuration at " + settings.issuer()
            + "/.well-known/openid-configuration: " + printable(e.getMessage()));
      }
      JWSAlgorithm alg = metadata.getIDTokenJWSAlgs() == null || metadata.getIDTokenJWSAlgs().isEmpty()
          || metadata.getIDTokenJWSAlgs().contains(JWSAlgorithm.RS256) ? JWSAlgorithm.RS256
          : metadata.getIDTokenJWSAlgs().get(0);
      if (JWSAlgorithm.Family.HMAC_SHA.contains(alg) || alg.getName().equals("none")) {
        throw new Failure(502, "the identity provider signs ID tokens with " + alg + "; policy-monitor takes "
            + "only public-key signatures (RS256, ES256, ...)");
      }
      IDTokenValidator validator;
      try {
        validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId()), alg,
            metadata.getJWKSetURI().toURL(), new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, MAX_JWKS_BYTES));
      } catch (java.net.MalformedURLException | RuntimeException e) {
        throw new Failure(502, "the identity provider's JWKS URL is not usable: " + metadata.getJWKSetURI());
      }
      validator.setMaxClockSkew(60);
      List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
      ClientAuthenticationMethod auth = methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
          && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)
          ? ClientAuthenticationMethod.CLIENT_SECRET_POST : ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
      provider = new Provider(metadata, validator, auth);
      return provider;
    }
  }

  /** Text from outside, cut to printable ASCII and a sane length before it goes into a message. */
  static String printable(String text) {
    if (text == null) {
      return "";
    }
    String s = text.replaceAll("[^\\x20-\\x7e]", "?");
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
