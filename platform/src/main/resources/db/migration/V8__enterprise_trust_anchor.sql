-- The enterprise's CA certificates (PEM, one or more: two during a rotation) that its devices'
-- client certificates must chain to for mutual TLS at the gateway; null: secrets only.
ALTER TABLE enterprise ADD COLUMN trust_anchor text;
