package dev.policymonitor.web.auth;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.web.http.Role;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Single sign-on through an OpenID Connect identity provider (authorization code flow with PKCE).
 *
 * @param issuer the provider's issuer URL (its {@code /.well-known/openid-configuration} is read from there)
 * @param allowedUsers e-mail addresses (verified) or subjects let in, with {@link #defaultRole}
 * @param allowedDomains e-mail domains (verified addresses) let in, with {@link #defaultRole}
 * @param roleClaim an ID-token claim (a string or a list of strings, e.g. {@code groups}) mapped by {@link #roles}
 * @param roles claim value to role; a user with several gets the highest
 * @param defaultRole the role of users let in by {@code allowedUsers} / {@code allowedDomains}
 */
public record OidcSettings(URI issuer, String clientId, Secret clientSecret, Set<String> allowedUsers,
    Set<String> allowedDomains, String roleClaim, Map<String, Role> roles, Role defaultRole, String scopes) {

  public OidcSettings {
    allowedUsers = Set.copyOf(allowedUsers);
    allowedDomains = Set.copyOf(allowedDomains);
    roles = Map.copyOf(roles);
    if (allowedUsers.isEmpty() && allowedDomains.isEmpty() && roles.isEmpty()) {
      throw new InvalidConfigException("OIDC login needs " + WebSecuritySettings.OIDC_ALLOWED_USERS_ENV + ", "
          + WebSecuritySettings.OIDC_ALLOWED_DOMAINS_ENV + " or " + WebSecuritySettings.OIDC_ROLES_ENV
          + ": without them every account of the identity provider would be let in");
    }
    if (!roles.isEmpty() && (roleClaim == null || roleClaim.isBlank())) {
      throw new InvalidConfigException(WebSecuritySettings.OIDC_ROLES_ENV + " needs "
          + WebSecuritySettings.OIDC_ROLE_CLAIM_ENV + " (the ID-token claim to read, e.g. groups)");
    }
  }

  /** {@code group=role,group=role} -> map; a clear error for anything else. */
  static Map<String, Role> parseRoles(String text) {
    Map<String, Role> roles = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return roles;
    }
    for (String pair : text.split(",")) {
      int eq = pair.lastIndexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new InvalidConfigException(WebSecuritySettings.OIDC_ROLES_ENV
            + " is a list of claim-value=role pairs (e.g. policy-admins=admin,legal=editor), not '" + pair.trim() + "'");
      }
      try {
        roles.put(pair.substring(0, eq).trim(), Role.fromWire(pair.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(WebSecuritySettings.OIDC_ROLES_ENV + ": " + e.getMessage());
      }
    }
    return roles;
  }
}
