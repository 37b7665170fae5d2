/**
 * Meter events, alarms, outage correlation, webhooks and the live-stream feed.
 *
 * <p>Flow: the LwM2M side calls {@link io.meterhub.platform.event.MeterEventSink#accept} (returns at once) →
 * {@link io.meterhub.platform.event.EventIngestor} queues → a few worker threads, partitioned by meter so each meter's
 * events stay in order, store the batch (a (meterId, sequence) already stored is skipped), flag clock skew, run
 * {@link io.meterhub.platform.event.AlarmEngine} and notify {@link io.meterhub.platform.event.EventNotifications}
 * listeners: {@link io.meterhub.platform.event.StreamPublisher} (Hazelcast topic → every node's local Vert.x event bus
 * → SSE) and {@link io.meterhub.platform.event.WebhookDispatcher} (own threads, signed, retried, dead-lettered; the
 * SQL delivery log is the retry queue, claimed per attempt with a lease, so any node resumes what a stopped node
 * left). {@link io.meterhub.platform.event.EventModule} wires it all.
 *
 * <p>Design choices: supply losses and outages live in SQL (not node memory) so correlation sees every node's
 * meters and survives restarts; one live alarm per meter and cause is enforced by a unique {@code open_key}; a full
 * ingestion queue drops and counts ({@code meterhub.events.dropped}) rather than block a Leshan thread; each node
 * notifies webhooks of what it ingested itself (its own meters' traffic), while the stream is cluster-wide.
 */
package io.meterhub.platform.event;
