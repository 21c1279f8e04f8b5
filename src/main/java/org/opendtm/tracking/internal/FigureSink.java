package org.opendtm.tracking.internal;

/**
 * Where the reader sends what it read from the good rows of a file: the places, each once, when
 * they are first seen, and every figure after its place. The staging table keeps the figures for
 * the importer to store after the read ({@link StagingTable}); the pipeline stores assessments and
 * figures while the file is read ({@link FigurePipeline}).
 */
interface FigureSink {

  /** A place seen for the first time, with the values of its first row (the figures follow). */
  default void newPlace(ImportPlaces.Place place) {}

  /**
   * One figure of a place already announced; {@code suspect}: a rule that looks at one figure could
   * flag it ({@link FigureChecks}).
   */
  void add(StagingTable.Row figure, boolean suspect);

  /**
   * Whether this sink stores rows while the file is read, and so cannot take a file that creates
   * places or is shaped as DTM API records: the reader then stops with {@link
   * AssessmentFileReader.NeedsStaging}.
   */
  default boolean writesWhileReading() {
    return false;
  }
}
