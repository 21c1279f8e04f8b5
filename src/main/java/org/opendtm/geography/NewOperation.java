package org.opendtm.geography;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * What it takes to open an operation. Only code, name and country are required; the rest defaults
 * to DTM's usual bands and reasons.
 */
public record NewOperation(
    @NotBlank
        @Pattern(
            regexp = "^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$",
            message = "2 to 40 letters, digits, '-' or '_', starting with a letter or digit")
        String code,
    @NotBlank String name,
    @NotBlank @Pattern(regexp = "^[A-Za-z]{3}$", message = "an ISO 3166-1 alpha-3 code, e.g. NGA")
        String countryIso3,
    String countryName,
    @Min(1) @Max(5) Integer adminLevels,
    List<
            @Pattern(regexp = "^[0-9]{1,3}(_[0-9]{1,3})?$", message = "a band like 18_59 or 60")
            String>
        sexAgeBands,
    List<@NotBlank String> reasons) {

  public static final List<String> DEFAULT_BANDS = List.of("0_0", "1_5", "6_17", "18_59", "60");
  public static final List<String> DEFAULT_REASONS =
      List.of(
          "Conflict",
          "Natural disaster",
          "Insecurity",
          "Communal clashes",
          "Economic",
          "Other",
          "Not reported");

  public NewOperation(String code, String name, String countryIso3) {
    this(code, name, countryIso3, null, null, null, null);
  }
}
