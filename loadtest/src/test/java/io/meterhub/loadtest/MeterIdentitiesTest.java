package io.meterhub.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeterIdentitiesTest {

  private final ModelMix mix = ModelMix.parse("KPM31=70,KPM33=30");

  @Test
  void theSameSeedAndIndexGiveTheSameIdentityAndKey() {
    MeterIdentities a = new MeterIdentities(42, mix, 10);
    MeterIdentities b = new MeterIdentities(42, mix, 10);
    for (int i = 0; i < 100; i++) {
      assertThat(b.identity(i)).isEqualTo(a.identity(i));
    }
  }

  @Test
  void idsAndKeysAreUniqueAndWellFormed() {
    MeterIdentities ids = new MeterIdentities(42, mix, 10);
    Set<String> seenIds = new HashSet<>();
    Set<String> seenKeys = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      MeterIdentity id = ids.identity(i);
      assertThat(id.id()).matches("urn:imei:\\d{15}").endsWith(id.pskIdentity());
      assertThat(id.pskKeyHex()).matches("[0-9a-f]{32}");
      assertThat(seenIds.add(id.id())).isTrue();
      assertThat(seenKeys.add(id.pskKeyHex())).isTrue();
    }
  }

  @Test
  void anotherSeedGivesOtherKeysAndTheWrongKeyDiffers() {
    MeterIdentities a = new MeterIdentities(42, mix, 10);
    MeterIdentities b = new MeterIdentities(43, mix, 10);
    assertThat(b.identity(7).pskKeyHex()).isNotEqualTo(a.identity(7).pskKeyHex());
    assertThat(a.wrongKey(7)).isNotEqualTo(a.identity(7).pskKeyHex()).matches("[0-9a-f]{32}");
  }

  @Test
  void theKeyNeverAppearsInToString() {
    MeterIdentity id = new MeterIdentities(1, mix, 3).identity(0);
    assertThat(id.toString()).doesNotContain(id.pskKeyHex());
  }

  @Test
  void modelsFollowTheMixAndRegionsAreDealtRoundRobin() {
    MeterIdentities ids = new MeterIdentities(42, mix, 4);
    int kpm31 = 0;
    for (int i = 0; i < 10_000; i++) {
      if (ids.identity(i).model().equals("KPM31")) {
        kpm31++;
      }
    }
    assertThat(kpm31).isBetween(6_700, 7_300);
    assertThat(ids.identity(5).region()).isEqualTo("loadtest/feeder-01");
  }
}
