package org.opendtm.demo;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * One admin unit of the demo country.
 *
 * @param level 1, 2 or 3
 * @param index position in its level's list, which is also P-code order
 * @param parent index of the parent in the level above (-1 for admin 1, whose parent is the
 *     country)
 * @param centre the point the unit was grown from, used for distances
 */
record AdminArea(
    int level,
    int index,
    String pcode,
    String name,
    int parent,
    Geometry geometry,
    Coordinate centre) {}
