/**
 * Field-by-field authenticated encryption of personal data (AES-256-GCM) with keys from
 * configuration, versioned ciphertexts and key rotation.
 */
package org.opendtm.platform.crypto;
