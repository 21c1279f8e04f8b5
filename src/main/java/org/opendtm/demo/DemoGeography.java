package org.opendtm.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.algorithm.construct.LargestEmptyCircle;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.locationtech.jts.precision.GeometryPrecisionReducer;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * The fictional country's admin boundaries, built with JTS: an irregular outline, a Voronoi diagram
 * over seeded points clipped to it (admin 3), and admin 3 cells grouped into admin 2 and admin 2
 * into admin 1 around seeded centres, each level the union of the one below, so boundaries nest
 * exactly.
 *
 * <p>Every coordinate lies on a 10⁻⁵ degree grid (about a metre): the cells are snapped before they
 * are clipped and unioned, so the files, which print five decimals, carry the very geometry the
 * nesting was computed on.
 */
final class DemoGeography {

  static final PrecisionModel PRECISION = new PrecisionModel(100_000);
  static final GeometryFactory FACTORY = new GeometryFactory(PRECISION, 4326);

  /** Where the country lies: open ocean east of the Seychelles, so no real place is covered. */
  private static final double CENTRE_LON = 60.5;

  private static final double CENTRE_LAT = -8.0;
  private static final double HALF_WIDTH = 3.0;
  private static final double HALF_HEIGHT = 2.5;

  final Polygon outline;
  final List<AdminArea> adm1;
  final List<AdminArea> adm2;
  final List<AdminArea> adm3;
  private final boolean[][] adm1Neighbours;
  private final IndexedPointInAreaLocator[] adm3Locators;

  private DemoGeography(
      Polygon outline, List<AdminArea> adm1, List<AdminArea> adm2, List<AdminArea> adm3) {
    this.outline = outline;
    this.adm1 = adm1;
    this.adm2 = adm2;
    this.adm3 = adm3;
    adm1Neighbours = new boolean[adm1.size()][adm1.size()];
    for (int a = 0; a < adm1.size(); a++) {
      for (int b = a + 1; b < adm1.size(); b++) {
        boolean touching = adm1.get(a).geometry().intersects(adm1.get(b).geometry());
        adm1Neighbours[a][b] = touching;
        adm1Neighbours[b][a] = touching;
      }
    }
    adm3Locators = new IndexedPointInAreaLocator[adm3.size()];
    for (int i = 0; i < adm3.size(); i++) {
      adm3Locators[i] = new IndexedPointInAreaLocator(adm3.get(i).geometry());
    }
  }

  /**
   * Builds the country.
   *
   * @param adm1Count number of admin 1 units (6–8 for the demo)
   * @param adm2Count number of admin 2 units
   * @param adm3Count number of admin 3 units
   */
  static DemoGeography build(
      long seed, String prefix, int adm1Count, int adm2Count, int adm3Count) {
    Dice dice = Dice.of(seed, Streams.GEOGRAPHY);
    Polygon outline = outline(dice);
    List<Coordinate> seeds = spreadPoints(outline, adm3Count, dice);
    List<Geometry> cells = voronoiCells(outline, seeds);

    List<Coordinate> centres2 = groupCentres(seeds, adm2Count, dice);
    int[] adm3To2 = nearest(seeds, centres2);
    List<Coordinate> centres1 = groupCentres(centres2, adm1Count, dice);
    int[] adm2To1 = nearest(centres2, centres1);

    // union level by level: admin 2 from its admin 3 cells, admin 1 from its admin 2 unions
    List<Geometry> shapes2 = unionGroups(cells, adm3To2, centres2.size());
    List<Geometry> shapes1 = unionGroups(shapes2, adm2To1, centres1.size());

    Dice names = Dice.of(seed, Streams.NAMES);
    Set<String> taken = new HashSet<>();
    List<AdminArea> adm1 = new ArrayList<>();
    List<AdminArea> adm2 = new ArrayList<>();
    List<AdminArea> adm3 = new ArrayList<>();
    List<Integer> order1 = northToSouth(shapes1, allIndexes(shapes1.size()));
    for (int o1 : order1) {
      int index1 = adm1.size();
      String code1 = prefix + twoDigits(index1 + 1);
      adm1.add(
          new AdminArea(
              1, index1, code1, Names.unique(names, taken), -1, shapes1.get(o1), centres1.get(o1)));
      List<Integer> order2 = northToSouth(shapes2, membersOf(adm2To1, o1));
      for (int n2 = 0; n2 < order2.size(); n2++) {
        int o2 = order2.get(n2);
        int index2 = adm2.size();
        String code2 = code1 + twoDigits(n2 + 1);
        adm2.add(
            new AdminArea(
                2,
                index2,
                code2,
                Names.unique(names, taken),
                index1,
                shapes2.get(o2),
                centres2.get(o2)));
        List<Integer> order3 = northToSouth(cells, membersOf(adm3To2, o2));
        for (int n3 = 0; n3 < order3.size(); n3++) {
          int o3 = order3.get(n3);
          adm3.add(
              new AdminArea(
                  3,
                  adm3.size(),
                  code2 + twoDigits(n3 + 1),
                  Names.unique(names, taken),
                  index2,
                  cells.get(o3),
                  seeds.get(o3)));
        }
      }
    }
    return new DemoGeography(outline, List.copyOf(adm1), List.copyOf(adm2), List.copyOf(adm3));
  }

