-- The park's map, drawn without online tiles: an outline the operator uploads as GeoJSON, or an
-- image (a site plan) with the coordinates of its edges.
CREATE TABLE park_map (
    park_id     text             PRIMARY KEY REFERENCES park (id) ON DELETE CASCADE,
    geojson     jsonb,
    image       bytea,
    image_type  text             CHECK (image_type IN ('image/png', 'image/jpeg')),
    west        double precision,
    south       double precision,
    east        double precision,
    north       double precision,
    updated_at  timestamptz      NOT NULL DEFAULT now(),
    updated_by  text             NOT NULL,
    CHECK ((geojson IS NULL) <> (image IS NULL)),
    CHECK (image IS NULL OR (image_type IS NOT NULL AND west < east AND south < north))
);

-- Zones of a park: a polygon of [longitude, latitude] corners and what the zone is. Each has an
-- alarm rule (condition inside or outside) that opens an alarm when a tracked device enters a
-- forbidden or hazard zone, or leaves a parking zone, and clears it when it comes out or back.
CREATE TABLE geofence (
    id          text        PRIMARY KEY,
    park_id     text        NOT NULL REFERENCES park (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('forbidden', 'hazard', 'parking')),
    polygon     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX geofence_park ON geofence (park_id);

ALTER TABLE alarm_rule ADD COLUMN geofence_id text REFERENCES geofence (id) ON DELETE CASCADE;
ALTER TABLE alarm_rule DROP CONSTRAINT alarm_rule_condition_check;
ALTER TABLE alarm_rule ADD CONSTRAINT alarm_rule_condition_check
    CHECK (condition IN ('above', 'below', 'equals', 'inside', 'outside'));
ALTER TABLE alarm_rule ADD CONSTRAINT alarm_rule_geofence_condition
    CHECK ((geofence_id IS NOT NULL) = (condition IN ('inside', 'outside')));

-- Vehicles (forklifts, tugs) carry trackers; they are not machines of the maturity indicators.
ALTER TABLE device DROP CONSTRAINT device_type_check;
ALTER TABLE device ADD CONSTRAINT device_type_check
    CHECK (type IN ('machine', 'meter', 'controller', 'gateway', 'vehicle'));
