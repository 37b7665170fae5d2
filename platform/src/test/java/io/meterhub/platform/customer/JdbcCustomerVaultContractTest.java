package io.meterhub.platform.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.customer.CustomerVault.LinkOutcome;
import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.TestDatabase;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class JdbcCustomerVaultContractTest extends DbContractBase {

  static final PersonalData ALICE =
      new PersonalData("Alice Plantedname", "1 Vault Lane, Springfield", "+44 7700 900123", "alice@example.org",
          List.of(ProtectionReason.MEDICAL));
  static final PersonalData BOB = new PersonalData("Bob Otherperson", null, null, null, List.of());

  private final KeyEncryptionKey kek1 = randomKek();
  private final KeyEncryptionKey kek2 = randomKek();
  private JdbcCustomerVault vault;

  static KeyEncryptionKey randomKek() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return KeyEncryptionKey.of(bytes);
  }

  @BeforeEach
  void emptyVault() {
    for (String table : List.of("customer_meters", "customers", "vault_data_keys")) {
      TestDatabase.sql(db, "DELETE FROM " + table);
    }
    vault = new JdbcCustomerVault(db, VaultKeys.of(kek1), Clock.systemUTC());
  }

  @Test
  void personalDataRoundTripsButIsStoredOnlyAsCiphertext() {
    CustomerSummary created = vault.create("cust-1", ALICE);

    Customer read = vault.read("cust-1").orElseThrow();
    assertThat(read.personal()).isEqualTo(ALICE);
    assertThat(read.summary().protectedCustomer()).isTrue();
    assertThat(created.ref()).startsWith("cref-").isEqualTo(read.ref());
    assertThat(vault.read(created.ref()).orElseThrow().id()).isEqualTo("cust-1");

    Map<String, Object> row = row("SELECT * FROM customers WHERE id = 'cust-1'");
    String stored = row.toString();
    for (String plain : List.of("Plantedname", "Vault Lane", "900123", "alice@example.org", "medical")) {
      assertThat(stored).doesNotContain(plain);
    }
  }

  @Test
  void sameValueEncryptsDifferentlyEachTimeAndReferencesAreStable() {
    vault.create("a", BOB);
    vault.create("b", BOB);
    assertThat(row("SELECT name_enc FROM customers WHERE id = 'a'"))
        .isNotEqualTo(row("SELECT name_enc FROM customers WHERE id = 'b'"));

    String ref = vault.summary("a").orElseThrow().ref();
    JdbcCustomerVault reopened = new JdbcCustomerVault(db, VaultKeys.of(kek1), Clock.systemUTC());
    assertThat(reopened.summary("a").orElseThrow().ref()).isEqualTo(ref);
    assertThat(CustomerRows.reference(kek1, "a")).isEqualTo(ref);
  }

  @Test
  void ciphertextMovedToAnotherCustomerOrColumnFailsAuthentication() {
    vault.create("a", ALICE);
    vault.create("b", BOB);
    TestDatabase.sql(db, "UPDATE customers SET name_enc = (SELECT name_enc FROM customers WHERE id = 'a')"
        + " WHERE id = 'b'");
    assertThatThrownBy(() -> vault.read("b")).isInstanceOf(VaultIntegrityException.class)
        .hasMessageNotContaining("Alice");

    TestDatabase.sql(db, "UPDATE customers SET phone_enc = address_enc WHERE id = 'a'");
    assertThatThrownBy(() -> vault.read("a")).isInstanceOf(VaultIntegrityException.class);
  }

  @Test
  void summaryNeverDecryptsAndListsArePaged() {
    for (int i = 0; i < 5; i++) {
      vault.create("c" + i, BOB);
    }
    Page<CustomerSummary> first = vault.summaries(2, null);
    assertThat(first.items()).extracting(CustomerSummary::id).containsExactly("c0", "c1");
    Page<Customer> rest = vault.readAll(10, first.next());
    assertThat(rest.items()).extracting(Customer::id).containsExactly("c2", "c3", "c4");
    assertThat(rest.items().get(0).personal().name()).isEqualTo("Bob Otherperson");
    assertThat(rest.next()).isNull();
  }

  @Test
  void duplicateIdIsAConflict() {
    vault.create("a", BOB);
    assertThatThrownBy(() -> vault.create("a", ALICE)).isInstanceOf(ConflictException.class);
  }

  @Test
  void patchChangesAndClearsFields() {
    vault.create("a", ALICE);
    CustomerSummary updated =
        vault.update("a", new CustomerPatch(null, CustomerPatch.CLEAR, "+1 555 0100", null, List.of())).orElseThrow();

    assertThat(updated.protectedCustomer()).isFalse();
    PersonalData now = vault.read("a").orElseThrow().personal();
    assertThat(now.name()).isEqualTo(ALICE.name());
    assertThat(now.address()).isNull();
    assertThat(now.phone()).isEqualTo("+1 555 0100");
    assertThat(now.protectedReasons()).isEmpty();
    assertThat(vault.update("nobody", new CustomerPatch("X", null, null, null, null))).isEmpty();
  }

  @Test
  void metersAreLinkedToOneCustomerByIdOnly() {
    vault.create("a", ALICE);
    vault.create("b", BOB);

    assertThat(vault.link("a", "m1")).isEqualTo(LinkOutcome.LINKED);
    assertThat(vault.link("a", "m1")).isEqualTo(LinkOutcome.ALREADY_LINKED);
    assertThat(vault.link("b", "m1")).isEqualTo(LinkOutcome.LINKED_TO_ANOTHER_CUSTOMER);
    assertThat(vault.link("nobody", "m2")).isEqualTo(LinkOutcome.CUSTOMER_NOT_FOUND);
    assertThat(vault.link("a", "m0")).isEqualTo(LinkOutcome.LINKED);
    assertThat(vault.summary("a").orElseThrow().meters()).containsExactly("m0", "m1");

    assertThat(vault.unlink("b", "m1")).isFalse();
    assertThat(vault.unlink("a", "m1")).isTrue();
    assertThat(vault.link("b", "m1")).isEqualTo(LinkOutcome.LINKED);
  }

  @Test
  void rotationReencryptsEveryCustomerUnderANewDataKeyAndDeletesTheOld() {
    vault.create("a", ALICE);
    vault.create("b", BOB);
    String before = (String) row("SELECT name_enc FROM customers WHERE id = 'a'").values().iterator().next();

    KeyRotation rotation = vault.rotateKeys();

    assertThat(rotation.customersReencrypted()).isEqualTo(2);
    assertThat(rotation.dataKeysRetired()).isEqualTo(1);
    assertThat(rows("SELECT id FROM vault_data_keys")).containsExactly(rotation.dataKeyId());
    assertThat(rows("SELECT DISTINCT key_id FROM customers")).containsExactly(rotation.dataKeyId());
    assertThat(row("SELECT name_enc FROM customers WHERE id = 'a'").values().iterator().next()).isNotEqualTo(before);
    assertThat(vault.read("a").orElseThrow().personal()).isEqualTo(ALICE);
    JdbcCustomerVault fresh = new JdbcCustomerVault(db, VaultKeys.of(kek1), Clock.systemUTC());
    assertThat(fresh.read("b").orElseThrow().personal()).isEqualTo(BOB);
    vault.create("c", BOB);
    assertThat(fresh.read("c").orElseThrow().personal()).isEqualTo(BOB);
  }

  @Test
  void keyEncryptionKeyRotationNeedsThePreviousKeyOnlyUntilRotated() {
    vault.create("a", ALICE);

    assertThatThrownBy(() -> new JdbcCustomerVault(db, VaultKeys.of(kek2), Clock.systemUTC()))
        .isInstanceOf(VaultIntegrityException.class)
        .hasMessageContaining(kek1.id());

    JdbcCustomerVault rotating = new JdbcCustomerVault(db, new VaultKeys(kek2, List.of(kek1)), Clock.systemUTC());
    assertThat(rotating.read("a").orElseThrow().personal()).isEqualTo(ALICE);
    KeyRotation rotation = rotating.rotateKeys();
    assertThat(rotation.kekId()).isEqualTo(kek2.id());
    assertThat(rows("SELECT DISTINCT kek_id FROM vault_data_keys")).containsExactly(kek2.id());

    JdbcCustomerVault onlyNew = new JdbcCustomerVault(db, VaultKeys.of(kek2), Clock.systemUTC());
    assertThat(onlyNew.read("a").orElseThrow().personal()).isEqualTo(ALICE);
  }

  private Map<String, Object> row(String sql) {
    return db.withConnection(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
        rs.next();
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          out.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        return out;
      }
    });
  }

  private List<String> rows(String sql) {
    return db.withConnection(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    });
  }
}