  boolean neighbours(int adm1A, int adm1B) {
    return adm1Neighbours[adm1A][adm1B];
  }

  double adm1Distance(int a, int b) {
    return adm1.get(a).centre().distance(adm1.get(b).centre());
  }

  /** A point on the 10⁻⁵ grid strictly inside the admin 3 unit, drawn uniformly. */
  Coordinate pointInside(int adm3Index, Dice dice) {
    Geometry area = adm3.get(adm3Index).geometry();
    Envelope box = area.getEnvelopeInternal();
    for (int attempt = 0; attempt < 500; attempt++) {
      Coordinate point =
          new Coordinate(
              dice.between(box.getMinX(), box.getMaxX()),
              dice.between(box.getMinY(), box.getMaxY()));
      PRECISION.makePrecise(point);
      if (adm3Locators[adm3Index].locate(point) == Location.INTERIOR) return point;
    }
    // a sliver the dice keep missing: take the centre of its largest empty circle
    Coordinate centre = LargestEmptyCircle.getCenter(area, 1e-4).getCoordinate();
    PRECISION.makePrecise(centre);
    return centre;
  }

  private static Polygon outline(Dice dice) {
    double centreLon = CENTRE_LON + dice.between(-0.5, 0.5);
    double centreLat = CENTRE_LAT + dice.between(-0.5, 0.5);
    int harmonics = 14;
    double[] amplitude = new double[harmonics];
    double[] phase = new double[harmonics];
    for (int k = 2; k < harmonics; k++) {
      // low harmonics give the shape, high ones a ragged coast
      amplitude[k] = dice.between(0.04, 0.28) / StrictMath.pow(k, 1.1);
      phase[k] = dice.between(0, 2 * StrictMath.PI);
    }
    int vertices = 360;
    Coordinate[] ring = new Coordinate[vertices + 1];
    for (int v = 0; v < vertices; v++) {
      double theta = 2 * StrictMath.PI * v / vertices;
      double radius = 1.0;
      for (int k = 2; k < harmonics; k++) {
        radius += amplitude[k] * StrictMath.sin(k * theta + phase[k]);
      }
      radius += dice.between(-0.008, 0.008);
      Coordinate c =
          new Coordinate(
              centreLon + HALF_WIDTH * radius * StrictMath.cos(theta),
              centreLat + HALF_HEIGHT * radius * StrictMath.sin(theta));
      PRECISION.makePrecise(c);
      ring[v] = c;
    }
    ring[vertices] = ring[0].copy();
    // the radius stays positive, so the ring is star-shaped around the centre and thus simple
    return FACTORY.createPolygon(ring);
  }

  /**
   * Seeds spread over the outline by best-candidate sampling: each new point is the candidate
   * farthest from those placed, which gives cells of similar size without a regular grid.
   */
  private static List<Coordinate> spreadPoints(Polygon outline, int count, Dice dice) {
    IndexedPointInAreaLocator inside = new IndexedPointInAreaLocator(outline);
    Envelope box = outline.getEnvelopeInternal();
    List<Coordinate> points = new ArrayList<>(count);
    while (points.size() < count) {
      Coordinate best = null;
      double bestDistance = -1;
      for (int candidate = 0; candidate < 5; ) {
        Coordinate c =
            new Coordinate(
                dice.between(box.getMinX(), box.getMaxX()),
                dice.between(box.getMinY(), box.getMaxY()));
        if (inside.locate(c) != Location.INTERIOR) continue;
        candidate++;
        double nearest = Double.MAX_VALUE;
        for (Coordinate p : points) nearest = Math.min(nearest, distanceSq(p, c));
        if (nearest > bestDistance) {
          bestDistance = nearest;
          best = c;
        }
      }
      points.add(best);
    }
    return points;
  }

  /** One polygonal cell per seed, in seed order, snapped to the grid and clipped to the outline. */
  private static List<Geometry> voronoiCells(Polygon outline, List<Coordinate> seeds) {
    VoronoiDiagramBuilder builder = new VoronoiDiagramBuilder();
    builder.setSites(seeds);
    Envelope clip = new Envelope(outline.getEnvelopeInternal());
    clip.expandBy(1.0);
    builder.setClipEnvelope(clip);
    Geometry diagram = builder.getDiagram(new GeometryFactory());
    Map<Coordinate, Integer> seedIndex = new HashMap<>();
    for (int i = 0; i < seeds.size(); i++) seedIndex.put(seeds.get(i), i);
    Geometry[] cells = new Geometry[seeds.size()];
    for (int g = 0; g < diagram.getNumGeometries(); g++) {
      Geometry cell = diagram.getGeometryN(g);
      Integer index = seedIndex.get((Coordinate) cell.getUserData());
      if (index == null) continue;
      Geometry snapped = GeometryPrecisionReducer.reduce(cell, PRECISION);
      OverlayNG clipping = new OverlayNG(snapped, outline, PRECISION, OverlayNG.INTERSECTION);
      clipping.setStrictMode(true);
      cells[index] = polygonal(clipping.getResult());
    }
    List<Geometry> result = new ArrayList<>(cells.length);
    for (int i = 0; i < cells.length; i++) {
      if (cells[i] == null || cells[i].isEmpty()) {
        throw new IllegalStateException("Voronoi cell " + i + " is empty");
      }
      result.add(cells[i]);
    }
    return result;
  }

