package org.opendtm.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendtm.platform.tabular.HxlTag;
import org.opendtm.tracking.PopulationGroup;
import org.opendtm.tracking.internal.HxlColumns.Field;
import org.opendtm.tracking.internal.HxlColumns.Measure;

class HxlColumnsTest {

  private static final List<String> BANDS = List.of("0_0", "1_5", "6_17", "18_59", "60");

  private static HxlColumns plan(String... tags) {
    HxlTag[] parsed = new HxlTag[tags.length];
    for (int i = 0; i < tags.length; i++) parsed[i] = HxlTag.parse(tags[i]).orElse(null);
    return HxlColumns.of(tags, parsed, BANDS);
  }

  @Test
  void readsTheRealWorldVariantsOfDtmTags() {
    HxlColumns plan =
        plan(
            "#ADM1+PCODE",
            "#adm2+code",
            "#affected+idp+ind",
            "#affected+idps+households",
            "#affected+migrants",
            "#affected+ret+hh",
            "#population+host+ind",
            "#adm1+code+origin",
            "#meta+ki",
            "#cause+reason",
            "#date+collected",
            "#Meta+Assessment");
    assertThat(plan.ignored).isEmpty();
    assertThat(plan.columns)
        .extracting(HxlColumns.Column::field)
        .containsExactly(
            Field.ADM_CODE,
            Field.ADM_CODE,
            Field.FIGURE,
            Field.FIGURE,
            Field.FIGURE,
            Field.FIGURE,
            Field.FIGURE,
            Field.ORIGIN_CODE,
            Field.INFORMANTS,
            Field.REASON,
            Field.COLLECTED_ON,
            Field.TYPE);
    assertThat(plan.columns.get(4).group()).isEqualTo(PopulationGroup.MIGRANT);
    assertThat(plan.columns.get(6).group()).isEqualTo(PopulationGroup.HOST);
  }

  @Test
  void keepsTheFirstOfTwoColumnsForTheSameFieldAndReportsTheOther() {
    HxlColumns plan = plan("#affected+idps+ind", "#affected+idp+individuals");
    assertThat(plan.columns).hasSize(1);
    assertThat(plan.ignored.get(0).reason()).contains("#affected+idps+ind");
  }

  @Test
  void mapsSexAndAgeBandsFemaleFirstAndReportsUnknownBands() {
    HxlColumns plan =
        plan(
            "#affected+idps+f+age0_0",
            "#affected+idps+m+age60plus",
            "#affected+idps+f+age60_",
            "#affected+idps+f+age5_9",
            "#affected+idps+age18_59");
    assertThat(plan.columns).extracting(HxlColumns.Column::band).containsExactly(0, 9, 4);
    assertThat(plan.columns).allMatch(c -> c.measure() == Measure.BAND);
    assertThat(plan.columns).allMatch(c -> c.group() == PopulationGroup.IDP);
    assertThat(plan.ignored)
        .extracting(i -> i.column() + ": " + i.reason())
        .containsExactly(
            "#affected+idps+f+age5_9: band 5_9 is not one of the operation's bands"
                + " [0_0, 1_5, 6_17, 18_59, 60]",
            "#affected+idps+age18_59: age band without a single sex (+f or +m)");
  }

  @Test
  void ignoresTagsItDoesNotUseAndColumnsWithoutTags() {
    HxlTag[] tags = {HxlTag.parse("#meta+notes").orElseThrow(), null, null};
    HxlColumns plan = HxlColumns.of(new String[] {"#meta+notes", "Comment", ""}, tags, BANDS);
    assertThat(plan.columns).isEmpty();
    assertThat(plan.ignored).extracting(i -> i.column()).containsExactly("#meta+notes", "Comment");
  }
}
