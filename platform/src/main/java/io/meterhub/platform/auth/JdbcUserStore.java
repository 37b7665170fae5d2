package io.meterhub.platform.auth;

import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link UserStore} in SQL (H2 or PostgreSQL); roles are kept as comma-separated API names. */
public final class JdbcUserStore implements UserStore {

  private static final String COLUMNS = "username, password_hash, roles, created_at";

  private final Database db;

  public JdbcUserStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public boolean insert(User user) {
    Objects.requireNonNull(user, "user");
    try {
      return db.withConnection(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?)")) {
              ps.setString(1, user.username());
              ps.setString(2, user.passwordHash());
              ps.setString(3, encodeRoles(user.roles()));
              Jdbc.setInstant(ps, 4, user.createdAt());
              return ps.executeUpdate() == 1;
            }
          });
    } catch (StoreException e) {
      if (e.isUniqueViolation()) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Optional<User> find(String username) {
    Objects.requireNonNull(username, "username");
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<User>empty();
            }
          }
        });
  }

  @Override
  public List<User> list() {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY username");
              ResultSet rs = ps.executeQuery()) {
            List<User> out = new ArrayList<>();
            while (rs.next()) {
              out.add(read(rs));
            }
            return out;
          }
        });
  }

  @Override
  public long count() {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  static String encodeRoles(Set<Role> roles) {
    return roles.stream().sorted().map(Role::apiName).collect(Collectors.joining(","));
  }

  static Set<Role> decodeRoles(String text) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : text.split(",")) {
      if (!name.isBlank()) {
        roles.add(
            Role.fromApiName(name.trim())
                .orElseThrow(() -> new StoreException("unknown role in users table: " + name)));
      }
    }
    return roles;
  }

  private static User read(ResultSet rs) throws SQLException {
    return new User(
        rs.getString("username"),
        rs.getString("password_hash"),
        decodeRoles(rs.getString("roles")),
        Jdbc.getInstant(rs, "created_at"));
  }
}
