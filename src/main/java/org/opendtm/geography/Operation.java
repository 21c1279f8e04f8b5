package org.opendtm.geography;

import java.util.List;

/**
 * One country response with its own geography, rounds, staff and sharing rules. Figures of
 * different operations are never added together.
 *
 * @param sexAgeBands band codes in order, e.g. {@code 0_0, 1_5, 6_17, 18_59, 60}; counts are kept
 *     female bands first, then male bands
 * @param reasons the displacement reasons this operation records
 */
public record Operation(
    long id,
    String code,
    String name,
    String countryIso3,
    String countryName,
    int adminLevels,
    List<String> sexAgeBands,
    List<String> reasons,
    String status,
    OperationSettings settings) {}
