package org.opendtm.platform.cluster;

/**
 * Something changed on another instance, heard through {@link ClusterEvents}: published as a Spring
 * event on this instance (never for this instance's own notices).
 *
 * @param topic what changed, e.g. {@link ClusterEvents#PUBLISHED_DATA}; {@link
 *     ClusterEvents#RESYNC} when notices may have been missed (the listening connection was lost
 *     and is back): anything may have changed
 * @param key what it changed on (an operation code, a user name), possibly empty
 */
public record ClusterEvent(String topic, String key) {

  /** True when this event concerns the topic, or notices may have been missed. */
  public boolean concerns(String wanted) {
    return topic.equals(wanted) || topic.equals(ClusterEvents.RESYNC);
  }
}
