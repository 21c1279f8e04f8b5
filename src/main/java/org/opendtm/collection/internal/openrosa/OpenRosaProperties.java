package org.opendtm.collection.internal.openrosa;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenRosa server's settings ({@code opendtm.openrosa.*}).
 *
 * @param realm the HTTP Digest realm; part of every stored Digest secret, so changing it
 *     invalidates all issued collect passwords
 * @param maxSubmissionBytes the largest request body of a submission, advertised to clients
 * @param nonceLifetime how long a Digest nonce is accepted before the client is told it is stale
 * @param credentialCacheTime how long a verified credential is kept in memory (a revoked one stops
 *     working at once on this server, within this time on others)
 */
@ConfigurationProperties("opendtm.openrosa")
public record OpenRosaProperties(
    @DefaultValue("OpenDTM Collect") String realm,
    @DefaultValue("10485760") long maxSubmissionBytes,
    @DefaultValue("5m") Duration nonceLifetime,
    @DefaultValue("30s") Duration credentialCacheTime) {}
