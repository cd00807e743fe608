-- Limits the gateways enforce (docs/gateway.md#limits), set per enterprise by the park's operator,
-- with defaults per park. NULL: the next level's value (enterprise, then park, then the platform's
-- configuration parkpulse.platform.limits.*). 0: no limit.
ALTER TABLE park
    ADD COLUMN limit_max_connections                int    CHECK (limit_max_connections >= 0),
    ADD COLUMN limit_device_messages_per_second     int    CHECK (limit_device_messages_per_second >= 0),
    ADD COLUMN limit_enterprise_messages_per_second int    CHECK (limit_enterprise_messages_per_second >= 0),
    ADD COLUMN limit_device_bytes_per_day           bigint CHECK (limit_device_bytes_per_day >= 0),
    ADD COLUMN limit_enterprise_bytes_per_day       bigint CHECK (limit_enterprise_bytes_per_day >= 0);

ALTER TABLE enterprise
    ADD COLUMN limit_max_connections                int    CHECK (limit_max_connections >= 0),
    ADD COLUMN limit_device_messages_per_second     int    CHECK (limit_device_messages_per_second >= 0),
    ADD COLUMN limit_enterprise_messages_per_second int    CHECK (limit_enterprise_messages_per_second >= 0),
    ADD COLUMN limit_device_bytes_per_day           bigint CHECK (limit_device_bytes_per_day >= 0),
    ADD COLUMN limit_enterprise_bytes_per_day       bigint CHECK (limit_enterprise_bytes_per_day >= 0);
