package org.opendtm.collection;

/**
 * One field of one form version, as its submissions hold it. Every version keeps its own list, so
 * that a submission is always read and exported with the fields of the version it was made with.
 *
 * @param path the absolute XForm path, e.g. {@code /data/population/idp_individuals}
 * @param name the XLSForm name (unique in the form)
 * @param type the XLSForm type keyword ({@code integer}, {@code select_one}, {@code group}, {@code
 *     repeat}, {@code start}, …; {@code meta} for the instance ID and name)
 * @param dataType the XForm data type ({@code int}, {@code string}, {@code geopoint}, …; null for
 *     groups and repeats)
 * @param choiceList the choice list of a select, else null
 * @param label the label in the form's default language, or null
 * @param repeat the path of the innermost repeat the field is in, or null
 */
public record FormField(
    String path,
    String name,
    String type,
    String dataType,
    String choiceList,
    String label,
    String repeat) {}
