package io.meterhub.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterhubConfigTest {

  @Test
  void defaultsDescribeASingleEmbeddedNode() {
    MeterhubConfig config = MeterhubConfig.from(Map.of());

    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.coapsPort()).isEqualTo(5684);
    assertThat(config.coapPort()).isEmpty();
    assertThat(config.dbUrl()).isEmpty();
    assertThat(config.clusterMembers()).isEmpty();
    assertThat(config.maxBodyBytes()).isEqualTo(65536);
    assertThat(config.nominalVoltage()).isEqualTo(230);
    assertThat(config.voltageTolerancePercent()).isEqualTo(10);
    assertThat(config.tamperTripRegions()).isEmpty();
  }

  @Test
  void fileOverridesDefaultsAndEnvironmentOverridesFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("meterhub.properties");
    Files.writeString(file, "METERHUB_HTTP_PORT=9090\nMETERHUB_COAPS_PORT=6684\n");

    MeterhubConfig config =
        MeterhubConfig.from(
            Map.of(
                "METERHUB_CONFIG_FILE", file.toString(),
                "METERHUB_COAPS_PORT", "7684",
                "METERHUB_CLUSTER_MEMBERS", "10.0.0.2:5701, 10.0.0.3"));

    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.coapsPort()).isEqualTo(7684);
    assertThat(config.clusterMembers()).containsExactly("10.0.0.2:5701", "10.0.0.3");
  }

  @Test
  void plainCoapIsOnlyOnWhenAPortIsGiven() {
    assertThat(MeterhubConfig.from(Map.of("METERHUB_COAP_PORT", "5683")).coapPort()).isEqualTo(Optional.of(5683));
  }

  @Test
  void invalidValuesFailFastNamingTheKey() {
    assertThatThrownBy(() -> MeterhubConfig.from(Map.of("METERHUB_HTTP_PORT", "eighty")))
        .hasMessageContaining("METERHUB_HTTP_PORT");
    assertThatThrownBy(() -> MeterhubConfig.from(Map.of("METERHUB_NODE_ID", "0")))
        .hasMessageContaining("METERHUB_NODE_ID");
  }

  @Test
  void secretsAreNotInToString() {
    MeterhubConfig config =
        MeterhubConfig.from(Map.of("METERHUB_ADMIN_PASSWORD", "s3cret-admin", "METERHUB_DB_PASSWORD", "s3cret-db"));

    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void readmeDocumentsEverySettingWithItsDefault() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));

    java.util.List<Setting> all = new java.util.ArrayList<>(Settings.ALL);
    all.addAll(io.meterhub.platform.command.CommandSettings.ALL);
    for (Setting setting : all) {
      String expectedDefault = setting.defaultValue().isEmpty() ? "" : "`" + setting.defaultValue() + "`";
      assertThat(readme)
          .as("README row for %s", setting.env())
          .containsPattern("\\| `" + setting.env() + "` \\| " + java.util.regex.Pattern.quote(expectedDefault) + " \\|");
    }
  }
}
