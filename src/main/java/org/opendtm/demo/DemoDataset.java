package org.opendtm.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * What the generator wrote: the files in {@link #directory()} and the facts needed to load them —
 * the country, the rounds with their dates, and the problems planted in the last round.
 *
 * @param directory where the files are
 * @param seed the seed they were generated from
 * @param size locations and rounds
 * @param countryName short name of the country (the admin 0 name)
 * @param countryIso3 user-assigned ISO 3166 alpha-3 code
 * @param adm0Pcode P-code of the country, which prefixes all others
 * @param adminUnits number of units at admin levels 1, 2 and 3 (index 0 is admin 1)
 * @param sites sites (camps, collective centres, informal settlements) in the master list
 * @param villages host-community villages in the master list
 * @param rounds the rounds, in order
 * @param problems the planted problems, in file order
 */
public record DemoDataset(
    Path directory,
    long seed,
    DemoSize size,
    String countryName,
    String countryIso3,
    String adm0Pcode,
    List<Integer> adminUnits,
    int sites,
    int villages,
    List<DemoRound> rounds,
    List<PlantedProblem> problems) {

  public DemoDataset {
    adminUnits = List.copyOf(adminUnits);
    rounds = List.copyOf(rounds);
    problems = List.copyOf(problems);
  }

  /** A file of the dataset. */
  public Path file(String name) {
    return directory.resolve(name);
  }
}
