-- Kafka credentials a park's operator issued to the park's integrators
-- (integrations.KafkaCredentialService). The password is kept only by Kafka, as a salted SCRAM
-- hash; the user may read the park's topics and nothing else.
CREATE TABLE kafka_credential (
    username    text        PRIMARY KEY,
    park_id     text        NOT NULL,
    name        text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (park_id, name)
);
