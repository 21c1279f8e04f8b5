/**
 * Operations and their geography: admin units with P-codes, versions and crosswalks, locations,
 * boundary import and spatial lookup.
 */
package org.opendtm.geography;
