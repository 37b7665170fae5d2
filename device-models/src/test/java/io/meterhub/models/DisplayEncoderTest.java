package io.meterhub.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.api.Test;

class DisplayEncoderTest {

  @Test
  void encodesEveryDisplayResourceOfInstanceZero() {
    LwM2mObjectInstance node =
        DisplayEncoder.encode(new PrepaymentDisplay(-1250, "EUR", PrepaymentDisplay.STATE_EMERGENCY, false, true));

    assertThat(node.getId()).isZero();
    assertThat(node.getResources()).hasSize(6);
    assertThat(node.getResource(0).getValue()).isEqualTo(-1250L);
    assertThat(node.getResource(0).getType()).isEqualTo(Type.INTEGER);
    assertThat(node.getResource(1).getValue()).isEqualTo("EUR");
    assertThat(node.getResource(2).getValue()).isEqualTo("emergency");
    assertThat(node.getResource(3).getValue()).isEqualTo(false);
    assertThat(node.getResource(4).getValue()).isEqualTo(true);
    assertThat(node.getResource(5).getValue()).isEqualTo(2L);
  }

  @Test
  void minorUnitDigitsFollowTheCurrency() {
    assertThat(DisplayEncoder.encode(new PrepaymentDisplay(500, "JPY", "normal", true, false)).getResource(5).getValue())
        .isEqualTo(0L);
    assertThat(DisplayEncoder.encode(new PrepaymentDisplay(500, "KWD", "normal", true, false)).getResource(5).getValue())
        .isEqualTo(3L);
  }

  @Test
  void encodedDisplayMatchesTheModelAndSurvivesTlv() {
    LwM2mObjectInstance node = DisplayEncoder.encode(new PrepaymentDisplay(123456, "NGN", "low", true, true));
    LwM2mPath path = new LwM2mPath(26242, 0);

    byte[] tlv = new DefaultLwM2mEncoder().encode(node, ContentFormat.TLV, path, MeterObjectModels.model());
    LwM2mObjectInstance decoded =
        new DefaultLwM2mDecoder()
            .decode(tlv, ContentFormat.TLV, path, MeterObjectModels.model(), LwM2mObjectInstance.class);

    assertThat(decoded).isEqualTo(node);
  }

  @Test
  void rejectsWhatAMeterCouldNotShow() {
    assertThatThrownBy(() -> new PrepaymentDisplay(1, "eur", "normal", false, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PrepaymentDisplay(1, "EUR", "OK", false, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DisplayEncoder.encode(null)).isInstanceOf(NullPointerException.class);
  }
}
