package org.opendtm.geography.internal;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.Location;
import org.opendtm.geography.LocationKind;
import org.opendtm.geography.PcodeMatch;
import org.opendtm.geography.PlaceResolver;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A place resolver holding an operation's units and locations in hash maps: exact P-code matches,
 * then the country-prefix rule (ISO2 ↔ ISO3 prefix, {@code CF12} ↔ {@code CAF12}). Simple stand-in
 * until the geography module's full resolver lands.
 */
public final class SimplePlaceResolver implements PlaceResolver {

  static final String COUNTRY_PREFIX = "COUNTRY_PREFIX";

  private final Map<Long, AdminUnit> unitsById = new HashMap<>();
  private final Map<String, AdminUnit> unitsByPcode = new HashMap<>();
  private final Map<String, Location> locationsByCode = new HashMap<>();
  private final String iso2;
  private final String iso3;

  private SimplePlaceResolver(String iso3) {
    this.iso3 = iso3.toUpperCase(Locale.ROOT);
    this.iso2 = Countries.alpha2(iso3).orElse(null);
  }

  /** Loads the operation's units (current ones win over retired ones of the same P-code). */
  public static SimplePlaceResolver load(JdbcClient jdbc, long operationId, String iso3) {
    SimplePlaceResolver resolver = new SimplePlaceResolver(iso3);
    jdbc
        .sql(
            """
            select id, level, pcode, name, parent_id, valid_from, valid_to, provisional
              from geography.admin_unit where operation_id = :operation
             order by (valid_to is null), valid_to
            """)
        .param("operation", operationId)
        .query(
            (rs, n) ->
                new AdminUnit(
                    rs.getLong("id"),
                    rs.getInt("level"),
                    rs.getString("pcode"),
                    rs.getString("name"),
                    (Long) rs.getObject("parent_id"),
                    rs.getObject("valid_from", LocalDate.class),
                    rs.getObject("valid_to", LocalDate.class),
                    rs.getBoolean("provisional")))
        .stream()
        .forEach(
            unit -> {
              resolver.unitsById.put(unit.id(), unit);
              resolver.unitsByPcode.put(unit.pcode().toUpperCase(Locale.ROOT), unit);
            });
    jdbc
        .sql(
            """
            select id, code, name, kind, admin_unit_id, latitude, longitude, boundary_unit_id
              from geography.location where operation_id = :operation
            """)
        .param("operation", operationId)
        .query(
            (rs, n) ->
                new Location(
                    rs.getLong("id"),
                    rs.getString("code"),
                    rs.getString("name"),
                    LocationKind.valueOf(rs.getString("kind")),
                    rs.getLong("admin_unit_id"),
                    (Double) rs.getObject("latitude"),
                    (Double) rs.getObject("longitude"),
                    (Long) rs.getObject("boundary_unit_id")))
        .stream()
        .forEach(l -> resolver.locationsByCode.put(l.code().toUpperCase(Locale.ROOT), l));
    return resolver;
  }

  @Override
  public Optional<PcodeMatch> unit(String writtenPcode) {
    if (writtenPcode == null || writtenPcode.isBlank()) return Optional.empty();
    String written = writtenPcode.strip();
    String key = written.toUpperCase(Locale.ROOT);
    AdminUnit exact = unitsByPcode.get(key);
    if (exact != null) return Optional.of(new PcodeMatch(written, exact, null));
    if (iso2 != null) {
      String other = null;
      if (key.startsWith(iso3)) other = iso2 + key.substring(3);
      else if (key.startsWith(iso2)) other = iso3 + key.substring(2);
      AdminUnit byRule = other == null ? null : unitsByPcode.get(other);
      if (byRule != null) return Optional.of(new PcodeMatch(written, byRule, COUNTRY_PREFIX));
    }
    return Optional.empty();
  }

  @Override
  public Optional<AdminUnit> unitById(long id) {
    return Optional.ofNullable(unitsById.get(id));
  }

  @Override
  public Optional<AdminUnit> ancestor(AdminUnit unit, int level) {
    AdminUnit current = unit;
    while (current != null && current.level() > level) {
      current = current.parentId() == null ? null : unitsById.get(current.parentId());
    }
    return current != null && current.level() == level ? Optional.of(current) : Optional.empty();
  }

  @Override
  public Optional<Location> location(String code) {
    if (code == null) return Optional.empty();
    return Optional.ofNullable(locationsByCode.get(code.strip().toUpperCase(Locale.ROOT)));
  }

  @Override
  public Optional<AdminUnit> unitAt(double latitude, double longitude, int level) {
    return Optional.empty(); // boundaries are the geography module's full resolver's business
  }

  @Override
  public boolean hasGeography() {
    return !unitsById.isEmpty();
  }

  /** For tests and callers that need every unit. */
  public List<AdminUnit> units() {
    return List.copyOf(unitsById.values());
  }
}