  /**
   * Centres for grouping: spread by farthest-point selection among the points, then moved by a few
   * rounds of k-means so that groups are compact. When k-means would leave a group empty the spread
   * points themselves are kept, each of which is nearest to itself.
   */
  private static List<Coordinate> groupCentres(List<Coordinate> points, int count, Dice dice) {
    List<Coordinate> centres = new ArrayList<>(count);
    double[] nearest = new double[points.size()];
    java.util.Arrays.fill(nearest, Double.MAX_VALUE);
    int next = dice.nextInt(points.size());
    while (centres.size() < count) {
      Coordinate centre = points.get(next);
      centres.add(centre);
      int farthest = 0;
      for (int i = 0; i < points.size(); i++) {
        nearest[i] = Math.min(nearest[i], distanceSq(points.get(i), centre));
        if (nearest[i] > nearest[farthest]) farthest = i;
      }
      next = farthest;
    }
    List<Coordinate> moved = centres;
    for (int iteration = 0; iteration < 4; iteration++) {
      int[] assignment = nearest(points, moved);
      double[] sumX = new double[count];
      double[] sumY = new double[count];
      int[] members = new int[count];
      for (int i = 0; i < points.size(); i++) {
        sumX[assignment[i]] += points.get(i).x;
        sumY[assignment[i]] += points.get(i).y;
        members[assignment[i]]++;
      }
      List<Coordinate> means = new ArrayList<>(count);
      for (int c = 0; c < count; c++) {
        if (members[c] == 0) return moved;
        means.add(new Coordinate(sumX[c] / members[c], sumY[c] / members[c]));
      }
      int[] check = nearest(points, means);
      int[] counts = new int[count];
      for (int a : check) counts[a]++;
      for (int c : counts) if (c == 0) return moved;
      moved = means;
    }
    return moved;
  }

  private static int[] nearest(List<Coordinate> points, List<Coordinate> centres) {
    int[] assignment = new int[points.size()];
    for (int i = 0; i < points.size(); i++) {
      double best = Double.MAX_VALUE;
      for (int c = 0; c < centres.size(); c++) {
        double d = distanceSq(points.get(i), centres.get(c));
        if (d < best) {
          best = d;
          assignment[i] = c;
        }
      }
    }
    return assignment;
  }

  private static List<Geometry> unionGroups(List<Geometry> parts, int[] group, int groups) {
    List<List<Geometry>> members = new ArrayList<>();
    for (int g = 0; g < groups; g++) members.add(new ArrayList<>());
    for (int i = 0; i < parts.size(); i++) members.get(group[i]).add(parts.get(i));
    List<Geometry> unions = new ArrayList<>(groups);
    for (List<Geometry> m : members) {
      if (m.isEmpty()) throw new IllegalStateException("an admin group has no member");
      unions.add(polygonal(UnaryUnionOp.union(m)));
    }
    return unions;
  }

  /** Keeps the polygons of a result (as a Polygon or MultiPolygon) and drops stray lines/points. */
  private static Geometry polygonal(Geometry geometry) {
    @SuppressWarnings("unchecked")
    List<Polygon> polygons = PolygonExtracter.getPolygons(geometry);
    if (polygons.size() == 1) return polygons.get(0);
    return FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
  }

  private static List<Integer> allIndexes(int size) {
    List<Integer> all = new ArrayList<>(size);
    for (int i = 0; i < size; i++) all.add(i);
    return all;
  }

  private static List<Integer> membersOf(int[] group, int target) {
    List<Integer> members = new ArrayList<>();
    for (int i = 0; i < group.length; i++) if (group[i] == target) members.add(i);
    return members;
  }

  /** P-codes are numbered from north to south, then west to east, as many offices number them. */
  private static List<Integer> northToSouth(List<Geometry> shapes, List<Integer> indexes) {
    List<Integer> sorted = new ArrayList<>(indexes);
    Map<Integer, Coordinate> centroids = new HashMap<>();
    for (int i : sorted) centroids.put(i, shapes.get(i).getCentroid().getCoordinate());
    sorted.sort(
        Comparator.<Integer>comparingDouble(i -> -Math.round(centroids.get(i).y * 4) / 4.0)
            .thenComparingDouble(i -> centroids.get(i).x)
            .thenComparingInt(i -> i));
    return sorted;
  }

  private static double distanceSq(Coordinate a, Coordinate b) {
    double dx = a.x - b.x, dy = a.y - b.y;
    return dx * dx + dy * dy;
  }

  private static String twoDigits(int number) {
    if (number > 99) throw new IllegalStateException("more than 99 units under one parent");
    return number < 10 ? "0" + number : Integer.toString(number);
  }
}
