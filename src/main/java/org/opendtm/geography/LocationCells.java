package org.opendtm.geography;

import java.util.List;

/**
 * The located places of an operation inside a map view, grouped into square cells of a grid in
 * degrees so that a map receives at most a few thousand marks whatever the number of places.
 *
 * @param cellDegrees the side of a cell, in degrees of latitude and longitude
 * @param places how many located places the view holds (the sum of the cells' counts)
 * @param cells the non-empty cells
 */
public record LocationCells(double cellDegrees, long places, List<Cell> cells) {

  /**
   * One cell: the mean position of its places and how many there are; a cell of one place also
   * names it.
   *
   * @param code the place's code when the cell holds one place, else null (also name and kind)
   */
  public record Cell(
      double latitude, double longitude, int count, String code, String name, LocationKind kind) {}

  /** A map view in degrees (west ≤ east; views across the antimeridian are not split). */
  public record View(double west, double south, double east, double north) {

    /** The whole world. */
    public static final View WORLD = new View(-180, -90, 180, 90);

    public View {
      if (!(west >= -180
          && east <= 180
          && west <= east
          && south >= -90
          && north <= 90
          && south <= north)) {
        throw new IllegalArgumentException(
            "Not a map view: " + west + "," + south + "," + east + "," + north);
      }
    }
  }
}
