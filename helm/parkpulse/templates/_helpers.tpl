{{- define "parkpulse.fullname" -}}
{{- printf "%s-parkpulse" .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{- define "parkpulse.labels" -}}
app.kubernetes.io/part-of: parkpulse
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- /* What a component's Deployment and Services select; never change it (selectors are immutable). */ -}}
{{- define "parkpulse.selectorLabels" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- /* An app's image: image.registry, the app's image and its tag (empty: the chart's appVersion),
the names "./parkpulse images" tags. */ -}}
{{- define "parkpulse.image" -}}
{{- $registry := .root.Values.image.registry -}}
{{- $tag := .tag | default .root.Chart.AppVersion -}}
{{- if $registry }}{{ printf "%s/%s:%s" $registry .image $tag }}{{ else }}{{ printf "%s:%s" .image $tag }}{{ end -}}
{{- end -}}

{{- define "parkpulse.kafkaBootstrap" -}}
{{- if .Values.kafka.enabled -}}
{{ include "parkpulse.fullname" . }}-kafka:9092
{{- else -}}
{{ required "kafka.externalBootstrapServers is required when kafka.enabled=false" .Values.kafka.externalBootstrapServers }}
{{- end -}}
{{- end -}}

{{- define "parkpulse.jdbcUrl" -}}
{{- if .Values.postgresql.enabled -}}
jdbc:postgresql://{{ include "parkpulse.fullname" . }}-postgresql:5432/{{ .Values.postgresql.database }}
{{- else -}}
{{ required "postgresql.external.jdbcUrl is required when postgresql.enabled=false" .Values.postgresql.external.jdbcUrl }}
{{- end -}}
{{- end -}}

{{- /* The same database for the platform's reactive client: the JDBC URL without "jdbc:". */ -}}
{{- define "parkpulse.reactiveUrl" -}}
{{- include "parkpulse.jdbcUrl" . | trimPrefix "jdbc:" -}}
{{- end -}}

{{- define "parkpulse.adminSecret" -}}
{{- if .Values.admin.existingSecret }}{{ .Values.admin.existingSecret }}{{ else }}{{ include "parkpulse.fullname" . }}-admin{{ end -}}
{{- end -}}

{{- define "parkpulse.dbSecret" -}}
{{- if .Values.postgresql.existingSecret }}{{ .Values.postgresql.existingSecret }}{{ else }}{{ include "parkpulse.fullname" . }}-db{{ end -}}
{{- end -}}

{{- define "parkpulse.probes" -}}
startupProbe:
  httpGet: {path: /q/health/started, port: http}
  periodSeconds: 5
  failureThreshold: 60
livenessProbe:
  httpGet: {path: /q/health/live, port: http}
  periodSeconds: 10
readinessProbe:
  httpGet: {path: /q/health/ready, port: http}
  periodSeconds: 10
{{- end -}}

{{- define "parkpulse.securityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 185
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities: {drop: [ALL]}
{{- end -}}

{{/* Kafka security of an app: env entries. Call with (dict "root" . "app" "GATEWAY"). The bundled
Kafka takes SASL/SCRAM-SHA-512 only, each app as its own user ("platform", "gateway"). */}}
{{- define "parkpulse.kafkaSecurityEnv" -}}
{{- $p := printf "PARKPULSE_%s_KAFKA_SECURITY_" .app -}}
{{- if .root.Values.kafka.enabled -}}
{{- $user := lower .app -}}
- {name: {{ $p }}PROTOCOL, value: SASL_PLAINTEXT}
- {name: {{ $p }}SASL_MECHANISM, value: SCRAM-SHA-512}
- {name: {{ $p }}SASL_USERNAME, value: {{ $user }}}
- name: {{ $p }}SASL_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ include "parkpulse.kafkaAuthSecret" .root }}, key: {{ $user }}-password}}
{{- else -}}
{{- $s := .root.Values.kafka.security -}}
{{- $login := $s -}}
{{- if and (eq .app "GATEWAY") $s.gateway.saslUsername -}}
{{- $login = $s.gateway -}}
{{- end -}}
- {name: {{ $p }}PROTOCOL, value: {{ $s.protocol | quote }}}
{{- if hasPrefix "SASL_" $s.protocol }}
- {name: {{ $p }}SASL_MECHANISM, value: {{ $s.saslMechanism | quote }}}
- {name: {{ $p }}SASL_USERNAME, value: {{ $login.saslUsername | quote }}}
- name: {{ $p }}SASL_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ $login.saslPasswordSecret.name }}, key: {{ $login.saslPasswordSecret.key }}}}
{{- end }}
{{- if and (hasSuffix "SSL" $s.protocol) $s.caSecret.name }}
- {name: {{ $p }}TRUSTSTORE, value: /etc/parkpulse/kafka-ca/{{ $s.caSecret.key }}}
{{- end }}
{{- end }}
{{- end -}}

