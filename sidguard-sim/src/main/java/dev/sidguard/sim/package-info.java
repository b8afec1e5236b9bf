/** Simulated Okta tenants with labelled replay attacks, and measured detection quality. */
@NullMarked
package dev.sidguard.sim;

import org.jspecify.annotations.NullMarked;
