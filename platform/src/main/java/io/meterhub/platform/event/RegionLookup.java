package io.meterhub.platform.event;

/** Tells the region of a meter; empty string for an unknown meter. May block (SQL); called on the event workers. */
@FunctionalInterface
public interface RegionLookup {

  String regionOf(String meterId);
}
