package com.acme.geo;

/** A delivery region of the reference data: its code, its name and its 1.5 KB outline. */
public record Region(String code, String name, byte[] outline) {
}
