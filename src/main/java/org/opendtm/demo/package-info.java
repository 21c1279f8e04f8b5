/** The deterministic demo operation and the generator of large benchmark datasets. */
package org.opendtm.demo;
