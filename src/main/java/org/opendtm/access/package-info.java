/** Users, roles per operation, sign-in and the access policy every endpoint goes through. */
package org.opendtm.access;
