package org.opendtm.geography.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opendtm.geography.LocationKind;

class LocationListImportTest {

  @Test
  void mapsLocationTypesAsTheContractSays() {
    assertThat(LocationListImport.kind("Camp")).isEqualTo(LocationKind.SITE);
    assertThat(LocationListImport.kind("collective centre")).isEqualTo(LocationKind.SITE);
    assertThat(LocationListImport.kind("Informal settlement")).isEqualTo(LocationKind.SITE);
    assertThat(LocationListImport.kind("host community")).isEqualTo(LocationKind.VILLAGE);
    assertThat(LocationListImport.kind("Village")).isEqualTo(LocationKind.VILLAGE);
    assertThat(LocationListImport.kind("neighbourhood")).isEqualTo(LocationKind.NEIGHBOURHOOD);
    assertThat(LocationListImport.kind("FMP")).isEqualTo(LocationKind.FLOW_MONITORING_POINT);
    assertThat(LocationListImport.kind("market")).isEqualTo(LocationKind.OTHER);
    assertThat(LocationListImport.kind("")).isEqualTo(LocationKind.OTHER);
  }

  @Test
  void tellsNamesFromCodes() {
    assertThat(HxlTable.looksLikeName("Bamingui-Bangoran")).isTrue();
    assertThat(HxlTable.looksLikeName("LAKE CHAD")).isTrue();
    assertThat(HxlTable.looksLikeName("CF32")).isFalse();
    assertThat(HxlTable.looksLikeName("CAF")).isFalse();
    assertThat(HxlTable.looksLikeName("Site 12")).isFalse();
  }
}
