package org.opendtm.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Anyone, signed in or not, may call the endpoint: it serves published, disclosure-controlled data
 * only. Allowed only under {@code /dtm/} and {@code /public/}, the prefixes the security filter
 * leaves open.
 *
 * @see Allow
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface PublicPublishedData {}
