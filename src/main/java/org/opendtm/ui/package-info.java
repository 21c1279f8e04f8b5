/**
 * The web application for officers, partners and the public: server-rendered pages (Thymeleaf,
 * htmx, Leaflet, Chart.js from WebJars) over the other modules' public APIs.
 */
package org.opendtm.ui;
