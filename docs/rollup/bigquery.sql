-- Usage rollup for Billing Reviewer (docs/rollup/README.md), BigQuery Standard SQL.
-- Reads `project.dataset.usage_events` (account_id STRING, metric STRING, quantity NUMERIC or BIGNUMERIC
-- or STRING holding an exact decimal, ts TIMESTAMP). Writes one row per account, metric and UTC day.
-- BIGNUMERIC keeps 38 decimal digits of scale and 76 of precision: sums stay exact (never FLOAT64).
-- Timestamps are cut to milliseconds as the book stores them; the latest record of a day is the one
-- with the greatest ts, ties broken by the larger quantity (rating.md `last`).
-- Export: EXPORT DATA OPTIONS (uri = 'gs://bucket/rollup-*.csv', format = 'CSV', header = true) AS <this query>;
WITH events AS (
  SELECT account_id,
         metric,
         CAST(quantity AS BIGNUMERIC) AS quantity,
         TIMESTAMP_TRUNC(ts, MILLISECOND) AS ts
  FROM `project.dataset.usage_events`
),
daily AS (
  SELECT account_id,
         metric,
         DATE(ts, 'UTC') AS day,
         SUM(quantity) AS sum,
         COUNT(*) AS count,
         MAX(quantity) AS max,
         ARRAY_AGG(STRUCT(ts, quantity) ORDER BY ts DESC, quantity DESC LIMIT 1)[OFFSET(0)] AS latest
  FROM events
  GROUP BY account_id, metric, day
)
SELECT account_id,
       metric,
       FORMAT_DATE('%Y-%m-%d', day) AS day,
       CAST(sum AS STRING) AS sum,
       count,
       CAST(max AS STRING) AS max,
       FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', latest.ts, 'UTC') AS last_ts,
       CAST(latest.quantity AS STRING) AS last_quantity,
       'bigquery:project.dataset.usage_events' AS source
FROM daily
ORDER BY account_id, metric, day;
