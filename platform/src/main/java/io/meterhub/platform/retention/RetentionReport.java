package io.meterhub.platform.retention;

/**
 * What one retention run did.
 *
 * @param daysSummarised UTC days whose fine readings were summarised into daily aggregates (then deleted)
 * @param fineReadingsDeleted fine readings deleted after being summarised
 * @param dailyAggregatesDeleted expired daily aggregates deleted
 * @param eventsDeleted expired meter events deleted
 */
public record RetentionReport(
    int daysSummarised, long fineReadingsDeleted, long dailyAggregatesDeleted, long eventsDeleted) {

  public boolean deletedAnything() {
    return fineReadingsDeleted + dailyAggregatesDeleted + eventsDeleted > 0;
  }
}
