package org.opendtm.geography;

import java.util.List;
import org.opendtm.geography.internal.BoundaryMaps;
import org.opendtm.geography.internal.GeographyProperties;
import org.opendtm.geography.internal.Locations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What maps need of an operation's geography: simplified boundaries and the located places. For
 * other modules' pages (the web UI); callers check access first.
 */
@Service
@Transactional(readOnly = true)
public class GeographyMaps {

  private final BoundaryMaps boundaries;
  private final Locations locations;
  private final GeographyProperties properties;

  GeographyMaps(BoundaryMaps boundaries, Locations locations, GeographyProperties properties) {
    this.boundaries = boundaries;
    this.locations = locations;
    this.properties = properties;
  }

  /**
   * The current units of a level as a GeoJSON FeatureCollection (properties {@code pcode}, {@code
   * name}), simplified with the configured tolerance and cached until the geography changes.
   */
  public String boundaries(long operationId, int level) {
    return boundaries.featureCollection(operationId, level, properties.boundaryTolerance());
  }

  /** Cells no smaller than the view divided by this, per side: a bound on what a map receives. */
  static final int MAX_CELLS_PER_SIDE = 100;

  /**
   * The located places inside a map view, grouped into grid cells of about {@code cellPixels}
   * screen pixels at the map's zoom (Web Mercator, 256-pixel tiles), so that a map of 100,000
   * places receives a few hundred marks; at street zoom most cells hold one place, named. The cell
   * never gets smaller than a hundredth of the view's side, however large the zoom a caller asks.
   */
  public LocationCells locationCells(
      long operationId, LocationCells.View view, int zoom, int cellPixels) {
    double degreesPerPixel = 360.0 / (256.0 * Math.pow(2, Math.max(0, Math.min(zoom, 24))));
    double side = Math.max(view.east() - view.west(), view.north() - view.south());
    double cell = Math.max(degreesPerPixel * Math.max(1, cellPixels), side / MAX_CELLS_PER_SIDE);
    return locations.cells(operationId, view, Math.max(cell, 1e-6));
  }

  /** Every location of the operation (sites, villages, …), with or without coordinates. */
  public List<Location> listLocations(long operationId) {
    return locations.listAll(operationId);
  }
}
