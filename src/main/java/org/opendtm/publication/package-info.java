/** Published aggregates of signed-off rounds, the DTM-API-compatible public API and HXL exports. */
package org.opendtm.publication;
