package io.parkpulse.platform.alarms;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class GeofenceRepository implements PanacheRepositoryBase<Geofence, String> {}