{{/* The platform's management of Kafka access (the gateway's ACLs, integrators' credentials):
always on the bundled Kafka, kafka.security.manageAcls on an external cluster. */}}
{{- define "parkpulse.kafkaAccessEnv" -}}
{{- if .Values.kafka.enabled -}}
- {name: PARKPULSE_PLATFORM_KAFKA_ACCESS_ENABLED, value: "true"}
- {name: PARKPULSE_PLATFORM_KAFKA_ACCESS_GATEWAY_USER, value: gateway}
{{- else -}}
- {name: PARKPULSE_PLATFORM_KAFKA_ACCESS_ENABLED, value: {{ .Values.kafka.security.manageAcls | quote }}}
{{- if .Values.kafka.security.manageAcls }}
- {name: PARKPULSE_PLATFORM_KAFKA_ACCESS_GATEWAY_USER, value: {{ .Values.kafka.security.gateway.saslUsername | quote }}}
{{- end }}
{{- end }}
{{- with .Values.kafka.publicBootstrapServers }}
- {name: PARKPULSE_PLATFORM_KAFKA_ACCESS_PUBLIC_BOOTSTRAP_SERVERS, value: {{ . | quote }}}
{{- end }}
{{- end -}}

{{- /* The Secret with the bundled Kafka's passwords (keys platform-password, gateway-password). */ -}}
{{- define "parkpulse.kafkaAuthSecret" -}}
{{- if .Values.kafka.auth.existingSecret }}{{ .Values.kafka.auth.existingSecret }}{{ else }}{{ include "parkpulse.fullname" . }}-kafka-auth{{ end -}}
{{- end -}}

{{- /* A pod annotation that changes when that Secret's content does, so that helm upgrade restarts
Kafka and the apps with the new passwords. Without a cluster to look in (helm template), the
Secret's name. */ -}}
{{- define "parkpulse.kafkaAuthChecksum" -}}
{{- if .Values.kafka.enabled -}}
{{- $name := include "parkpulse.kafkaAuthSecret" . -}}
{{- $secret := lookup "v1" "Secret" .Release.Namespace $name -}}
checksum/kafka-auth: {{ (ternary (toJson (dig "data" "" $secret)) $name (not (empty $secret))) | sha256sum | quote }}
{{- end -}}
{{- end -}}

{{/* The Kafka CA volume mount and volume, when a CA secret is given for an SSL protocol. */}}
{{- define "parkpulse.kafkaCaMount" -}}
{{- $s := .Values.kafka.security -}}
{{- if and (not .Values.kafka.enabled) (hasSuffix "SSL" $s.protocol) $s.caSecret.name }}
- {name: kafka-ca, mountPath: /etc/parkpulse/kafka-ca, readOnly: true}
{{- end }}
{{- end -}}

{{- define "parkpulse.kafkaCaVolume" -}}
{{- $s := .Values.kafka.security -}}
{{- if and (not .Values.kafka.enabled) (hasSuffix "SSL" $s.protocol) $s.caSecret.name }}
- name: kafka-ca
  secret: {secretName: {{ $s.caSecret.name }}}
{{- end }}
{{- end -}}

{{/* The Secret with the gateway's TLS certificate, or nothing when the TLS listener is off. */}}
{{- define "parkpulse.gatewayTlsSecret" -}}
{{- $tls := .Values.gateway.tls -}}
{{- if $tls.secretName -}}
{{ $tls.secretName }}
{{- else if and $tls.certificate $tls.key -}}
{{ include "parkpulse.fullname" . }}-gateway-tls
{{- else if or $tls.certificate $tls.key -}}
{{- fail "gateway.tls needs both certificate and key (or secretName)" -}}
{{- end -}}
{{- end -}}

{{- /* The address devices reach the gateway at, for the portal's agent.yaml. */ -}}
{{- define "parkpulse.gatewayUri" -}}
{{- if .Values.gateway.publicUri -}}
{{- .Values.gateway.publicUri -}}
{{- else if include "parkpulse.gatewayTlsSecret" . -}}
{{- printf "ssl://%s-gateway:%v" (include "parkpulse.fullname" .) .Values.gateway.tls.port -}}
{{- else -}}
{{- printf "tcp://%s-gateway:%v" (include "parkpulse.fullname" .) .Values.gateway.mqtt.port -}}
{{- end -}}
{{- end -}}
