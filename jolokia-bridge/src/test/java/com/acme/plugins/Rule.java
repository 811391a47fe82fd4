package com.acme.plugins;

/** A pricing rule plugin: the host's side of the contract, loaded by the application's own class loader. */
public interface Rule {

    /** The price after this rule, in cents. */
    long apply(long cents);

    /** The plugin's version, as deployed. */
    String version();
}
