package org.opendtm.access.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lock-out after failed sign-ins ({@code opendtm.sign-in.*}): the first {@code freeFailures}
 * failures of a window cost nothing; each further one makes the account wait before its next
 * attempt (1 s, doubling, at most {@code maxDelay}); at {@code maxFailures} failures the account is
 * locked for {@code lockDuration}. A window lasts {@code window} from its first failure. A session
 * ends {@code sessionAbsoluteTimeout} after it began, however active (the idle timeout is Spring
 * Boot's {@code server.servlet.session.timeout}).
 */
@ConfigurationProperties("opendtm.sign-in")
record SignInProperties(
    @DefaultValue("5") int freeFailures,
    @DefaultValue("30s") Duration maxDelay,
    @DefaultValue("100") int maxFailures,
    @DefaultValue("1h") Duration window,
    @DefaultValue("1h") Duration lockDuration,
    @DefaultValue("12h") Duration sessionAbsoluteTimeout) {}
