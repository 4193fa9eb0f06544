{{/* Names are fixed, not release-prefixed: ACK users and the code look for these exact names. */}}
{{- define "avn.controllerName" -}}ack-virtual-node-controller{{- end -}}
{{- define "avn.webhookName" -}}ack-virtual-node-webhook{{- end -}}
{{- define "avn.simulatorName" -}}ack-virtual-node-simulator{{- end -}}
{{/* The code reads kube-system/eci-profile whatever namespace it runs in. */}}
{{- define "avn.profileNamespace" -}}kube-system{{- end -}}
{{- define "avn.webhookConfigurationName" -}}vk-webhook{{- end -}}
{{/* "true" when the simulator watches Services (it needs clusterDns to judge a connection), else "". */}}
{{- define "avn.simulatorWatchesServices" -}}
{{- if and (eq .Values.backend "simulator") .Values.simulator.clusterDns .Values.simulator.watchServices -}}true{{- end -}}
{{- end -}}

{{- define "avn.labels" -}}
app.kubernetes.io/name: ack-virtual-node
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "avn.controllerSelector" -}}
app.kubernetes.io/name: ack-virtual-node
app.kubernetes.io/component: controller
{{- end -}}

{{- define "avn.webhookSelector" -}}
app.kubernetes.io/name: ack-virtual-node
app.kubernetes.io/component: webhook
{{- end -}}

{{- define "avn.simulatorSelector" -}}
app.kubernetes.io/name: ack-virtual-node
app.kubernetes.io/component: simulator
{{- end -}}

{{/* The chart's simulator Service, with backend=simulator; empty otherwise. */}}
{{- define "avn.simulatorUrl" -}}
{{- if eq .Values.backend "simulator" -}}
{{ printf "http://%s.%s.svc:%d" (include "avn.simulatorName" .) .Release.Namespace (int .Values.simulator.port) }}
{{- end -}}
{{- end -}}

{{/* backend=simulator: the controller reaches the chart's simulator Service through the SDK backend. */}}
{{- define "avn.eciEndpoint" -}}
{{ .Values.endpoint | default (include "avn.simulatorUrl" .) }}
{{- end -}}

{{/* backend=simulator: the simulated pods' addresses are reached through the same Service. */}}
{{- define "avn.portForwardProxy" -}}
{{ .Values.portForwardProxy | default (include "avn.simulatorUrl" .) }}
{{- end -}}

{{- define "avn.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The hardening both Deployments share: non-root, read-only root, no privilege, RuntimeDefault seccomp. */}}
{{- define "avn.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "avn.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Checks the schema cannot express; each message names the value and the fix. */}}
{{- define "avn.validate" -}}
{{- if eq .Values.backend "alibaba" -}}
{{- if not .Values.vswitches -}}
{{- fail "vswitches: backend=alibaba needs at least one vSwitch ID: set e.g. --set 'vswitches={vsw-aaa,vsw-bbb}'" -}}
{{- end -}}
{{- if not .Values.securityGroup -}}
{{- fail "securityGroup: backend=alibaba needs the security group ECI pods join: set e.g. --set securityGroup=sg-bp1abc" -}}
{{- end -}}
{{- if and .Values.rrsa.enabled (or (not .Values.rrsa.roleArn) (not .Values.rrsa.oidcProviderArn)) -}}
{{- fail "rrsa: rrsa.enabled=true needs rrsa.roleArn (acs:ram::<account>:role/<name>) and rrsa.oidcProviderArn (acs:ram::<account>:oidc-provider/ack-rrsa-<cluster-id>)" -}}
{{- end -}}
{{- if and (not .Values.rrsa.enabled) (not .Values.credentials.existingSecret) -}}
{{- fail "credentials.existingSecret: backend=alibaba needs credentials: name a Secret with access-key-id and access-key-secret, or set rrsa.enabled=true" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.webhook.enabled (gt (int .Values.webhook.replicas) 1) (eq .Values.webhook.certs.source "generate") -}}
{{- fail (printf "webhook.replicas: %v replicas with webhook.certs.source=generate would each register their own CA and reject each other's calls: use webhook.replicas=1, or certs.source=secret or cert-manager" .Values.webhook.replicas) -}}
{{- end -}}
{{- if and .Values.webhook.enabled (eq .Values.webhook.certs.source "secret") (not .Values.webhook.certs.secretName) -}}
{{- fail "webhook.certs.secretName: certs.source=secret needs the name of a Secret with tls.crt, tls.key and ca.crt" -}}
{{- end -}}
{{- end -}}

{{/* The Secret the webhook reads its certificates from, when they are not generated. */}}
{{- define "avn.webhookCertSecret" -}}
{{- if eq .Values.webhook.certs.source "cert-manager" -}}
{{ .Values.webhook.certs.secretName | default "ack-virtual-node-webhook-tls" }}
{{- else -}}
{{ .Values.webhook.certs.secretName }}
{{- end -}}
{{- end -}}
