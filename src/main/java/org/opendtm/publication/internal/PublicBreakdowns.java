package org.opendtm.publication.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.opendtm.geography.Operation;
import org.opendtm.publication.PopulationBreakdown;
import org.opendtm.publication.PopulationBreakdown.SexAgeBand;
import org.opendtm.publication.PopulationBreakdown.ShelterCount;
import org.opendtm.publication.internal.Aggregates.RoundRevision;
import org.opendtm.publication.internal.disclosure.BreakdownDisclosure;
import org.springframework.stereotype.Component;

/**
 * Assembles a unit's breakdowns from the stored rows: as stored for signed-in users ({@link
 * #signedIn}), or the public way ({@link #publicView}) — IDPs only, no finer than the operation's
 * public admin level (and admin 2), disclosure control applied by {@link BreakdownDisclosure}. The
 * public rules are the same as {@link PublicFigures}', applied here for the breakdowns.
 */
@Component
public class PublicBreakdowns {

  private static final String PUBLIC_GROUP = "IDP";
  private static final int FINEST_PUBLIC_LEVEL = 2;

  private final Breakdowns breakdowns;
  private final BreakdownDisclosure disclosure;

  PublicBreakdowns(Breakdowns breakdowns, BreakdownDisclosure disclosure) {
    this.breakdowns = breakdowns;
    this.disclosure = disclosure;
  }

  /**
   * A unit's breakdowns as stored; empty when the revision has none (published before breakdowns
   * existed and not back-filled).
   *
   * @param pcode the unit; the whole operation (admin 0) when null
   */
  public Optional<PopulationBreakdown> signedIn(
      RoundRevision revision, int roundNumber, String type, String group, String pcode) {
    Optional<List<String>> bands = breakdowns.findBands(revision);
    if (bands.isEmpty()) return Optional.empty();
    List<Breakdowns.SexAgeRow> sexAge = breakdowns.listSexAge(revision, type, group, pcode, null);
    List<Breakdowns.ShelterRow> shelters =
        breakdowns.listShelters(revision, type, group, pcode, null);
    Breakdowns.SexAgeRow pyramid = sexAge.isEmpty() ? null : sexAge.get(0);
    List<SexAgeBand> sexAgeBands = new ArrayList<>();
    if (pyramid != null) {
      for (int i = 0; i < bands.get().size(); i++) {
        sexAgeBands.add(
            new SexAgeBand(bands.get().get(i), pyramid.females()[i], pyramid.males()[i]));
      }
    }
    long individuals = 0;
    List<ShelterCount> counts = new ArrayList<>();
    for (Breakdowns.ShelterRow s : shelters) {
      individuals += s.individuals();
      counts.add(new ShelterCount(s.shelter(), s.individuals()));
    }
    int level =
        pyramid != null
            ? pyramid.adminLevel()
            : shelters.isEmpty() ? 0 : shelters.get(0).adminLevel();
    String unitPcode =
        pyramid != null ? pyramid.pcode() : shelters.isEmpty() ? pcode : shelters.get(0).pcode();
    String name =
        pyramid != null ? pyramid.name() : shelters.isEmpty() ? null : shelters.get(0).name();
    return Optional.of(
        new PopulationBreakdown(
            roundNumber,
            type,
            group,
            level,
            unitPcode,
            name,
            sexAgeBands,
            pyramid == null ? 0L : pyramid.bandedIndividuals(),
            individuals,
            counts,
            false));
  }

  /**
   * A unit's public breakdowns (IDPs); empty when the revision has none or the unit is finer than
   * the public admin level. Hidden counts are null; shelters whose count is hidden are listed last.
   */
  public Optional<PopulationBreakdown> publicView(
      Operation operation,
      RoundRevision revision,
      int roundNumber,
      String type,
      String pcode,
      int publicAdminLevel) {
    Optional<PopulationBreakdown> stored =
        signedIn(revision, roundNumber, type, PUBLIC_GROUP, pcode);
    if (stored.isEmpty()) return Optional.empty();
    PopulationBreakdown all = stored.get();
    if (all.adminLevel() > Math.min(publicAdminLevel, FINEST_PUBLIC_LEVEL)) return Optional.empty();
    if (all.name() == null) {
      // nothing published for this unit and type: nothing to protect
      return Optional.of(
          new PopulationBreakdown(
              roundNumber,
              type,
              PUBLIC_GROUP,
              all.adminLevel(),
              all.pcode(),
              null,
              List.of(),
              null,
              null,
              List.of(),
              false));
    }
    String geo = BreakdownDisclosure.geo(all.adminLevel(), all.pcode());
    Optional<BreakdownDisclosure.Cells> cells =
        disclosure.hiddenCells(operation, revision.roundId(), revision.revision(), type, geo);
    if (cells.isEmpty()) return Optional.empty(); // not protected: never shown
    boolean suppressed = false;
    List<SexAgeBand> bands = new ArrayList<>();
    for (SexAgeBand b : all.sexAge()) {
      boolean f = cells.get().hiddenBand(type, geo, b.band(), true);
      boolean m = cells.get().hiddenBand(type, geo, b.band(), false);
      suppressed |= f || m;
      bands.add(new SexAgeBand(b.band(), f ? null : b.females(), m ? null : b.males()));
    }
    List<ShelterCount> shelters = new ArrayList<>();
    for (ShelterCount s : all.shelters()) {
      boolean hidden = cells.get().hiddenShelter(type, geo, s.shelter());
      suppressed |= hidden;
      shelters.add(new ShelterCount(s.shelter(), hidden ? null : s.individuals()));
    }
    shelters.sort(
        Comparator.comparing(
            (ShelterCount s) -> s.individuals() == null ? -1 : s.individuals(),
            Comparator.reverseOrder()));
    return Optional.of(
        new PopulationBreakdown(
            roundNumber,
            type,
            PUBLIC_GROUP,
            all.adminLevel(),
            all.pcode(),
            all.name(),
            bands,
            null,
            null,
            shelters,
            suppressed));
  }
}
